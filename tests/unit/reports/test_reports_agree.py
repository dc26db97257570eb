"""One store, every view: /veille stats, App Home, the daily and weekly summaries and the export
count the same mentions, by the same date (publication, else when Veille found it), and answer
each person in the language Slack knows them by."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta

from tests.conftest import SIGNING_SECRET, slack_secrets, write_config
from tests.fakes.slack import FakeSlack
from tests.fakes.slack_requests import app_home_opened, post_signed, slash_command
from tests.rigs.report import section_texts
from tests.rigs.triage import texts
from veille.config import LoadedConfig, load_config
from veille.model import BrandMatch, Item, Span, Tone, ToneLabel
from veille.store import NewItem, NewMention, Store, dedup_key

BRANDS = [
    {"name": "Viadeo", "terms": ["Viadeo"], "channel": "#veille"},
    {"name": "Netvibes", "terms": ["Netvibes"], "channel": "#veille"},
]
_serial = itertools.count(1)


def midday_zone(now: datetime) -> str:
    """A time zone where it is about noon now: "today" then covers the last hours whenever the test runs."""
    offset = 12 - now.hour
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


def config(tmp_path, database: str, now: datetime, extra: str = "") -> LoadedConfig:
    loaded = write_config(tmp_path, database=database, sources=[], brands=BRANDS, extra=extra)
    text = loaded.path.read_text(encoding="utf-8")
    loaded.path.write_text(
        text.replace('timezone = "Europe/Paris"', f'timezone = "{midday_zone(now)}"'), encoding="utf-8"
    )
    return load_config(loaded.path)


def found(
    store: Store,
    brand: str,
    tone: ToneLabel,
    *,
    published: datetime | None,
    at: datetime,
    title: str | None = None,
    source: str = "blog",
    duplicate_of: int | None = None,
    count: int = 1,
) -> list[int]:
    """Mentions a poll found at `at`, published at `published` (None: the source gave no date)."""
    entries = []
    for _ in range(count):
        n = next(_serial)
        item = Item(
            source=source,
            source_type="rss",
            title=title or f"{brand} : billet {n}",
            text=f"On parle de {brand} ici.",
            url=f"https://blog.example.fr/{n}",
            guid=f"g{n}",
            author="Auteur",
            published_at=published,
        )
        mention = NewMention(
            BrandMatch(brand, (brand,), (Span("title", 0, len(brand)),)),
            Tone(tone, {"positive": 0.6, "negative": -0.6}.get(tone, 0.0), "fr", 0.9),
            ("#veille",) if duplicate_of is None else (),
        )
        key = dedup_key("guid", f"{source}:g{n}")
        entries.append(NewItem(item, (key,), None, (mention,), duplicate_of=duplicate_of))
    return [saved.item_id for saved in store.save_items(entries, at=at) if saved is not None]


def seed(database: str, now: datetime) -> None:
    store = Store(database)
    store.create_schema()
    store.record_poll_success("blog", now - timedelta(days=20))
    found(store, "Viadeo", "negative", published=now - timedelta(hours=1), at=now, count=2)
    (story,) = found(store, "Viadeo", "positive", published=now - timedelta(minutes=30), at=now)
    found(store, "Viadeo", "neutral", published=None, at=now)  # no date: counted when found
    # The same story on another source: one mention, not two.
    found(store, "Viadeo", "positive", published=now - timedelta(minutes=30), at=now, duplicate_of=story)
    # A first poll reads old posts: found today, but they happened 9 days ago.
    found(store, "Viadeo", "negative", published=now - timedelta(days=9), at=now, count=3)
    found(store, "Netvibes", "positive", published=now - timedelta(days=3), at=now - timedelta(days=3))
    store.close()


class Person:
    def __init__(self, veille, fake_slack: FakeSlack) -> None:
        self.veille, self.slack = veille, fake_slack
        self.sent = 0

    def command(self, text: str, user: str = "U0MARIE01") -> dict:
        self.sent += 1
        url = self.slack.response_url_base + f"cmd{self.sent}"
        body = slash_command(text, user_id=user, response_url=url)
        events = f"http://127.0.0.1:{self.veille.http_port}/slack/events"
        assert post_signed(events, body, SIGNING_SECRET).status_code == 200
        return self.slack.wait_for_response(self.sent)[-1]

    def home(self, user: str = "U0MARIE01") -> str:
        self.slack.home_views.pop(user, None)
        events = f"http://127.0.0.1:{self.veille.http_port}/slack/events"
        body = app_home_opened(user)
        assert post_signed(events, body, SIGNING_SECRET, content_type="application/json").status_code == 200
        deadline = time.monotonic() + 15
        while user not in self.slack.home_views and time.monotonic() < deadline:
            time.sleep(0.05)
        return texts(self.slack.home_views[user]["blocks"])


def test_stats_app_home_summaries_and_export_count_the_same_mentions(
    tmp_path, fake_slack, database_url, start_veille
):
    now = datetime.now(UTC)
    seed(database_url, now)
    veille = start_veille(config(tmp_path, database_url, now), slack_secrets(fake_slack))
    person = Person(veille, fake_slack)

    stats = section_texts(person.command("stats 7d"))
    assert "*5 mentions* depuis" in stats
    assert "• *Viadeo* : 4 —" in stats and "• *Netvibes* : 1 —" in stats

    weekly = section_texts(person.command("summary weekly"))
    assert "*Viadeo* : 4 mentions cette semaine" in weekly
    assert "*Netvibes* : 1 mention cette semaine" in weekly

    export = person.command("export since:7d")["text"]
    assert "Export de 5 mentions depuis" in export

    daily = section_texts(person.command("summary"))
    assert "*Viadeo* : 4 mentions (" in daily and "*Netvibes* : 0 mention (" in daily
    assert "🟢 1 positive (25 %) · ⚪ 1 neutre (25 %) · 🔴 2 négatives (50 %)" in daily

    today = person.home().split("*Aujourd'hui*")[1]
    assert "*4 mentions* depuis" in today and "• *Viadeo* : 4 —" in today and "Netvibes" not in today


def test_app_home_lists_the_newest_open_mentions_negative_first_and_says_how_to_see_the_rest(
    tmp_path, fake_slack, database_url, start_veille
):
    now = datetime.now(UTC)
    store = Store(database_url)
    store.create_schema()
    # A first poll found them all at once, the oldest posts first (as a feed lists them).
    for days in range(9, 1, -1):
        found(
            store, "Viadeo", "neutral", published=now - timedelta(days=days), at=now, title=f"Ancien {days}"
        )
    found(
        store, "Viadeo", "positive", published=now - timedelta(days=1), at=now, title="Hier, bonne nouvelle"
    )
    found(store, "Viadeo", "negative", published=now - timedelta(hours=3), at=now, title="Viadeo : panne")
    found(store, "Viadeo", "neutral", published=now - timedelta(minutes=20), at=now, title="Viadeo recrute")
    found(store, "Viadeo", "positive", published=now - timedelta(minutes=10), at=now, title="Viadeo primé")
    store.close()
    fake_slack.enforce_pace = False
    quick = {"backoff_base": 0.2, "backoff_max": 1.0, "idle_wait": 0.1, "per_channel_interval": 0}
    veille = start_veille(
        config(tmp_path, database_url, now), slack_secrets(fake_slack), outbox_options=quick
    )
    fake_slack.wait_for("chat.postMessage", count=12)
    person = Person(veille, fake_slack)

    unassigned = person.home().split("*Sans responsable*")[1].split("*Aujourd'hui*")[0]
    shown = [line for line in unassigned.splitlines() if line.startswith(("🔴", "🟢", "⚪"))]
    titles = [line.split("|")[1].split(">")[0] for line in shown]
    assert titles == [
        "Viadeo : panne",
        "Viadeo primé",
        "Viadeo recrute",
        "Hier, bonne nouvelle",
        "Ancien 2",
        "Ancien 3",
        "Ancien 4",
        "Ancien 5",
        "Ancien 6",
        "Ancien 7",
    ]
    assert "… et 2 autres sans responsable : `/veille search open:unassigned` les liste toutes." in unassigned

    listed = section_texts(person.command("search open:unassigned"))
    assert "résultats 1–10 sur 12" in listed


def test_slash_commands_answer_in_the_language_slack_knows_the_person_by(
    tmp_path, fake_slack, database_url, start_veille
):
    now = datetime.now(UTC)
    seed(database_url, now)
    fake_slack.locales["U0JOHN001"] = "en-GB"
    veille = start_veille(config(tmp_path, database_url, now), slack_secrets(fake_slack))
    person = Person(veille, fake_slack)

    assert "*5 mentions* since" in section_texts(person.command("stats 7d", user="U0JOHN001"))
    assert "*Viadeo*: 4 mentions this week" in section_texts(
        person.command("summary weekly", user="U0JOHN001")
    )
    assert "*5 mentions* depuis" in section_texts(person.command("stats 7d"))  # Marie: no locale, French
    asked = [c for c in fake_slack.calls_to("users.info") if c.args.get("user") == "U0JOHN001"]
    assert len(asked) == 1  # Slack is asked once, then the answer is kept
