"""`/veille why` read from a real store: the brand's relevance model is fitted once and kept
while the team takes no new decision, then learns the new one before the next answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.rigs.relevance import ORANGE, items, triage_all
from veille.config import parse_config
from veille.model import BrandMatch, Span, Tone
from veille.pipeline.steps import item_keys
from veille.search.why import why
from veille.store import NewItem, NewMention, Store

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [ORANGE]}, "test.toml")
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def stored(store: Store) -> list[int]:
    """The fruit and operator posts stored as Orange mentions; their alert ids, in order."""
    ids = []
    for index, post in enumerate(items()):
        keys, canonical = item_keys(post)
        new = NewMention(
            BrandMatch("Orange", ("Orange",), (Span("title", 0, 6),)),
            Tone("neutral", 0.0, "fr"),
            ("#veille",),
        )
        (saved,) = store.save_items(
            [NewItem(post, keys, canonical, (new,))], at=T0 + timedelta(seconds=index)
        )
        assert saved is not None
        ids.append(saved.alert_ids[0])
    return ids


def test_asking_why_twice_fits_the_brands_model_once_until_the_team_decides_again(store: Store, monkeypatch):
    alert_ids = stored(store)
    triage_all(store, alert_ids[:-2], T0)
    reads: list[str] = []
    decisions = store.decisions

    def counted(brand: str):
        reads.append(brand)
        return decisions(brand)

    monkeypatch.setattr(store, "decisions", counted)

    first = why(store, CONFIG, alert_ids[-1])
    second = why(store, CONFIG, alert_ids[-2])
    assert first is not None and second is not None
    assert first.relevance.learned and first.relevance.decisions == 18
    assert reads == ["Orange"]

    assert store.set_alert_state(alert_ids[-1], "handled", "U0MARIE01", T0 + timedelta(hours=1))
    again = why(store, CONFIG, alert_ids[-1])
    assert again is not None and again.relevance.decisions == 19
    assert reads == ["Orange", "Orange"]
