"""`veille sources` (and `/veille sources`) shows a failing source's last error cut between words,
with an ellipsis, on one line of the table, in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
