"""Every command speaks the configured language: `check`, `sources`, `sources check`, `export` and
`test-query` in French and in English; each CLI string exists in both, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from tests.conftest import REPO, write_config
from tests.rigs.sources_check import one_ok_one_down
from veille.cli.main import main
from veille.i18n import CATALOGUE
from veille.i18n.cli import STRINGS


def test_every_cli_string_exists_in_french_and_english_with_the_same_placeholders():
    for key, texts in STRINGS.items():
        assert set(texts) == {"fr", "en"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(texts[lang]) if f} for lang in ("fr", "en")]
        assert fields[0] == fields[1], key
        assert texts["fr"].strip() and texts["en"].strip(), key


def test_every_string_the_cli_asks_for_is_in_the_catalogue():
    asked = set()
    for path in (REPO / "bot" / "cli").glob("*.py"):
        asked |= set(re.findall(r"""\bt\(\s*["']([\w.]+)["']""", path.read_text(encoding="utf-8")))
    assert {key for key in asked if key.startswith("cli.")} >= {"cli.check.ok", "cli.export.written"}
    assert asked - set(CATALOGUE) == set()


def test_check_describes_the_configuration_in_french(tmp_path, sqlite_url, capsys):
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[{"name": "blog", "type": "rss", "url": "https://blog.example.fr/feed"}],
        language="fr",
    )
    assert main(["check", "-c", str(loaded.path)]) == 0
    out = capsys.readouterr().out
    assert f"Configuration : {loaded.path}" in out
    assert "  langue : fr   fuseau horaire : Europe/Paris" in out
    assert "Marques (1) :" in out and "      termes : 'Viadeo'" in out
    assert "  - blog [rss] toutes les 1s, première lecture : tous les éléments trouvés" in out
    assert "Slack : console (pas de SLACK_BOT_TOKEN" in out
    assert "Résumés : quotidien à 08:30, hebdomadaire lundi 09:00 (Europe/Paris ; graphique activé)" in out
    assert "Brands" not in out and "every" not in out and "monday" not in out


def test_check_describes_the_configuration_in_english(tmp_path, sqlite_url, capsys):
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[{"name": "blog", "type": "rss", "url": "https://blog.example.fr/feed", "backlog": 3}],
        language="en",
    )
    assert main(["check", "-c", str(loaded.path)]) == 0
    out = capsys.readouterr().out
    assert "Brands (1):" in out and "      terms: 'Viadeo'" in out
    assert "  - blog [rss] every 1s, first poll: the newest 3 items that match" in out
    assert "Slack: console (no SLACK_BOT_TOKEN" in out
    assert "weekly monday 09:00" in out
    assert "Marques" not in out


def test_sources_shows_each_sources_state_in_french(tmp_path, sqlite_url, capsys):
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[{"name": "blog-new", "type": "rss", "url": "https://new.example.fr/feed"}],
        language="fr",
    )
    assert main(["sources", "--config", str(loaded.path)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("blog-new"))
    assert "nouvelle" in row and "au démarrage" in row
    assert out.startswith("source") and "prochaine collecte" in out


def test_sources_check_reports_in_french(tmp_path, feeds, sqlite_url, capsys):
    loaded = one_ok_one_down(tmp_path, feeds, sqlite_url, "fr")
    assert main(["sources", "check", "-c", str(loaded.path)]) == 1
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("blog-")}
    assert "✅ ok" in lines["blog-ok"] and "1 élément" in lines["blog-ok"]
    assert "❌ échec" in lines["blog-down"] and "HTTP 500" in lines["blog-down"]
    assert "résultat" in out.splitlines()[0]
    assert "1 ok, 1 en échec" in out


def test_export_says_how_many_mentions_it_wrote_in_each_language(tmp_path, sqlite_url, capsys):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[], language="fr")
    target = tmp_path / "mentions.csv"
    assert main(["export", "-c", str(loaded.path), "-o", str(target)]) == 0
    assert capsys.readouterr().err.strip() == f"0 mention écrite dans {target}"
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert main(["export", "-c", str(loaded.path), "--since", "3x"]) == 2
    assert "écrivez une durée comme 24h" in capsys.readouterr().err
    assert main(["export", "-c", str(loaded.path), "--since", "0d"]) == 2
    assert "--since '0d' : une durée de zéro ne couvre rien" in capsys.readouterr().err
    english = write_config(tmp_path, database=sqlite_url, sources=[], language="en")
    assert main(["export", "-c", str(english.path), "-o", str(target)]) == 0
    assert capsys.readouterr().err.strip() == f"0 mentions written to {target}"


