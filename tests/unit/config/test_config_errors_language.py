"""A team that configured French reads what is wrong with its config.toml in French, an English
team in English: the file's own mistakes (a key, a value, a source's setting, the TOML itself),
each with the key and how to fix it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.unit.config.test_config import VALID
from veille.cli.main import main

MISTAKES = [
    (
        ('timezone = "Europe/Paris"', 'timezone = "Mars/Olympus"'),
        "veille.timezone: fuseau horaire inconnu 'Mars/Olympus' : écrivez un nom IANA comme \"Europe/Paris\"",
        "veille.timezone: unknown timezone 'Mars/Olympus': use an IANA name such as \"Europe/Paris\"",
    ),
    (
        ('default_channel = "#veille"', 'default_chanel = "#veille"'),
        "veille.default_chanel: clé inconnue (vérifiez son orthographe dans config.example.toml)",
        "veille.default_chanel: unknown key (check its spelling against config.example.toml)",
    ),
    (
        ('url = "https://example.org/feed.xml"', 'url = "ftp://example.org/feed.xml"'),
        "sources[0].url: 'ftp://example.org/feed.xml' n'est pas l'URL d'un flux : écrivez https://…,"
        " http://… ou file:chemin/du/flux.xml",
        "sources[0].url: 'ftp://example.org/feed.xml' is not a feed URL: use https://…, http://… or"
        " file:path/to/feed.xml",
    ),
    (
        ('type = "rss"', 'type = "rss"\ninterval = "10 minutes"'),
        "sources[0].interval: '10 minutes' n'est pas une durée : écrivez par exemple '90s', '10m',"
        " '1h30m' ou un nombre de secondes",
        "sources[0].interval: '10 minutes' is not a duration: write e.g. '90s', '10m', '1h30m' or a"
        " number of seconds",
    ),
    (
        ('type = "rss"', 'type = "rs"'),
        "sources[0].type: type de source inconnu 'rs' (connus : rss, ",
        "sources[0].type: unknown source type 'rs' (known: rss, ",
    ),
    (
        ('name = "Viadeo"', 'name = "Viadeo"\nterms = ["!!"]'),
        "brands[0].terms: '!!' est vide : chaque terme a besoin d'au moins une lettre ou un chiffre",
        "brands[0].terms: '!!' is empty: each term needs at least one letter or digit",
    ),
    (
        ("[[brands]]", '[reports]\nweekly = "lundy 9:00"\n\n[[brands]]'),
        "reports.weekly: 'lundy 9:00' : écrivez un jour et une heure comme \"lundi 09:00\"",
        "reports.weekly: 'lundy 9:00': use a weekday and a time such as \"monday 09:00\"",
    ),
    (
        ("[[brands]]", '[spikes]\nsensitivity = "forte"\n\n[[brands]]'),
        "spikes.sensitivity: 'forte' n'est pas permis : attendu 'low', 'medium' ou 'high'",
        "spikes.sensitivity: 'forte' is not allowed: expected 'low', 'medium' or 'high'",
    ),
    (
        ("[[brands]]", "[spikes]\nmin_volume = 0\n\n[[brands]]"),
        "spikes.min_volume: 0 est trop petit : au moins 1",
        "spikes.min_volume: 0 is too small: at least 1",
    ),
    (
        ('default_channel = "#veille"', 'default_channel = "#veille"\nhealth_port = "trois mille"'),
        "veille.health_port: 'trois mille' n'est pas un nombre entier",
        "veille.health_port: 'trois mille' is not a whole number",
    ),
    (  # TOML's inf and nan are numbers, but no timer takes them
        ('default_channel = "#veille"', 'default_channel = "#veille"\npoll_interval = inf'),
        "veille.poll_interval: inf n'est pas une durée possible : au plus 3650 jours (3650d)",
        "veille.poll_interval: inf is not a possible duration: 3650 days (3650d) at most",
    ),
    (
        ('default_channel = "#veille"\n', ""),
        "brands[0].channel: la marque 'Viadeo' n'a pas de canal : mettez channel = \"#…\" sur la marque",
        "brands[0].channel: brand 'Viadeo' has no channel: set channel = \"#…\" on the brand",
    ),
    (
        ("[[brands]]", "[tone]\nterms = { panne = 7 }\n\n[[brands]]"),
        "tone.terms.panne: 7 est hors limites : donnez un poids de -3 à 3",
        "tone.terms.panne: 7 is out of range: use a weight from -3 to 3",
    ),
    (  # the file cannot be read as TOML: its language neither, the system's locale says it
        ("[[sources]]", "[[sources]]\n[[sources]"),
        "ce n'est pas du TOML valide : ",
        "not valid TOML: ",
    ),
]
LOCALE = {"fr": "fr_FR.UTF-8", "en": "en_US.UTF-8"}


@pytest.mark.parametrize(("change", "in_french", "in_english"), MISTAKES, ids=lambda v: str(v)[:40])
def test_each_mistake_is_explained_in_the_teams_language(
    tmp_path: Path, capsys, monkeypatch, change, in_french, in_english
):
    for lang, expected in (("fr", in_french), ("en", in_english)):
        monkeypatch.setenv("LC_ALL", LOCALE[lang])
        path = tmp_path / f"config-{lang}.toml"
        text = VALID.replace('language = "fr"', f'language = "{lang}"')
        path.write_text(text.replace(*change), encoding="utf-8")

        assert main(["check", "-c", str(path)]) == 2

        said = capsys.readouterr().err
        prefix = "veille: erreur de configuration : " if lang == "fr" else "veille: configuration error: "
        assert said.startswith(prefix + str(path) + ": ")
        assert expected in said


def test_a_missing_file_is_said_in_the_systems_language(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert main(["check", "-c", str(tmp_path / "absent.toml")]) == 2
    said = capsys.readouterr().err
    assert "absent.toml: fichier introuvable (`veille init` en écrit un pour commencer)" in said


# Errors a validator raises that no reader of the file sees: a bug of ours, not a setting.
INTERNAL = {
    "bot/sources/registry.py": 1,
    "bot/sources/appstore.py": 1,
    "bot/text/durations.py": 1,  # parse_lookback: its callers say what to write
    "bot/text/language.py": 1,
}


def test_every_problem_of_a_setting_is_said_in_both_languages():
    raised = {}
    for folder in ("config", "sources", "text"):
        for path in (REPO / "bot" / folder).glob("*.py"):
            code = path.read_text(encoding="utf-8")
            assert not re.search(r"raise (KeyedError|ConfigError)\(", code), path  # .said(…) says both
            count = len(re.findall(r"raise ValueError\(", code))
            if count:
                raised[str(path.relative_to(REPO))] = count
    assert raised == INTERNAL
