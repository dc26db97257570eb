"""Requests as Slack sends them to the app: form-encoded, signed with the signing secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import select
import socket
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


def post_unsigned(
    url: str,
    body: bytes | str,
    *,
    content_type: str = "application/x-www-form-urlencoded",
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> httpx.Response:
    """A request as anybody but Slack may send it: `headers` may carry made-up Slack headers."""
    content = body.encode() if isinstance(body, str) else body
    sent = {"Content-Type": content_type, **(headers or {})}
    return httpx.post(url, content=content, headers=sent, timeout=timeout)


class RawClient:
    """A client that writes bytes on the socket as it likes: a head, part of a body, a trickle."""

    def __init__(self, port: int, *, timeout: float = 5.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send_head(self, path: str, headers: dict[str, str]) -> None:
        lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode())

    def has_answer(self, *, wait: float) -> bool:
        """Whether the server has answered (or closed) within `wait` seconds."""
        return bool(select.select([self.sock], [], [], wait)[0])

    def answer(self) -> bytes:
        """Everything the server sends until it closes the connection.

        A server that answers before reading the whole body may reset the connection once it has
        answered; what arrived before the reset is the answer."""
        received = b""
        try:
            while chunk := self.sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            if not received:
                raise
        return received

    def status(self) -> int:
        return int(self.answer().split(b" ", 2)[1])

    def close(self) -> None:
        self.sock.close()


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
