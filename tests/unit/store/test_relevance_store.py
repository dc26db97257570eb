"""What the team's triage teaches, read back from the store: each decided mention once, with its
latest decision, in the order decisions were taken; and a marker that moves with every decision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.rigs.relevance import item
from veille.model import BrandMatch, Span, Tone
from veille.pipeline.steps import item_keys
from veille.store import NewItem, NewMention, Store

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def mention(store: Store, index: int, title: str, status: str = "pending", channels: int = 1) -> int:
    """A stored Orange mention with its alert(s); the id of its first alert."""
    post = item(index, title, f"{title}, en détail.", "cuisine")
    keys, canonical = item_keys(post)
    new = NewMention(
        BrandMatch("Orange", ("orange",), (Span("title", 0, 6),)),
        Tone("neutral", 0.0, "fr"),
        ("#veille", "#crise")[:channels],
        alert_status=status,
    )
    (saved,) = store.save_items([NewItem(post, keys, canonical, (new,))], at=T0)
    assert saved is not None
    return saved.alert_ids[0]


def taught(store: Store) -> list[tuple[str, bool]]:
    return [(example.text.split(".")[0], relevant) for example, relevant in store.decisions("Orange")]


def test_every_kind_of_decision_teaches_in_the_order_it_was_taken(store: Store):
    juice = mention(store, 1, "Jus d'orange")
    fiber = mention(store, 2, "Panne de la fibre Orange")
    box = mention(store, 3, "La box Orange")
    bank = mention(store, 4, "Orange Bank")
    shop = mention(store, 5, "Boutique Orange", status="set_aside")

    store.assign_alert(box, "U0PAUL001", "U0MARIE01", T0 + timedelta(minutes=1))
    store.set_alert_state(juice, "not_relevant", "U0MARIE01", T0 + timedelta(minutes=2))
    store.correct_tone(bank, "negative", "U0MARIE01", T0 + timedelta(minutes=3))
    store.set_alert_state(fiber, "handled", "U0MARIE01", T0 + timedelta(minutes=4))
    assert store.bring_back(shop, "U0MARIE01", T0 + timedelta(minutes=5))

    assert taught(store) == [
        ("La box Orange", True),
        ("Jus d'orange", False),
        ("Orange Bank", True),
        ("Panne de la fibre Orange", True),
        ("Boutique Orange", True),
    ]
    (example, _) = store.decisions("Orange")[0]
    assert (example.brand, example.terms, example.site, example.language) == (
        "Orange",
        ("orange",),
        "cuisine.example.fr",
        "fr",
    )
    assert example.text == "La box Orange. La box Orange, en détail."
    assert store.decisions("Sosh") == []


def test_a_mention_teaches_once_with_its_latest_decision(store: Store):
    juice = mention(store, 1, "Jus d'orange")
    fiber = mention(store, 2, "Panne de la fibre Orange")
    store.set_alert_state(juice, "handled", "U0MARIE01", T0 + timedelta(minutes=1))
    store.set_alert_state(fiber, "handled", "U0MARIE01", T0 + timedelta(minutes=2))
    store.set_alert_state(juice, "not_relevant", "U0PAUL001", T0 + timedelta(minutes=3))

    assert taught(store) == [("Panne de la fibre Orange", True), ("Jus d'orange", False)]


def test_the_marker_moves_with_each_decision_and_not_otherwise(store: Store):
    juice = mention(store, 1, "Jus d'orange")
    before = store.decisions_marker()
    mention(store, 2, "Panne de la fibre Orange")
    assert store.decisions_marker() == before

    store.set_alert_state(juice, "not_relevant", "U0MARIE01", T0)
    after = store.decisions_marker()
    assert after != before
    assert not store.set_alert_state(juice, "not_relevant", "U0MARIE01", T0)  # a repeated click
    assert store.decisions_marker() == after


def test_bringing_back_posts_every_set_aside_alert_of_the_mention_once(store: Store):
    shop = mention(store, 1, "Boutique Orange", status="set_aside", channels=2)
    dropped = mention(store, 2, "Orange pressée", status="dropped")
    due = {e.alert_id for e in store.due_alerts(T0 + timedelta(hours=1))}
    assert due == set()

    assert store.bring_back(shop, "U0MARIE01", T0)
    assert not store.bring_back(shop, "U0PAUL001", T0)  # a second click changes nothing
    assert not store.bring_back(dropped, "U0MARIE01", T0)  # a dropped alert is never posted

    due = {e.alert_id for e in store.due_alerts(T0 + timedelta(hours=1))}
    assert due == {shop, shop + 1}
    assert [(user, action) for user, action, _, _ in store.audit_trail(shop)] == [("U0MARIE01", "bring_back")]
    assert store.alerts_waiting() == 2
