"""App Home: opening Veille's tab shows what waits for me, what nobody took, today's counts and
the sources that fail — published through views.publish, in the person's language."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tests.conftest import SIGNING_SECRET
from tests.fakes.feeds import FeedEntry
from tests.fakes.slack_requests import app_home_opened, post_signed
from tests.rigs.triage import TriageRig, start_rig, texts


def earlier_today(share: float) -> datetime:
    """Earlier today in the team's time zone (Paris), even just after its midnight: read when the
    test runs, not when the file is collected (a run may cross midnight in between)."""
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo("Europe/Paris")).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + (now - today) * share


def today_entries() -> list[FeedEntry]:
    return [
        FeedEntry(
            "Viadeo change de logo",
            "Le nouveau logo de Viadeo divise les graphistes.",
            "https://blog.example.fr/viadeo-logo",
            "h1",
            published=earlier_today(0.25),
        ),
        FeedEntry(
            "Viadeo ouvre un bureau à Lyon",
            "Viadeo annonce un bureau lyonnais et vingt embauches.",
            "https://blog.example.fr/viadeo-lyon",
            "h2",
            published=earlier_today(0.5),
        ),
        FeedEntry(
            "Viadeo, la R&D et la <b>confidentialité</b> <!channel>",
            "Un article sur Viadeo et les données personnelles.",
            "https://blog.example.fr/viadeo-donnees",
            "h3",
            published=earlier_today(0.75),
        ),
    ]


def _open_home(rig: TriageRig, user: str) -> str:
    rig.slack.home_views.pop(user, None)
    response = post_signed(
        rig.events_url, app_home_opened(user), SIGNING_SECRET, content_type="application/json"
    )
    assert response.status_code == 200
    rig.wait_until(lambda: user in rig.slack.home_views)
    view = rig.slack.home_views[user]
    assert view["type"] == "home"
    return texts(view["blocks"])


def _alert(rig: TriageRig, title: str) -> dict:
    return next(a for a in rig.alerts(count=3) if title in texts(a["blocks"]))


def test_app_home_shows_my_open_mentions_the_unassigned_ones_and_todays_counts(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, today_entries(), paced=False)
    logo, lyon = _alert(rig, "change de logo"), _alert(rig, "bureau à Lyon")
    rig.click(logo, "Assigner à…", choose="U0MARIE01", user="U0PAUL001")
    rig.click(lyon, "Traité")
    rig.wait_until(lambda: rig.veille.store.alert_view(2).state == "handled")
    rig.wait_until(lambda: rig.veille.store.alert_view(1).assignee == "U0MARIE01")

    shown = _open_home(rig, "U0MARIE01")
    mine, rest = shown.split("*Sans responsable*")
    assert "Assignées à vous" in mine and "Viadeo change de logo" in mine
    assert "dans <#C0VEILLE1>" in mine
    unassigned, today = rest.split("*Aujourd'hui*")
    assert "confidentialité" in unassigned and "Viadeo change de logo" not in unassigned
    assert "bureau à Lyon" not in shown.split("*Aujourd'hui*")[0]  # handled: not open any more
    assert "<!channel>" not in shown and "R&amp;D" in unassigned
    assert "*3 mentions*" in today and "• *Viadeo* : 3" in today
    assert "Toutes les sources répondent" in today

    paul = _open_home(rig, "U0PAUL001")
    assert "Rien en attente" in paul.split("*Sans responsable*")[0]


def test_app_home_lists_a_failing_source_and_speaks_the_persons_language(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, today_entries(), paced=False)
    rig.alerts(count=3)
    feeds.set("/f.xml", "oops", status=500)
    rig.poll_now()
    fake_slack.locales["U0JOHN001"] = "en-GB"

    shown = _open_home(rig, "U0JOHN001")
    assert "*Assigned to you*" in shown and "*Unassigned*" in shown and "*Today*" in shown
    failing = shown.split("*Failing sources*")[1]
    assert "🟠 *blog-fr*" in failing and "500" in failing
