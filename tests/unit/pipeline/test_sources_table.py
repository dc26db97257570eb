"""`veille sources` (and `/veille sources`) shows a failing source's last error cut between words,
with an ellipsis, on one line of the table, in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from tests.conftest import write_config
from tests.rigs.stores import fresh_store
from veille.pipeline.source_report import sources_status

ERROR = (
    "network: ConnectError: cannot resolve news.google.com: [Errno -2] Name or service not known\n"
    "while fetching https://news.google.com/rss/search?q=Viadeo"
)


def test_a_long_error_is_cut_between_words_on_one_line(tmp_path, sqlite_url):
    source = {"name": "google-news-fr", "type": "rss", "url": "https://news.google.com/rss/search?q=Viadeo"}
    loaded = write_config(tmp_path, database=sqlite_url, sources=[source], language="fr")
    now = datetime.now(UTC)
    for store in fresh_store(sqlite_url):
        store.record_poll_failure("google-news-fr", now, ERROR, now + timedelta(minutes=15), "network")
        shown = sources_status(loaded, store, now, lang="fr")

    row = next(line for line in shown.splitlines() if line.startswith("google-news-fr"))
    assert "network: ConnectError: cannot resolve news.google.com: [Errno -2]…" in row
    assert "(depuis " in row and "1×) ; prochain essai à" in row
    assert len(shown.splitlines()) == 3  # the header, its rule, the one source


def test_the_table_of_many_sources_reads_the_store_in_a_fixed_number_of_queries(tmp_path, sqlite_url):
    sources = [
        {"name": f"blog-{n}", "type": "rss", "url": f"https://blog{n}.example/feed"} for n in range(40)
    ]
    loaded = write_config(tmp_path, database=sqlite_url, sources=sources, language="en")
    now = datetime.now(UTC)
    statements: list[str] = []
    for store in fresh_store(sqlite_url):
        store.record_poll_failure("blog-7", now, "HTTP 500", now + timedelta(minutes=15), "http")
        event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        shown = sources_status(loaded, store, now, lang="en")

    assert len(shown.splitlines()) == 2 + 40
    assert "HTTP 500" in next(line for line in shown.splitlines() if line.startswith("blog-7 "))
    assert len(statements) <= 2  # items of the last 24 h, and every source's state at once
