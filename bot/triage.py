"""Triage decisions taken from Slack: stored first, then reflected on the alert message.

The message update goes through the outbox, so it is retried like a post and survives a
restart; the Slack listener only has to record the decision and return.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from veille.config import Config
from veille.delivery.outbox import Outbox
from veille.delivery.outputs import Outputs
from veille.i18n import Lang, t
from veille.matching.noise import NoisePolicy, normalize
from veille.model import AlertState, ToneLabel
from veille.store import Store
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import escape, user_mention
from veille.text.urls import host_of

log = logging.getLogger(__name__)

MuteKind = Literal["author", "site", "word"]
MuteOutcome = Literal["muted", "already", "refused", "nothing", "unknown"]
GroupMembers = Callable[[str], Sequence[str]]
GROUP_CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class MuteResult:
    outcome: MuteOutcome
    kind: MuteKind
    display: str = ""

    def message(self, lang: Lang, policy: NoisePolicy) -> str:
        """What the person who clicked reads (escaped mrkdwn)."""
        if self.outcome == "refused":
            return refusal(lang, policy)
        if self.outcome in ("nothing", "unknown"):
            return t(f"noise.{self.outcome}", lang)
        shown = escape(cut_at_word(self.display, 80))
        return t(f"noise.{self.outcome}_{self.kind}", lang, value=shown)


def refusal(lang: Lang, policy: NoisePolicy) -> str:
    admins = ", ".join(user_mention(a) for a in sorted(policy.admins)[:10])
    who = admins or t("noise.admin_group", lang)
    if policy.admin_group and admins:
        who += " " + t("noise.or_admin_group", lang)
    return t("noise.refused", lang, who=who)


class Triage:
    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        config: Config | None = None,
        group_members: GroupMembers | None = None,
        outputs: Outputs | None = None,
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.outputs = outputs  # the webhooks told of each change, when they ask
        slack = config.slack if config else None
        self.policy = NoisePolicy(
            frozenset(slack.admins) if slack else frozenset(), slack.admin_group if slack else None
        )
        self.lang: Lang = config.veille.language if config else "fr"
        self._group_members = group_members
        self._group_cache: tuple[float, frozenset[str]] | None = None

    def record(self, alert_id: int, state: AlertState, user_id: str) -> bool:
        """Apply a decision; False when nothing changed (unknown alert, or a repeated click)."""
        changed = self.store.set_alert_state(alert_id, state, user_id, datetime.now(UTC))
        return self._changed(changed, alert_id, state, user_id)

    def assign(self, alert_id: int, assignee: str, by: str) -> bool:
        """Name the assignee on the alert and mention them in its thread, once per assignment."""
        changed = self.store.assign_alert(alert_id, assignee, by, datetime.now(UTC))
        if not changed:
            return False
        ref = self.store.alert_ref(alert_id)
        if ref is not None:
            revision = self.store.alert_revision(alert_id)
            text = t("notice.assigned", self.lang, assignee=user_mention(assignee), user=user_mention(by))
            self.store.queue_notice(
                f"assign:{alert_id}:{revision}", ref.channel, text, thread_alert_id=alert_id
            )
        log.info("alert %s: assigned to %s by %s", alert_id, assignee, by)
        self._tell_outputs(alert_id)
        self.outbox.wake()
        return True

    def correct_tone(self, alert_id: int, tone: ToneLabel, by: str) -> bool:
        changed = self.store.correct_tone(alert_id, tone, by, datetime.now(UTC))
        return self._changed(changed, alert_id, f"tone corrected to {tone}", by)

    def bring_back(self, alert_id: int, by: str) -> bool:
        """Post an alert the relevance model set aside; the team's click teaches it was relevant.
        False when it was not set aside (already brought back, or never)."""
        return self._changed(
            self.store.bring_back(alert_id, by, datetime.now(UTC)), alert_id, "brought back", by
        )

    def _changed(self, changed: bool, alert_id: int, what: str, by: str) -> bool:
        """Log a change and have the outbox re-render the alert now; `changed` passed through."""
        if changed:
            log.info("alert %s: %s by %s", alert_id, what, by)
            self._tell_outputs(alert_id)
            self.outbox.wake()
        return changed

    def _tell_outputs(self, alert_id: int) -> None:
        if self.outputs is not None:
            self.outputs.queue_triage(alert_id)

    def may_silence(self, user_id: str) -> bool:
        if not self.policy.restricted or user_id in self.policy.admins:
            return True
        return user_id in self._admin_group()

    def _admin_group(self) -> frozenset[str]:
        group = self.policy.admin_group
        if group is None or self._group_members is None:
            return frozenset()
        now = time.monotonic()
        if self._group_cache is None or now - self._group_cache[0] > GROUP_CACHE_SECONDS:
            try:
                self._group_cache = (now, frozenset(self._group_members(group)))
            except Exception as error:  # Slack down: nobody outside the admin list until it answers
                log.warning("cannot read the members of user group %s: %s", group, error)
                return frozenset()
        return self._group_cache[1]

    def mute(self, alert_id: int, kind: MuteKind, by: str, word: str | None = None) -> MuteResult:
        """Silence the author or the site of an alert, or exclude a word for its brand."""
        if not self.may_silence(by):
            return MuteResult("refused", kind)
        found = self.store.alert_item(alert_id)
        if found is None:
            return MuteResult("unknown", kind)
        _, brand, author, url, _ = found
        if kind == "author":
            display, scope = author, None
        elif kind == "site":
            display, scope = host_of(url), None
        else:
            display, scope = word, brand
        if not display or not display.strip():
            return MuteResult("nothing", kind)
        return self._silence(kind, display, scope, by, alert_id)

    def silence(self, kind: MuteKind, value: str, brand: str | None, by: str) -> MuteResult:
        """Silence an author or a site, or exclude a word (for `brand` only, or every brand),
        as `/veille mute` asks: from the next poll on, with no alert behind it."""
        if not self.may_silence(by):
            return MuteResult("refused", kind)
        return self._silence(kind, value, brand, by, None)

    def _silence(
        self, kind: MuteKind, display: str, brand: str | None, by: str, alert_id: int | None
    ) -> MuteResult:
        display = display.strip()[:200]
        added = self.store.add_mute(
            kind, normalize(kind, display), display, brand, by, datetime.now(UTC), alert_id=alert_id
        )
        if added:
            log.info("alert %s: %s %r muted by %s", alert_id, kind, display, by)
            self.outbox.wake()
        return MuteResult("muted" if added else "already", kind, display)


def parse_alert_id(value: object) -> int | None:
    """The alert id carried by a button's value, None when it is not one of ours."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)


def parse_choice(value: object, choices: Sequence[str] | None = None) -> tuple[int, str] | None:
    """`42:negative` → (42, "negative"); None when malformed or not one of `choices`."""
    if not isinstance(value, str) or ":" not in value:
        return None
    head, _, tail = value.partition(":")
    alert_id = parse_alert_id(head)
    if alert_id is None or not tail or (choices is not None and tail not in choices):
        return None
    return alert_id, tail
