"""Requests as Slack sends them to the app: form-encoded, signed with the signing secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx


def signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def post_signed(
    url: str,
    body: str,
    secret: str,
    *,
    timestamp: int | None = None,
    forged_signature: str | None = None,
    timeout: float = 10.0,
    content_type: str = "application/x-www-form-urlencoded",
) -> httpx.Response:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": forged_signature or signature(secret, ts, body),
    }
    return httpx.post(url, content=body.encode(), headers=headers, timeout=timeout)


def block_action(
    action_id: str,
    value: str,
    *,
    user_id: str = "U0MARIE01",
    user_name: str = "marie",
    channel_id: str = "C0VEILLE1",
    message_ts: str = "1.000001",
    response_url: str = "http://127.0.0.1:9/response/unused",
    locale: str | None = None,
    block_id: str = "veille_actions",
    selected: dict[str, Any] | None = None,
    ephemeral: bool = False,
) -> str:
    """A click as Slack sends it; `selected` carries a menu's choice (selected_user/selected_option)."""
    user: dict[str, Any] = {"id": user_id, "username": user_name, "name": user_name, "team_id": "T0TEAM001"}
    if locale:
        user["locale"] = locale
    payload = {
        "type": "block_actions",
        "team": {"id": "T0TEAM001", "domain": "veille-test"},
        "user": user,
        "api_app_id": "A0VEILLE1",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": "1.2.3",
        "channel": {"id": channel_id, "name": "veille"},
        "message": {"type": "message", "ts": message_ts, "text": "alert"},
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "action_ts": f"{time.time():.6f}",
                **(selected or {}),
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)})


def slash_command(
    text: str,
    *,
    user_id: str = "U0MARIE01",
    channel_id: str = "C0VEILLE1",
    response_url: str = "http://127.0.0.1:9/response/unused",
) -> str:
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": "T0TEAM001",
            "team_domain": "veille-test",
            "channel_id": channel_id,
            "channel_name": "veille",
            "user_id": user_id,
            "user_name": "marie",
            "command": "/veille",
            "text": text,
            "api_app_id": "A0VEILLE1",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def event_callback(event: dict[str, Any]) -> str:
    """An Events API delivery as Slack sends it (a JSON body): e.g. app_home_opened."""
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": "T0TEAM001",
            "api_app_id": "A0VEILLE1",
            "type": "event_callback",
            "event_id": f"Ev{int(time.time() * 1000)}",
            "event_time": int(time.time()),
            "event": event,
        }
    )


def app_home_opened(user_id: str = "U0MARIE01") -> str:
    return event_callback(
        {
            "type": "app_home_opened",
            "user": user_id,
            "channel": "D0HOME001",
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        }
    )
