"""`veille --help` and each command's help page: a one-line description and examples, in the
configured language; options -c and -v before or after the command; a bare `veille` shows help."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_config
from veille.cli.main import EXIT_USAGE, main
from veille.cli.parser import COMMANDS
from veille.i18n import t


@pytest.fixture(autouse=True)
def no_ambient_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ./config.toml, $VEILLE_CONFIG or locale choosing the language behind the test's back."""
    monkeypatch.chdir(tmp_path)
    for name in ("VEILLE_CONFIG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def help_page(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit:
        main(argv)
    assert exit.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_description_and_examples_in_english(command, capsys):
    page = help_page([command, "--help"], capsys)
    assert page.startswith(f"usage: veille {command}")
    assert t(COMMANDS[command], "en") in page
    examples = page.split("examples:\n", 1)[1]
    assert examples.strip().startswith(f"veille {command}")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_description_and_examples_in_the_configured_french(
    command, tmp_path, sqlite_url, capsys
):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[], language="fr")
    page = help_page(["-c", str(loaded.path), command, "--help"], capsys)
    assert page.startswith(f"utilisation : veille {command}")
    assert t(COMMANDS[command], "fr") in page
    assert "afficher cette aide et quitter" in page
    assert "exemples :\n  veille " in page


def test_the_overview_lists_every_command_in_the_terminals_language(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    page = help_page(["--help"], capsys)
    assert "veille de marque dans Slack" in page
    for command, key in COMMANDS.items():
        assert command in page and t(key, "fr")[:30] in page.replace("\n                        ", " ")


def test_a_bare_veille_prints_the_help_instead_of_starting_the_bot(capsys):
    assert main([]) == EXIT_USAGE
    out = capsys.readouterr().out
    assert out.startswith("usage: veille")
    assert "init" in out and "check" in out
    assert "Give a command: `veille run` starts the bot." in out


def test_options_go_after_the_command_too(tmp_path, sqlite_url, capsys):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[], language="en")
    assert main(["check", "-c", str(loaded.path), "-v"]) == 0
    out = capsys.readouterr().out
    assert f"Configuration: {loaded.path}" in out and out.rstrip().endswith("OK")


def test_an_option_after_the_command_wins_over_the_same_before_it(tmp_path, sqlite_url, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_config(tmp_path / "a", database=sqlite_url, sources=[], language="en")
    second = write_config(tmp_path / "b", database=sqlite_url, sources=[], language="en")
    assert main(["-c", str(first.path), "check", "--config", str(second.path)]) == 0
    assert f"Configuration: {second.path}" in capsys.readouterr().out
    assert main(["-c", str(first.path), "check"]) == 0  # not overridden when absent after
    assert f"Configuration: {first.path}" in capsys.readouterr().out


def test_a_mistyped_command_is_refused_in_the_configured_language(tmp_path, sqlite_url, capsys):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[], language="fr")
    with pytest.raises(SystemExit) as exit:
        main(["-c", str(loaded.path), "chek"])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("utilisation : veille")
    assert "veille: erreur : " in err and "'chek'" in err


def test_a_missing_configuration_is_reported_in_the_terminals_language(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert main(["check"]) == 2
    assert capsys.readouterr().err.startswith("veille: erreur de configuration : ")


def test_a_config_file_that_is_not_utf8_is_a_configuration_error_not_a_crash(tmp_path, capsys):
    (tmp_path / "latin1.toml").write_bytes('[veille]\nlanguage = "fr"\n# équipe\n'.encode("latin-1"))
    assert main(["check", "-c", "latin1.toml"]) == 2
    assert "latin1.toml: not UTF-8 text" in capsys.readouterr().err


def test_c_without_a_file_is_a_usage_error_in_the_terminals_language(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    with pytest.raises(SystemExit) as exit:
        main(["check", "-c"])
    assert exit.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("utilisation : veille check") and "-c/--config" in err
