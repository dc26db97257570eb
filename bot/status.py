"""Is Veille working: the facts a running bot (or its database alone) gives, and the readiness
report made of them, which /readyz serves and `veille status` prints.

`assess` is pure: the same facts give the same report. `read_stored` reads what the database
holds (last successful polls, the outbox's oldest pending alert, the last Slack error)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from veille.i18n import Lang, t
from veille.store import Store, alerts, source_state
from veille.store.delivery_store import FailedOutput
from veille.store.migrate import unreachable
from veille.store.schema import deliveries

OUTBOX_STUCK_AFTER = 5 * 60.0
"""Seconds the oldest pending alert may wait before the outbox counts as stuck."""
POLL_INTERVALS = 3
"""A source polled successfully within this many of its intervals counts as working."""
SLACK_AUTH_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
)

CHECKS = ("database", "scheduler", "polls", "outbox", "slack", "outputs")
OUTPUT_FAILURES_SHOWN = timedelta(hours=24)
"""How long a delivery an output refused keeps the outputs check failing (shown, not blocking)."""


@dataclass(frozen=True)
class StoredFacts:
    last_success: dict[str, datetime | None]
    """Per source key: its last successful poll (None: never)."""
    pending: int
    oldest_pending: datetime | None
    slack_error: str | None
    """The Slack error of the newest pending alert's last attempt, if any."""
    outputs_waiting: int = 0
    """Deliveries to the configured `[[outputs]]` not settled yet."""
    outputs_kept: tuple[tuple[str, int], ...] = ()
    """(output, deliveries not settled) of outputs no longer in the configuration: kept, unsent."""
    failed_outputs: tuple[FailedOutput, ...] = ()
    """The outputs that refused deliveries lately (`OUTPUT_FAILURES_SHOWN`)."""


@dataclass(frozen=True)
class Facts:
    now: datetime
    lang: Lang
    stored: StoredFacts | str
    """What the database holds, or why it could not be read."""
    sources: dict[str, float] = field(default_factory=dict)
    """Per configured source key: its poll interval in seconds."""
    started_at: datetime | None = None
    scheduler_running: bool | None = None
    """None: not known (no running bot answered)."""
    slack: bool = True
    """False in console mode: no Slack to check."""
    stuck_after: float = OUTBOX_STUCK_AFTER


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None
    """None: does not apply here."""
    why: str
    blocks: bool = True
    """False: a failure is shown, yet Veille stays ready (a webhook receiver refusing deliveries
    must not take the bot out of a load balancer)."""


@dataclass(frozen=True)
class Readiness:
    checks: tuple[Check, ...]

    @property
    def ready(self) -> bool:
        return all(check.ok is not False or not check.blocks for check in self.checks)

    @property
    def failing(self) -> list[str]:
        return [check.name for check in self.checks if check.ok is False]

    def as_json(self) -> dict[str, object]:
        return {
            "ready": self.ready,
            "failing": self.failing,
            "checks": {
                check.name: {"ok": check.ok, "why": check.why} | ({} if check.blocks else {"blocks": False})
                for check in self.checks
            },
        }

    @classmethod
    def from_json(cls, value: object) -> Readiness:
        """The report a running bot's /readyz answered (ValueError if it is not one)."""
        if not isinstance(value, dict) or not isinstance(value.get("checks"), dict):
            raise ValueError("not a readiness report")
        checks = []
        for name, check in value["checks"].items():
            if not isinstance(check, dict) or check.get("ok") not in (True, False, None):
                raise ValueError("not a readiness report")
            blocks = check.get("blocks", True) is not False
            checks.append(Check(str(name), check.get("ok"), str(check.get("why", "")), blocks))
        return cls(tuple(checks))


def read_stored(store: Store, outputs: Collection[str] = ()) -> StoredFacts:
    """What the database says; raises what the database raises when it is away."""
    waiting = alerts.c.status.in_(("pending", "sending"))
    with store.engine.connect() as conn:
        if not inspect(conn).has_table(alerts.name):
            return StoredFacts({}, 0, None, None)  # a bot never started on it: nothing yet
        polls = {
            str(row.source): row.last_success_at
            for row in conn.execute(select(source_state.c.source, source_state.c.last_success_at))
        }
        pending, oldest = conn.execute(
            select(func.count(), func.min(alerts.c.created_at)).select_from(alerts).where(waiting)
        ).one()
        last_error = conn.scalar(
            select(alerts.c.last_error)
            .where(waiting & alerts.c.last_error.is_not(None))
            .order_by(alerts.c.id.desc())
            .limit(1)
        )
    facts = StoredFacts(polls, int(pending or 0), _utc(oldest), _slack_error(last_error))
    return _with_outputs(store, facts, outputs)


def _with_outputs(store: Store, facts: StoredFacts, configured: Collection[str]) -> StoredFacts:
    with store.engine.connect() as conn:
        if not inspect(conn).has_table(deliveries.name):
            return facts
    failed = store.failed_outputs(datetime.now(UTC) - OUTPUT_FAILURES_SHOWN)
    waiting = store.waiting_per_output()
    return replace(
        facts,
        outputs_waiting=sum(n for name, n in waiting.items() if name in configured),
        outputs_kept=tuple(sorted((name, n) for name, n in waiting.items() if name not in configured)),
        failed_outputs=tuple(f for f in failed if f.output in configured),
    )


