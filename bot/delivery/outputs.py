"""Outputs: each new mention (and each triage change, if asked) POSTed to the `[[outputs]]`
webhooks, signed, retried, never lost.

A delivery row is queued with the mention (same transaction) or right after the triage change,
then moves pending → sending → posted like the other outbox queues (veille.store.queue). Each
output has its own worker thread and its own gate, so a slow or failing receiver never delays
Slack alerts or another output. A network error, a 408, a 429 or a 5xx closes the output's gate
for an exponential backoff with jitter (a Retry-After is honoured instead, and a 429 is not
counted against the row); when it opens the oldest delivery goes first. Any other 4xx (and a 3xx:
redirects are not followed) is permanent: the row is kept "failed" with the answer, and
`veille status` / /readyz say so.

Delivery is at least once: a row left "sending" by a crash or a stop may or may not have reached
the receiver, so it is sent again with the same Veille-Delivery key, on which the receiver
dedups. Requests go through the address guard (veille.sources.guard) like the sources' fetches.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import httpx

from veille.config.outputs import OutputConfig
from veille.delivery.output_events import encoded, headers, mention_body, triage_deliveries
from veille.delivery.pace import Clock, SystemClock
from veille.delivery.recovery import ABANDONED_AFTER
from veille.sources.addresses import AddressPolicy, AddressRefused
from veille.sources.base import FetchCancelled
from veille.sources.guard import GuardedTransport, Resolver, system_resolver
from veille.sources.http import USER_AGENT, parse_retry_after
from veille.store import DatabaseWatch, Store
from veille.store.delivery_store import DeliveryEntry
from veille.store.leader import dead_replicas

log = logging.getLogger(__name__)

BATCH = 20
RETRIED = frozenset({408, 429})
ANSWER_SHOWN = 300  # characters of a refusal's body kept with the row


@dataclass
class Gate:
    """An output's gate: closed after a failure, for a backoff that doubles with each in a row."""

    base: float = 2.0
    cap: float = 300.0
    jitter: Callable[[], float] = random.random
    closed_until: float = 0.0
    failures: int = 0

    def close(self, now: float, retry_after: float | None) -> float:
        """Close from `now` (monotonic); the wait, in seconds."""
        if retry_after is not None:
            delay = max(0.5, retry_after)
        else:
            self.failures += 1
            exponential = min(self.cap, self.base * 2.0 ** (self.failures - 1))
            delay = exponential * (0.5 + 0.5 * self.jitter())
        self.closed_until = max(self.closed_until, now + delay)
        return delay

    def opened(self) -> None:
        self.closed_until, self.failures = 0.0, 0


@dataclass
class OutputWorker:
    """One output's deliveries, oldest first, behind its gate."""

    store: Store
    output: OutputConfig
    secret: bytes
    client: httpx.Client
    clock: Clock
    gate: Gate
    stopping: Callable[[], bool] = lambda: False
    wake: threading.Event = field(default_factory=threading.Event)

    @property
    def name(self) -> str:
        return self.output.name

    def deliver(self) -> int:
        """Settle what a crash left "sending", then send what is due while the gate is open."""
        done = self.settle()
        for entry in self.store.due_deliveries(self.name, self.clock.now(), BATCH):
            if self.stopping() or self.gate.closed_until > self.clock.monotonic():
                break
            done += self.send(entry)
        return done

    def settle(self) -> int:
        """Rows left "sending" by this output's worker before a restart, or by a dead replica,
        go back to pending: they are sent again under the same key."""
        store, owner = self.store, self.store.replica
        rows = store.sending_deliveries(self.name)
        if store.backend == "postgresql" and rows:
            others = {e.sending_by for e in rows if e.sending_by not in (None, owner)}
            dead = dead_replicas(store.engine, {o for o in others if o is not None}) if others else set()
            old = self.clock.now() - ABANDONED_AFTER
            rows = [
                e
                for e in rows
                if e.sending_by in (None, owner)
                or e.sending_by in dead
                or not e.sending_at
                or e.sending_at < old
            ]
        settled = 0
        for entry in rows:
            if store.delivery_queue.adopt(entry.delivery_id, owner, entry.sending_by):
                why = "interrupted before its answer; sent again under the same key"
                store.delivery_queue.retry(entry.delivery_id, why, None, by=owner)
                log.warning("output %s: delivery %s %s", self.name, entry.key, why)
                settled += 1
        return settled

    def send(self, entry: DeliveryEntry) -> int:
        queue, owner = self.store.delivery_queue, self.store.replica
        body = entry.body
        if body is None:
            mention = self.store.mention_event(entry.mention_id) if entry.mention_id is not None else None
            if mention is None:
                queue.give_up(entry.delivery_id, "the mention is no longer stored")
                return 1
            body = encoded(mention_body(entry.key, mention))
        if not queue.claim(entry.delivery_id, self.clock.now(), sending_by=owner, body=body):
            return 0  # another replica took it
        raw = body.encode()
        sent = headers(entry.event, entry.key, self.secret, raw, self.clock.now())
        try:
            with self.client.stream("POST", self.output.url, content=raw, headers=sent) as response:
                status = response.status_code
                wait = parse_retry_after(response.headers.get("Retry-After"))
                # A 2xx says the receiver has it: its body is not read, so a body cut short or
                # dripping after it never gets the delivery sent again.
                answer = "" if 200 <= status < 300 else _start_of(response)
        except FetchCancelled:
            queue.retry(entry.delivery_id, "Veille stopped", None, counted=False, by=owner)
            return 0
        except AddressRefused as error:
            return self._refused(entry, error.refusal.message())
        except httpx.HTTPError as error:
            return self._later(entry, f"{type(error).__name__}: {error}", None, counted=True)
        if 200 <= status < 300:
            queue.posted(entry.delivery_id, self.clock.now(), http_status=status)
            self.gate.opened()
            log.info("output %s: %s delivered (HTTP %s)", self.name, entry.key, status)
            return 1
        said = f"HTTP {status}" + (f": {answer}" if answer else "")
        if status in RETRIED or status >= 500:
            return self._later(entry, said, wait if status in (429, 503) else None, counted=status != 429)
        return self._refused(entry, said)

    def _later(self, entry: DeliveryEntry, error: str, retry_after: float | None, *, counted: bool) -> int:
        delay = self.gate.close(self.clock.monotonic(), retry_after)
        when = self.clock.now() + timedelta(seconds=delay)
        self.store.delivery_queue.retry(
            entry.delivery_id, error, when, counted=counted, by=self.store.replica
        )
        log.warning("output %s: %s not delivered (%s); retry in %.0f s", self.name, entry.key, error, delay)
        return 1

    def _refused(self, entry: DeliveryEntry, error: str) -> int:
        self.store.delivery_queue.give_up(entry.delivery_id, error)
        log.error("output %s: %s refused, given up: %s", self.name, entry.key, error)
        return 1


