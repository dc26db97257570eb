"""`veille sources` shows each source's health; `veille sources check` tries each one live."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest
import sqlalchemy

from tests.conftest import write_config
from tests.rigs.sources_check import one_ok_one_down
from veille.cli.main import main
from veille.cli.sources import CheckResult, check_table
from veille.sources.feed import FeedSource
from veille.sources.http import HttpFetcher
from veille.store import Store


def test_sources_check_tries_each_source_and_prints_a_table(tmp_path, feeds, capsys, sqlite_url):
    loaded = one_ok_one_down(tmp_path, feeds, sqlite_url, "en")
    status = main(["--config", str(loaded.path), "sources", "check"])
    out, err = capsys.readouterr()
    assert status == 1  # one source failed: scripts can tell
    assert "[2/2]" in err  # progress
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("blog-")}
    assert "ok" in lines["blog-ok"] and lines["blog-ok"].endswith("1 item")
    assert "failed" in lines["blog-down"] and "HTTP 500" in lines["blog-down"]
    assert "1 ok, 1 failed" in out
    assert not (tmp_path / "veille.db").exists()  # a check stores nothing


def test_sources_lists_state_last_success_items_and_next_poll(tmp_path, capsys, sqlite_url):
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[
            {"name": "blog-ok", "type": "rss", "url": "https://blog.example.fr/feed"},
            {"name": "blog-down", "type": "rss", "url": "https://down.example.fr/feed"},
            {"name": "blog-new", "type": "rss", "url": "https://new.example.fr/feed"},
        ],
        language="en",
    )
    store = Store(sqlite_url)
    store.create_schema()
    now = datetime.now(UTC)
    store.record_poll_success("blog-ok", now, new_items=0)
    for _ in range(3):
        store.record_poll_failure("blog-down", now, "timeout: no answer in time", None, "timeout")
    store.close()
    assert main(["--config", str(loaded.path), "sources"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("blog-")}
    assert "ok" in rows["blog-ok"]
    assert "failing" in rows["blog-down"] and "timeout: no answer in time" in rows["blog-down"]
    assert "new" in rows["blog-new"] and "at start" in rows["blog-new"]


def test_a_database_from_an_older_veille_is_upgraded_in_place(sqlite_url):
    engine = sqlalchemy.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(
            sqlalchemy.text(
                "CREATE TABLE source_state (source VARCHAR(200) PRIMARY KEY, etag TEXT,"
                " consecutive_failures INTEGER NOT NULL DEFAULT 0,"
                " items_seen INTEGER NOT NULL DEFAULT 0)"
            )
        )
        conn.execute(sqlalchemy.text("INSERT INTO source_state (source, etag) VALUES ('blog', '\"v1\"')"))
    engine.dispose()
    store = Store(sqlite_url)
    store.create_schema()
    state = store.source_state("blog")
    assert state is not None and state.etag == '"v1"' and state.failure_notified is False
    store.record_poll_failure("blog", datetime.now(UTC), "http: HTTP 500", None, "http")
    assert store.source_state("blog").last_error_kind == "http"  # type: ignore[union-attr]
    store.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


WHY = {
    "fr": {
        "blog-closed": "réseau : 127.0.0.1:{port} refuse la connexion : aucun serveur n'écoute sur ce port",
        "blog-gone": "erreur du site : HTTP 404",
        "blog-page": "réponse illisible : ce n'est pas un flux RSS, Atom ou JSON (une page HTML est venue",
        "blog-empty": "réponse illisible : réponse vide : ce n'est pas un flux",
    },
    "en": {
        "blog-closed": "network: 127.0.0.1:{port}: connection refused: no server listens on that port",
        "blog-gone": "http: HTTP 404",
        "blog-page": "invalid: not an RSS, Atom or JSON feed (got an HTML page)",
        "blog-empty": "invalid: empty body: not a feed",
    },
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sources_check_says_why_each_source_failed_in_the_teams_language(
    tmp_path, feeds, capsys, sqlite_url, language
):
    port = _closed_port()
    feeds.set("/gone.xml", b"not here", status=404)
    feeds.set("/page.xml", b"<!DOCTYPE html><html><body>Bienvenue</body></html>", content_type="text/html")
    feeds.set("/empty.xml", b"")
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[
            {"name": "blog-closed", "type": "rss", "url": f"http://127.0.0.1:{port}/feed.xml"},
            {"name": "blog-gone", "type": "rss", "url": feeds.url("/gone.xml")},
            {"name": "blog-page", "type": "rss", "url": feeds.url("/page.xml")},
            {"name": "blog-empty", "type": "rss", "url": feeds.url("/empty.xml")},
        ],
        language=language,
    )

    assert main(["--config", str(loaded.path), "sources", "check"]) == 1

    rows = {
        line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.startswith("blog-")
    }
    for name, why in WHY[language].items():
        assert why.format(port=port) in rows[name], rows[name]


def test_a_long_failure_stays_on_its_row_cut_between_words(tmp_path, feeds):
    source = FeedSource("blog-odd", feeds.url("/odd.xml"), HttpFetcher())
    said = "invalid: the site answered\n" + "unexpectedly " * 30
    table = check_table([CheckResult(source, False, said, 0.01)], "en")

    (row,) = [line for line in table.splitlines() if line.startswith("blog-odd")]
    assert "invalid: the site answered unexpectedly unexpectedly" in row
    assert row.endswith("unexpectedly…")


NO_CREDENTIALS = {
    "fr": {
        "ciel": "accès refusé : Bluesky demande un compte : définissez BLUESKY_IDENTIFIER (votre",
        "oiseau": "accès refusé : X demande un jeton d'accès (bearer) : définissez X_BEARER_TOKEN",
        "videos": "accès refusé : La recherche YouTube demande une clé d'API : définissez YOUTUBE_API_KEY",
    },
    "en": {
        "ciel": "auth: Bluesky needs an account: set BLUESKY_IDENTIFIER (your handle)",
        "oiseau": "auth: X needs a bearer token: set X_BEARER_TOKEN in the environment",
        "videos": "auth: YouTube search needs an API key: set YOUTUBE_API_KEY in the environment",
    },
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_source_missing_its_account_or_key_says_what_to_set_in_the_teams_language(
    tmp_path, capsys, sqlite_url, monkeypatch, language
):
    for name in ("BLUESKY_IDENTIFIER", "BLUESKY_APP_PASSWORD", "X_BEARER_TOKEN", "YOUTUBE_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[
            {"name": "ciel", "type": "bluesky"},
            {"name": "oiseau", "type": "x"},
            {"name": "videos", "type": "youtube_search"},
        ],
        language=language,
    )

    assert main(["--config", str(loaded.path), "sources", "check"]) == 1

    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    for name, why in NO_CREDENTIALS[language].items():
        assert why in rows[name], rows[name]
