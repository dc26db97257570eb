"""A fake Slack Web API that speaks real HTTP.

It answers the methods Veille calls the way Slack documents them, records every call, keeps the
channels' messages (with their metadata) so history can be read back, checks Block Kit with
slack_sdk's models, enforces Slack's one-message-per-second pace per channel with 429s, and
fails on demand: an HTTP status, a Slack error, a 429 with Retry-After, or a held request (to
kill the bot while a post is in flight; hold "upload" for the bytes sent to an upload URL).
A shared file can be made to show in the channel's history late (`share_delay`), as Slack
processes files asynchronously, and files over `max_file_bytes` are refused with HTTP 413.
`down()` makes every Web API call fail the same way (an outage) until `up()`; `wall` and
`monotonic` are the fake's clocks (message ts, call times, pace), which a test can replace with
the simulated clock it gives the bot.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

BOT_TOKEN = "xoxb-veille-test-token"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-answer is part of what these fakes test


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    at: float
    answer: dict[str, Any] | None = None
    status: int = 200


@dataclass
class Failure:
    status: int = 200
    error: str | None = None
    retry_after: int | None = None


@dataclass
class Hold:
    commit: bool  # apply the call before holding (Slack got it) or not (lost in flight)
    release: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Event = field(default_factory=threading.Event)


@dataclass
class UploadedFile:
    """A file through files.getUploadURLExternal → POST to its upload URL → completeUploadExternal."""

    id: str
    name: str
    length: int
    alt_txt: str | None
    content: bytes | None = None  # set by the POST to the upload URL
    title: str | None = None
    channel: str | None = None  # set by files.completeUploadExternal
    completed: bool = False


@dataclass
class Channel:
    id: str
    name: str
    is_member: bool = True
    messages: list[dict[str, Any]] = field(default_factory=list)
    private: bool = False  # a bot cannot join it: someone has to invite it


class FakeSlack:
    def __init__(self, token: str = BOT_TOKEN, enforce_pace: bool = True) -> None:
        self.token = token
        self.enforce_pace = enforce_pace
        self.calls: list[Call] = []
        self.responses: list[dict[str, Any]] = []  # posts to response_url
        self.channels: dict[str, Channel] = {}
        self.add_channel("C0VEILLE1", "veille")
        self.add_channel("C0ESCAL01", "veille-escalade")
        self._failures: dict[str, deque[Failure]] = {}
        self._holds: dict[str, deque[Hold]] = {}
        self._last_post: dict[str, float] = {}
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self.paced_rejections = 0
        self.usergroups: dict[str, list[str]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}  # user id → the App Home view last published
        self.files: dict[str, UploadedFile] = {}  # file id → what was uploaded (step 1 onwards)
        self._file_ids = itertools.count(1)
        self.locales: dict[str, str] = {}  # user id → Slack locale ("fr-FR"), for users.info
        self.share_delay = 0.0  # seconds before a shared file shows in conversations.history
        self.max_file_bytes: int | None = None
        self.wall: Callable[[], float] = time.time
        self.monotonic: Callable[[], float] = time.monotonic
        self._outage: Failure | None = None
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        for holds in self._holds.values():
            for hold in holds:
                hold.release.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/api/"

    @property
    def response_url_base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/response/"

    # -- scripting -----------------------------------------------------------------------------

    def add_channel(
        self, channel_id: str, name: str, is_member: bool = True, private: bool = False
    ) -> Channel:
        channel = Channel(channel_id, name, is_member, private=private)
        self.channels[channel_id] = channel
        return channel

    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        with self._lock:
            queue = self._failures.setdefault(method, deque())
            for _ in range(times):
                queue.append(Failure(status, error, retry_after))

    def down(self, *, status: int = 500, error: str | None = None, retry_after: int | None = None) -> None:
        """Every Web API call fails this way until `up()`: Slack is down or rate limits the workspace."""
        with self._lock:
            self._outage = Failure(status, error, retry_after)

    def up(self) -> None:
        with self._lock:
            self._outage = None

    def hold(self, method: str, *, commit: bool) -> Hold:
        hold = Hold(commit)
        with self._lock:
            self._holds.setdefault(method, deque()).append(hold)
        return hold

    # -- reading what happened -----------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 15.0, ok: bool = True) -> list[Call]:
        """Wait until `count` calls of `method` (successful ones when `ok`) were answered."""
        deadline = time.monotonic() + timeout

        def matching() -> list[Call]:
            return [
                c
                for c in self.calls
                if c.method == method and c.answer is not None and (not ok or c.answer.get("ok"))
            ]

        with self._changed:
            while len(matching()) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} {method} call(s), saw {len(matching())}:"
                        f" {[(c.method, c.answer) for c in self.calls][-10:]}"
                    )
                self._changed.wait(remaining)
            return matching()

    def wait_for_response(self, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.responses) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} response_url post(s), saw {len(self.responses)}")
                self._changed.wait(remaining)
            return list(self.responses)

    def messages(self, channel_id: str = "C0VEILLE1") -> list[dict[str, Any]]:
        with self._lock:
            channel = self.channels.get(channel_id)
            return (
                [{k: v for k, v in m.items() if k != "_shown_at"} for m in channel.messages]
                if channel
                else []
            )

    def posts(self, channel_id: str = "C0VEILLE1") -> list[dict[str, Any]]:
        """Top-level messages of a channel, as a user scrolling it sees them (no thread replies)."""
        return [m for m in self.messages(channel_id) if m.get("thread_ts") in (None, m["ts"])]

    def thread(self, parent_ts: str, channel_id: str = "C0VEILLE1") -> list[dict[str, Any]]:
        return [
            m for m in self.messages(channel_id) if m.get("thread_ts") == parent_ts and m["ts"] != parent_ts
        ]

    # -- the API -------------------------------------------------------------------------------

    def dm_channel(self, user_id: str) -> str:
        """The id of the bot's direct-message conversation with a user (its App Home messages)."""
        return "D" + user_id.removeprefix("U")

    def _resolve(self, channel: str) -> Channel | None:
        if channel in self.channels:
            return self.channels[channel]
        if channel.startswith("U"):  # posting to a user id opens the bot's DM with them
            dm = self.dm_channel(channel)
            return self.channels.get(dm) or self.add_channel(dm, "")
        name = channel.lstrip("#")
        return next((c for c in self.channels.values() if c.name == name), None)

    def _next_ts(self) -> str:
        return f"{int(self.wall())}.{next(self._ts):06d}"

    def _api(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        failures = self._failures.get(method)
        failure = failures.popleft() if failures else self._outage
        if failure is not None:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            if failure.status == 429 or failure.retry_after is not None:
                return 429, {"ok": False, "error": "ratelimited"}, headers
            if failure.status != 200:
                return failure.status, {"ok": False, "error": failure.error or "internal_error"}, headers
            return 200, {"ok": False, "error": failure.error or "fatal_error"}, headers
        if token != self.token:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        return handler(args)

    def _m_auth_test(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        return (
            200,
            {
                "ok": True,
                "url": "https://veille-test.slack.com/",
                "team": "Veille Test",
                "user": "veille",
                "team_id": "T0TEAM001",
                "user_id": "U0VEILLEBOT",
                "bot_id": "B0VEILLE1",
            },
            {},
        )

    def _check_blocks(self, blocks: Any) -> str | None:
        if blocks is None:
            return None
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if not isinstance(blocks, list) or len(blocks) > 50:
            return "invalid_blocks"
        try:
            for raw in blocks:
                block = Block.parse(raw)
                if block is None:
                    return "invalid_blocks"
                block.validate_json()
        except (SlackObjectFormationError, KeyError, TypeError, ValueError):
            return "invalid_blocks"
        return None

    def _m_chat_postMessage(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        channel = self._resolve(str(args.get("channel", "")))
        if channel is None:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        if not channel.is_member:
            return 200, {"ok": False, "error": "not_in_channel"}, {}
        if not args.get("text") and not args.get("blocks"):
            return 200, {"ok": False, "error": "no_text"}, {}
        error = self._check_blocks(args.get("blocks"))
        if error:
            return 200, {"ok": False, "error": error}, {}
        now = self.monotonic()
        if self.enforce_pace and now - self._last_post.get(channel.id, -10.0) < 0.95:
            self.paced_rejections += 1
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
        self._last_post[channel.id] = now
        metadata = args.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        blocks = args.get("blocks")
        message = {
            "type": "message",
            "ts": self._next_ts(),
            "text": args.get("text"),
            "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks,
            "metadata": metadata,
            "bot_id": "B0VEILLE1",
            "thread_ts": args.get("thread_ts"),
        }
        channel.messages.append(message)
        return 200, {"ok": True, "channel": channel.id, "ts": message["ts"], "message": message}, {}

    def _m_chat_update(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        channel = self.channels.get(str(args.get("channel", "")))
        if channel is None:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        error = self._check_blocks(args.get("blocks"))
        if error:
            return 200, {"ok": False, "error": error}, {}
        for message in channel.messages:
            if message["ts"] == args.get("ts"):
                blocks = args.get("blocks")
                message["text"] = args.get("text", message["text"])
                message["blocks"] = json.loads(blocks) if isinstance(blocks, str) else blocks
                message["edited"] = True
                return 200, {"ok": True, "channel": channel.id, "ts": message["ts"]}, {}
        return 200, {"ok": False, "error": "message_not_found"}, {}

    def _m_conversations_history(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        channel = self.channels.get(str(args.get("channel", "")))
        if channel is None:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        oldest = float(args.get("oldest") or 0)
        include = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        found = []
        now = self.monotonic()
        for message in reversed(channel.messages):
            if float(message["ts"].split(".")[0]) + 1 < oldest or message.get("_shown_at", 0.0) > now:
                continue
            shown = dict(message)
            shown.pop("_shown_at", None)
            if not include:
                shown.pop("metadata", None)
            found.append(shown)
        return 200, {"ok": True, "messages": found, "has_more": False}, {}

    def _m_conversations_replies(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        channel = self.channels.get(str(args.get("channel", "")))
        if channel is None:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        parent = str(args.get("ts", ""))
        include = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        thread = [m for m in channel.messages if m["ts"] == parent or m.get("thread_ts") == parent]
        if not thread:
            return 200, {"ok": False, "error": "thread_not_found"}, {}
        shown = []
        for message in thread:
            copy = dict(message)
            if not include:
                copy.pop("metadata", None)
            shown.append(copy)
        return 200, {"ok": True, "messages": shown, "has_more": False}, {}

    def _m_conversations_list(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        listed = [{"id": c.id, "name": c.name, "is_member": c.is_member} for c in self.channels.values()]
        return 200, {"ok": True, "channels": listed, "response_metadata": {"next_cursor": ""}}, {}

    def _m_conversations_join(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        channel = self.channels.get(str(args.get("channel", "")))
        if channel is None:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        if channel.private:
            return 200, {"ok": False, "error": "method_not_supported_for_channel_type"}, {}
        channel.is_member = True
        return 200, {"ok": True, "channel": {"id": channel.id, "name": channel.name}}, {}

    def _m_chat_postEphemeral(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        return 200, {"ok": True, "message_ts": self._next_ts()}, {}

    def _m_usergroups_users_list(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        group = str(args.get("usergroup", ""))
        if group not in self.usergroups:
            return 200, {"ok": False, "error": "no_such_subteam"}, {}
        return 200, {"ok": True, "users": list(self.usergroups[group])}, {}

    def _m_users_info(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        user = str(args.get("user", ""))
        if not user:
            return 200, {"ok": False, "error": "user_not_found"}, {}
        found: dict[str, Any] = {"id": user, "name": user.lower()}
        if str(args.get("include_locale", "")).lower() in ("true", "1") and user in self.locales:
            found["locale"] = self.locales[user]
        return 200, {"ok": True, "user": found}, {}

    def _m_views_publish(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        view = args.get("view")
        view = json.loads(view) if isinstance(view, str) else view
        user = str(args.get("user_id", ""))
        if not user or not isinstance(view, dict) or view.get("type") != "home":
            return 200, {"ok": False, "error": "invalid_arguments"}, {}
        blocks = view.get("blocks") or []
        if len(blocks) > 100 or self._check_blocks(blocks[:50]) or self._check_blocks(blocks[50:] or None):
            return 200, {"ok": False, "error": "invalid_blocks"}, {}
        self.home_views[user] = view  # methods run with the fake's lock held
        self._changed.notify_all()
        return 200, {"ok": True, "view": {"id": "V0HOME", **view}}, {}

    def uploaded(self, channel_id: str = "C0VEILLE1") -> list[UploadedFile]:
        """Files shared in a channel, in upload order."""
        with self._lock:
            return [f for f in self.files.values() if f.completed and f.channel == channel_id]

    def _m_files_getUploadURLExternal(
        self, args: dict[str, Any]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        name = str(args.get("filename") or "")
        try:
            length = int(args.get("length") or 0)
        except ValueError:
            length = 0
        if not name or length <= 0:
            return 200, {"ok": False, "error": "invalid_arguments"}, {}
        file_id = f"F{next(self._file_ids):08d}"
        self.files[file_id] = UploadedFile(file_id, name, length, args.get("alt_txt"))
        port = self._server.server_port
        return (
            200,
            {"ok": True, "upload_url": f"http://127.0.0.1:{port}/upload/{file_id}", "file_id": file_id},
            {},
        )

    def _receive_upload(self, file_id: str, data: bytes) -> int:
        with self._changed:
            file = self.files.get(file_id)
            if file is None or file.content is not None:
                return 404
            if len(data) != file.length:
                return 400
            if self.max_file_bytes is not None and len(data) > self.max_file_bytes:
                return 413
            file.content = data
            self._changed.notify_all()
            return 200

    def _m_files_completeUploadExternal(
        self, args: dict[str, Any]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        raw = args.get("files")
        listed = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(listed, list) or not listed:
            return 200, {"ok": False, "error": "invalid_arguments"}, {}
        channel = self.channels.get(str(args.get("channel_id") or ""))
        if args.get("channel_id") and channel is None:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        if channel is not None and not channel.is_member:
            return 200, {"ok": False, "error": "not_in_channel"}, {}
        shared = []
        for entry in listed:
            file = self.files.get(str(entry.get("id")))
            if file is None or file.content is None or file.completed:
                return 200, {"ok": False, "error": "file_not_found"}, {}
            file.title = entry.get("title") or file.name
            file.channel = channel.id if channel else None
            file.completed = True
            shared.append({"id": file.id, "name": file.name, "title": file.title, "alt_txt": file.alt_txt})
        if channel is not None:
            message = {
                "type": "message",
                "ts": self._next_ts(),
                "text": args.get("initial_comment") or "",
                "files": shared,
                "bot_id": "B0VEILLE1",
                "thread_ts": args.get("thread_ts") or None,
                "_shown_at": self.monotonic() + self.share_delay,
            }
            channel.messages.append(message)
        return 200, {"ok": True, "files": shared}, {}

    # -- HTTP ----------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _args(self) -> dict[str, Any]:
                parts = urlsplit(self.path)
                args: dict[str, Any] = {k: v[0] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                kind = self.headers.get("Content-Type", "")
                if raw and "json" in kind:
                    args.update(json.loads(raw))
                elif raw:
                    args.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
                return args

            def _send(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self.do_POST()

            def do_POST(self) -> None:
                path = urlsplit(self.path).path
                if path.startswith("/upload/"):
                    length = int(self.headers.get("Content-Length") or 0)
                    data = self.rfile.read(length) if length else b""
                    with fake._lock:
                        holds = fake._holds.get("upload")
                        hold = holds.popleft() if holds else None
                    if hold is not None:  # a slow upload: the bytes arrive, the answer waits
                        hold.arrived.set()
                        hold.release.wait()
                    status = fake._receive_upload(path.removeprefix("/upload/"), data)
                    body = b"OK - " + str(len(data)).encode() if status == 200 else b"error"
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                args = self._args()
                if path.startswith("/response/"):
                    with fake._changed:
                        fake.responses.append({"path": path, **args})
                        fake._changed.notify_all()
                    self._send(200, {"ok": True}, {})
                    return
                method = path.removeprefix("/api/")
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ").strip() or args.get("token")
                call = Call(method, args, fake.wall())
                with fake._changed:
                    fake.calls.append(call)
                    hold = None
                    holds = fake._holds.get(method)
                    if holds:
                        hold = holds.popleft()
                    if hold is None or hold.commit:
                        status, body, headers = fake._api(method, args, token)
                    fake._changed.notify_all()
                if hold is not None:
                    hold.arrived.set()
                    hold.release.wait()
                    if not hold.commit:
                        self.close_connection = True
                        return  # lost in flight: Slack never saw it, the caller never hears back
                with fake._changed:
                    call.answer, call.status = body, status
                    fake._changed.notify_all()
                with contextlib.suppress(OSError):  # the caller may be gone (killed while held)
                    self._send(status, body, headers)

        return Handler
