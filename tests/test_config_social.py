"""Social and search-API sources in config.toml: sensible defaults, and each mistake named with
its file, key and what to fix."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.config import ConfigError, parse_config


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
    assert "#veille, search for the brands' terms on https://piaille.fr" in out
    assert "search/issues for the brands' terms is:issue, by created date" in out
