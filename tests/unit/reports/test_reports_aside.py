"""The summaries never keep quiet about what the relevance filter kept out: the daily summary lists
what was set aside, with a button to bring each back, and counts what was dropped; the weekly one
says how often the team found a set-aside mention relevant after all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fakes.tone import FixedTone
from tests.rigs.relevance import NEXT_FRUIT, item, items, triage_all
from tests.rigs.report import section_texts
from veille.config import Config, parse_config
from veille.pipeline.steps import Pipeline
from veille.reports.jobs import Reporter, rolling_windows
from veille.reports.render import ACTION_BRING_BACK, render_daily, render_weekly
from veille.store import Store

FRUITS = [
    ("Orange sanguine en dessert", "La recette de l'orange sanguine au sucre pour le dessert."),
    ("Jus d'orange et tarte", "Le jus d'orange frais et la tarte aux amandes, recette du dimanche."),
]


def config(mode: str) -> Config:
    brand = {"name": "Orange", "terms": ["Orange"], "relevance": mode}
    return parse_config(
        {"veille": {"default_channel": "#veille", "language": "en"}, "brands": [brand]}, "t.toml"
    )


def with_fruit_posts(store: Store, mode: str) -> Reporter:
    """The team's triage taught the brand; then three fruit posts come."""
    pipeline = Pipeline(config(mode), store, FixedTone())
    pipeline.process(items())
    triage_all(store, [e.alert_id for e in store.due_alerts(datetime.now(UTC) + timedelta(hours=1), 100)])
    posts = [item(50, *NEXT_FRUIT, "cuisine")] + [item(60 + n, *f, "cuisine") for n, f in enumerate(FRUITS)]
    assert pipeline.process(posts).mentions == 3
    return Reporter(config(mode), store)


def buttons(message: Any) -> list[dict[str, Any]]:
    return [b["accessory"] for b in message.blocks if "accessory" in b]


def test_the_daily_summary_lists_the_set_aside_posts_each_with_a_bring_back_button(store: Store):
    reporter = with_fruit_posts(store, "quiet")

    message = render_daily(
        reporter.daily(rolling_windows(datetime.now(UTC) + timedelta(minutes=1))), "en", "UTC"
    )

    text = section_texts({"blocks": message.blocks})
    assert "*🤔 Set aside*\n3 mentions set aside as probably not about the brand" in text
    assert NEXT_FRUIT[0] in text and "not about it" in text
    shown = buttons(message)
    assert [(b["action_id"], b["text"]["text"]) for b in shown] == [(ACTION_BRING_BACK, "Bring back")] * 3
    assert len({b["value"] for b in shown}) == 3

    brought = int(shown[0]["value"])
    assert store.bring_back(brought, "U0MARIE01", datetime.now(UTC))
    again = render_daily(
        reporter.daily(rolling_windows(datetime.now(UTC) + timedelta(minutes=1))), "fr", "UTC"
    )
    text = section_texts({"blocks": again.blocks})
    assert (
        "*🤔 Mis de côté*\n3 mentions mises de côté, probablement pas à propos de la marque, dont 1 ramenée"
        in text
    )
    assert [b["text"]["text"] for b in buttons(again)] == ["Ramener"] * 2


def test_dropped_posts_are_counted_in_the_daily_summary_without_buttons(store: Store):
    reporter = with_fruit_posts(store, "drop")

    message = render_daily(
        reporter.daily(rolling_windows(datetime.now(UTC) + timedelta(minutes=1))), "en", "UTC"
    )

    text = section_texts({"blocks": message.blocks})
    assert "*🤔 Set aside*\n3 mentions dropped without an alert" in text
    assert buttons(message) == []


def test_the_weekly_summary_gives_the_filters_miss_rate(store: Store):
    reporter = with_fruit_posts(store, "quiet")
    summary = reporter.daily(rolling_windows(datetime.now(UTC) + timedelta(minutes=1)))
    first = summary.aside.waiting[0].alert_id
    assert store.bring_back(first, "U0MARIE01", datetime.now(UTC))

    message = render_weekly(reporter.weekly(datetime.now(UTC) + timedelta(minutes=1)), "en", "UTC")

    text = section_texts({"blocks": message.blocks})
    assert "This week, 3 mentions set aside; the team brought back or found relevant 1 of them" in text
    assert "(the filter missed 33%)" in text


def test_a_brand_without_doubts_gets_no_set_aside_section(store: Store):
    pipeline = Pipeline(config("quiet"), store, FixedTone())
    pipeline.process(items()[:3])
    reporter = Reporter(config("quiet"), store)

    message = render_daily(
        reporter.daily(rolling_windows(datetime.now(UTC) + timedelta(minutes=1))), "en", "UTC"
    )
    weekly = render_weekly(reporter.weekly(datetime.now(UTC) + timedelta(minutes=1)), "en", "UTC")

    assert "Set aside" not in section_texts({"blocks": message.blocks})
    assert "set aside" not in section_texts({"blocks": weekly.blocks})
