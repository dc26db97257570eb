"""CPU cost of turning fetched feed bodies into items, on the shared feed corpus.

Measures `parse_feed` over every shared feed file (µs per item, MB/s) and `html_to_text` alone
over every title, summary and content of those feeds, as the parsers give them. CPU time is
`time.process_time`, best of `--rounds` rounds. Also counts the documents that go to feedparser
rather than feedparser-rs, per reason.

`--before REV` runs the same measure in a subprocess importing the package as it was at git
revision REV (a `git worktree` in /tmp), the two taking turns in each round, prints both side by
side and checks that both give the same items (every field) from every file.
Run: VEILLE_SHARED_DATA=/work/shared/data .venv/bin/python -m benchmarks.feed_parse [--before HEAD]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, feed_files, revision
from veille.sources.base import FetchError
from veille.sources.feed import parse_feed
from veille.sources.feed_parse import (
    Shapes,
    careful_reason,
    fast_body,
    get_field,
    parse_document,
    parse_fast,
    text_value,
)
from veille.text.html import html_to_text


def html_fields(bodies: list[bytes]) -> list[str]:
    """Every title, summary and content the parser gives for the bodies' entries."""
    fields: list[str] = []
    for body in bodies:
        for entry in parse_document(body).entries:
            fields.append(text_value(get_field(entry, "title")))
            fields.append(text_value(get_field(entry, "summary")))
            fields.extend(text_value(content) for content in get_field(entry, "content") or [])
    return [field for field in fields if field]


def items_of(paths: list[Path], bodies: list[bytes]) -> dict[str, list[dict[str, Any]]]:
    """Every item of every body, as JSON-ready dictionaries, by file (an error's message instead)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for path, body in zip(paths, bodies, strict=True):
        try:
            items = parse_feed(body, path.name)
        except FetchError as exc:
            out[str(path)] = [{"error": str(exc)}]
            continue
        out[str(path)] = [json.loads(json.dumps(dataclasses.asdict(item), default=str)) for item in items]
    return out


def cpu(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def parse_all(paths: list[Path], bodies: list[bytes]) -> None:
    for path, body in zip(paths, bodies, strict=True):
        with contextlib.suppress(FetchError):
            parse_feed(body, path.name)


def reasons(bodies: list[bytes]) -> dict[str, int]:
    """How many documents take feedparser, per reason ("feedparser-rs" for those that do not)."""
    counts: Counter[str] = Counter()
    for body in bodies:
        shapes = Shapes(body)
        reason = careful_reason(body, None, parse_fast(fast_body(body, shapes)), shapes)
        counts[reason or "feedparser-rs"] += 1
    return dict(counts.most_common())


def measure_once() -> dict[str, Any]:
    """One round of the measure, in this process."""
    paths = feed_files()
    bodies = [path.read_bytes() for path in paths]
    fields = html_fields(bodies)
    return {
        "parse": cpu(lambda: parse_all(paths, bodies)),
        "html": cpu(lambda: [html_to_text(field) for field in fields]),
    }


def facts() -> dict[str, Any]:
    """What the measure is about, and what it gives, in this process."""
    paths = feed_files()
    bodies = [path.read_bytes() for path in paths]
    fields = html_fields(bodies)
    items = items_of(paths, bodies)
    return {
        "documents": len(bodies),
        "bytes": sum(map(len, bodies)),
        "items": sum(1 for found in items.values() for item in found if "error" not in item),
        "fields": len(fields),
        "field_bytes": sum(len(field.encode("utf-8", "surrogatepass")) for field in fields),
        "reasons": reasons(bodies),
        "output": items,
    }


def in_subprocess(path: Path, mode: str) -> dict[str, Any]:
    """The measure in a subprocess importing `veille` from `path` first."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(path), str(REPO)]))
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.feed_parse", f"--{mode}"],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def row(label: str, run: dict[str, float], about: dict[str, Any]) -> str:
    parse, html = run["parse"], run["html"]
    per_item, parse_rate = parse * 1e6 / about["items"], about["bytes"] / parse / 1e6
    per_field, html_rate = html * 1e6 / about["fields"], about["field_bytes"] / html / 1e6
    return (
        f"{label:<10} parse_feed {per_item:7.1f} µs/item {parse_rate:6.2f} MB/s"
        f" | html_to_text {per_field:6.1f} µs/field {html_rate:6.2f} MB/s"
    )


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: min(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", metavar="REV", help="also measure the package at this git revision")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)  # for --before
    parser.add_argument("--facts", action="store_true", help=argparse.SUPPRESS)  # for --before
    args = parser.parse_args()
    if args.once or args.facts:
        json.dump(measure_once() if args.once else facts(), sys.stdout)
        return
    with contextlib.ExitStack() as stack:
        before = stack.enter_context(revision(args.before)) if args.before else None
        compare(args, before)


def compare(args: argparse.Namespace, before: Path | None) -> None:
    """Measures this package, and the one importable from `before` when given, and prints both."""
    now = facts()
    then = in_subprocess(before, "facts") if before else None
    print(
        f"{now['documents']} documents, {now['bytes'] / 1e6:.1f} MB, {now['items']} items;"
        f" {now['fields']} HTML-or-text fields, {now['field_bytes'] / 1e6:.1f} MB"
        f" (best of {args.rounds} rounds)"
    )
    mine: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    for _ in range(args.rounds):
        mine.append(measure_once())
        if before:
            theirs.append(in_subprocess(before, "once"))
    print(row("now", best(mine), now))
    if then is not None:
        print(row(args.before, best(theirs), then))
        ratio = best(theirs)["parse"] / best(mine)["parse"]
        print(f"parse_feed: {ratio:.2f}× less CPU than at {args.before}")
    print("\nDocuments by parser (feedparser: why):")
    for label, counts in [("now", now["reasons"]), *([(args.before, then["reasons"])] if then else [])]:
        print(f"  {label}: " + ", ".join(f"{reason} {count}" for reason, count in counts.items()))
    if then is not None:
        differ = [name for name in now["output"] if now["output"][name] != then["output"].get(name)]
        missing = set(then["output"]) - set(now["output"])
        if differ or missing:
            count = len(differ) + len(missing)
            print(f"\nITEMS DIFFER from {args.before} in {count} files: {sorted(differ)[:10]}")
            sys.exit(1)
        print(f"\nItems identical to {args.before}'s in all {len(now['output'])} files (every field).")


if __name__ == "__main__":
    main()
