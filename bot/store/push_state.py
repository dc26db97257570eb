"""Where WebSub subscriptions are kept: in their feed's `source_state.cursor`, which feeds do not
otherwise use (veille.sources.websub writes it as `websub:` and JSON).

A subscription changes from the poll thread and from the hub's own requests at once (a hub often
verifies before it answers the request), and possibly on two replicas: every change is a
compare-and-set on the cursor, so the loser reads again instead of overwriting."""

from __future__ import annotations

from sqlalchemy import select, update

from veille.sources.websub import PREFIX
from veille.store.schema import source_state
from veille.store.source_store import SourceStore


def kept_subscriptions(store: SourceStore) -> dict[str, str]:
    """Every source's kept subscription, raw, by source."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(source_state.c.source, source_state.c.cursor).where(
                source_state.c.cursor.startswith(PREFIX, autoescape=True)
            )
        )
        return {source: cursor for source, cursor in rows}


def cursor_of(store: SourceStore, source: str) -> str | None:
    with store.engine.connect() as conn:
        value = conn.scalar(select(source_state.c.cursor).where(source_state.c.source == source))
    return None if value is None else str(value)


def swap_cursor(store: SourceStore, source: str, old: str | None, new: str | None) -> bool:
    """Set the cursor of `source` to `new` if it still is `old`; False when it changed meanwhile
    (or the source has no state yet)."""
    same = source_state.c.cursor.is_(None) if old is None else source_state.c.cursor == old
    with store.engine.begin() as conn:
        changed = conn.execute(
            update(source_state).where(source_state.c.source == source, same).values(cursor=new)
        ).rowcount
    return bool(changed)