def _start_of(response: httpx.Response) -> str:
    """The first characters of an answer's body, as text, for the row and the log."""
    kept = b""
    for chunk in response.iter_raw():
        kept += chunk
        if len(kept) >= ANSWER_SHOWN * 4:
            break
    return " ".join(kept.decode("utf-8", "replace").split())[:ANSWER_SHOWN]


class Outputs:
    """Every output's worker, each on its own thread."""

    def __init__(
        self,
        store: Store,
        outputs: Sequence[OutputConfig],
        secrets: Mapping[str, bytes],
        policy: AddressPolicy,
        clock: Clock | None = None,
        *,
        backoff_base: float = 2.0,
        backoff_max: float = 300.0,
        idle_wait: float = 1.0,
        timeout: float = 10.0,
        database: DatabaseWatch | None = None,
        resolve: Resolver = system_resolver,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.database = database or DatabaseWatch(store.engine)
        self.idle_wait = idle_wait
        self._stop = threading.Event()
        self._cancelled = threading.Event()
        self._threads: list[threading.Thread] = []
        store.set_outputs(outputs)
        self.client = httpx.Client(
            transport=GuardedTransport(policy, self._cancelled, resolve, connections=max(1, len(outputs))),
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(timeout, connect=min(5.0, timeout)),
            headers={"User-Agent": USER_AGENT},
        )
        self.workers = [
            OutputWorker(
                store,
                output,
                secrets[output.name],
                self.client,
                self.clock,
                Gate(backoff_base, backoff_max, jitter),
                self._stop.is_set,
            )
            for output in outputs
        ]

    def queue_triage(self, alert_id: int) -> int:
        """Queue the alert's latest triage change for the outputs that want it; how many rows."""
        if not any("triage" in o.events for o in self.store.outputs):
            return 0
        queued = self.store.queue_deliveries(triage_deliveries(self.store, alert_id))
        if queued:
            self.wake()
        return queued

    def start(self) -> None:
        self._stop.clear()
        self._threads = [
            threading.Thread(
                target=self._run, args=(worker,), name=f"veille-output-{worker.name}", daemon=True
            )
            for worker in self.workers
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._cancelled.set()  # a request in flight stops within a fraction of a second
        self.wake()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []
        self.client.close()

    def wake(self) -> None:
        for worker in self.workers:
            worker.wake.set()

    def deliver_due(self) -> int:
        """One pass of every output (tests and the CLI)."""
        return sum(self._turn(worker, wait=False) for worker in self.workers)

    def _run(self, worker: OutputWorker) -> None:
        while not self._stop.is_set():
            if self.database.is_down and not self.database.wait_until_up(0.5):
                continue
            self._turn(worker)

    def _turn(self, worker: OutputWorker, *, wait: bool = True) -> int:
        try:
            worked = worker.deliver()
        except Exception as error:  # the database may be briefly away; the next turn tries again
            if not self.database.failed(error):
                log.exception("output %s: delivery pass failed", worker.name)
            worked = 0
        if not worked and wait:
            opens = worker.gate.closed_until - self.clock.monotonic()
            pause = self.idle_wait if opens <= 0 else min(self.idle_wait, opens)
            self.clock.wait(worker.wake, max(0.01, pause))
            worker.wake.clear()
        return worked