def stored_facts(store: Store, outputs: Collection[str] = ()) -> StoredFacts | str:
    """What the database says, or why it cannot say it (the driver's words). `outputs`: the names
    of the configured `[[outputs]]`; deliveries to others are counted apart."""
    try:
        return read_stored(store, outputs)
    except OperationalError as exc:
        return unreachable(store.engine, exc)[1]
    except SQLAlchemyError as exc:
        return str(exc).strip().splitlines()[0]


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _slack_error(error: str | None) -> str | None:
    if not error:
        return None
    for word in SLACK_AUTH_ERRORS:
        if word in error:
            return word
    return None


def ago(seconds: float, lang: Lang) -> str:
    if seconds < 120:
        return t("status.seconds", lang, count=round(seconds))
    if seconds < 2 * 3600:
        return t("status.minutes", lang, count=round(seconds / 60))
    return t("status.hours", lang, count=round(seconds / 3600))


MARKS = {True: "✓", False: "✗", None: "–"}


def check_lines(report: Readiness, lang: Lang) -> list[str]:
    """Each check as one line a person reads: its mark, its name, why (plain text)."""
    return [
        f"{MARKS[check.ok]} {check_label(check.name, lang)}{t('status.separator', lang)}{check.why}"
        for check in report.checks
    ]


def check_label(name: str, lang: Lang) -> str:
    return t(f"status.check.{name}", lang) if name in CHECKS else name


def assess(facts: Facts) -> Readiness:
    """The readiness report of `facts`: each check ok, failing or not applicable, and why."""
    lang = facts.lang
    checks: list[Check] = []
    stored = facts.stored
    if isinstance(stored, str):
        checks.append(Check("database", False, t("status.database.away", lang, reason=stored)))
    else:
        checks.append(Check("database", True, t("status.database.ok", lang)))
    if facts.scheduler_running is not None:
        key = "status.scheduler.ok" if facts.scheduler_running else "status.scheduler.stopped"
        checks.append(Check("scheduler", facts.scheduler_running, t(key, lang)))
    if isinstance(stored, StoredFacts):
        checks.append(_polls(facts, stored))
        checks.append(_outbox(facts, stored))
    if not facts.slack:
        checks.append(Check("slack", None, t("status.slack.console", lang)))
    elif isinstance(stored, StoredFacts) and stored.slack_error:
        checks.append(Check("slack", False, t("status.slack.refused", lang, error=stored.slack_error)))
    elif facts.scheduler_running is not None:
        checks.append(Check("slack", True, t("status.slack.ok", lang)))
    if isinstance(stored, StoredFacts) and stored.failed_outputs:
        last = stored.failed_outputs[-1]
        why = t("status.outputs.failed", lang, count=last.count, output=last.output, error=last.last_error)
        checks.append(Check("outputs", False, why, blocks=False))
    elif isinstance(stored, StoredFacts) and (stored.outputs_waiting or stored.outputs_kept):
        said = [t("status.outputs.ok", lang, count=stored.outputs_waiting)] if stored.outputs_waiting else []
        said += [t("status.outputs.kept", lang, count=n, output=name) for name, n in stored.outputs_kept]
        checks.append(Check("outputs", True, t("status.separator.list", lang).join(said)))
    return Readiness(tuple(checks))


def _polls(facts: Facts, stored: StoredFacts) -> Check:
    lang = facts.lang
    if not facts.sources:
        return Check("polls", True, t("status.polls.no_sources", lang))
    longest = max(facts.sources.values()) * POLL_INTERVALS
    if facts.started_at is not None and (facts.now - facts.started_at).total_seconds() < longest:
        recent = True
    else:
        recent = False
    latest: tuple[datetime, str] | None = None
    for key, interval in facts.sources.items():
        success = _utc(stored.last_success.get(key))
        if success is None:
            continue
        age = (facts.now - success).total_seconds()
        if age <= interval * POLL_INTERVALS:
            return Check("polls", True, t("status.polls.ok", lang, source=key, ago=ago(age, lang)))
        if latest is None or success > latest[0]:
            latest = (success, key)
    if recent:
        return Check("polls", True, t("status.polls.starting", lang))
    if latest is None:
        return Check("polls", False, t("status.polls.never", lang))
    age = (facts.now - latest[0]).total_seconds()
    return Check("polls", False, t("status.polls.stale", lang, source=latest[1], ago=ago(age, lang)))


def _outbox(facts: Facts, stored: StoredFacts) -> Check:
    lang = facts.lang
    if stored.oldest_pending is None:
        return Check("outbox", True, t("status.outbox.empty", lang))
    age = max(0.0, (facts.now - stored.oldest_pending).total_seconds())
    values = {"count": stored.pending, "ago": ago(age, lang)}
    if age > facts.stuck_after:
        return Check("outbox", False, t("status.outbox.stuck", lang, **values))
    return Check("outbox", True, t("status.outbox.moving", lang, **values))
