"""Spike alerts: a brand suddenly talked about far more than usual, or far more negatively."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError

from tests.fakes.slack import FakeSlack
from tests.fakes.tcp_proxy import DatabaseOutage
from tests.rigs.report import (
    History,
    paris,
    report_config,
    reporter,
    section_texts,
    slack_outbox,
)
from veille.reports.data import Point
from veille.reports.spikes import SpikeSettings, detect, hour_stats
from veille.search.request import parse_search
from veille.store import Store, is_database_away

NOW = paris(2026, 11, 18, 15, 0)


def spikes_only(**spikes):
    return report_config(reports={"daily": [], "weekly": ""}, spikes={"cooldown": "3h", **spikes})


@pytest.fixture
def flat(store):
    """Two Viadeo mentions every hour for the past 14 days, one in ten negative."""
    history = History(store)
    history.polled_since(NOW - timedelta(days=20))
    start = NOW - timedelta(days=14, hours=2) + timedelta(minutes=10)
    history.per_hour("Viadeo", start, NOW - timedelta(hours=1), 2)
    for day in range(1, 15, 5):
        history.add("Viadeo", NOW - timedelta(days=day, hours=6), "negative", count=2, alert=False)
    return history


def spike_texts(store, fake: FakeSlack) -> list[str]:
    slack_outbox(store, fake).drain()
    return [
        section_texts(m) for m in fake.posts() if "Pic" in (m.get("text") or "") or "envolent" in m["text"]
    ]


def test_a_flat_history_gives_no_alert(store, flat):
    flat.add("Viadeo", NOW - timedelta(minutes=20), count=2, alert=False)
    assert reporter(store, spikes_only()).tick(NOW) == 0


def test_an_hour_at_five_times_the_usual_volume_alerts_once_and_says_why(store, flat, slack):
    flat.add(
        "Viadeo",
        NOW - timedelta(minutes=40),
        "neutral",
        count=6,
        source="twitter-ish",
        title="Viadeo rachète Netvibes ?",
    )
    flat.add(
        "Viadeo",
        NOW - timedelta(minutes=15),
        "positive",
        count=3,
        source="presse",
        title="Rachat : Viadeo confirme",
    )
    flat.add(
        "Viadeo", NOW - timedelta(minutes=5), "negative", source="forum", title="Viadeo <@U123> rachat raté"
    )
    assert reporter(store, spikes_only()).tick(NOW) == 1

    texts = spike_texts(store, slack)
    assert len(texts) == 1
    text = texts[0]
    assert "📈 Pic de mentions pour Viadeo" in text
    assert "*10* mentions dans la dernière heure, contre 2,0 d'habitude à cette heure-ci (×5,0)" in text
    assert "🟢 3 positives (30 %) · ⚪ 6 neutres (60 %) · 🔴 1 négative (10 %)" in text
    assert "Termes : rachète (6), netvibes (6), rachat (4), confirme (3)" in text  # not the brand itself
    assert "Sources : twitter-ish (6), presse (3), forum (1)" in text
    assert "`/veille search brand:Viadeo since:1h`" in text
    assert "&lt;@U123&gt;" in text and "<@U123>" not in text


def test_a_repeat_inside_the_cooldown_gives_no_second_alert_but_after_it_does(store, flat):
    flat.add("Viadeo", NOW - timedelta(minutes=30), count=10, alert=False)
    assert reporter(store, spikes_only()).tick(NOW) == 1
    later = NOW + timedelta(hours=1)
    flat.add("Viadeo", later - timedelta(minutes=30), count=12, alert=False)
    assert reporter(store, spikes_only()).tick(later) == 0  # a restart does not forget the cooldown
    much_later = NOW + timedelta(hours=4)
    flat.add("Viadeo", much_later - timedelta(minutes=30), count=40, alert=False)
    assert reporter(store, spikes_only()).tick(much_later) == 1


def test_a_spike_check_cut_short_by_the_database_is_made_again_a_minute_later(store, flat, database_url):
    flat.add("Viadeo", NOW - timedelta(minutes=30), count=10, alert=False)
    backup = DatabaseOutage(database_url)
    held = Store(backup.url)
    reports = reporter(held, spikes_only())

    backup.begin()
    with pytest.raises(OperationalError) as during:  # the report job logs it once and tries next minute
        reports.tick(NOW)
    backup.end()
    assert is_database_away(during.value)

    assert reports.tick(NOW + timedelta(minutes=1)) == 1  # at the next tick, not `check_every` later
    backup.close()
    held.close()


def test_a_jump_in_the_negative_share_alerts_separately(store, flat, slack):
    flat.add(
        "Viadeo",
        NOW - timedelta(minutes=20),
        "negative",
        count=4,
        source="forum",
        title="Viadeo : panne générale",
    )
    flat.add("Viadeo", NOW - timedelta(minutes=10), "neutral", count=1, alert=False)
    assert reporter(store, spikes_only()).tick(NOW) == 1
    texts = spike_texts(store, slack)
    assert len(texts) == 1
    assert "🔴 Les mentions négatives de Viadeo s'envolent" in texts[0]
    assert "*80 %* des mentions de la dernière heure sont négatives (4 sur 5)" in texts[0]
    assert "Termes : panne (4), générale (4)" in texts[0]
    assert "`/veille search brand:Viadeo tone:neg since:1h`" in texts[0]
    # …which is a search /veille understands: this brand's negative mentions of the last hour.
    asked = parse_search("brand:Viadeo tone:neg since:1h", "fr")
    assert (asked.brand, asked.tone, asked.since) == ("Viadeo", "negative", timedelta(hours=1))


def test_a_negative_spike_lists_its_negative_mentions_the_most_visible_first(store, flat, slack):
    for minutes, title, reach in (
        (50, "Viadeo : panne chez les abonnés", 30),
        (40, "Viadeo : facturation en double", 900),
        (30, "Viadeo : support injoignable", 5),
        (25, "Viadeo : remboursements bloqués", 120),
    ):
        flat.add(
            "Viadeo", NOW - timedelta(minutes=minutes), "negative", title=title, reach=reach, alert=False
        )
    flat.add("Viadeo", NOW - timedelta(minutes=5), "neutral", title="Viadeo publie ses horaires", alert=False)
    flat.add("Viadeo", NOW - timedelta(minutes=3), "positive", title="Viadeo salué", reach=5000, alert=False)
    assert reporter(store, spikes_only()).tick(NOW) == 1
    (text,) = spike_texts(store, slack)
    assert "s'envolent" in text
    listed = [line for line in text.splitlines() if line.startswith("• ")]
    assert [line.split("|")[1].split(">")[0] for line in listed] == [
        "Viadeo : facturation en double",
        "Viadeo : remboursements bloqués",
        "Viadeo : panne chez les abonnés",
    ]
    assert "horaires" not in text and "salué" not in text


def points(per_hour: int, hours: int, last_hour: int, negative_last: int = 0) -> list[Point]:
    out = [
        Point("Viadeo", "neutral", NOW - timedelta(hours=h, minutes=30))
        for h in range(1, hours + 1)
        for _ in range(per_hour)
    ]
    out += [Point("Viadeo", "neutral", NOW - timedelta(minutes=30)) for _ in range(last_hour - negative_last)]
    out += [Point("Viadeo", "negative", NOW - timedelta(minutes=30)) for _ in range(negative_last)]
    return out


def test_a_quiet_brand_needs_the_minimum_volume_and_sensitivity_moves_the_bar():
    quiet = points(0, 24 * 14, 4)
    assert detect(hour_stats("Viadeo", quiet, NOW), SpikeSettings()) == []
    assert len(detect(hour_stats("Viadeo", points(0, 24 * 14, 5), NOW), SpikeSettings())) == 1
    busy = hour_stats("Viadeo", points(10, 24 * 14, 25), NOW)
    assert [s.kind for s in detect(busy, SpikeSettings(sensitivity="high"))] == ["volume"]
    assert detect(busy, SpikeSettings(sensitivity="medium")) == []
    assert busy.same_hour == (10,) * 14 and busy.recent == (10,) * 12


def test_a_negative_jump_also_reaches_the_escalation_channel_like_a_negative_mention(store, flat, slack):
    flat.add("Viadeo", NOW - timedelta(minutes=20), "negative", count=4, alert=False)
    config = report_config(
        reports={"daily": [], "weekly": ""},
        routing={"escalation_channel": "#veille-escalade"},
    )
    assert reporter(store, config).tick(NOW) == 2
    slack_outbox(store, slack).drain()
    home = [m["text"] for m in slack.posts("C0VEILLE1")]
    escalation = [m["text"] for m in slack.posts("C0ESCAL01")]
    assert len(home) == 1 and "s'envolent" in home[0]
    assert len(escalation) == 1 and "s'envolent" in escalation[0]
    assert reporter(store, config).tick(NOW + timedelta(minutes=30)) == 0


def test_a_new_install_has_no_usual_level_yet_so_its_first_polls_are_no_spike(store):
    history = History(store)
    history.polled_since(NOW - timedelta(hours=2))
    history.add("Viadeo", NOW - timedelta(minutes=20), count=12, alert=False)
    assert reporter(store, spikes_only()).tick(NOW) == 0
    assert reporter(store, spikes_only()).tick(NOW + timedelta(days=1)) == 0  # the hour has passed


def test_the_words_of_a_spike_leave_out_common_accented_words():
    from veille.reports.data import MentionRecord
    from veille.reports.spikes import Spike, explain
    from veille.reports.summary import ToneSplit

    titles = ["Viadeo très lent après la panne", "Viadeo : être patient chez soi, très", "Panne Viadeo"]
    records = [
        MentionRecord(
            n, "Viadeo", "negative", NOW, NOW, "forum", title, None, None, 0, ("Viadeo",), "fr", None, ""
        )
        for n, title in enumerate(titles)
    ]
    spike = explain(Spike("volume", "Viadeo", 3, 0.5, ToneSplit(0, 0, 3), 0.1), records)
    assert [word for word, _ in spike.top_terms] == ["panne", "lent", "patient"]
