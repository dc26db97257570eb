"""Counting every call Veille makes to Slack's Web API, by method and HTTP status.

slack_sdk hands each answer (and each call that got none) to the client's retry handlers before
deciding whether to try again; a handler that never asks for a retry sees every attempt, a 429
included, whoever made the call: the outbox's poster or a listener (Bolt copies the handlers
to the client it makes for each request).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from veille import metrics


def api_method(url: str) -> str:
    """`chat.postMessage` for …/api/chat.postMessage; "other" for any other URL."""
    parts = urlsplit(url).path.rstrip("/").split("/")
    return parts[-1] if len(parts) >= 2 and parts[-2] == "api" else "other"


class SlackCallCounter(RetryHandler):
    """Counts each attempt; never retries."""

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = api_method(request.url)
        if response is None:
            metrics.SLACK_CALLS.labels(method, "no_answer").inc()
            return False
        metrics.SLACK_CALLS.labels(method, str(response.status_code)).inc()
        error_code = _slack_error(response)
        if error_code:
            metrics.SLACK_ERRORS.labels(method, error_code).inc()
        return False


def _slack_error(response: HttpResponse) -> str | None:
    body: Any = response.body
    if not body and response.data:
        try:
            body = json.loads(response.data)
        except ValueError:
            return None
    if isinstance(body, dict) and body.get("ok") is False:
        return str(body.get("error") or "unknown")
    return None


def counted(client: WebClient) -> WebClient:
    """`client`, its calls counted in `veille.metrics`."""
    client.retry_handlers.insert(0, SlackCallCounter())
    return client