def test_test_query_answers_in_french(tmp_path: Path, sqlite_url, capsys):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[], language="fr")
    assert main(["test-query", "-c", str(loaded.path), "viadeo"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 élément correspond à 'viadeo', sur 0 reçu ces 30 derniers jours")
    assert main(["test-query", "-c", str(loaded.path), "--brand", "Nope"]) == 2
    assert "aucune marque ne s'appelle 'Nope' (configurées : Viadeo)" in capsys.readouterr().err


def test_a_mistyped_command_line_is_refused_in_the_configured_language(tmp_path, sqlite_url, capsys):
    french = write_config(tmp_path, database=sqlite_url, sources=[], language="fr")
    said = {}
    for case, argv in {
        "unknown": ["summary", "--since", "3d"],
        "missing": ["db"],
        "choice": ["db", "vacuum"],
        "value": ["export", "--since"],
    }.items():
        with pytest.raises(SystemExit) as stopped:
            main(["-c", str(french.path), *argv])
        assert stopped.value.code == 2
        said[case] = capsys.readouterr().err.splitlines()[-1]

    choice = said.pop("choice")  # how Python quotes the choices depends on its version
    assert choice.startswith("veille db: erreur : argument action : choix invalide : 'vacuum' (au choix : ")
    assert "current" in choice and "upgrade" in choice
    assert said == {
        "unknown": "veille: erreur : arguments non reconnus : --since 3d",
        "missing": "veille db: erreur : arguments obligatoires manquants : action",
        "value": "veille export: erreur : argument --since : une valeur attendue",
    }


def test_a_mistyped_command_line_is_refused_in_english_as_python_says_it(tmp_path, sqlite_url, capsys):
    english = write_config(tmp_path, database=sqlite_url, sources=[], language="en")
    with pytest.raises(SystemExit):
        main(["-c", str(english.path), "db", "vacuum"])
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .startswith("veille db: error: argument action: invalid choice: 'vacuum' (choose from ")
    )


def test_a_query_tried_over_one_day_says_so_in_the_singular(tmp_path, sqlite_url, capsys):
    french = write_config(tmp_path, database=sqlite_url, sources=[], language="fr")
    assert main(["test-query", "-c", str(french.path), "--days", "1", "viadeo"]) == 0
    assert capsys.readouterr().out.startswith("0 élément correspond à 'viadeo', sur 0 reçu depuis hier")


EVERY_KIND = [
    {"type": "hackernews"},
    {"type": "reddit"},
    {"type": "mastodon", "instances": ["piaille.fr"], "hashtags": ["veille"], "search": True},
    {"type": "google_news"},
    {"type": "stackexchange"},
    {"type": "github"},
    {"type": "discourse", "url": "https://forum.example.fr"},
    {"type": "lemmy", "url": "https://lemmy.example.fr"},
    {"type": "devto"},
    {"type": "appstore", "app_id": "id123456", "country": "fr", "brand": "Viadeo"},
    {"type": "bluesky"},
    {"type": "x"},
    {"type": "youtube_search"},
    {"type": "bluesky_jetstream"},
]


def test_check_says_what_each_kind_of_source_reads_in_french(tmp_path, sqlite_url, capsys):
    loaded = write_config(tmp_path, database=sqlite_url, sources=EVERY_KIND, language="fr")
    main(["check", "-c", str(loaded.path)])
    out = capsys.readouterr().out
    for said in [
        "/search_by_date (story, comment) pour les termes de chaque marque",
        "recherche des termes des marques",
        "#veille, recherche des termes des marques sur https://piaille.fr",
        "https://news.google.com : recherche des termes de chaque marque (fr, FR)",
        "search/advanced pour les termes des marques sur stackoverflow",
        "https://forum.example.fr/search.json pour les termes de chaque marque",
        "(messages et commentaires, les plus récents d'abord)",
        "(les articles les plus récents, comparés ici aux marques)",
        "avis App Store de l'app 123456 (fr), comme mentions de Viadeo",
        "searchPosts pour les termes des marques sur",
        "tweets/search/recent pour les termes des marques (",
        "search.list pour les termes des marques (",
        "app.bsky.feed.post depuis wss://",
    ]:
        assert said in out, said
    assert "terms" not in out and " for " not in out  # no English left ("for the brands' terms")
