"""Alert fatigue, through the running app and signed Slack requests: an hourly brand's mentions
come as one digest message at the hour, with buttons that triage them like an alert's, while a
negative mention with a large reach breaks through at once; and an author snoozed for a day from
the alert's menu is stored but not alerted, until the day is over."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from tests.conftest import SIGNING_SECRET, slack_secrets, write_config
from tests.fakes.api import Reply
from tests.fakes.feeds import FeedEntry, rss
from tests.fakes.slack_requests import block_action, post_signed
from tests.rigs.triage import TriageRig, controls, start_rig, texts
from veille.reports.digest import hour_start
from veille.store import mutes

TAG = "/api/v1/timelines/tag/reseaux"
QUIET_REPORTS = '[reports]\ndaily = []\nweekly = ""\n[spikes]\nenabled = false\n'
ANGRY = "<p>Viadeo est vraiment nul : service horrible, application lente et décevante, une catastrophe.</p>"
CALM = [
    "<p>Viadeo publie ses résultats trimestriels ce matin.</p>",
    "<p>Viadeo organise une conférence à Lyon le mois prochain.</p>",
    "<p>J'adore le nouveau réseau pro de Viadeo, bravo à l'équipe !</p>",
]


def toot(n: int, html: str, boosts: int = 0, likes: int = 0) -> dict[str, object]:
    status_id = f"11300000000000000{n}"
    return {
        "id": status_id,
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "language": "fr",
        "uri": f"https://piaille.example/users/camille/statuses/{status_id}",
        "url": f"https://piaille.example/@camille/{status_id}",
        "replies_count": 0,
        "reblogs_count": boosts,
        "favourites_count": likes,
        "spoiler_text": "",
        "content": html,
        "reblog": None,
        "account": {
            "id": "9",
            "username": "camille",
            "acct": "camille@piaille.example",
            "display_name": "Camille",
        },
    }


def click(rig: TriageRig, actions: dict[str, Any], ts: str, response: str) -> dict[str, Any]:
    """Click the first button of an actions block (a digest line's "Traité"); the private answer."""
    button = actions["elements"][0]
    before = len(rig.slack.responses)
    body = block_action(
        button["action_id"],
        button["value"],
        message_ts=ts,
        block_id=actions["block_id"],
        response_url=rig.slack.response_url_base + response,
    )
    assert post_signed(rig.events_url, body, SIGNING_SECRET).status_code == 200
    return rig.slack.wait_for_response(before + 1)[before]


def test_an_hourly_brands_mentions_arrive_as_one_digest_and_a_loud_negative_one_at_once(
    tmp_path, api, fake_slack, database_url, start_veille
):
    api.on(TAG, Reply([toot(4, ANGRY, boosts=80, likes=150), *(toot(n, CALM[n - 1]) for n in (3, 2, 1))]))
    brand = {
        "name": "Viadeo",
        "terms": ["Viadeo"],
        "channel": "#veille",
        "delivery": "hourly",
        "break_through": ["negative"],
    }
    loaded = write_config(
        tmp_path,
        database=database_url,
        sources=[
            {"name": "mastodon-fr", "type": "mastodon", "instances": [api.base_url], "hashtags": ["reseaux"]}
        ],
        brands=[brand],
        extra="[routing]\nhere_above_reach = 100\n" + QUIET_REPORTS,
    )
    veille = start_veille(loaded, slack_secrets(fake_slack))
    rig = TriageRig(veille, fake_slack, feeds=None)  # type: ignore[arg-type]

    (loud,) = rig.alerts()
    assert "catastrophe" in texts(loud["blocks"])
    rig.wait_until(lambda: veille.store.count("mentions") == 4)
    time.sleep(0.3)
    assert len(fake_slack.posts()) == 1  # the three calm ones wait for the hour

    assert veille.reporter.tick(hour_start(datetime.now(UTC), "Europe/Paris") + timedelta(hours=1)) == 1
    posts = rig.alerts(count=2)
    digest = posts[1]
    shown = texts(digest["blocks"])
    assert "Les mentions de l'heure" in shown and "3 nouvelles mentions" in shown
    assert all(calm in shown for calm in ("résultats trimestriels", "conférence à Lyon", "bravo à l'équipe"))
    assert "catastrophe" not in shown
    lines = [block for block in digest["blocks"] if block["type"] == "actions"]
    assert len(lines) == 3 and all(line["elements"][0]["text"]["text"] == "Traité" for line in lines)

    answer = click(rig, lines[0], digest["ts"], "digest-handled")
    assert "C'est noté" in answer["text"] and "est traité" in answer["text"]
    alert_id = int(lines[0]["elements"][0]["value"])
    rig.wait_until(
        lambda: (view := veille.store.alert_view(alert_id)) is not None and view.state == "handled"
    )
    assert veille.store.audit_trail(alert_id)[-1][1] == "handled"

    assert veille.reporter.tick(hour_start(datetime.now(UTC), "Europe/Paris") + timedelta(hours=1)) == 0
    time.sleep(0.3)
    assert len(fake_slack.posts()) == 2  # one digest, never twice


def camille(n: int, title: str) -> FeedEntry:
    return FeedEntry(
        title,
        f"{title}. Un billet de blog.",
        f"https://blog.example.fr/{n}",
        f"g{n}",
        author="Camille Martin",
    )


def test_an_author_snoozed_for_a_day_from_the_menu_is_stored_not_alerted_until_the_day_ends(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    first = camille(1, "Viadeo lance une offre pour les indépendants")
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, [first], extra=QUIET_REPORTS)
    (alert,) = rig.alerts()

    menu = controls(alert["blocks"])["Mettre en sourdine…"]
    groups = {group["label"]["text"]: group["options"] for group in menu["option_groups"]}
    assert set(groups) == {"Cette histoire", "Cet auteur", "Ce site"}
    day = next(option for option in groups["Cet auteur"] if option["text"]["text"] == "1 jour")
    answer = rig._send(
        menu, alert["ts"], "U0MARIE01", {"type": "static_select", "selected_option": day}, None
    )
    assert answer is not None and answer["response_type"] == "ephemeral"
    assert "Camille Martin" in answer["text"] and "en sourdine jusqu'au" in answer["text"]
    assert "/veille unmute #" in answer["text"]
    listed = rig.command("mutes")["text"]
    assert "En sourdine" in listed and "Camille Martin" in listed and "jusqu'au" in listed

    second = camille(2, "Viadeo recrute cinquante ingénieurs à Paris")
    other = FeedEntry(
        "Viadeo change de logo", "Viadeo change de logo.", "https://news.example/3", "g3", author="Léa"
    )
    feeds.set("/f.xml", rss([first, second, other]))
    rig.poll_now()
    rig.wait_until(lambda: rig.veille.store.count("mentions") == 3)
    posts = rig.alerts(count=2)
    time.sleep(0.3)
    assert len(fake_slack.posts()) == 2 and "change de logo" in texts(posts[1]["blocks"])
    assert "cinquante ingénieurs" in str(rig.command("search cinquante"))
    assert "1 mention mise en sourdine" in texts(rig.command("summary")["blocks"])

    with rig.veille.store.engine.begin() as conn:  # the day is over
        conn.execute(sa.update(mutes).values(until=datetime.now(UTC) - timedelta(minutes=1)))
    rig.veille.poller.pipeline.decisions.clock = lambda: time.monotonic() + timedelta(days=1).total_seconds()
    third = camille(4, "Viadeo ouvre un bureau à Nantes cette année")
    feeds.set("/f.xml", rss([first, second, other, third]))
    rig.poll_now()
    posts = rig.alerts(count=3)
    assert "bureau à Nantes" in texts(posts[2]["blocks"])
    assert "Rien n'est masqué" in rig.command("mutes")["text"]
