"""Social and search-API sources in config.toml: sensible defaults, and each mistake named with
its file, key and what to fix."""

from __future__ import annotations

import tomllib

import pytest

from tests.conftest import REPO
from veille.cli.main import main
from veille.config import ConfigError, parse_config


def config_with(source: dict[str, object]):
    data = {"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}], "sources": [source]}
    return parse_config(data, "config.toml")


def error_for(source: dict[str, object]) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        config_with(source)
    return caught.value


def test_each_type_has_defaults_and_a_stable_key():
    mastodon, bluesky, stackexchange, github = (
        config_with(s).sources[0]
        for s in (
            {
                "type": "mastodon",
                "instances": ["piaille.fr", "https://mastodon.social/"],
                "hashtags": ["#Veille"],
            },
            {"type": "bluesky"},
            {"type": "stackexchange", "sites": ["stackoverflow", "superuser"]},
            {"type": "github"},
        )
    )
    assert mastodon.instances == ("https://piaille.fr", "https://mastodon.social")
    assert mastodon.hashtags == ("Veille",)
    assert mastodon.key == "mastodon:piaille.fr,mastodon.social:#Veille"
    assert bluesky.api_url == "https://bsky.social" and bluesky.identifier_env == "BLUESKY_IDENTIFIER"
    assert bluesky.key == "bluesky"
    assert stackexchange.api_url == "https://api.stackexchange.com/2.3"
    assert stackexchange.key == "stackexchange:stackoverflow,superuser"
    assert github.api_url == "https://api.github.com" and github.token_env == "GITHUB_TOKEN"
    assert github.key == "github"


@pytest.mark.parametrize(
    ("source", "key", "words"),
    [
        (
            {"type": "mastodon", "instances": ["piaille.fr"]},
            "sources[0]",
            "list hashtags, or set search = true",
        ),
        ({"type": "mastodon", "instances": [], "hashtags": ["x"]}, "sources[0].instances", "at least 1"),
        (
            {"type": "mastodon", "instances": ["piaille.fr"], "hashtags": ["deux mots"]},
            "sources[0].hashtags",
            "not a hashtag",
        ),
        (
            {"type": "mastodon", "instances": ["https://x.fr/?q=1"], "hashtags": ["a"]},
            "sources[0].instances",
            "not a base URL",
        ),
        (
            {"type": "mastodon", "instances": ["x.fr"], "hashtags": ["a"], "limit": 80},
            "sources[0].limit",
            "40",
        ),
        ({"type": "bluesky", "api_url": "bsky.social"}, "sources[0].api_url", "not a base URL"),
        ({"type": "bluesky", "identifier_env": "my id"}, "sources[0].identifier_env", "environment variable"),
        ({"type": "bluesky", "app_password": "hunter2"}, "sources[0].app_password", "environment"),
        ({"type": "stackexchange", "sites": []}, "sources[0].sites", "at least one site"),
        (
            {"type": "stackexchange", "sites": ["Stack Overflow"]},
            "sources[0].sites",
            "not a Stack Exchange site",
        ),
        ({"type": "github", "by": "pushed"}, "sources[0].by", "'created' or 'updated'"),
        ({"type": "github", "token": "ghp_x"}, "sources[0].token", "environment"),
        ({"type": "github", "unknown": 1}, "sources[0].unknown", "unknown key"),
    ],
)
def test_a_mistake_names_the_key_and_the_fix(source, key, words):
    error = error_for(source)
    assert error.file == "config.toml"
    assert error.key == key, error
    assert words in error.problem, error.problem


def test_veille_check_describes_what_each_source_reads(tmp_path, capsys):
    path = tmp_path / "config.toml"
    path.write_text(
        """
[veille]
default_channel = "#veille"
[[brands]]
name = "Viadeo"
[[sources]]
type = "mastodon"
instances = ["piaille.fr"]
hashtags = ["veille"]
search = true
[[sources]]
type = "github"
qualifiers = "is:issue"
""",
        encoding="utf-8",
    )
    assert main(["--config", str(path), "check"]) == 0
    out = capsys.readouterr().out
    assert "#veille, recherche des termes des marques sur https://piaille.fr" in out  # the file's language
    assert "search/issues pour les termes des marques is:issue, par date « created »" in out


def test_stack_exchange_polls_every_30_minutes_unless_told_otherwise():
    config = config_with({"type": "stackexchange"})
    assert config.source_interval(config.sources[0]) == 1800  # 300 requests a day without a key
    config = config_with({"type": "stackexchange", "interval": "5m"})
    assert config.source_interval(config.sources[0]) == 300
    config = config_with({"type": "github"})
    assert config.source_interval(config.sources[0]) == 600  # poll_interval


def test_the_commented_examples_in_config_example_toml_are_valid_once_uncommented():
    text = (REPO / "config.example.toml").read_text(encoding="utf-8")
    social = text[text.index("# -- Social and developer sites") :]
    lines = [
        line[2:] for line in social.splitlines() if line.startswith("# ") and not line.startswith("# --")
    ]
    data = tomllib.loads("\n".join(line for line in lines if not line.startswith(" ")))
    config = parse_config({"veille": {"default_channel": "#v"}, "brands": [{"name": "Viadeo"}], **data}, "x")
    assert [s.type for s in config.sources] == [
        "mastodon",
        "bluesky",
        "bluesky_jetstream",
        "stackexchange",
        "github",
        "x",
        "youtube_search",
    ]
