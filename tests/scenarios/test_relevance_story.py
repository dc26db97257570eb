"""Relevance learned from the team's triage, through the running app: the team marks ten fruit posts
not relevant and ten operator posts handled; the next fruit post is set aside, dropped or posted
with a warning, as the brand asks, and a set-aside post comes back with one click."""

from __future__ import annotations

import time
from typing import Any

from tests.conftest import SIGNING_SECRET
from tests.fakes.feeds import rss
from tests.fakes.slack_requests import block_action, post_signed
from tests.rigs.relevance import FRUIT, NEXT_FRUIT, NEXT_OPERATOR, ORANGE, entries, entry
from tests.rigs.triage import TriageRig, controls, start_rig, texts


def triaged(rig: TriageRig) -> None:
    """Every fruit post marked "Pas pertinent", every operator post "Traité", by clicks."""
    posts = rig.alerts(count=20)
    fruit = {title for title, _ in FRUIT}
    for post in posts[:20]:
        label = "Pas pertinent" if any(title in texts(post["blocks"]) for title in fruit) else "Traité"
        click(rig, controls(post["blocks"])[label], post["ts"])
    rig.wait_until(lambda: len(rig.veille.store.decisions("Orange")) == 20)


def click(rig: TriageRig, control: dict[str, Any], ts: str, response: str = "action0") -> None:
    body = block_action(
        control["action_id"],
        control["value"],
        message_ts=ts,
        block_id=control.get("block_id") or "veille_summary",
        response_url=rig.slack.response_url_base + response,
    )
    assert post_signed(rig.events_url, body, SIGNING_SECRET).status_code == 200


def then_posted(rig: TriageRig, *news: tuple[str, str]) -> None:
    """The next poll brings these posts (a fruit one from a cooking site, an operator one…)."""
    more = [entry(50 + n, title, text, kind) for n, (title, text, kind) in enumerate(news)]
    rig.feeds.set("/f.xml", rss(entries() + more))
    rig.poll_now()
    rig.wait_until(lambda: rig.veille.store.count("mentions") == 20 + len(news))
    assert rig.veille.outbox.drain(timeout=10)


def test_a_quiet_brand_sets_the_fruit_post_aside_and_a_click_brings_it_back(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    brand = {**ORANGE, "relevance": "quiet"}
    rig = start_rig(
        tmp_path, fake_slack, feeds, database_url, start_veille, entries(), brands=[brand], paced=False
    )
    triaged(rig)

    then_posted(rig, (*NEXT_FRUIT, "cuisine"), (*NEXT_OPERATOR, "telecom"))

    shown = "\n".join(texts(post["blocks"]) for post in fake_slack.posts())
    assert NEXT_OPERATOR[0] in shown
    assert NEXT_FRUIT[0] not in shown

    summary = rig.command("summary")
    said = texts(summary["blocks"])
    assert "🤔 Mis de côté" in said and "1 mention mise de côté" in said
    assert NEXT_FRUIT[0] in said
    (line,) = [block for block in summary["blocks"] if "accessory" in block]
    assert line["accessory"]["text"]["text"] == "Ramener"

    before = len(fake_slack.responses)
    click(rig, line["accessory"], "1.000001", response="bring-back")
    assert "C'est ramené" in fake_slack.wait_for_response(before + 1)[before]["text"]

    posts = rig.alerts(count=22)
    brought = texts(posts[-1]["blocks"])
    assert NEXT_FRUIT[0] in brought
    assert "Probablement pas à propos d'Orange (" in brought and "mots : " in brought
    # The click taught the model: the mention now counts as relevant.
    assert rig.veille.store.decisions("Orange")[-1][1] is True

    before = len(fake_slack.responses)
    click(rig, line["accessory"], "1.000001", response="again")
    assert "plus mise de côté" in fake_slack.wait_for_response(before + 1)[before]["text"]
    time.sleep(0.3)
    assert len(fake_slack.posts()) == 22


def test_a_showing_brand_posts_the_fruit_post_with_its_warning(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(
        tmp_path, fake_slack, feeds, database_url, start_veille, entries(), brands=[ORANGE], paced=False
    )
    triaged(rig)

    then_posted(rig, (*NEXT_FRUIT, "cuisine"))

    posts = rig.alerts(count=21)
    warned = texts(posts[-1]["blocks"])
    assert NEXT_FRUIT[0] in warned
    assert "Probablement pas à propos d'Orange (" in warned and "recette" in warned


def test_a_dropping_brand_keeps_the_fruit_post_searchable_and_counted_but_never_alerts(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    brand = {**ORANGE, "relevance": "drop"}
    rig = start_rig(
        tmp_path, fake_slack, feeds, database_url, start_veille, entries(), brands=[brand], paced=False
    )
    triaged(rig)

    then_posted(rig, (*NEXT_FRUIT, "cuisine"))

    assert len(fake_slack.posts()) == 20
    found = rig.command("search confiture")
    assert NEXT_FRUIT[0] in str(found)
    summary = texts(rig.command("summary")["blocks"])
    assert "1 mention écartée sans alerte" in summary
