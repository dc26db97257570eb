"""How long after a Slack outage the queued alerts reach their channels.

Plays the outage of the outbox tests on a simulated clock (429 with Retry-After: 5 on every call,
then HTTP 500, while 20 alerts are found, spread over the outage; two channels) against the fake
Slack Web API over real HTTP, and prints, in simulated seconds after Slack recovered, when the
first and the last queued alert arrived, how many arrived after one found later, and how many
calls Slack got while down. With `--before REV` the outbox of that commit (per-row backoff,
every 429 counted as a failure) plays the same outage, side by side.
Run: .venv/bin/python -m benchmarks.outage_drain [--before 97323ea]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
import sys
import tempfile
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import REPO
from tests.fakes.slack import FakeSlack
from tests.unit.delivery.test_outbox import alert_renderer, make_outbox, slack_poster
from tests.unit.delivery.test_outbox_outage import CHANNELS, Outage, Played, SimulatedClock, play
from veille.store import Store

OUTAGES = [Outage(rate_limited=45, server_errors=45), Outage(rate_limited=60, server_errors=240)]


class _OldWorker:
    """The outbox of an earlier commit, run on the simulated clock."""

    def __init__(self, store: Store, slack: FakeSlack, clock: SimulatedClock, rev: str) -> None:
        path = f"{rev}:bot/delivery/outbox.py"
        show = ["git", "show", path]
        source = subprocess.run(show, cwd=REPO, check=True, capture_output=True, text=True).stdout
        module = types.ModuleType("veille.delivery.outbox_before")
        sys.modules[module.__name__] = module  # dataclasses look their module up
        exec(compile(source, path, "exec"), module.__dict__)
        module.__dict__["_now"] = clock.now
        module.__dict__["time"] = types.SimpleNamespace(monotonic=clock.monotonic, sleep=self._sleep)
        self.clock = clock
        self.outbox: Any = module.Outbox(store, slack_poster(store, slack), alert_renderer(store))
        self.outbox._stop = self  # its waits for the channel's pace pass simulated time

    def _sleep(self, seconds: float) -> None:
        self.clock.elapsed += seconds

    def wait(self, seconds: float) -> bool:
        self._sleep(seconds)
        return False

    def is_set(self) -> bool:
        return False

    def tick(self) -> int:
        worked = int(self.outbox.deliver_messages())
        if not worked:
            self._sleep(self.outbox.idle_wait)
        return worked

    def wake(self) -> None:
        pass


@dataclass(frozen=True)
class Drain:
    """One outage played: simulated seconds after Slack recovered."""

    delivered: int
    oldest: float  # when the first alert found during the outage arrived
    last: float  # when the last queued alert arrived
    overtaken: int  # alerts that arrived after one found later in the same channel
    calls_while_down: int


def _drain(played: Played, slack: FakeSlack, clock: SimulatedClock) -> Drain:
    delivered = played.delivered(slack)
    after = {str(c.args.get("text")): c.at - clock.started - played.recovered_at for c in delivered}
    first_found = played.found[CHANNELS["#veille"]][0]
    oldest = next((t for text, t in after.items() if text.endswith(f" : {first_found}")), float("nan"))
    overtaken = 0
    for channel, found in played.found.items():
        order = [found.index(title) for title in played.posted(slack, channel)]
        overtaken += sum(1 for i, rank in enumerate(order) if any(earlier > rank for earlier in order[:i]))
    last = max(after.values(), default=float("nan"))
    return Drain(len(delivered), oldest, last, overtaken, len(played.calls_while_down))


def _play(outage: Outage, before: str | None) -> Drain:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'veille.db'}")
        store.create_schema()
        slack = FakeSlack().start()
        try:
            clock = SimulatedClock()
            worker: Any = (
                _OldWorker(store, slack, clock, before)
                if before
                else make_outbox(store, slack, clock=clock, quick=False)
            )
            played = play(store, slack, worker, clock, outage, patience=1800)
            return _drain(played, slack, clock)
        finally:
            slack.stop()
            store.close()


def _line(drains: list[Drain], total: int) -> str:
    worst = max(drains, key=lambda d: d.last)
    lasts = sorted(d.last for d in drains)
    return (
        f"delivered {min(d.delivered for d in drains)}/{total}; first found arrived after"
        f" {statistics.median(d.oldest for d in drains):5.1f} s; last after {statistics.median(lasts):5.1f} s"
        f" (worst {worst.last:5.1f} s); out of order {max(d.overtaken for d in drains):2d};"
        f" calls while down {statistics.median(d.calls_while_down for d in drains):3.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", help="a commit whose outbox to compare with (e.g. 97323ea)")
    parser.add_argument("--runs", type=int, default=5, help="plays of each outage (backoffs are jittered)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # every refused post is logged; the summary lines say it all
    for outage in OUTAGES:
        print(
            f"{outage.rate_limited:.0f} s of 429 then {outage.server_errors:.0f} s of 500,"
            f" {outage.alerts} alerts found meanwhile (simulated seconds after Slack recovered, median of"
            f" {args.runs}):"
        )
        if args.before:
            before = [_play(outage, args.before) for _ in range(args.runs)]
            print(f"  before ({args.before}): {_line(before, outage.alerts)}")
        now = [_play(outage, None) for _ in range(args.runs)]
        print(f"  now: {' ' * (len(args.before or '') + 6)}{_line(now, outage.alerts)}")


if __name__ == "__main__":
    main()
