"""Noise silenced from Slack: an author, a site (and its subdomains) or a word excluded for a brand,
for good; or an author, a site or a story snoozed until a given time (`until`).

The store keeps the mutes; whether one applies to an item is the rule of veille.matching.noise,
which the caller hands in where it is needed. `mutes` are the ones for good, `snoozes` the ones
still running; a snooze past its end is ignored, and renewed when the same thing is snoozed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from veille.matching.noise import normalize, story_value
from veille.model import Mute
from veille.store.schema import RERENDER, Domain, alerts, audit, items, mentions, mutes
from veille.text.urls import host_of

SnoozeOutcome = Literal["snoozed", "muted", "nothing", "unknown"]


@dataclass(frozen=True)
class SnoozeResult:
    """What snoozing an alert's story, author or site did: "snoozed" (`mute` is the snooze),
    "muted" (a mute for good covers it already), "nothing" to snooze, or an "unknown" alert."""

    outcome: SnoozeOutcome
    display: str = ""
    mute: Mute | None = None


# Whether a mute silences an item of (author, url, brand): veille.matching.noise.mute_applies.


class MuteStore(Domain):
    def add_mute(
        self,
        kind: str,
        value: str,
        display: str,
        brand: str | None,
        by: str,
        at: datetime,
        alert_id: int | None = None,
    ) -> bool:
        """Silence an author, a site or a word; False when it already was."""
        try:
            with self.engine.begin() as conn:
                exists = conn.execute(
                    select(mutes.c.id, mutes.c.until).where(
                        mutes.c.kind == kind,
                        mutes.c.value == value[:300],
                        mutes.c.brand.is_(None) if brand is None else mutes.c.brand == brand,
                    )
                ).first()
                if exists is not None and exists[1] is None:
                    return False
                values = {"display": display[:300], "created_by": by[:40], "created_at": at, "until": None}
                if exists is not None:  # a snooze of the same thing becomes a mute for good
                    conn.execute(update(mutes).where(mutes.c.id == exists[0]).values(**values))
                else:
                    conn.execute(mutes.insert().values(kind=kind, value=value[:300], brand=brand, **values))
                conn.execute(
                    audit.insert().values(
                        alert_id=alert_id, user_id=by[:40], action=f"mute_{kind}", value=display[:300], at=at
                    )
                )
                if alert_id is not None:
                    conn.execute(update(alerts).where(alerts.c.id == alert_id).values(**RERENDER))
                return True
        except IntegrityError:
            return False

    def remove_mute(self, mute_id: int, by: str, at: datetime) -> Mute | None:
        with self.engine.begin() as conn:
            row = conn.execute(select(mutes).where(mutes.c.id == mute_id)).first()
            if row is None:
                return None
            conn.execute(mutes.delete().where(mutes.c.id == mute_id))
            mute = Mute(**row._mapping)
            conn.execute(
                audit.insert().values(
                    alert_id=None, user_id=by[:40], action=f"unmute_{mute.kind}", value=mute.display, at=at
                )
            )
            # The alerts the mute was made from show it: re-render them without it.
            shown_on = select(audit.c.alert_id).where(
                audit.c.action == f"mute_{mute.kind}",
                audit.c.value == mute.display,
                audit.c.alert_id.is_not(None),
            )
            conn.execute(update(alerts).where(alerts.c.id.in_(shown_on)).values(**RERENDER))
            return mute

    def mutes(self) -> list[Mute]:
        """The mutes for good (snoozes are `snoozes`)."""
        return all_mutes(self.engine)

    def noise(self, at: datetime) -> tuple[list[Mute], list[Mute]]:
        """(the mutes for good, the snoozes still running at `at`), in one query: a poll's."""
        query = select(mutes).where(mutes.c.until.is_(None) | (mutes.c.until > at)).order_by(mutes.c.id)
        with self.engine.connect() as conn:
            found = [Mute(**row._mapping) for row in conn.execute(query)]
        return [m for m in found if m.until is None], [m for m in found if m.until is not None]

    def snoozes(self, at: datetime) -> list[Mute]:
        """The snoozes still running at `at`, the first to end first."""
        query = select(mutes).where(mutes.c.until > at).order_by(mutes.c.until, mutes.c.id)
        with self.engine.connect() as conn:
            return [Mute(**row._mapping) for row in conn.execute(query)]

    def snooze(
        self,
        kind: str,
        value: str,
        display: str,
        until: datetime,
        by: str,
        at: datetime,
        alert_id: int | None = None,
    ) -> Mute | None:
        """Keep an author, a site or a story (for every brand) out of the alerts until `until`, or
        move the end of its snooze; None when a mute for good silences it already."""
        for _ in range(2):  # a second try when another click inserted the same snooze meanwhile
            try:
                return self._snooze(kind, value[:300], display[:300], until, by[:40], at, alert_id)
            except IntegrityError:
                continue
        return None

    def _snooze(
        self,
        kind: str,
        value: str,
        display: str,
        until: datetime,
        by: str,
        at: datetime,
        alert_id: int | None,
    ) -> Mute | None:
        with self.engine.begin() as conn:
            row = conn.execute(
                select(mutes.c.id, mutes.c.until).where(
                    mutes.c.kind == kind, mutes.c.value == value, mutes.c.brand.is_(None)
                )
            ).first()
            if row is not None and row[1] is None:
                return None
            values = {"display": display, "created_by": by, "created_at": at, "until": until}
            if row is None:
                inserted = conn.execute(mutes.insert().values(kind=kind, value=value, brand=None, **values))
                mute_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
            else:
                mute_id = row[0]
                conn.execute(update(mutes).where(mutes.c.id == mute_id).values(**values))
            conn.execute(
                audit.insert().values(
                    alert_id=alert_id, user_id=by, action=f"snooze_{kind}", value=display, at=at
                )
            )
            return Mute(mute_id, kind, value, display, None, by, at, until)

    def snooze_alert(self, alert_id: int, kind: str, until: datetime, by: str, at: datetime) -> SnoozeResult:
        """Snooze the story ("story": its title's fingerprints), the author or the site of an alert."""
        query = (
            select(items.c.title, items.c.author, items.c.url, items.c.title_key, items.c.title_key_short)
            .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
            .join(items, mentions.c.item_id == items.c.id)
            .where(alerts.c.id == alert_id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return SnoozeResult("unknown")
        title, author, url, whole, short = row
        if kind == "story":
            display, value = (title or "").strip(), story_value((whole, short))
        elif kind == "author":
            display = (author or "").strip()
            value = normalize("author", display) if display else None
        else:
            display = host_of(url) or ""
            value = normalize("site", display) if display else None
        if not display or not value:
            return SnoozeResult("nothing", display)
        mute = self.snooze(kind, value, display[:200], until, by, at, alert_id)
        return SnoozeResult("muted", display) if mute is None else SnoozeResult("snoozed", display, mute)


def all_mutes(engine: Engine) -> list[Mute]:
    """The mutes for good, oldest first."""
    query = select(mutes).where(mutes.c.until.is_(None)).order_by(mutes.c.id)
    with engine.connect() as conn:
        return [Mute(**row._mapping) for row in conn.execute(query)]
