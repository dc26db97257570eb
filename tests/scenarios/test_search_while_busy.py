"""A search asked while another program holds the SQLite file for writing cannot add the newest
items to the full-text index first: it answers after a short wait rather than the database's busy
timeout (15 s), says how many items it did not look at, in the team's language, and the same
search once the file is free finds them."""

from __future__ import annotations

import sqlite3

import pytest

from tests.fakes.feeds import FeedEntry
from tests.rigs.triage import start_rig, texts

ENTRIES = [
    FeedEntry(
        f"Viadeo ouvre un bureau à Lille ({n})",
        f"La plateforme Viadeo recrute à Lille, annonce numéro {n}.",
        f"https://blog.example.fr/viadeo-lille-{n}",
    )
    for n in range(3)
]

SAID = {
    "fr": "3 éléments parmi les plus récents n'ont pas encore pu être cherchés : la base était occupée.",
    "en": "3 items among the newest could not be searched yet: the database was busy.",
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_search_while_another_program_writes_says_what_it_could_not_look_at(
    tmp_path, fake_slack, feeds, start_veille, language
):
    path = tmp_path / "veille.db"
    rig = start_rig(
        tmp_path,
        fake_slack,
        feeds,
        f"sqlite:///{path}",
        start_veille,
        ENTRIES,
        language=language,
        paced=False,
    )
    rig.alerts(count=3)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writing, past the bot's busy timeout
    try:
        # Answered while the other program still holds the file, well before the busy timeout.
        busy = texts(rig.command("search lille", within=8)["blocks"])
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert SAID[language] in busy
    assert "Viadeo ouvre un bureau" not in busy

    free = texts(rig.command("search lille")["blocks"])
    assert SAID[language] not in free
    assert all(f"Viadeo ouvre un bureau à Lille ({n})" in free for n in range(3))
