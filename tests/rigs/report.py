"""A store seeded with a history of mentions, a reporter on it and an outbox to the fake Slack."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient

from tests.fakes.slack import BOT_TOKEN, FakeSlack
from veille.config import Config, parse_config
from veille.delivery.outbox import Outbox
from veille.handlers.poster import SlackPoster
from veille.handlers.views.alert import render_alert
from veille.model import BrandMatch, Item, Message, Span, Tone, ToneLabel
from veille.reports.jobs import Reporter
from veille.store import NewItem, NewMention, Store, dedup_key

_serial = itertools.count(1)


@pytest.fixture(name="store")
def store_on_each_back_end(database_url: str) -> Iterator[Store]:
    """The `store` of a module that imports this: SQLite, and PostgreSQL when it is set up."""
    store = Store(database_url)
    store.create_schema()
    yield store
    store.close()


@pytest.fixture(name="slack")
def unpaced_slack() -> Iterator[FakeSlack]:
    """The fake Slack without its rate limits (reports tests are about content, not pace)."""
    fake = FakeSlack(enforce_pace=False).start()
    yield fake
    fake.stop()


def report_config(
    language: str = "fr", brands: list[dict[str, Any]] | None = None, **sections: Any
) -> Config:
    data: dict[str, Any] = {
        "veille": {"language": language, "timezone": "Europe/Paris", "default_channel": "#veille"},
        "brands": brands or [{"name": "Viadeo"}, {"name": "Netvibes"}],
    }
    data.update(sections)
    return parse_config(data, "config.toml")


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Paris")).astimezone(UTC)


@dataclass
class History:
    """Writes mentions into the store as if polls had found them at the given times."""

    store: Store
    channels: tuple[str, ...] = ("#veille",)
    alert_ids: list[int] = field(default_factory=list)

    def add(
        self,
        brand: str,
        at: datetime,
        tone: ToneLabel = "neutral",
        *,
        count: int = 1,
        source: str = "blog",
        title: str | None = None,
        url: str | None = None,
        reach: int = 0,
        alert: bool = True,
    ) -> None:
        entries = []
        for _ in range(count):
            n = next(_serial)
            heading = title or f"{brand} : billet {n}"
            item = Item(
                source=source,
                source_type="rss",
                title=heading,
                text=f"On parle de {brand} ici.",
                url=url or f"https://blog.example.fr/{n}",
                guid=f"g{n}",
                author="Auteur",
                published_at=at,
                reach={"points": reach} if reach else {},
            )
            score = {"positive": 0.6, "negative": -0.6}.get(tone, 0.0)
            mention = NewMention(
                BrandMatch(brand, (brand,), (Span("title", 0, len(brand)),)),
                Tone(tone, score, "fr", 0.9),
                self.channels if alert else (),
            )
            entries.append(NewItem(item, (dedup_key("guid", f"{source}:g{n}"),), None, (mention,)))
        for saved in self.store.save_items(entries, at=at):
            if saved is not None:
                self.alert_ids.extend(saved.alert_ids)

    def per_hour(
        self, brand: str, start: datetime, end: datetime, every_hour: int, tone: ToneLabel = "neutral"
    ) -> None:
        moment = start
        while moment < end:
            if every_hour:
                self.add(brand, moment, tone, count=every_hour, alert=False)
            moment += timedelta(hours=1)

    def polled_since(self, when: datetime, source: str = "blog") -> None:
        """Veille has been watching since `when` (a source was first polled then)."""
        self.store.record_poll_success(source, when)


def slack_outbox(store: Store, fake: FakeSlack) -> Outbox:
    client = WebClient(token=BOT_TOKEN, base_url=fake.base_url, timeout=10)
    poster = SlackPoster(client, store.remember_channel, store.channel_id)

    def render(alert_id: int) -> Message | None:
        view = store.alert_view(alert_id)
        return None if view is None else render_alert(view, "fr", "Europe/Paris")

    return Outbox(store, poster, render, backoff_base=0.2, backoff_max=1.0, per_channel_interval=0.0)


def daily_only(language: str = "fr", **reports: Any) -> Config:
    """A config whose only report is the daily summary (no weekly, no spike alerts)."""
    return report_config(language, reports={"weekly": "", **reports}, spikes={"enabled": False})


def reporter(store: Store, config: Config | None = None) -> Reporter:
    return Reporter(config or daily_only(), store)


def section_texts(message: dict[str, Any]) -> str:
    """What a person reads in a message: its blocks' texts, top to bottom."""
    out = []
    for block in message.get("blocks") or []:
        if "text" in block and isinstance(block["text"], dict):
            out.append(block["text"]["text"])
        for element in block.get("elements") or []:
            if isinstance(element, dict) and "text" in element:
                out.append(str(element["text"]))
    return "\n".join(out)
