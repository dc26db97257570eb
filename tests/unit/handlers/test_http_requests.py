"""What reaches /slack/events from anybody but Slack is refused early, in one short log line; a body
over the cap is refused unread, and a slow client holds no worker."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from slack_bolt import BoltRequest

from tests.conftest import SIGNING_SECRET, slack_secrets, write_config
from tests.fakes.slack import FakeSlack
from tests.fakes.slack_requests import (
    RawClient,
    post_signed,
    post_unsigned,
    signature,
    slash_command,
)
from veille.app import Veille
from veille.handlers.http import HttpServer, routes, slack_events
from veille.handlers.slack_app import SlackApp
from veille.status import Readiness

SECRET_WORD = "Zanzibar-hostile-text"
FORM = "application/x-www-form-urlencoded"
SHORT_LINE = 200


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def running(tmp_path_factory, slack) -> Iterator[Veille]:
    folder = tmp_path_factory.mktemp("veille")
    loaded = write_config(folder, database=f"sqlite:///{folder / 'veille.db'}", sources=[])
    veille = Veille(loaded, slack_secrets(slack), http_port=0)
    veille.start()
    yield veille
    veille.stop()


@pytest.fixture
def veille(running, caplog) -> Veille:
    """One running bot for every request below; the log is captured from the request on."""
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    return running


def events_url(veille) -> str:
    return f"http://127.0.0.1:{veille.http_port}/slack/events"


def loud_lines(caplog) -> list[str]:
    """What an operator sees at the usual level: INFO and above."""
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.INFO]


def lines_about_requests(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.INFO and record.name.startswith(("veille.handlers", "slack_bolt"))
    ]


def stale() -> str:
    return str(int(time.time()) - 600)


def forged_headers(body: str, **overrides: str) -> dict[str, str]:
    now = str(int(time.time()))
    headers = {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": signature("not-the-secret", now, body)}
    return {**headers, **overrides}


FORGED_FORM = f"payload=%7B%22type%22%3A%22block_actions%22%2C%22text%22%3A%22{SECRET_WORD}%22%7D"


@pytest.mark.parametrize(
    ("body", "content_type", "headers"),
    # headers are made when the test runs, so that only the stale case is stale
    [
        pytest.param("payload=AAAA", FORM, dict, id="unsigned payload"),
        pytest.param(FORGED_FORM, FORM, lambda: forged_headers(FORGED_FORM), id="signed with another secret"),
        pytest.param(
            FORGED_FORM,
            FORM,
            lambda: forged_headers(FORGED_FORM, **{"X-Slack-Signature": "v0=" + "0" * 64}),
            id="forged signature",
        ),
        pytest.param(
            FORGED_FORM,
            FORM,
            lambda: {
                "X-Slack-Request-Timestamp": stale(),
                "X-Slack-Signature": signature(SIGNING_SECRET, stale(), FORGED_FORM),
            },
            id="stale timestamp",
        ),
        pytest.param(
            FORGED_FORM,
            FORM,
            lambda: forged_headers(FORGED_FORM, **{"X-Slack-Request-Timestamp": "soon"}),
            id="timestamp not a number",
        ),
        pytest.param(
            FORGED_FORM,
            FORM,
            lambda: forged_headers(FORGED_FORM, **{"X-Slack-Request-Timestamp": "9" * 5000}),
            id="timestamp too long to be a number",
        ),
        pytest.param(f"hello {SECRET_WORD}", "text/plain", dict, id="plain text"),
        pytest.param(
            f'{{"type": "event_callback", "x": "{SECRET_WORD}"}}',
            "application/json",
            dict,
            id="unsigned JSON",
        ),
        pytest.param(
            b"payload=\xff\xfe" + SECRET_WORD.encode(), FORM, lambda: forged_headers("x"), id="not UTF-8"
        ),
    ],
)
def test_a_request_slack_did_not_sign_gets_401_and_one_short_line_without_its_body(
    veille, caplog, capsys, body: str | bytes, content_type: str, headers: Callable[[], dict[str, str]]
):
    response = post_unsigned(events_url(veille), body, content_type=content_type, headers=headers())
    assert response.status_code == 401
    lines = lines_about_requests(caplog)
    assert len(lines) == 1, lines
    assert "401" in lines[0] and "/slack/events" in lines[0] and len(lines[0]) < SHORT_LINE
    assert not any(SECRET_WORD in line or "AAAA" in line for line in loud_lines(caplog))
    assert "Traceback" not in capsys.readouterr().err


def test_a_forged_megabyte_never_reaches_the_log(veille, caplog):
    body = "payload=" + (SECRET_WORD + " ") * (1_000_000 // (len(SECRET_WORD) + 1))
    response = post_unsigned(events_url(veille), body, headers=forged_headers(body))
    assert response.status_code == 401
    assert not any(SECRET_WORD in line for line in loud_lines(caplog))
    assert all(len(line) < SHORT_LINE for line in lines_about_requests(caplog))


def test_twenty_megabytes_are_refused_unread_while_slack_still_gets_through(veille, slack, caplog):
    upload = RawClient(veille.http_port)
    try:
        upload.send_head("/slack/events", {"Content-Type": FORM, "Content-Length": str(20 * 1024 * 1024)})
        upload.send(b"payload=" + b"A" * 65536)
        # the rest of the body is never sent: the answer must come without it
        assert upload.status() == 413
    finally:
        upload.close()
    assert not any("AAAA" in line for line in loud_lines(caplog))

    whole = post_unsigned(events_url(veille), b"A" * (20 * 1024 * 1024), timeout=30)
    assert whole.status_code == 413

    body = slash_command("help", response_url=slack.response_url_base + "cmd1")
    assert post_signed(events_url(veille), body, SIGNING_SECRET).status_code == 200
    assert slack.wait_for_response(1)
    ssl_check = post_unsigned(events_url(veille), "ssl_check=1&token=legacy-verification-token")
    assert ssl_check.status_code == 200
    health = httpx.get(f"http://127.0.0.1:{veille.http_port}/healthz", timeout=5)
    assert health.status_code == 200 and health.json() == {"ok": True}


def test_a_chunked_body_is_read_within_the_cap(veille, slack):
    body = slash_command("help", response_url=slack.response_url_base + "chunked")
    now = str(int(time.time()))
    headers = {
        "Content-Type": FORM,
        "X-Slack-Request-Timestamp": now,
        "X-Slack-Signature": signature(SIGNING_SECRET, now, body),
    }

    def chunks() -> Iterator[bytes]:
        yield body.encode()

    response = httpx.post(events_url(veille), content=chunks(), headers=headers, timeout=5)
    assert response.status_code == 200

    def endless() -> Iterator[bytes]:
        for _ in range(40):
            yield b"A" * 65536

    too_long = httpx.post(events_url(veille), content=endless(), headers=headers, timeout=30)
    assert too_long.status_code == 413


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param("payload=AAAA", FORM, id="payload not JSON"),
        pytest.param("payload=%5B1%2C2%5D", FORM, id="payload a list"),
        pytest.param('["event_callback"]', "application/json", id="JSON list"),
        pytest.param("{not json", "application/json", id="broken JSON"),
        pytest.param("hello", "text/plain", id="plain text"),
    ],
)
def test_a_signed_body_that_is_no_slack_payload_gets_400_without_a_traceback(
    veille, caplog, capsys, body: str, content_type: str
):
    response = post_signed(events_url(veille), body, SIGNING_SECRET, content_type=content_type)
    assert response.status_code == 400
    lines = lines_about_requests(caplog)
    assert len(lines) == 1 and "400" in lines[0] and len(lines[0]) < SHORT_LINE, lines
    assert "Traceback" not in capsys.readouterr().err


def test_bolt_does_not_log_a_refused_body_even_if_one_reaches_it(slack, caplog):
    caplog.set_level(logging.DEBUG)
    bolt = SlackApp(slack_secrets(slack)).bolt
    body = FORGED_FORM.replace("block_actions", "view_submission")
    answer = bolt.dispatch(BoltRequest(body=body, headers={**forged_headers(body), "content-type": FORM}))
    assert answer.status == 401
    assert not any(SECRET_WORD in line for line in loud_lines(caplog))


def _ready() -> Readiness:
    return Readiness(())


@pytest.fixture
def slow_server(slack) -> Iterator[HttpServer]:
    bolt = SlackApp(slack_secrets(slack)).bolt
    events = slack_events(bolt, SIGNING_SECRET, timeout=1.0)
    server = HttpServer(routes(_ready, events), "127.0.0.1", 0, timeout=1.0, threads=2)
    yield server
    server.close()


def _stall_after_head(client: RawClient) -> None:
    client.send_head("/slack/events", {"Content-Type": FORM, "Content-Length": "100"})
    client.send(b"payload=")


def _stall_in_head(client: RawClient) -> None:
    client.send(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n")


@pytest.mark.parametrize("behaviour", [_stall_after_head, _stall_in_head], ids=["body", "headers"])
def test_a_client_that_stops_sending_is_let_go(slow_server, capsys, behaviour: Any):
    client = RawClient(slow_server.port, timeout=5)
    try:
        started = time.monotonic()
        behaviour(client)
        assert client.answer() == b""
        assert time.monotonic() - started < 5
    finally:
        client.close()
    assert "Traceback" not in capsys.readouterr().err


def test_clients_trickling_their_bodies_hold_no_worker(slow_server):
    slow = [RawClient(slow_server.port, timeout=5) for _ in range(6)]
    try:
        for client in slow:
            client.send_head("/slack/events", {"Content-Type": FORM, "Content-Length": "100"})
        for _ in range(3):
            for client in slow:
                client.send(b"A")
            time.sleep(0.2)
        # more slow clients than workers, and the server still answers at once
        health = httpx.get(f"http://127.0.0.1:{slow_server.port}/healthz", timeout=2)
        assert health.status_code == 200 and health.json() == {"ok": True}
    finally:
        for client in slow:
            client.close()
