"""A running Veille with one feed, and a person who clicks on its alerts through signed requests."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import SIGNING_SECRET, slack_secrets, write_config
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.slack import Call, FakeSlack
from tests.fakes.slack_requests import block_action, post_signed, slash_command


def blocks_of(call: Call) -> list[dict[str, Any]]:
    blocks = call.args.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def texts(blocks: list[dict[str, Any]]) -> str:
    """Everything a person reads in a message's blocks."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text") or element.get("placeholder")
            out.append(text["text"] if isinstance(text, dict) else str(text or ""))
            for option in element.get("options", []):
                out.append(option["text"]["text"])
        for f in block.get("fields", []):
            out.append(f["text"])
    return "\n".join(out)


def controls(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The controls of a message's actions blocks by what a person reads on them ("⋯" for overflow)."""
    shown: dict[str, dict[str, Any]] = {}
    for block in blocks:
        if block["type"] != "actions":
            continue
        for element in block["elements"]:
            label = (element.get("text") or element.get("placeholder") or {"text": "⋯"})["text"]
            shown[label] = {**element, "block_id": block.get("block_id")}
    return shown


@dataclass
class TriageRig:
    veille: Any
    slack: FakeSlack
    feeds: FeedServer
    _responses: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    seen_responses: int = 0

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.veille.http_port}/slack/events"

    def alerts(self, channel_id: str = "C0VEILLE1", count: int = 1) -> list[dict[str, Any]]:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            posts = self.slack.posts(channel_id)
            if len(posts) >= count:
                return posts
            time.sleep(0.05)
        raise AssertionError(
            f"expected {count} alert(s) in {channel_id}, saw {len(self.slack.posts(channel_id))}"
        )

    def click(
        self,
        alert: dict[str, Any],
        label: str,
        *,
        user: str = "U0MARIE01",
        choose: str | None = None,
        locale: str | None = None,
    ) -> dict[str, Any] | None:
        """Click a control of an alert (or of a private answer); returns the private answer if any."""
        control = controls(alert["blocks"])[label]
        selected: dict[str, Any] | None = None
        if control["type"] == "users_select":
            selected = {"type": "users_select", "selected_user": choose}
        elif control["type"] in ("overflow", "static_select"):
            option = next(o for o in control["options"] if o["text"]["text"] == choose)
            selected = {"type": control["type"], "selected_option": option}
        return self._send(control, alert.get("ts", "1.000001"), user, selected, locale)

    def _send(
        self, control: dict[str, Any], ts: str, user: str, selected: dict[str, Any] | None, locale: str | None
    ) -> dict[str, Any] | None:
        before = len(self.slack.responses)
        url = self.slack.response_url_base + f"action{next(self._responses)}"
        body = block_action(
            control["action_id"],
            control.get("value", ""),
            user_id=user,
            message_ts=ts,
            block_id=control["block_id"],
            selected=selected,
            response_url=url,
            locale=locale,
        )
        assert post_signed(self.events_url, body, SIGNING_SECRET).status_code == 200
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            if len(self.slack.responses) > before:
                return self.slack.responses[before]
            time.sleep(0.02)
        return None

    def command(self, text: str, *, user: str = "U0MARIE01", within: float = 15.0) -> dict[str, Any]:
        """The answer to `/veille <text>`, which must come within `within` seconds."""
        before = len(self.slack.responses)
        url = self.slack.response_url_base + f"cmd{next(self._responses)}"
        body = slash_command(text, user_id=user, response_url=url)
        assert post_signed(self.events_url, body, SIGNING_SECRET).status_code == 200
        return self.slack.wait_for_response(before + 1, timeout=within)[before]

    def latest(self, alert: dict[str, Any], channel_id: str = "C0VEILLE1") -> dict[str, Any]:
        """The alert as the channel shows it now."""
        return next(m for m in self.slack.messages(channel_id) if m["ts"] == alert["ts"])

    def wait_until(self, predicate: Any, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        raise AssertionError("the expected change never showed")

    def poll_now(self) -> None:
        for scheduled in self.veille.sources:
            self.veille.poller.poll(scheduled, force=True)
        self.veille.outbox.wake()


def start_rig(
    tmp_path: Path,
    fake_slack: FakeSlack,
    feeds: FeedServer,
    database_url: str,
    start_veille: Any,
    entries: list[FeedEntry],
    *,
    extra: str = "",
    language: str = "fr",
    paced: bool = True,
    brands: list[dict[str, Any]] | None = None,
) -> TriageRig:
    """`paced=False` lifts Slack's one-message-a-second pace, for stories that need many alerts."""
    feeds.set("/f.xml", rss(entries))
    loaded = write_config(
        tmp_path,
        database=database_url,
        sources=[{"name": "blog-fr", "type": "rss", "url": feeds.url("/f.xml"), "interval": "1h"}],
        extra=extra,
        language=language,
        brands=brands,
    )
    options = {}
    if not paced:
        fake_slack.enforce_pace = False
        options["outbox_options"] = {
            "backoff_base": 0.2,
            "backoff_max": 1.0,
            "idle_wait": 0.1,
            "per_channel_interval": 0,
        }
    veille = start_veille(loaded, slack_secrets(fake_slack), **options)
    return TriageRig(veille, fake_slack, feeds)
