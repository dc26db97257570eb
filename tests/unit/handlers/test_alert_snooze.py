"""The alert's snooze menu: its story, its author and its site, for an hour, a day or a week, in
the team's language; a choice reads back until when and how to undo it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slack_sdk.models.blocks import Block

from veille.handlers.views.alert import render_alert
from veille.handlers.views.snooze import ACTION_SNOOZE, parse_snooze, snooze_answer
from veille.model import AlertView, Mute, Tone
from veille.store.mute_store import SnoozeResult

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def view(author: str | None = "Claire", url: str | None = "https://blog.example.fr/viadeo") -> AlertView:
    return AlertView(
        alert_id=42,
        brand="Viadeo",
        title="Viadeo séduit les PME",
        text="Les PME apprécient Viadeo.",
        url=url,
        source="blog-fr",
        author=author,
        published_at=NOW,
        tone=Tone("positive", 0.4, "fr"),
        spans=(),
    )


def menu(alert: AlertView, lang: str = "fr") -> dict:
    actions = render_alert(alert, lang, "Europe/Paris").blocks[-1]  # type: ignore[arg-type]
    (select,) = [e for e in actions["elements"] if e["action_id"] == ACTION_SNOOZE]
    return select


def test_the_menu_offers_the_story_the_author_and_the_site_for_an_hour_a_day_or_a_week():
    select = menu(view())
    assert select["placeholder"]["text"] == "Mettre en sourdine…"
    groups = {g["label"]["text"]: [o["text"]["text"] for o in g["options"]] for g in select["option_groups"]}
    assert groups == {
        "Cette histoire": ["1 h", "1 jour", "1 semaine"],
        "Cet auteur": ["1 h", "1 jour", "1 semaine"],
        "Ce site": ["1 h", "1 jour", "1 semaine"],
    }
    day = select["option_groups"][1]["options"][1]["value"]
    assert parse_snooze(day) == (42, "author", timedelta(days=1))
    Block.parse(render_alert(view(), "fr", "Europe/Paris").blocks[-1]).validate_json()  # type: ignore[union-attr]


def test_an_alert_without_author_or_site_offers_only_its_story_in_english():
    select = menu(view(author=None, url=None), "en")
    assert select["placeholder"]["text"] == "Snooze…"
    assert [g["label"]["text"] for g in select["option_groups"]] == ["This story"]


def test_a_forged_choice_is_refused():
    for value in ("42:word:1d", "42:author:2y", "x:author:1d", None, "42", "", 42, ["42:author:1d"]):
        assert parse_snooze(value) is None


def test_a_forged_choice_with_digits_that_are_not_numbers_is_refused_not_crashed():
    for value in ("²:author:1d", "٤٢:story:1h", "4²:site:1w", "1" * 19 + ":author:1d"):
        assert parse_snooze(value) is None


def test_the_answer_says_until_when_and_how_to_undo_it():
    snooze = Mute(7, "author", "claire", "Claire", None, "U0MARIE01", NOW, NOW + timedelta(days=1))
    said = snooze_answer(SnoozeResult("snoozed", "Claire", snooze), "fr", "Europe/Paris")
    assert said == (
        "💤 L'auteur *Claire* est en sourdine jusqu'au 23 nov. 2026 à 10:00 : ses nouvelles mentions"
        " sont enregistrées, sans alerte. Annuler : `/veille unmute #7`"
    )
    assert "already muted for good" in snooze_answer(SnoozeResult("muted", "Claire"), "en", "Europe/Paris")
