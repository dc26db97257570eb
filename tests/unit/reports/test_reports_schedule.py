"""Summaries keep the team's local time when the clocks change (Europe/Paris, March and October)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conftest import write_config
from tests.rigs.report import (
    History,
    daily_only,
    report_config,
    reporter,
    section_texts,
    slack_outbox,
)
from veille.config import ConfigError
from veille.reports.schedule import day_windows, latest_daily, latest_weekly, local_instant

PARIS = "Europe/Paris"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_the_daily_summary_stays_at_8_30_in_paris_across_both_clock_changes():
    # Winter time is UTC+1, summer time UTC+2: 8:30 in Paris is 7:30 or 6:30 UTC.
    assert local_instant(date(2026, 3, 28), "08:30", PARIS) == utc(2026, 3, 28, 7, 30)
    assert local_instant(date(2026, 3, 29), "08:30", PARIS) == utc(2026, 3, 29, 6, 30)
    assert local_instant(date(2026, 10, 24), "08:30", PARIS) == utc(2026, 10, 24, 6, 30)
    assert local_instant(date(2026, 10, 25), "08:30", PARIS) == utc(2026, 10, 25, 7, 30)


def test_the_day_of_a_clock_change_is_23_or_25_hours_long_so_nothing_is_counted_twice_or_missed():
    march = day_windows(date(2026, 3, 30), "08:30", PARIS, 3)
    assert [end - start for start, end in march] == [
        timedelta(hours=24),
        timedelta(hours=23),
        timedelta(hours=24),
    ]
    october = day_windows(date(2026, 10, 26), "08:30", PARIS, 3)
    assert [end - start for start, end in october] == [
        timedelta(hours=24),
        timedelta(hours=25),
        timedelta(hours=24),
    ]
    assert all(a[1] == b[0] for a, b in itertools.pairwise(march))


def test_a_time_the_spring_change_skips_happens_an_hour_later_and_a_repeated_time_once():
    assert local_instant(date(2026, 3, 29), "02:30", PARIS) == utc(2026, 3, 29, 1, 30)  # 3:30 summer time
    assert local_instant(date(2026, 10, 25), "02:30", PARIS) == utc(2026, 10, 25, 0, 30)  # the first 2:30


def test_the_latest_slot_is_found_for_several_times_a_day_and_for_the_weekly_monday():
    times = ("08:30", "17:00")
    assert latest_daily(utc(2026, 3, 29, 6, 29), times, PARIS) == (
        date(2026, 3, 28),
        "17:00",
        utc(2026, 3, 28, 16, 0),
    )
    assert latest_daily(utc(2026, 3, 29, 6, 30), times, PARIS) == (
        date(2026, 3, 29),
        "08:30",
        utc(2026, 3, 29, 6, 30),
    )
    monday = latest_weekly(utc(2026, 10, 28, 12, 0), "monday 09:00", PARIS)
    assert monday == (date(2026, 10, 26), utc(2026, 10, 26, 8, 0))


@pytest.mark.parametrize(
    ("change_day", "before_change", "summer_after"),
    [
        (date(2026, 3, 29), utc(2026, 3, 29, 0, 30), True),
        (date(2026, 10, 25), utc(2026, 10, 25, 1, 30), False),
    ],
)
def test_the_summary_of_a_clock_change_day_is_posted_once_at_8_30_local_and_counts_the_night(
    store, slack, change_day, before_change, summer_after
):
    history = History(store)
    history.polled_since(before_change - timedelta(days=3))
    history.add("Viadeo", before_change, "neutral", alert=False)  # in the night of the change
    history.add("Viadeo", before_change + timedelta(hours=2), "positive", alert=False)
    slot = local_instant(change_day, "08:30", PARIS)
    assert slot.hour == (6 if summer_after else 7)
    late_by_a_minute = slot - timedelta(minutes=1)
    assert reporter(store, daily_only(chart=False)).tick(late_by_a_minute) == 0  # not yet (UTC drift guard)
    assert reporter(store, daily_only(chart=False)).tick(slot) == 1
    assert reporter(store, daily_only(chart=False)).tick(slot + timedelta(hours=1)) == 0
    slack_outbox(store, slack).drain()
    text = section_texts(slack.posts()[0])
    assert "*Viadeo* : 2 mentions" in text
    assert f"au {change_day.day} " in text and "08:30" in text


def test_a_misspelt_schedule_is_refused_with_the_key_to_fix():
    with pytest.raises(ConfigError) as error:
        report_config(reports={"daily": ["8h30"]})
    assert error.value.key == "reports.daily"
    assert "HH:MM" in error.value.problem
    with pytest.raises(ConfigError) as error:
        report_config(reports={"weekly": "lundy 09:00"})
    assert error.value.key == "reports.weekly" and "lundi 09:00" in error.value.problem
    with pytest.raises(ConfigError) as error:
        report_config(spikes={"sensitivity": "extreme"})
    assert error.value.key == "spikes.sensitivity"


def test_veille_check_refuses_a_spike_check_more_often_than_the_scheduler_runs(tmp_path):
    loaded = write_config(tmp_path, database="sqlite:///unused.db", sources=[])
    text = loaded.path.read_text(encoding="utf-8") + '[spikes]\ncheck_every = "30s"\n'
    loaded.path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "veille", "--config", str(loaded.path), "check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "spikes.check_every" in done.stderr and 'le minimum est 60 s ("1m")' in done.stderr
    assert report_config(spikes={"check_every": "1m"}).spikes.check_every == 60.0


def test_a_french_team_may_name_the_weekly_day_in_french():
    assert report_config(reports={"weekly": "Lundi 09:00"}).reports.weekly == "monday 09:00"
