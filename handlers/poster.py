"""Where alerts are delivered: Slack's Web API, or the terminal in console mode.

A poster turns Slack's many failure modes into outcomes the outbox understands: wait and
retry (`DeliveryError`, with `retry_after` for a 429), "the post may have arrived"
(`unknown_outcome`), which is settled by looking for the message before posting again, and
"this can never work until a person changes something" (`permanent`, with Slack's `reason`).

Files go through Slack's three steps one at a time (files.getUploadURLExternal, the bytes to the
upload URL, files.completeUploadExternal) so the outbox can record the file id Slack gave before
completing, and settle an interrupted upload by that id instead of uploading a new file.
"""

from __future__ import annotations

import logging
import socket
import urllib.error
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from veille.delivery.poster import MAX_FILE_BYTES, DeliveryError, Ref
from veille.delivery.uploads import UploadEntry
from veille.model import Message

log = logging.getLogger(__name__)

CONFIG_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "channel_not_found",
        "is_archived",
        "restricted_action",
        "no_permission",
    }
)


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, TimeoutError | socket.timeout):
        return True
    reason = getattr(exc, "reason", None)
    return isinstance(reason, TimeoutError | socket.timeout)


class SlackPoster:
    """Posts through Slack's Web API with slack_sdk's WebClient."""

    def __init__(
        self,
        client: WebClient,
        remember_channel: Callable[[str, str], None] | None = None,
        known_channel: Callable[[str], str | None] | None = None,
    ) -> None:
        self.client = client
        self._remember = remember_channel or (lambda _name, _id: None)
        self._known = known_channel or (lambda _name: None)

    def _call(self, method: str, **kwargs: Any) -> dict[str, Any]:
        try:
            # The typed helpers pick the encoding each method wants (JSON for writes, form for reads).
            response = getattr(self.client, method.replace(".", "_"))(**kwargs)
        except SlackApiError as exc:
            raise self._error(method, exc) from None
        except SlackRequestError as exc:  # files_upload_v2: the upload URL refused the bytes
            raise DeliveryError(f"{method}: {exc}") from None
        except (urllib.error.URLError, OSError) as exc:
            if _is_timeout(exc):
                raise DeliveryError(f"{method}: no answer in time", unknown_outcome=True) from None
            raise DeliveryError(f"{method}: {exc}") from None
        data = response.data
        return data if isinstance(data, dict) else {}

    def _error(self, method: str, exc: SlackApiError) -> DeliveryError:
        response = exc.response
        status = getattr(response, "status_code", 0)
        data = getattr(response, "data", None)
        error = data.get("error", "") if isinstance(data, dict) else ""
        if status == 429 or error == "ratelimited":
            headers = getattr(response, "headers", {}) or {}
            retry = headers.get("Retry-After") or headers.get("retry-after") or "1"
            try:
                retry_after = float(retry if not isinstance(retry, list) else retry[0])
            except ValueError:
                retry_after = 1.0
            return DeliveryError(f"{method}: rate limited", retry_after=retry_after)
        if error in CONFIG_ERRORS:
            return DeliveryError(f"{method}: {error}", needs_attention=True, reason=error)
        if error:
            return DeliveryError(f"{method}: {error}", reason=error)
        return DeliveryError(f"{method}: HTTP {status}")

    def resolve_channel(self, channel: str) -> str | None:
        if not channel.startswith("#"):
            return channel
        known = self._known(channel)
        if known:
            return known
        name = channel[1:]
        cursor: str | None = None
        for _ in range(50):
            args: dict[str, Any] = {
                "types": "public_channel,private_channel",
                "exclude_archived": True,
                "limit": 200,
            }
            if cursor:
                args["cursor"] = cursor
            data = self._call("conversations.list", **args)
            for found in data.get("channels", []):
                if found.get("name") == name:
                    self._remember(channel, found["id"])
                    return str(found["id"])
            cursor = (data.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return None

    def post(self, channel: str, message: Message, ref: Ref, thread_ts: str | None = None) -> tuple[str, str]:
        args: dict[str, Any] = {
            "channel": channel,
            "text": message.text,
            "unfurl_links": False,
            "unfurl_media": False,
            "metadata": ref.metadata,
        }
        if message.blocks:
            args["blocks"] = message.blocks
        if thread_ts:
            args["thread_ts"] = thread_ts
        try:
            data = self._call("chat.postMessage", **args)
        except DeliveryError as exc:
            if "not_in_channel" not in str(exc):
                raise
            channel_id = self.resolve_channel(channel)
            if channel_id is None:
                raise DeliveryError(
                    f"chat.postMessage: channel {channel} not found", needs_attention=True
                ) from None
            self._call("conversations.join", channel=channel_id)
            data = self._call("chat.postMessage", **args)
        channel_id = str(data.get("channel") or channel)
        self._remember(channel, channel_id)
        return channel_id, str(data.get("ts"))

    def update(self, channel_id: str, ts: str, message: Message) -> None:
        self._call("chat.update", channel=channel_id, ts=ts, text=message.text, blocks=message.blocks)

    def find_posted(
        self, channel: str, channel_id: str | None, ref: Ref, since: datetime, thread_ts: str | None = None
    ) -> tuple[str, str] | None:
        channel_id = channel_id or self.resolve_channel(channel)
        if channel_id is None:
            return None
        method = "conversations.replies" if thread_ts else "conversations.history"
        cursor: str | None = None
        for _ in range(10):
            args: dict[str, Any] = {
                "channel": channel_id,
                "oldest": f"{since.timestamp() - 60:.6f}",
                "include_all_metadata": True,
                "limit": 200,
            }
            if thread_ts:
                args["ts"] = thread_ts
            if cursor:
                args["cursor"] = cursor
            data = self._call(method, **args)
            for message in data.get("messages", []):
                if ref.is_in(message.get("metadata") or {}):
                    return channel_id, str(message["ts"])
            cursor = (data.get("response_metadata") or {}).get("next_cursor") or None
            if not data.get("has_more") or not cursor:
                break
        return None

    def _upload_channel(self, upload: UploadEntry) -> str:
        channel_id = upload.channel_id or self.resolve_channel(upload.channel)
        if channel_id is None:
            raise DeliveryError(
                f"files.upload: channel {upload.channel} not found", reason="channel_not_found"
            )
        return channel_id

    def reserve_upload(self, upload: UploadEntry) -> tuple[str, str]:
        if len(upload.content) > MAX_FILE_BYTES:
            raise DeliveryError(
                f"files.upload: {len(upload.content)} bytes is over Slack's limit", reason="too_large"
            )
        args: dict[str, Any] = {"filename": upload.unique_name, "length": len(upload.content)}
        if upload.alt_text:
            args["alt_txt"] = upload.alt_text[:1000]
        data = self._call("files.getUploadURLExternal", **args)
        url, file_id = data.get("upload_url"), data.get("file_id")
        if not url or not file_id:
            raise DeliveryError("files.getUploadURLExternal: no upload URL in the answer")
        return str(url), str(file_id)

    def send_bytes(self, upload: UploadEntry, upload_url: str) -> None:
        client = self.client
        try:
            result = client._upload_file(
                url=upload_url,
                data=upload.content,
                logger=log,
                timeout=client.timeout,
                proxy=client.proxy,
                ssl=client.ssl,
            )
        except urllib.error.HTTPError as exc:
            if exc.code == 413:
                raise DeliveryError("upload: Slack says the file is too large", reason="too_large") from None
            raise DeliveryError(f"upload: HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            # Whatever happened, the file is not in a channel until it is completed.
            raise DeliveryError(f"upload: {exc}") from None
        if result.status != 200:
            raise DeliveryError(f"upload: HTTP {result.status}")

    def complete_upload(self, upload: UploadEntry, file_id: str) -> str:
        channel_id = self._upload_channel(upload)
        args: dict[str, Any] = {
            "files": [{"id": file_id, "title": upload.title}],
            "channel_id": channel_id,
        }
        if upload.comment:
            args["initial_comment"] = upload.comment
        try:
            self._call("files.completeUploadExternal", **args)
        except DeliveryError as exc:
            if exc.reason != "not_in_channel":
                raise
            try:
                self._call("conversations.join", channel=channel_id)
            except DeliveryError as join:
                # A private channel or a DM cannot be joined: someone has to invite the bot.
                raise DeliveryError(f"{exc} ({join})", reason="not_in_channel") from None
            self._call("files.completeUploadExternal", **args)
        return channel_id

    def find_upload(self, upload: UploadEntry, file_id: str, since: datetime) -> bool:
        channel_id = self._upload_channel(upload)
        data = self._call(
            "conversations.history", channel=channel_id, oldest=f"{since.timestamp() - 60:.6f}", limit=200
        )
        return any(
            file.get("id") == file_id
            for message in data.get("messages", [])
            for file in message.get("files") or []
        )
