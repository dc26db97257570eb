"""Noise silenced from Slack: an author, a site (and its subdomains) or a word excluded for a brand.

The store keeps the mutes; whether one applies to an item is the rule of veille.matching.noise,
which the caller hands in where it is needed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from veille.model import Mute
from veille.store.schema import RERENDER, Domain, alerts, audit, mutes

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
                exists = conn.scalar(
                    select(mutes.c.id).where(
                        mutes.c.kind == kind,
                        mutes.c.value == value[:300],
                        mutes.c.brand.is_(None) if brand is None else mutes.c.brand == brand,
                    )
                )
                if exists is not None:
                    return False
                conn.execute(
                    mutes.insert().values(
                        kind=kind,
                        value=value[:300],
                        display=display[:300],
                        brand=brand,
                        created_by=by[:40],
                        created_at=at,
                    )
                )
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
        return all_mutes(self.engine)


def all_mutes(engine: Engine) -> list[Mute]:
    with engine.connect() as conn:
        return [Mute(**row._mapping) for row in conn.execute(select(mutes).order_by(mutes.c.id))]
