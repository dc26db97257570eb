"""The team's other tools hear of each new mention: one signed POST per mention and output,
retried until the receiver takes it, never lost, never a second key for one event.

The receiver is a real local HTTP server; the bot's clock is simulated, so backoffs play at once.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.fakes.receiver import Receiver, free_port
from tests.fakes.tone import FixedTone
from veille.app import StartupError, Veille
from veille.config import LoadedConfig, Secrets, parse_config
from veille.config.base import ConfigError
from veille.delivery.outputs import Outputs
from veille.model import Item, Tone
from veille.pipeline.steps import Pipeline
from veille.status import Facts, assess, stored_facts
from veille.store import Store
from veille.triage import Triage

SECRET = b"s3cret-of-the-crm"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "outputs.md"


class SimulatedClock:
    """Time moves only when the bot waits or the test says so."""

    def __init__(self) -> None:
        self.started = time.time()
        self.elapsed = 0.0

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.started + self.elapsed, UTC)

    def monotonic(self) -> float:
        return 1_000.0 + self.elapsed

    def wait(self, event: threading.Event, seconds: float) -> bool:
        if not event.is_set():
            self.elapsed += max(0.0, seconds)
        return event.is_set()

    def advance(self, seconds: float) -> None:
        self.elapsed += seconds


class Woken:
    def wake(self) -> None:
        pass


def config_for(url: str, **output: Any) -> Any:
    return parse_config(
        {
            "veille": {"allow_private_addresses": ["127.0.0.1"], "default_channel": "#veille"},
            "brands": [{"name": "Viadeo"}, {"name": "Qonto"}],
            "outputs": [{"name": "crm", "url": url, "secret_env": "VEILLE_CRM_SECRET", **output}],
        },
        "veille.toml",
    )


def documented_verify() -> Any:
    """The verification recipe of docs/outputs.md, run as a receiver would copy it."""
    recipe = re.search(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert recipe is not None
    space: dict[str, Any] = {}
    exec(recipe.group(1), space)
    return space["verify"]


def mention(brand: str, n: int = 1, title: str | None = None) -> Item:
    return Item(
        source="Tech blog",
        source_type="rss",
        title=title or f"{brand} lance une offre, épisode {n}",
        text=f"Cette semaine {brand} a annoncé une nouvelle offre pour les équipes.",
        url=f"https://blog.example/{brand.lower()}/{n}",
        guid=f"{brand}-{n}",
        author="Zoé",
        published_at=datetime.now(UTC),
    )


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    yield store
    store.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.stop()


def start_outputs(store: Store, config: Any, clock: SimulatedClock) -> Outputs:
    return Outputs(
        store,
        config.outputs,
        {"crm": SECRET},
        config.veille.address_policy(),
        clock,
        jitter=lambda: 1.0,
        timeout=5.0,
    )


def find(store: Store, config: Any, *items: Item) -> None:
    Pipeline(config, store, FixedTone(Tone("negative", -0.4, "fr", 0.8))).process(list(items))


def delivered(outputs: Outputs, clock: SimulatedClock, passes: int = 5) -> None:
    for _ in range(passes):
        outputs.deliver_due()
        clock.advance(1.0)


def test_a_stored_mention_arrives_once_as_a_signed_post_the_documented_recipe_verifies(store, receiver):
    config = config_for(receiver.url)
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    find(store, config, mention("Viadeo"))

    delivered(outputs, clock)

    (request,) = receiver.received
    assert request.header("Content-Type") == "application/json"
    assert request.header("Veille-Event") == "mention"
    assert documented_verify()(SECRET, request.headers, request.body)
    assert not documented_verify()(b"another secret", request.headers, request.body)
    assert not documented_verify()(SECRET, request.headers, request.body + b" ")
    body = json.loads(request.body)
    assert body["event"] == "mention" and body["delivery"] == request.header("Veille-Delivery")
    seen = body["mention"]
    assert (seen["brand"], seen["title"], seen["source"], seen["author"]) == (
        "Viadeo",
        "Viadeo lance une offre, épisode 1",
        "Tech blog",
        "Zoé",
    )
    assert seen["tone"]["label"] == "negative" and seen["tone"]["score"] == pytest.approx(-0.4)
    assert seen["terms"] == ["Viadeo"] and seen["language"] == "fr"
    assert seen["url"] == "https://blog.example/viadeo/1" and seen["happened_at"].endswith("Z")
    assert seen["alert"]["channel"] == "#veille"
    assert [d.status for d in store.deliveries_of("crm")] == ["posted"]
    outputs.stop()


def test_a_receiver_down_then_up_gets_the_mention_once_later_under_the_same_key(store):
    port = free_port()
    config = config_for(f"http://127.0.0.1:{port}/hooks/veille")
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    find(store, config, mention("Viadeo"))

    outputs.deliver_due()
    outputs.deliver_due()  # the output's gate is closed: nothing is tried meanwhile
    (waiting,) = store.deliveries_of("crm")
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert "ConnectError" in (waiting.last_error or "")

    receiver = Receiver(port)
    try:
        clock.advance(30)
        delivered(outputs, clock)
        (request,) = receiver.received
        assert request.header("Veille-Delivery") == waiting.key
        assert [d.status for d in store.deliveries_of("crm")] == ["posted"]
    finally:
        receiver.stop()
        outputs.stop()


def test_a_500_is_retried_after_a_backoff_and_a_429_waits_its_retry_after(store, receiver):
    config = config_for(receiver.url)
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    receiver.answer(500, (429, {"Retry-After": "120"}))
    find(store, config, mention("Viadeo"))

    outputs.deliver_due()
    outputs.deliver_due()
    assert len(receiver.received) == 1  # the gate waits out its backoff
    clock.advance(2.5)
    outputs.deliver_due()
    assert len(receiver.received) == 2
    clock.advance(100)
    outputs.deliver_due()
    assert len(receiver.received) == 2  # Retry-After: 120 s is not over yet
    clock.advance(25)
    outputs.deliver_due()

    assert len(receiver.received) == 3
    assert len({r.header("Veille-Delivery") for r in receiver.received}) == 1
    assert len({r.body for r in receiver.received}) == 1
    (row,) = store.deliveries_of("crm")
    assert (row.status, row.attempts) == ("posted", 2)  # the 429 is not held against it
    outputs.stop()


def test_a_400_is_a_permanent_failure_that_veille_status_shows(store, receiver):
    config = config_for(receiver.url)
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    receiver.answer(400)
    find(store, config, mention("Viadeo", 1), mention("Viadeo", 2))

    delivered(outputs, clock)

    assert len(receiver.received) == 2  # the refusal holds nothing else back
    assert [d.status for d in store.deliveries_of("crm")] == ["failed", "posted"]
    report = assess(Facts(now=datetime.now(UTC), lang="en", stored=stored_facts(store, ["crm"])))
    (check,) = [c for c in report.checks if c.name == "outputs"]
    # Shown, yet Veille stays ready: a receiver's refusal must not take the bot out of service.
    assert check.ok is False and report.ready and report.failing == ["outputs"]
    assert "refused by crm" in check.why and "HTTP 400" in check.why
    french = assess(Facts(now=datetime.now(UTC), lang="fr", stored=stored_facts(store, ["crm"])))
    assert "refusé par crm" in next(c.why for c in french.checks if c.name == "outputs")
    outputs.stop()


def test_a_triage_change_is_sent_when_the_output_asks_for_it(store, receiver):
    config = config_for(receiver.url, events=["mention", "triage"])
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    find(store, config, mention("Viadeo"))
    delivered(outputs, clock)
    triage = Triage(store, Woken(), config, outputs=outputs)  # type: ignore[arg-type]
    alert_id = json.loads(receiver.received[0].body)["mention"]["alert"]["id"]

    assert triage.record(alert_id, "handled", "U0BOB0001")
    assert triage.assign(alert_id, "U0ALICE01", "U0BOB0001")
    delivered(outputs, clock)

    events = [json.loads(r.body) for r in receiver.received]
    assert [e["event"] for e in events] == ["mention", "triage", "triage"]
    handled, assigned = events[1]["triage"], events[2]["triage"]
    assert (handled["action"], handled["state"], handled["actor"]) == ("handled", "handled", "U0BOB0001")
    assert (assigned["action"], assigned["assignee"]) == ("assign", "U0ALICE01")
    assert handled["assignee"] is None  # each event says the alert as it was then
    assert all(documented_verify()(SECRET, r.headers, r.body) for r in receiver.received)
    assert receiver.received[1].header("Veille-Event") == "triage"
    outputs.stop()


def test_an_output_without_triage_hears_only_of_mentions(store, receiver):
    config = config_for(receiver.url)
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    find(store, config, mention("Viadeo"))
    triage = Triage(store, Woken(), config, outputs=outputs)  # type: ignore[arg-type]

    assert triage.record(1, "handled", "U0BOB0001")
    delivered(outputs, clock)

    assert [r.header("Veille-Event") for r in receiver.received] == ["mention"]
    outputs.stop()


def test_the_brands_filter_keeps_the_other_brands_out(store, receiver):
    config = config_for(receiver.url, brands=["qonto"])
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    find(store, config, mention("Viadeo"), mention("Qonto"))

    delivered(outputs, clock)

    assert [json.loads(r.body)["mention"]["brand"] for r in receiver.received] == ["Qonto"]
    outputs.stop()


def test_after_a_crash_a_row_left_sending_is_sent_again_with_the_same_key_and_body(store, receiver):
    config = config_for(receiver.url)
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    find(store, config, mention("Viadeo"))
    delivered(outputs, clock)
    outputs.stop()
    # The crash came after the receiver took it, before Veille recorded the answer.
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE deliveries SET status = 'sending', sending_by = 'gone:1:abcd'"))

    restarted = start_outputs(store, config, clock)
    delivered(restarted, clock)

    first, again = receiver.received
    assert again.header("Veille-Delivery") == first.header("Veille-Delivery")
    assert again.body == first.body
    assert [d.status for d in store.deliveries_of("crm")] == ["posted"]
    restarted.stop()


def test_the_mention_and_its_delivery_are_stored_together_with_no_receiver_running(store):
    config = config_for(f"http://127.0.0.1:{free_port()}/hooks")
    store.set_outputs(config.outputs)

    find(store, config, mention("Viadeo"), mention("Qonto"))

    assert [(d.event, d.status) for d in store.deliveries_of("crm")] == [("mention", "pending")] * 2


def test_an_output_failing_never_holds_slack_alerts_back(store):
    config = config_for(f"http://127.0.0.1:{free_port()}/hooks")
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    find(store, config, mention("Viadeo"))

    outputs.deliver_due()

    assert [a.alert_id for a in store.due_alerts(datetime.now(UTC))] == [1]
    outputs.stop()


def test_an_output_to_a_refused_address_is_refused_by_the_config_naming_the_key():
    with pytest.raises(ConfigError) as refused:
        parse_config(
            {
                "veille": {"default_channel": "#veille"},
                "brands": [{"name": "Viadeo"}],
                "outputs": [{"name": "crm", "url": "http://10.0.0.5/hook", "secret_env": "CRM"}],
            },
            "veille.toml",
        )
    assert refused.value.key == "outputs[0].url"
    assert "allow_private_addresses" in str(refused.value)
    assert "n'est pas chiffrée" in f"{refused.value:fr}"
    with pytest.raises(ConfigError) as unknown:
        config_for("https://crm.example/hook", brands=["Nobody"])
    assert unknown.value.key == "outputs[0].brands" and "Nobody" in str(unknown.value)


def test_veille_does_not_start_when_an_outputs_secret_is_missing_and_says_which(tmp_path, monkeypatch):
    monkeypatch.delenv("VEILLE_CRM_SECRET", raising=False)
    config = config_for("https://crm.example/hooks/veille")
    config = config.model_copy(update={"veille": config.veille.model_copy(update={"language": "en"})})
    veille = Veille(LoadedConfig(config, tmp_path / "veille.toml"), Secrets(None, None, None, None))

    with pytest.raises(StartupError) as refused:
        veille.build()

    assert "outputs[0].secret_env" in str(refused.value) and "VEILLE_CRM_SECRET" in str(refused.value)
    veille.instance_lock.release()
    veille.store.close()


def test_mentions_a_brand_keeps_for_its_hourly_digest_or_daily_summary_still_go_out_at_once(store, receiver):
    config = parse_config(
        {
            "veille": {"allow_private_addresses": ["127.0.0.1"], "default_channel": "#veille"},
            "brands": [{"name": "Viadeo", "delivery": "hourly"}, {"name": "Qonto", "delivery": "daily"}],
            "outputs": [{"name": "crm", "url": receiver.url, "secret_env": "VEILLE_CRM_SECRET"}],
        },
        "veille.toml",
    )
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    find(store, config, mention("Viadeo"), mention("Qonto"))

    delivered(outputs, clock)

    brands = sorted(json.loads(request.body)["mention"]["brand"] for request in receiver.received)
    assert brands == ["Qonto", "Viadeo"]  # the pace is for Slack; the other tools hear at once
    outputs.stop()


def test_a_receiver_that_says_200_then_cuts_its_answer_short_got_the_mention_once(store, receiver):
    config = config_for(receiver.url)
    clock = SimulatedClock()
    outputs = start_outputs(store, config, clock)
    receiver.answer((200, {"Content-Length": "5000"}))
    find(store, config, mention("Viadeo"))

    delivered(outputs, clock)

    assert len(receiver.received) == 1  # its 200 said it has it: never sent again
    (row,) = store.deliveries_of("crm")
    assert (row.status, row.attempts) == ("posted", 1)
    outputs.stop()


def test_an_output_taken_out_of_the_config_has_its_events_kept_and_said_apart(store):
    config = config_for(f"http://127.0.0.1:{free_port()}/hooks")
    store.set_outputs(config.outputs)
    find(store, config, mention("Viadeo"), mention("Qonto"))

    # The team removed the crm's [[outputs]] while its two events were still to send.
    report = assess(Facts(now=datetime.now(UTC), lang="en", stored=stored_facts(store, [])))

    (check,) = [c for c in report.checks if c.name == "outputs"]
    assert check.ok is True and report.ready
    assert (
        check.why
        == "2 events kept for crm, no longer in the configuration (put its [[outputs]] back to send them)"
    )
    french = assess(Facts(now=datetime.now(UTC), lang="fr", stored=stored_facts(store, [])))
    assert "2 événements gardés pour crm, qui n'est plus dans la configuration" in next(
        c.why for c in french.checks if c.name == "outputs"
    )
    assert [d.status for d in store.deliveries_of("crm")] == ["pending", "pending"]
    still = assess(Facts(now=datetime.now(UTC), lang="en", stored=stored_facts(store, ["crm"])))
    assert next(c.why for c in still.checks if c.name == "outputs") == "2 events waiting"
