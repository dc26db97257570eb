"""CPU per feed-length text of the tone check, and the memory of its models, beside the previous code.

Texts: the items of the shared feeds as the pipeline hands them to the tone check (title, then up
to 1,200 characters of text: `tone_text`), with their declared language. Each side runs in its own
process: "before" is the code of a git revision (`--before`, default HEAD) checked out with
`git worktree` into a temporary folder, "after" is this working tree. Each process analyses every
text once to warm up (models load there), then `--rounds` times, the two sides in turn; the figure
is the best round's CPU time of that process (time.process_time), so that other work on the
machine weighs little and on both sides alike.

Printed per side: texts/s and µs per text, the CPU time of all rounds, how much of it the
language detection takes (`veille.text.language`, the same on both sides), the memory taken by
`ToneChecker()` (tracemalloc: held after construction and its peak; RSS growth) and after its first
English and French texts; then how many tones differ between the two sides (label, score,
confidence, language).

Run: .venv/bin/python -m benchmarks.tone_speed [--before REV] [--rounds 7] [--limit 2000]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, feed_files, revision

SAMPLES = {
    "en": "Thanks Comcast for the 4 hour outage, great job as always",
    "fr": "Quel fiasco, Viadeo est encore en panne depuis ce matin !",
}


def feed_texts(limit: int) -> list[tuple[str, str | None]]:
    from veille.sources.feed import parse_feed
    from veille.tone.checker import tone_text

    texts: list[tuple[str, str | None]] = []
    for path in feed_files():
        try:
            items = parse_feed(path.read_bytes(), path.name)
        except Exception:
            continue
        texts.extend((tone_text(item.title, item.text), item.language) for item in items)
    texts = [(text, language) for text, language in texts if text.strip()]
    return texts[:limit] if limit else texts


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def worker(texts_file: Path) -> None:
    """One side, in this process (its `veille` is whichever the path gives): its tones and memory
    first, then one round of CPU time each time a line comes on stdin."""
    from veille.text.language import LanguageDetector
    from veille.tone.checker import ToneChecker

    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    detector = LanguageDetector()
    gc.collect()
    rss_before = rss_mb()
    tracemalloc.start()
    checker = ToneChecker(detector=detector)
    held, peak = tracemalloc.get_traced_memory()
    rss_built = rss_mb()
    for language, sample in SAMPLES.items():
        checker.analyze(sample, language)
    held_used, peak_used = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_used = rss_mb()
    tones = [checker.analyze(text, language) for text, language in texts]
    memory = {
        "held": held / 1e6,
        "peak": peak / 1e6,
        "rss": rss_built - rss_before,
        "held_used": held_used / 1e6,
        "peak_used": peak_used / 1e6,
        "rss_used": rss_used - rss_before,
    }
    tone_rows = [[t.label, t.score, t.confidence, t.language] for t in tones]
    print(json.dumps({"tones": tone_rows, "memory": memory}), flush=True)
    for _ in sys.stdin:
        start = time.process_time()
        for text, language in texts:
            checker.analyze(text, language)
        middle = time.process_time()
        for text, language in texts:
            detector.detect(text, language)
        print(json.dumps([middle - start, time.process_time() - middle]), flush=True)


class Side:
    """A worker process running one side's code."""

    def __init__(self, veille_path: Path | None, texts_file: Path) -> None:
        env = dict(os.environ)
        if veille_path is not None:
            env["PYTHONPATH"] = os.pathsep.join([str(veille_path), str(REPO)])
        command = [sys.executable, "-m", "benchmarks.tone_speed", "--worker", str(texts_file)]
        self.process = subprocess.Popen(
            command, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in, self._out = self.process.stdin, self.process.stdout
        first: dict[str, Any] = json.loads(self._out.readline())
        self.tones: list[list[Any]] = first["tones"]
        self.memory: dict[str, float] = first["memory"]
        self.seconds: list[float] = []
        self.detection: list[float] = []  # the language detection the tone check starts with

    def round(self) -> None:
        self._in.write("go\n")
        self._in.flush()
        seconds, detection = json.loads(self._out.readline())
        self.seconds.append(seconds)
        self.detection.append(detection)

    def close(self) -> None:
        self._in.close()
        self.process.wait()


def line(name: str, side: Side, count: int) -> str:
    best = min(side.seconds)
    memory = side.memory
    return (
        f"  {name:14s} {count / best:8,.0f} texts/s  {best / count * 1e6:6.1f} µs/text"
        f"  (best of {len(side.seconds)}, median {statistics.median(side.seconds) / count * 1e6:.1f} µs;"
        f" CPU {sum(side.seconds):.2f} s), of which language detection"
        f" {min(side.detection) / count * 1e6:.1f} µs\n"
        f"  {'':14s} models: ToneChecker() holds {memory['held']:.1f} MB (peak {memory['peak']:.1f} MB,"
        f" RSS +{memory['rss']:.1f} MB); after a first en and fr text {memory['held_used']:.1f} MB"
        f" (peak {memory['peak_used']:.1f} MB, RSS +{memory['rss_used']:.1f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Tone check CPU per feed-length text, before and after")
    parser.add_argument("--before", default="HEAD", help="git revision of the previous code (default HEAD)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds per side, taken in turn")
    parser.add_argument("--limit", type=int, default=2000, help="texts at most (0: all)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    texts = feed_texts(args.limit)
    chars = statistics.mean(len(text) for text, _ in texts)
    print(
        f"{len(texts):,} feed texts (mean {chars:.0f} characters),"
        f" {args.rounds} rounds per side in turn, CPU time"
    )
    with tempfile.TemporaryDirectory(prefix="veille-tone-") as temp, revision(args.before) as path:
        texts_file = Path(temp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        before = Side(path, texts_file)
        after = Side(None, texts_file)
        for _ in range(args.rounds):  # in turn, so that both sides meet the same load on the machine
            before.round()
            after.round()
        before.close()
        after.close()
    print(line(f"before {args.before}", before, len(texts)))
    print(line("after", after, len(texts)))
    speedup = min(before.seconds) / min(after.seconds)
    differ = sum(1 for old, new in zip(before.tones, after.tones, strict=True) if old != new)
    labels = sum(1 for old, new in zip(before.tones, after.tones, strict=True) if old[0] != new[0])
    print(
        f"  ×{speedup:.2f} less CPU per text; tones that differ: {differ} of {len(texts)} ({labels} labels)"
    )


if __name__ == "__main__":
    main()
