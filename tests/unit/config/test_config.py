"""A team edits config.toml; mistakes are reported with the file, the key and what to fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from veille.cli.main import main
from veille.config import ConfigError, Secrets, load_config, parse_config

VALID = """
[veille]
language = "fr"
timezone = "Europe/Paris"
default_channel = "#veille"

[[brands]]
name = "Viadeo"

[[sources]]
type = "rss"
url = "https://example.org/feed.xml"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    return caught.value


def test_the_example_config_is_valid_and_watches_two_seed_brands():
    loaded = load_config(REPO / "config.example.toml")
    names = [b.name for b in loaded.config.brands]
    assert names == ["Viadeo", "Netvibes"]
    demo = next(s for s in loaded.config.sources if s.name == "demo-fr")
    url = loaded.resolve_url(demo.url)
    assert url.startswith("file:///") and Path(url.removeprefix("file://")).is_file()


def test_a_valid_config_becomes_typed_objects(tmp_path):
    loaded = load_config(write(tmp_path, VALID))
    config = loaded.config
    assert config.veille.poll_interval == 600
    assert config.brands[0].search_terms == ("Viadeo",)
    assert config.channel_for(config.brands[0]) == "#veille"
    assert loaded.database_url({}) == f"sqlite:///{tmp_path / 'veille.db'}"
    assert (
        loaded.database_url({"VEILLE_DATABASE_URL": "postgresql://u@h/db"}) == "postgresql+psycopg://u@h/db"
    )


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (('type = "rss"', 'type = "rsss"'), "sources[0].type", "unknown source type 'rsss'"),
        (
            (
                'url = "https://example.org/feed.xml"',
                'url = "https://example.org/feed.xml"\ninterval = "5 minutes"',
            ),
            "sources[0].interval",
            "not a duration",
        ),
        (
            ('url = "https://example.org/feed.xml"', 'url = "https://example.org/feed.xml"\ninterval = "0s"'),
            "sources[0].interval",
            "too short",
        ),
        (('timezone = "Europe/Paris"', 'timezone = "Europe/Pariss"'), "veille.timezone", "unknown timezone"),
        (('default_channel = "#veille"\n', ""), "brands[0].channel", "has no channel"),
        (('name = "Viadeo"', 'name = "  "'), "brands[0].name", "needs a name"),
        (('name = "Viadeo"', 'name = "Viadeo"\nterms = ["", "x"]'), "brands[0].terms", "is empty"),
        (
            ('default_channel = "#veille"', 'default_channel = "Veille Marketing"'),
            "veille.default_channel",
            "not a Slack channel",
        ),
        (('language = "fr"', 'language = "de"'), "veille.language", "'de' is not allowed"),
        (
            ('language = "fr"', 'language = "fr"\npoll_intervall = "5m"'),
            "veille.poll_intervall",
            "unknown key",
        ),
        (
            ('url = "https://example.org/feed.xml"', 'url = "ftp://example.org/feed.xml"'),
            "sources[0].url",
            "not a feed URL",
        ),
    ],
)
def test_each_mistake_names_the_key_and_the_problem(tmp_path, change, key, words):
    old, new = change
    assert old in VALID
    error = error_for(tmp_path, VALID.replace(old, new))
    assert error.key == key
    assert words in error.problem
    assert str(error).startswith(str(tmp_path / "config.toml"))


def test_no_brand_at_all_is_refused(tmp_path):
    error = error_for(tmp_path, '[veille]\ndefault_channel = "#veille"\n')
    assert error.key == "brands" and "at least one" in error.problem


def test_secrets_in_the_file_are_refused_with_where_to_put_them(tmp_path):
    error = error_for(tmp_path, VALID + '\n[slack]\ntoken = "xoxb-123"\n')
    assert error.key == "slack.token"
    assert "SLACK_BOT_TOKEN" in error.problem


def test_broken_toml_and_missing_files_are_explained(tmp_path):
    assert "not valid TOML" in error_for(tmp_path, "[veille\n").problem
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.toml")
    assert "file not found" in caught.value.problem


def test_a_number_too_long_to_read_is_a_config_error_not_a_traceback(tmp_path):
    problem = error_for(tmp_path, f"[veille]\njitter = {'9' * 5000}\n").problem
    assert "not valid TOML" in problem and "digits" in problem


def test_thresholds_must_be_ordered():
    with pytest.raises(ConfigError) as caught:
        parse_config(
            {"brands": [{"name": "X", "channel": "#x"}], "tone": {"positive": -0.2, "negative": 0.1}},
            "c.toml",
        )
    assert "must be below" in caught.value.problem


def test_veille_check_prints_what_it_understood(tmp_path, capsys, monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "VEILLE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    path = write(tmp_path, VALID)
    assert main(["--config", str(path), "check"]) == 0
    out = capsys.readouterr().out
    assert "Viadeo → #veille" in out
    assert "https://example.org/feed.xml" in out
    assert "console" in out
    assert out.strip().endswith("OK")


def test_a_bad_config_stops_the_bot_with_status_2(tmp_path):
    path = write(tmp_path, VALID.replace('timezone = "Europe/Paris"', 'timezone = "Mars/Olympus"'))
    for command in ("check", "run"):
        done = subprocess.run(
            [sys.executable, "-m", "veille", "--config", str(path), command],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2
        assert "veille.timezone" in done.stderr and "fuseau horaire inconnu 'Mars/Olympus'" in done.stderr


def test_the_config_path_comes_from_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VEILLE_CONFIG", str(write(tmp_path, VALID)))
    assert main(["check"]) == 0
    assert "Viadeo" in capsys.readouterr().out


def test_secrets_come_from_the_environment_only():
    secrets = Secrets.from_env({"SLACK_BOT_TOKEN": " xoxb-1 ", "SLACK_SIGNING_SECRET": ""})
    assert secrets.slack_bot_token == "xoxb-1"
    assert secrets.slack_signing_secret is None


def test_a_feed_url_with_a_broken_address_is_refused_as_a_config_error(tmp_path):
    error = error_for(tmp_path, VALID + '\n[[sources]]\ntype = "rss"\nurl = "http://[::1/feed"\n')
    assert "not a feed URL" in error.problem
