"""`[[hosts]]` tables and `fetches_in_flight`: what a team writes is checked key by key, and a
mistake is told in French and in English with what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_config
from veille.cli.main import main
from veille.config import ConfigError, HostConfig, load_config

HEAD = """[veille]
language = "{language}"
default_channel = "#veille"
database = "veille.db"
health_port = 0
{veille}
[[brands]]
name = "Viadeo"
"""


def config_file(tmp_path: Path, tables: str, veille: str = "", language: str = "fr") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(HEAD.format(language=language, veille=veille) + tables, encoding="utf-8")
    return path


def problem(tmp_path: Path, tables: str, veille: str = "") -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(config_file(tmp_path, tables, veille))
    return caught.value


def test_a_team_gives_its_own_blogs_a_higher_rate_and_a_fragile_host_a_lower_one(tmp_path):
    loaded = load_config(
        config_file(
            tmp_path,
            '[[hosts]]\nname = "Blogs.Example.com"\nrate = 50\nburst = 50\n'
            '[[hosts]]\nname = "*.team.example"\nrate = 20\n'
            '[[hosts]]\nname = "fragile.example.org"\nrate = 0.2\nburst = 1\n',
        )
    )
    assert loaded.config.hosts == (
        HostConfig(name="blogs.example.com", rate=50, burst=50),
        HostConfig(name="*.team.example", rate=20, burst=20),  # a second's worth when not given
        HostConfig(name="fragile.example.org", rate=0.2, burst=1),
    )


@pytest.mark.parametrize(
    ("tables", "key", "french", "english"),
    [
        (
            '[[hosts]]\nname = "a.example"\nrate = -5\n',
            "hosts[0].rate",
            "-5 ne convient pas : rate est un nombre de requêtes par seconde, plus grand que 0",
            "-5 will not do: rate is a number of requests per second, above 0",
        ),
        (
            '[[hosts]]\nname = "a.example"\nrate = 0\n',
            "hosts[0].rate",
            "(rate = 5, ou rate = 0.2 pour une toutes les 5 s)",
            "(rate = 5, or rate = 0.2 for one every 5 s)",
        ),
        (
            '[[hosts]]\nname = "a.example"\nrate = "fast"\n',
            "hosts[0].rate",
            '"fast" ne convient pas',
            '"fast" will not do',
        ),
        (
            '[[hosts]]\nname = "a.example"\nrate = 5\nburst = 2.5\n',
            "hosts[0].burst",
            "un nombre entier de 1 à 10000 (burst = 10)",
            "a whole number from 1 to 10000 (burst = 10)",
        ),
        (
            '[[hosts]]\nname = "a.example"\nrate = 5\nspeed = 9\n',
            "hosts[0].speed",
            "clé inconnue « speed » : une table [[hosts]] n'a que name, rate et burst",
            'unknown key "speed": a [[hosts]] table takes only name, rate and burst',
        ),
        (
            '[[hosts]]\nname = "a.example"\nrate = 5\n[[hosts]]\nname = "A.example"\nrate = 50\n',
            "hosts[1].name",
            "l'hôte a.example est déjà réglé dans hosts[0] : gardez une seule table [[hosts]] par nom",
            "host a.example is already set in hosts[0]: keep one [[hosts]] table per name",
        ),
        (
            '[[hosts]]\nname = "https://a.example/feed"\nrate = 5\n',
            "hosts[0].name",
            "\"https://a.example/feed\" n'est pas un nom d'hôte : écrivez le nom seul",
            '"https://a.example/feed" is not a host name: write the name alone',
        ),
        (
            "[[hosts]]\nrate = 5\n",
            "hosts[0].name",
            "il manque le nom de l'hôte",
            "the host's name is missing",
        ),
        (
            '[[hosts]]\nname = "a.example"\n',
            "hosts[0].rate",
            "il manque le nombre de requêtes par seconde vers cet hôte : rate = 5",
            "the number of requests per second to this host is missing: rate = 5",
        ),
        (
            '[hosts]\nname = "a.example"\n',
            "hosts",
            "chaque hôte s'écrit dans une table [[hosts]]",
            "each host is written as a [[hosts]] table",
        ),
    ],
)
def test_a_wrong_hosts_table_says_what_to_fix_in_both_languages(tmp_path, tables, key, french, english):
    error = problem(tmp_path, tables)
    assert error.key == key
    assert french in f"{error:fr}" and f"{error:fr}".startswith(f"{error.file}: {key}: ")
    assert english in f"{error:en}" and english in str(error)


@pytest.mark.parametrize("value", ["0", "-1", "1000", "2.5", '"lots"', "true"])
def test_fetches_in_flight_is_a_whole_number_of_fetches(tmp_path, value):
    error = problem(tmp_path, "", veille=f"fetches_in_flight = {value}")
    assert error.key == "veille.fetches_in_flight"
    assert "un nombre entier de 1 à 256" in f"{error:fr}"
    assert "a whole number from 1 to 256" in f"{error:en}"


@pytest.mark.parametrize(("sources", "expected"), [(0, 8), (80, 8), (250, 25), (1000, 32), (5000, 32)])
def test_fetches_in_flight_follows_the_number_of_sources_unless_set(tmp_path, sources, expected):
    feeds = "".join(f'[[sources]]\ntype = "rss"\nurl = "https://ex.fr/{n}.xml"\n' for n in range(sources))
    assert load_config(config_file(tmp_path, feeds)).config.fetches_in_flight == expected
    set_to = load_config(config_file(tmp_path, feeds, veille="fetches_in_flight = 12"))
    assert set_to.config.fetches_in_flight == 12


def test_veille_check_accepts_hosts_tables(tmp_path, sqlite_url):
    tables = '\nfetches_in_flight = 16\n[[hosts]]\nname = "blog.example.fr"\nrate = 50\nburst = 50\n'
    loaded = write_config(tmp_path, database=sqlite_url, sources=[], extra=tables)
    assert main(["check", "-c", str(loaded.path)]) == 0


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("fr", "erreur de configuration : {path}: hosts[0].rate: -1 ne convient pas"),
        ("en", "configuration error: {path}: hosts[0].rate: -1 will not do"),
    ],
)
def test_veille_check_tells_a_wrong_rate_in_the_language_of_the_config(tmp_path, capsys, language, said):
    path = config_file(tmp_path, '[[hosts]]\nname = "a.example"\nrate = -1\n', language=language)
    assert main(["check", "-c", str(path)]) != 0
    assert said.format(path=path) in capsys.readouterr().err


BEYOND_A_FLOAT = "1" + "0" * 400


@pytest.mark.parametrize(
    ("tables", "veille", "key"),
    [
        (f'[[hosts]]\nname = "a.example"\nrate = {BEYOND_A_FLOAT}\n', "", "hosts[0].rate"),
        (f'[[hosts]]\nname = "a.example"\nrate = 5\nburst = {BEYOND_A_FLOAT}\n', "", "hosts[0].burst"),
        ("", f"fetches_in_flight = {BEYOND_A_FLOAT}", "veille.fetches_in_flight"),
    ],
)
def test_a_number_with_hundreds_of_digits_is_told_shortly_not_a_crash(tmp_path, tables, veille, key):
    error = problem(tmp_path, tables, veille)
    assert error.key == key
    assert f"{error:en}".startswith(f"{error.file}: {key}: 1000000000") and "will not do" in f"{error:en}"
    assert len(f"{error:en}") < 400


def test_a_very_long_host_name_is_shown_cut(tmp_path):
    error = problem(tmp_path, f'[[hosts]]\nname = "{"a/" * 500}"\nrate = 5\n')
    assert error.key == "hosts[0].name"
    assert '"a/a/a/' in f"{error:en}" and "is not a host name" in f"{error:en}"
    assert len(f"{error:en}") < 400
