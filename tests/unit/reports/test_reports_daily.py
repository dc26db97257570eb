"""The daily summary: what the team reads in its channel each morning, and the chart with it."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes.slack import FakeSlack
from tests.rigs.report import (
    History,
    daily_only,
    paris,
    report_config,
    reporter,
    section_texts,
    slack_outbox,
)
from veille.store import Store

MORNING = paris(2026, 11, 23, 8, 30)  # a Monday


def seed_a_fortnight(store: Store) -> History:
    history = History(store)
    history.polled_since(MORNING - timedelta(days=30))
    # Viadeo: 4 mentions a day for the 7 days before yesterday, 5 yesterday, then today's window.
    for days_back in range(2, 15):
        history.add("Viadeo", MORNING - timedelta(days=days_back, hours=3), "neutral", count=4, alert=False)
    history.add("Viadeo", MORNING - timedelta(days=1, hours=2), "neutral", count=5, alert=False)
    day = MORNING - timedelta(hours=5)
    history.add("Viadeo", day, "positive", count=3, source="presse-eco", reach=10, alert=False)
    history.add(
        "Viadeo",
        day,
        "positive",
        source="hn",
        title="Viadeo relance son offre",
        url="https://news.example/1",
        reach=250,
    )
    history.add("Viadeo", day, "neutral", count=2, source="blog", alert=False)
    history.add("Viadeo", day, "negative", source="forum", title="Viadeo <!channel> en panne", reach=40)
    history.add("Viadeo", day, "negative", source="forum", title="Encore Viadeo", reach=5)
    return history


def posted_summary(slack: FakeSlack) -> dict:
    summaries = [m for m in slack.posts() if (m.get("text") or "").startswith("Résumé du")]
    assert len(summaries) == 1, [m.get("text") for m in slack.posts()]
    return summaries[0]


def test_the_morning_summary_tells_the_team_how_each_brand_did_with_its_chart(store, slack):
    seed_a_fortnight(store)
    store.record_poll_failure("flux-cassé", MORNING - timedelta(hours=9), "HTTP 500", None)
    for _ in range(3):
        store.record_poll_failure("flux-cassé", MORNING - timedelta(hours=8), "HTTP 500", None)

    queued = reporter(store).tick(MORNING + timedelta(minutes=1))
    slack_outbox(store, slack).drain()

    assert queued == 2  # the summary and its chart
    text = section_texts(posted_summary(slack))
    assert "📊 Résumé du 23 nov. 2026" in text
    assert "*Viadeo* : 8 mentions (+60 % par rapport à la veille" in text
    assert "+93 % par rapport à la moyenne sur 7 jours, 4,1/jour" in text
    assert "🟢 4 positives (50 %) · ⚪ 2 neutres (25 %) · 🔴 2 négatives (25 %)" in text
    assert "Principales sources : presse-eco (3)" in text
    assert "<https://news.example/1|Viadeo relance son offre> — hn · 250" in text
    assert "Viadeo &lt;!channel&gt; en panne" in text and "<!channel>" not in text
    assert text.index("en panne") < text.index("Encore Viadeo")  # the most visible first
    assert "🔴 2 mentions négatives pas encore traitées" in text
    assert "*Netvibes* : 0 mention (aucune la veille ; rien sur les 7 jours d'avant)" in text
    assert "Sources en échec : flux-cassé" in text
    assert "Du 22 nov. 2026 08:30 au 23 nov. 2026 08:30" in text

    files = slack.uploaded()
    assert len(files) == 1
    chart = files[0]
    assert chart.content is not None and chart.content.startswith(b"\x89PNG")
    assert chart.name.endswith(".png") and "2026-11-23" in chart.name
    assert chart.alt_txt and "10 nov. 2026 – 23 nov. 2026. Viadeo : 61 au total" in chart.alt_txt
    summary_ts = posted_summary(slack)["ts"]
    file_message = next(m for m in slack.posts() if m.get("files"))
    assert float(file_message["ts"]) >= float(summary_ts)  # right after the summary


def test_a_summary_and_its_chart_are_posted_once_across_ticks_and_restarts(store, slack):
    seed_a_fortnight(store)
    reporter(store).tick(MORNING + timedelta(minutes=1))
    reporter(store).tick(MORNING + timedelta(minutes=2))
    slack_outbox(store, slack).drain()
    restarted = reporter(store)  # a new process on the same database
    assert restarted.tick(MORNING + timedelta(minutes=30)) == 0
    slack_outbox(store, slack).drain()

    posted_summary(slack)
    assert len(slack.uploaded()) == 1
    assert len(slack.calls_to("files.completeUploadExternal")) == 1


def test_a_summary_missed_while_the_bot_was_down_is_posted_once_at_start_within_the_grace(store, slack):
    seed_a_fortnight(store)
    back_at_ten = MORNING + timedelta(hours=1, minutes=30)
    assert reporter(store).tick(back_at_ten) == 2
    assert reporter(store).tick(back_at_ten + timedelta(minutes=1)) == 0
    slack_outbox(store, slack).drain()
    assert "Du 22 nov. 2026 08:30 au 23 nov. 2026 08:30" in section_texts(posted_summary(slack))


def test_a_summary_too_late_or_from_before_veille_watched_is_not_posted(store, tmp_path):
    seed_a_fortnight(store)
    assert reporter(store).tick(MORNING + timedelta(hours=7)) == 0  # grace is 6 h

    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh.create_schema()
    History(fresh).polled_since(MORNING + timedelta(hours=1))  # installed at 9:30
    assert reporter(fresh).tick(MORNING + timedelta(hours=1, minutes=5)) == 0
    fresh.close()


def test_a_quiet_day_gets_a_short_nothing_today_or_nothing_at_all(store, slack):
    History(store).polled_since(MORNING - timedelta(days=3))
    assert reporter(store).tick(MORNING) == 1  # no chart for nothing
    slack_outbox(store, slack).drain()
    text = section_texts(posted_summary(slack))
    assert "☀️ Rien aujourd'hui : aucune mention de Viadeo ni de Netvibes depuis hier." in text
    assert slack.uploaded() == []

    silent = daily_only(nothing_today=False)
    assert reporter(store, silent).tick(MORNING + timedelta(days=1)) == 0


def test_each_channel_gets_the_summary_of_its_own_brands_in_english(store, slack):
    config = report_config(
        "en",
        brands=[
            {"name": "Viadeo", "channel": "#veille"},
            {"name": "Netvibes", "channel": "#veille-escalade"},
        ],
        reports={"chart": False, "weekly": ""},
        spikes={"enabled": False},
    )
    history = History(store)
    history.polled_since(MORNING - timedelta(days=2))
    history.add("Netvibes", MORNING - timedelta(hours=1), "positive", alert=False)
    assert reporter(store, config).tick(MORNING) == 2
    slack_outbox(store, slack).drain()

    viadeo = section_texts(slack.posts("C0VEILLE1")[0])
    netvibes = section_texts(slack.posts("C0ESCAL01")[0])
    assert "📊 Summary for 23 Nov 2026" in viadeo
    assert "Nothing today: no mention of Viadeo since yesterday." in viadeo
    assert "*Netvibes*: 1 mention (none the day before; none in the 7 days before)" in netvibes
    assert "🟢 1 positive (100%)" in netvibes
    assert "Viadeo" not in netvibes
