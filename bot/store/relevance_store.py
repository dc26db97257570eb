"""What the team's triage taught about each brand, and the mentions the relevance model doubted.

A decision is read from the audit trail: "not relevant" says a mention is not about its brand;
"handled", an assignment, a tone correction or "bring back" say it is. A mention's latest decision
counts, at the time it was taken, so a mention marked not relevant then handled teaches once, as
relevant. Every one of them writes an audit row, so the largest audit id tells whether anything
changed since a model was built (`decisions_marker`).

A mention the model doubted keeps its probability and the words behind the doubt
(`mentions.relevance`, `mentions.relevance_words`); its alert is "set_aside" (waiting for someone
to bring it back) or "dropped" (stored and searchable, never posted) when its brand asks for it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from veille.relevance import Example
from veille.store.schema import Domain, alerts, audit, items, mentions
from veille.text.urls import host_of

# Audit actions that are a relevance decision: True when they say the mention is about its brand.
DECISIONS: dict[str, bool] = {
    "not_relevant": False,
    "handled": True,
    "assign": True,
    "tone": True,
    "bring_back": True,
}
SET_ASIDE = "set_aside"
DROPPED = "dropped"
_NEWEST_DECISION = select(func.max(audit.c.id))  # built once: asked every poll


def newest_decision(conn: Connection) -> int:
    """The largest audit id (see `RelevanceStore.decisions_marker`), on a connection already open."""
    return int(conn.scalar(_NEWEST_DECISION) or 0)


def example_of(
    brand: str,
    title: str,
    text: str,
    terms: tuple[str, ...],
    source_type: str,
    url: str | None,
    author: str | None,
    language: str,
) -> Example:
    """What the relevance model reads of a mention, the same when it learns and when it judges."""
    return Example(
        brand=brand,
        text=". ".join(part for part in (title, text) if part),
        terms=terms,
        source=source_type,
        site=host_of(url) or None,
        author=author,
        language=language,
    )


class RelevanceStore(Domain):
    def decisions(self, brand: str) -> list[tuple[Example, bool]]:
        """The brand's mentions the team decided on, each with its latest decision (True: about
        the brand), in the order those decisions were taken."""
        query = (
            select(
                audit.c.action,
                mentions.c.id,
                mentions.c.terms,
                mentions.c.language,
                items.c.title,
                items.c.text,
                items.c.source_type,
                items.c.url,
                items.c.author,
            )
            .select_from(audit.join(alerts, audit.c.alert_id == alerts.c.id))
            .join(mentions, alerts.c.mention_id == mentions.c.id)
            .join(items, mentions.c.item_id == items.c.id)
            .where(mentions.c.brand == brand, audit.c.action.in_(list(DECISIONS)))
            .order_by(audit.c.at, audit.c.id)
        )
        latest: dict[int, tuple[Example, bool]] = {}
        with self.engine.connect() as conn:
            for action, mention_id, terms, language, title, text, source_type, url, author in conn.execute(
                query
            ):
                example = example_of(
                    brand,
                    title or "",
                    text or "",
                    tuple(str(term) for term in terms or ()),
                    source_type,
                    url,
                    author,
                    language,
                )
                latest.pop(mention_id, None)  # moved to the end: its latest decision's place
                latest[mention_id] = (example, DECISIONS[action])
        return list(latest.values())

    def decisions_marker(self) -> int:
        """Changes whenever a decision is taken (the largest audit id): cheap to ask every poll."""
        with self.engine.connect() as conn:
            return newest_decision(conn)

    def bring_back(self, alert_id: int, by: str, at: datetime) -> bool:
        """Post a set-aside alert after all: its mention's set-aside alerts go back to the outbox,
        and the audit row teaches the model that the mention was about its brand. False when it
        was not set aside (already brought back, or never)."""
        with self.engine.begin() as conn:
            mention_id = conn.scalar(select(alerts.c.mention_id).where(alerts.c.id == alert_id))
            if mention_id is None:
                return False
            # The mention is about its brand: every alert of it set aside goes (the escalation's too).
            result = conn.execute(
                update(alerts)
                .where(alerts.c.mention_id == mention_id, alerts.c.status == SET_ASIDE)
                .values(status="pending", next_attempt_at=None)
            )
            if not result.rowcount:
                return False
            conn.execute(
                audit.insert().values(
                    alert_id=alert_id, user_id=by[:40], action="bring_back", value=None, at=at
                )
            )
            return True

    def alert_doubt(self, alert_id: int) -> tuple[float, tuple[str, ...]] | None:
        """(probability of being about the brand, words) when the model doubted the alert's mention."""
        query = (
            select(mentions.c.relevance, mentions.c.relevance_words)
            .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
            .where(alerts.c.id == alert_id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or row[0] is None or row[1] is None:
            return None
        return float(row[0]), tuple(str(word) for word in row[1])

    def mention_relevance(self, mention_id: int) -> tuple[float | None, tuple[str, ...] | None]:
        """(probability, words) stored on a mention; None where it was not judged or not doubted."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(mentions.c.relevance, mentions.c.relevance_words).where(mentions.c.id == mention_id)
            ).first()
        if row is None:
            return None, None
        words = None if row[1] is None else tuple(str(word) for word in row[1])
        return row[0], words
