"""A mention the relevance model set aside never reached the channel: a search still finds it, marked
« mis de côté », with the number to ask `/veille why` about, which says why it was held back."""

from __future__ import annotations

from tests.rigs.relevance import NEXT_FRUIT, ORANGE, entries
from tests.rigs.triage import start_rig, texts
from tests.scenarios.test_relevance_story import then_posted, triaged


def test_a_search_lists_a_set_aside_mention_marked_mis_de_cote_and_why_says_why(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    brand = {**ORANGE, "relevance": "quiet"}
    rig = start_rig(
        tmp_path, fake_slack, feeds, database_url, start_veille, entries(), brands=[brand], paced=False
    )
    triaged(rig)
    then_posted(rig, (*NEXT_FRUIT, "cuisine"))
    assert NEXT_FRUIT[0] not in "\n".join(texts(post["blocks"]) for post in fake_slack.posts())

    found = texts(rig.command("search confiture")["blocks"])
    line = next(line for line in found.splitlines() if NEXT_FRUIT[0] in line)
    assert "🤔 mis de côté" in line
    other = next(line for line in found.splitlines() if "Confiture d'orange amère" in line)
    assert "mis de côté" not in other  # posted, then marked not relevant by the team: seen in the channel

    number = line.rsplit("`/veille why ", 1)[1].rstrip("`")
    shown = texts(rig.command(f"why {number}")["blocks"])
    assert "🤔 Mise de côté : probablement pas à propos d'Orange" in shown
    assert "mode « quiet »" in shown
    assert "modèle appris de 20 décisions de l'équipe" in shown
    assert "— mise de côté" in shown


def test_a_search_lists_a_dropped_mention_marked_ecarte(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    brand = {**ORANGE, "relevance": "drop"}
    rig = start_rig(
        tmp_path, fake_slack, feeds, database_url, start_veille, entries(), brands=[brand], paced=False
    )
    triaged(rig)
    then_posted(rig, (*NEXT_FRUIT, "cuisine"))

    found = texts(rig.command("search confiture")["blocks"])
    line = next(line for line in found.splitlines() if NEXT_FRUIT[0] in line)
    assert "🚫 écarté" in line
