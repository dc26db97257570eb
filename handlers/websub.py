"""/websub/<id>: the callback WebSub hubs call (HTTP mode with `[veille] public_url`).

GET is the hub checking a (un)subscription request, answered with its challenge; POST is content
the hub pushes, read whole (capped like a polled feed's body) and handed to the core
(`veille.pipeline.push.WebSub`), which checks its signature and handles it like a poll."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from veille.handlers.http import REQUEST_TIMEOUT, Refused, WsgiApp, read_body
from veille.pipeline.push import MAX_PUSH_BODY, Answer, WebSub
from veille.sources.websub import ID_SHAPE

log = logging.getLogger(__name__)

PREFIX = "/websub/"


def _reply(start_response: Callable[..., Any], answer: Answer) -> list[bytes]:
    body = answer.body.encode()
    status = f"{answer.status} {HTTPStatus(answer.status).phrase}"
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


def websub_callback(
    websub: WebSub, *, max_body: int = MAX_PUSH_BODY, timeout: float = REQUEST_TIMEOUT
) -> WsgiApp:
    """The WSGI application for every path under /websub/."""

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
        return _reply(start_response, answer)

    return application
