"""/websub/<id>: the callback WebSub hubs call (HTTP mode with `[veille] public_url`).

GET is the hub checking a (un)subscription request, answered with its challenge; POST is content
the hub pushes, read whole (capped like a polled feed's body) and handed to the core
(`veille.pipeline.push.WebSub`), which checks its signature and handles it like a poll.

A push runs the whole pipeline on one of the HTTP server's threads, the same threads that ack
Slack's requests; so at most `PUSHES_AT_ONCE` are processed at once and any more are answered 503
with a Retry-After, which a hub takes as "send it again later" (dedup makes a repeat harmless)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from veille.handlers.http import REQUEST_TIMEOUT, Refused, WsgiApp, read_body
from veille.pipeline.push import MAX_PUSH_BODY, Answer, WebSub
from veille.sources.websub import ID_SHAPE

log = logging.getLogger(__name__)

PREFIX = "/websub/"
PUSHES_AT_ONCE = 3
BUSY_RETRY_AFTER = 30
"""Seconds a hub is asked to wait before sending again a push refused while others run."""


def _reply(start_response: Callable[..., Any], answer: Answer, retry_after: int | None = None) -> list[bytes]:
    body = answer.body.encode()
    status = f"{answer.status} {HTTPStatus(answer.status).phrase}"
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    if retry_after is not None:
        headers.append(("Retry-After", str(retry_after)))
    start_response(status, headers)
    return [body]


def websub_callback(
    websub: WebSub,
    *,
    max_body: int = MAX_PUSH_BODY,
    timeout: float = REQUEST_TIMEOUT,
    at_once: int = PUSHES_AT_ONCE,
) -> WsgiApp:
    """The WSGI application for every path under /websub/."""
    pushing = threading.BoundedSemaphore(at_once)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", ""))
        subscription_id = str(environ.get("PATH_INFO", "")).removeprefix(PREFIX)
        if not ID_SHAPE.fullmatch(subscription_id):
            return _reply(start_response, Answer(404, "not found"))
        if method == "GET":
            query = str(environ.get("QUERY_STRING", ""))
            params = dict(parse_qsl(query, keep_blank_values=True))
            return _reply(start_response, websub.verify(subscription_id, params))
        if method != "POST":
            return _reply(start_response, Answer(405, "GET or POST"))
        if not pushing.acquire(blocking=False):
            log.info("refused a WebSub push: %d already being processed", at_once)
            return _reply(start_response, Answer(503, "busy, send it again later"), BUSY_RETRY_AFTER)
        try:
            try:
                body = read_body(environ, max_body, timeout)
            except Refused as refused:
                log.info("refused a WebSub push: %d %s", refused.status, refused.why)
                return _reply(start_response, Answer(refused.status, refused.why))
            signature = environ.get("HTTP_X_HUB_SIGNATURE")
            content_type = environ.get("CONTENT_TYPE")
            answer = websub.receive(
                subscription_id,
                str(signature) if signature else None,
                str(content_type) if content_type else None,
                body,
            )
        finally:
            pushing.release()
        return _reply(start_response, answer)

    return application
