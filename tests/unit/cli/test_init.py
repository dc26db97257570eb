"""`veille init` writes a commented config.toml that `veille check` accepts, asks nothing, and never
overwrites a file; it speaks the terminal's language, or the one given with --language, in what it
says and in the file's explanations."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO
from veille.cli.main import main

EXAMPLE = REPO / "config.example.toml"
STARTERS = {lang: REPO / "bot" / "cli" / f"starter.{lang}.toml" for lang in ("fr", "en")}


@pytest.fixture(autouse=True)
def in_a_fresh_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("VEILLE_CONFIG", "LC_ALL", "LC_MESSAGES", "LANG", "VEILLE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_init_writes_a_commented_config_that_check_accepts_in_french(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert main(["init"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("config.toml écrit : une configuration commentée.")
    written = (tmp_path / "config.toml").read_text(encoding="utf-8")
    assert written.count("\n#") > 50  # every setting explained
    assert written.startswith("# Veille — configuration écrite par `veille init`.")
    assert '"fr" # langue des messages du bot : "fr" ou "en"' in " ".join(written.split())
    assert "language of the bot's messages" not in written  # explained in French throughout
    data = tomllib.loads(written)
    assert data["veille"]["language"] == "fr"
    assert data["sources"][0]["language"] == "fr" and data["sources"][0]["country"] == "FR"
    assert main(["check"]) == 0  # ./config.toml, found without -c
    out = capsys.readouterr().out
    assert "Marques (1) :" in out and out.rstrip().endswith("OK")


def test_init_writes_an_english_config_where_asked(tmp_path, capsys):
    target = tmp_path / "etc" / "veille.toml"
    target.parent.mkdir()
    assert main(["init", str(target), "--language", "en"]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {target}: a commented configuration.")
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    assert data["veille"]["language"] == "en" and data["sources"][0]["country"] == "US"
    assert main(["check", "-c", str(target)]) == 0
    assert "Brands (1):" in capsys.readouterr().out


def test_init_never_overwrites_a_file(tmp_path, capsys):
    mine = tmp_path / "config.toml"
    mine.write_text('[veille]\nlanguage = "fr"\n# my own settings\n', encoding="utf-8")
    assert main(["init"]) == 1
    err = capsys.readouterr().err
    assert "config.toml existe déjà : il n'est pas écrasé." in err  # in the file's own language
    assert mine.read_text(encoding="utf-8").endswith("# my own settings\n")
    assert main(["init", "--language", "en"]) == 1
    assert "config.toml already exists: it is not overwritten." in capsys.readouterr().err


def _settings(path: Path) -> set[str]:
    """Every setting named (set or commented out) above the first [[brands]] table."""
    text = path.read_text(encoding="utf-8").split("[[brands]]", 1)[0]
    tables = re.split(r"^\[([\w.]+)\]", text, flags=re.M)
    names = set()
    for table, body in zip(tables[1::2], tables[2::2], strict=True):
        names |= {f"{table}.{key}" for key in re.findall(r"^#? ?\"?([\w-]+)\"? *=", body, flags=re.M)}
    return names


@pytest.mark.parametrize("lang", STARTERS)
def test_the_starter_names_every_setting_the_example_does(lang):
    assert _settings(EXAMPLE) - _settings(STARTERS[lang]) == set()
    assert "veille.language" in _settings(STARTERS[lang])


def _setting_lines(path: Path) -> list[str]:
    """Every table and setting, set or commented out, as written before its explanation."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        setting = re.sub(r"\s+#.*$", "", line).removeprefix("# ")
        if setting.startswith("[") or re.match(r'^"?[\w-]+"? *=', setting):
            found.append(setting.strip())
    return found


def test_the_french_and_english_starters_hold_the_same_settings_in_the_same_order():
    assert _setting_lines(STARTERS["fr"]) == _setting_lines(STARTERS["en"])
    assert len(_setting_lines(STARTERS["fr"])) > 80


def test_the_starters_are_shipped_with_the_package():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = pyproject["tool"]["setuptools"]["package-data"]["veille.cli"]
    assert {path.name for path in STARTERS.values()} <= set(shipped)


def test_without_a_configuration_check_points_to_init(capsys):
    assert main(["check"]) == 2
    assert "`veille init`" in capsys.readouterr().err
    assert main(["check", "-c", "missing.toml"]) == 2
    assert "`veille init`" in capsys.readouterr().err
