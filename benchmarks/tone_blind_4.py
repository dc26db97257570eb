"""The fourth blind check of the tone engine: 250 sentences, 25 per kind and language.

Written by someone who read neither the engine nor its tests (data/tone_blind_4.csv: irony,
sincere praise, plain news, bad news, and contrasts whose second clause decides), then run once
before and once after the change it measured (docs/tone.md). Prints, per kind and language, how
many are read as expected. Run: ``.venv/bin/python -m benchmarks.tone_blind_4``.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from veille.tone.checker import ToneChecker

SENTENCES = Path(__file__).parent / "data" / "tone_blind_4.csv"
KINDS = ("irony", "sincere", "news", "bad_news", "contrast")


def main() -> None:
    with SENTENCES.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    checker = ToneChecker()
    right: Counter[tuple[str, str]] = Counter()
    seen: Counter[tuple[str, str]] = Counter()
    for row in rows:
        key = (row["kind"], row["language"])
        seen[key] += 1
        right[key] += checker.analyze(row["text"], row["language"]).label == row["expected"]
    print(f"{'kind':<10} {'en':>7} {'fr':>7}")
    for kind in KINDS:
        cells = [f"{right[kind, lang]:>3}/{seen[kind, lang]:<3}" for lang in ("en", "fr")]
        print(f"{kind:<10} {cells[0]:>7} {cells[1]:>7}")
    print(f"all        {sum(right.values())}/{sum(seen.values())}")


if __name__ == "__main__":
    main()
