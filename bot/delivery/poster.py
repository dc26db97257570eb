"""How the outbox reaches a channel: the poster protocol, its outcomes, and console mode.

A poster turns the chat service's many failure modes into outcomes the outbox understands: wait
and retry (`DeliveryError`, with `retry_after` for a 429), "the post may have arrived"
(`unknown_outcome`), which is settled by looking for the message before posting again, and
"this can never work until a person changes something" (`permanent`, with the service's `reason`).
Slack's poster lives in `veille.handlers.poster`; the console poster, for a team trying Veille
without Slack, lives here.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol, TextIO

from veille.delivery.uploads import UploadEntry
from veille.model import Message
from veille.text.clean import clean_text
from veille.text.mrkdwn import as_typed, unmarked

ALERT_EVENT = "veille_alert"
NOTICE_EVENT = "veille_notice"


@dataclass(frozen=True)
class Ref:
    """Which row of the store a Slack message stands for; carried in the message metadata."""

    kind: Literal["alert", "notice"]
    id: int

    @property
    def metadata(self) -> dict[str, Any]:
        if self.kind == "alert":
            return {"event_type": ALERT_EVENT, "event_payload": {"alert_id": self.id}}
        return {"event_type": NOTICE_EVENT, "event_payload": {"notice_id": self.id}}

    def is_in(self, metadata: dict[str, Any]) -> bool:
        expected = self.metadata
        payload = metadata.get("event_payload") or {}
        key, value = next(iter(expected["event_payload"].items()))
        return bool(
            metadata.get("event_type") == expected["event_type"] and str(payload.get(key)) == str(value)
        )


# Errors no retry can fix for a given conversation or file: the bot cannot reach it, or Slack
# will never take the file.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "method_not_supported_for_channel_type",
        "cannot_dm_bot",
        "user_not_found",
        "messages_tab_disabled",
        "too_large",
    }
)
MAX_FILE_BYTES = 1024**3  # Slack refuses files over 1 GB

# Answers saying Slack itself is unwell, or no longer takes the bot's token: no channel is worth
# trying until it passes. An answer without an error code (an HTTP 5xx, a network error) too.
SLACK_WIDE_ERRORS = frozenset(
    {
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
    }
)

# What a failure concerns: the one message, its channel, or Slack as a whole.
Scope = Literal["message", "channel", "slack"]


class DeliveryError(Exception):
    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        unknown_outcome: bool = False,
        needs_attention: bool = False,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.unknown_outcome = unknown_outcome
        self.reason = reason  # Slack's error code ("not_in_channel"), or "too_large"
        self.permanent = reason in PERMANENT_ERRORS
        self.needs_attention = needs_attention or self.permanent  # a setup problem a person must fix

    @property
    def scope(self) -> Scope:
        """What this failure says about the rest of the queue.

        A 429 concerns the channel posted to; a lost answer, a server error or a refused token,
        every channel; a setup problem (not in the channel, archived, a missing scope), that
        channel; anything else (blocks Slack refuses, a text too long), this message only.
        """
        if self.retry_after is not None:
            return "channel"
        if self.unknown_outcome or self.reason in SLACK_WIDE_ERRORS:
            return "slack"
        if self.needs_attention:
            return "channel"
        return "slack" if self.reason is None else "message"


class Poster(Protocol):
    def post(self, channel: str, message: Message, ref: Ref, thread_ts: str | None = None) -> tuple[str, str]:
        """Post; returns (channel id, message ts)."""
        ...

    def update(self, channel_id: str, ts: str, message: Message) -> None: ...

    def find_posted(
        self, channel: str, channel_id: str | None, ref: Ref, since: datetime, thread_ts: str | None = None
    ) -> tuple[str, str] | None:
        """(channel id, ts) of a message already in the channel, None when it is not there."""
        ...

    def reserve_upload(self, upload: UploadEntry) -> tuple[str, str]:
        """Step 1: (upload URL, file id). Nothing is in any channel yet."""
        ...

    def send_bytes(self, upload: UploadEntry, upload_url: str) -> None:
        """Step 2: the file's bytes to the upload URL. Still nothing in any channel."""
        ...

    def complete_upload(self, upload: UploadEntry, file_id: str) -> str:
        """Step 3: share `file_id` in the upload's channel (joining it if need be); its channel id."""
        ...

    def find_upload(self, upload: UploadEntry, file_id: str, since: datetime) -> bool:
        """Whether the file `file_id` is already shown in the upload's channel."""
        ...


def blocks_as_text(blocks: list[dict[str, Any]]) -> str:
    """A multi-block message (a summary, a spike alert) as terminal lines."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind in ("header", "section"):
            lines.append(str((block.get("text") or {}).get("text", "")))
        elif kind == "context":
            lines += [str(e.get("text", "")) for e in block.get("elements", []) if isinstance(e, dict)]
        elif kind == "divider":
            lines.append("")
    text = re.sub(r"<(https?://[^|>]+)\|([^>]*)>", r"\2 (\1)", "\n".join(lines))
    text = unmarked(text)  # a terminal shows no bold nor code: their marks would be read as text
    return as_typed(text)


class ConsolePoster:
    """Console mode: alerts and notices are printed, updates are one line."""

    def __init__(
        self, out: TextIO, render: Callable[[int, str], str], describe_update: Callable[[int], str]
    ) -> None:
        self.out = out
        self._render = render
        self._describe_update = describe_update
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self._posted: dict[str, int] = {}

    def post(self, channel: str, message: Message, ref: Ref, thread_ts: str | None = None) -> tuple[str, str]:
        with self._lock:
            if ref.kind == "alert":
                print(self._render(ref.id, channel), file=self.out, flush=True)
            elif message.blocks and ref.kind == "notice" and len(message.blocks) > 1:
                print(f"── {channel} ──\n{blocks_as_text(message.blocks)}", file=self.out, flush=True)
            else:
                print(f"── {channel} ── {clean_text(message.text)}", file=self.out, flush=True)
            ts = f"{next(self._counter)}.000000"
            if ref.kind == "alert":
                self._posted[ts] = ref.id
        return "console", ts

    def update(self, channel_id: str, ts: str, message: Message) -> None:
        with self._lock:
            alert_id = self._posted.get(ts)
            if alert_id is not None:
                print(self._describe_update(alert_id), file=self.out, flush=True)

    def find_posted(
        self, channel: str, channel_id: str | None, ref: Ref, since: datetime, thread_ts: str | None = None
    ) -> tuple[str, str] | None:
        return None

    def reserve_upload(self, upload: UploadEntry) -> tuple[str, str]:
        path = str(Path("veille-files") / upload.unique_name)
        return path, path

    def send_bytes(self, upload: UploadEntry, upload_url: str) -> None:
        """Console mode keeps the file in the working folder."""
        path = Path(upload_url)
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(upload.content)

    def complete_upload(self, upload: UploadEntry, file_id: str) -> str:
        comment = f" {clean_text(upload.comment)}" if upload.comment else ""
        with self._lock:
            print(f"── {upload.channel} ── 📎 {file_id}{comment}", file=self.out, flush=True)
        return "console"

    def find_upload(self, upload: UploadEntry, file_id: str, since: datetime) -> bool:
        return False
