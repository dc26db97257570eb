"""While the database is away (PostgreSQL cut off, a backup holding the SQLite file), whoever
clicks or types /veille is told, privately and in their language, to try again in a minute; the
log says once that the database is unreachable, with no traceback. When it is back, the same
click works."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.conftest import SIGNING_SECRET
from tests.fakes.feeds import FeedEntry
from tests.fakes.slack_requests import app_home_opened, post_signed
from tests.fakes.tcp_proxy import DatabaseOutage
from tests.rigs.triage import TriageRig, start_rig, texts

AWAY_FR = "La base de données ne répond pas pour l'instant ; réessayez dans une minute."
AWAY_EN = "The database is not answering right now; try again in a minute."
ENTRIES = [FeedEntry("Viadeo change de logo", "Le logo de Viadeo change.", "https://blog.example.fr/v", "v1")]
# What Veille and Bolt warn about: the listeners, and the poller, outbox and report jobs running
# beside them, which see the same outage and must not say it again.
LISTENER_LOGS = ("veille", "slack_bolt")


@pytest.fixture
def outage(database_url: str) -> Iterator[DatabaseOutage]:
    down = DatabaseOutage(database_url)
    yield down
    down.close()


@pytest.fixture
def rig(tmp_path, fake_slack, feeds, outage, start_veille) -> TriageRig:
    return start_rig(tmp_path, fake_slack, feeds, outage.url, start_veille, ENTRIES)


def listener_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(LISTENER_LOGS) and r.levelno >= logging.WARNING]


def answered(rig: TriageRig, count: int) -> list[dict]:
    return rig.slack.wait_for_response(count)[-1:]


def test_clicks_and_commands_are_answered_politely_until_the_database_is_back(rig, outage, caplog):
    caplog.set_level(logging.INFO)
    (alert,) = rig.alerts()
    alert_id = int(alert["blocks"][-1]["elements"][0]["value"])

    outage.begin()
    rig.click(alert, "Traité")
    (marie,) = answered(rig, 1)
    rig.click(alert, "Traité", user="U0PAUL001", locale="en-US")
    (paul,) = answered(rig, 2)
    export = rig.command("export")

    assert (marie["text"], paul["text"], export["text"]) == (AWAY_FR, AWAY_EN, AWAY_FR)
    assert all(a["response_type"] == "ephemeral" for a in (marie, paul, export))
    assert not marie.get("replace_original")  # the alert itself stays as it was
    lines = listener_lines(caplog)
    assert [r.getMessage().split(":")[0] for r in lines] == ["database unreachable"]
    assert not any(r.exc_info for r in lines)
    outage.end()

    assert rig.click(alert, "Traité") is None  # nothing to say: the click is taken
    rig.wait_until(lambda: rig.slack.calls_to("chat.update"))
    assert "Traité par" in texts(rig.latest(alert)["blocks"])
    view = rig.veille.store.alert_view(alert_id)
    assert view is not None and view.state == "handled" and view.actor == "U0MARIE01"


def test_a_person_whose_slack_speaks_english_is_answered_in_english_without_a_locale_in_the_payload(
    rig, outage
):
    rig.slack.locales["U0PAUL001"] = "en-US"  # what users.info says; clicks and commands carry none
    (alert,) = rig.alerts()

    outage.begin()
    rig.click(alert, "Traité", user="U0PAUL001")
    (click,) = answered(rig, 1)
    command = rig.command("export", user="U0PAUL001")
    outage.end()

    assert (click["text"], command["text"]) == (AWAY_EN, AWAY_EN)
    asked = [c for c in rig.slack.calls_to("users.info") if c.args.get("user") == "U0PAUL001"]
    assert len(asked) == 1  # one lookup serves the button and the command


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_app_home_and_search_buttons_say_so_while_postgresql_is_away(rig, outage, caplog):
    caplog.set_level(logging.INFO)
    rig.alerts()
    found = rig.command("search Viadeo")
    rig.slack.locales["U0PAUL001"] = "en-GB"

    outage.begin()
    rig.click(found, "Partager dans le canal")
    (shared,) = answered(rig, 2)
    response = post_signed(
        rig.events_url, app_home_opened("U0PAUL001"), SIGNING_SECRET, content_type="application/json"
    )
    assert response.status_code == 200
    rig.wait_until(lambda: "U0PAUL001" in rig.slack.home_views)

    assert shared["text"] == AWAY_FR and shared["response_type"] == "ephemeral"
    assert texts(rig.slack.home_views["U0PAUL001"]["blocks"]) == AWAY_EN
    assert [r.getMessage().split(":")[0] for r in listener_lines(caplog)] == ["database unreachable"]

    outage.end()
    rig.click(found, "Partager dans le canal")
    (shared,) = answered(rig, 3)
    assert shared["response_type"] == "in_channel" and "Viadeo change de logo" in texts(shared["blocks"])
