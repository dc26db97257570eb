"""The tone check against labelled data, side by side with TextBlob, textblob-fr and VADER.

For every CSV of ../shared/data/sentiment: accuracy, 3-class macro-F1, per-class precision and
recall, and texts per second (CPU time on one core), for
  - textblob     plain TextBlob polarity (English files), thresholds ±0.05
  - textblob-fr  plain textblob-fr polarity (French files), thresholds ±0.05
  - vader        VADER compound, thresholds ±0.05 (its authors' choice)
  - old          Veille's previous analyzer (TextBlob / textblob-fr with language detection, ±0.1)
  - new          Veille's tone check (ToneChecker) with the default thresholds
The new analyzer's learned weights never saw the held-out rows (crc32(file:id) % 5 == 0,
scripts.train_tone), so the main table is on those rows; a second table adds all rows for the
baselines (the new analyzer's all-rows numbers include its training rows: marked †).
Then whether the new analyzer's confidence is honest on the held-out rows (per language: the
calibration error, how often a tone said with a given confidence was right, how many alerts say
"low confidence"), and language detection on the French and English texts over 20 characters.

Run: .venv/bin/python -m benchmarks.sentiment [--limit N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence

from benchmarks.common import require_shared
from scripts.train_tone import Example, held_out, read_folder
from veille.config import ToneConfig
from veille.text.language import LanguageDetector
from veille.tone.checker import LexiconToneAnalyzer, ToneChecker, analyzer_for, label_for
from veille.tone.metrics import Agreement, agreement, calibration, marked

Predict = Callable[[Example], str]
TARGETS = {"en_tweeteval_semeval17_test": 0.65, "en_vader_tweets": 0.80, "fr_tweets_deft_dev": 0.65}


def baselines() -> dict[str, Predict]:
    from textblob.en.sentiments import PatternAnalyzer as EnglishAnalyzer
    from textblob_fr import PatternAnalyzer as FrenchAnalyzer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    english, french, vader = EnglishAnalyzer(), FrenchAnalyzer(), SentimentIntensityAnalyzer()
    old = LexiconToneAnalyzer(0.1, -0.1)
    defaults = ToneConfig()
    new = ToneChecker(defaults.positive, defaults.negative)
    return {
        "textblob": lambda e: label_for(float(english.analyze(e.text)[0]), 0.05, -0.05),
        "textblob-fr": lambda e: label_for(float(french.analyze(e.text)[0]), 0.05, -0.05),
        "vader": lambda e: label_for(float(vader.polarity_scores(e.text)["compound"]), 0.05, -0.05),
        "old": lambda e: old.analyze(e.text).label,
        "new": lambda e: new.analyze(e.text).label,
    }


def applicable(name: str, language: str) -> bool:
    return not (name == "textblob" and language != "en") and not (name == "textblob-fr" and language != "fr")


def run(predict: Predict, rows: Sequence[Example]) -> tuple[list[str], float]:
    # CPU time of this process: one core's throughput, whatever else the machine runs.
    start = time.process_time()
    labels = [predict(row) for row in rows]
    elapsed = time.process_time() - start
    return labels, len(rows) / elapsed if elapsed else 0.0


def line(name: str, scores: Agreement, rate: float | None, mark: str = "") -> str:
    per_class = "  ".join(f"{c.label[:3]} {c.precision:.2f}/{c.recall:.2f}" for c in scores.classes)
    speed = f"{rate:9,.0f}/s" if rate is not None else ""
    return (
        f"  {name + mark:13s} n={scores.total:6,d}  acc {scores.accuracy:.3f}  macro-F1 {scores.macro_f1:.3f}"
        f"  P/R {per_class}  {speed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Tone check vs TextBlob, textblob-fr and VADER")
    parser.add_argument("--limit", type=int, default=0, help="rows per file (0: all)")
    args = parser.parse_args()
    folder = require_shared("sentiment")
    data = read_folder(folder)
    analyzers = baselines()
    by_language: dict[str, dict[str, tuple[list[str], list[str]]]] = {}
    summary: list[str] = []
    rates: dict[str, list[float]] = {}
    for file, rows in data.items():
        rows = rows[: args.limit] if args.limit else rows
        language = rows[0].language if rows else "?"
        test = [i for i, row in enumerate(rows) if held_out(row)]
        gold = [row.label for row in rows]
        print(f"\n{file} ({language}): {len(rows):,} rows, {len(test):,} held out")
        results: dict[str, tuple[list[str], float]] = {}
        for name, predict in analyzers.items():
            if applicable(name, language):
                results[name] = run(predict, rows)
                rates.setdefault(name, []).append(results[name][1])
        print(" held-out rows (never trained on):")
        held: dict[str, float] = {}
        for name, (labels, rate) in results.items():
            scores = agreement([gold[i] for i in test], [labels[i] for i in test])
            held[name] = scores.macro_f1
            print(line(name, scores, rate))
            merged = by_language.setdefault(language, {}).setdefault(name, ([], []))
            merged[0].extend(gold[i] for i in test)
            merged[1].extend(labels[i] for i in test)
        print(" all rows:")
        for name, (labels, _) in results.items():
            print(line(name, agreement(gold, labels), None, "†" if name == "new" else ""))
        best = max((v for k, v in held.items() if k not in ("new", "old")), default=0.0)
        target = TARGETS.get(file)
        verdict = f"target ≥ {target:.2f}: {'met' if held['new'] >= target else 'NOT met'}" if target else ""
        ratio = held["new"] / held["old"] if held["old"] else float("nan")
        summary.append(
            f"  {file:30s} new {held['new']:.3f}  old {held['old']:.3f} (×{ratio:.2f})"
            f"  best baseline {best:.3f} ({held['new'] - best:+.3f})  {verdict}"
        )
    print("\nPer language, held-out rows of every file:")
    for language, results in by_language.items():
        print(f" {language}:")
        for name, (gold, labels) in results.items():
            print(line(name, agreement(gold, labels), None))
    print("\nSummary (3-class macro-F1 on held-out rows; ratio new/old):")
    print("\n".join(summary))
    print("\nThroughput (texts/s of CPU time on one core, mean over files):")
    for name, values in rates.items():
        print(f"  {name:12s} {sum(values) / len(values):9,.0f}/s")
    confidence(data, args.limit)
    language_detection(data)


def confidence(data: dict[str, list[Example]], limit: int) -> None:
    checker = analyzer_for(ToneConfig())
    print(
        "\nConfidence of the new analyzer on held-out rows (is a tone said at 80 % right 80 % of the time?):"
    )
    for language in ("en", "fr"):
        rows = [
            row
            for rows in data.values()
            for row in (rows[:limit] if limit else rows)
            if row.language == language and held_out(row)
        ]
        # A text taken for another language gets no tone and no confidence: nothing to calibrate.
        judged = [
            (tone, row)
            for row in rows
            if (tone := checker.analyze(row.text, language)).confidence is not None
        ]
        if not judged:
            continue
        tones = [tone for tone, _ in judged]
        said = [tone.confidence or 0.0 for tone in tones]
        right = [tone.label == row.label for tone, row in judged]
        result = calibration(said, right)
        split = marked([tone.unsure for tone in tones], right)
        print(
            f"  {language}: calibration error {result.error:.3f};"
            f" marked low confidence {split.unsure / len(tones):.0%} of {len(tones):,}"
            f" (right {split.unsure_right / max(split.unsure, 1):.0%},"
            f" the others {split.sure_right / max(split.sure, 1):.0%})"
        )
        print(
            "     "
            + "  ".join(
                f"{low:.1f}–{high:.1f}: {share:.0%} of {n:,}"
                for low, high, n, share in result.bins
                if n >= 20
            )
        )


def language_detection(data: dict[str, list[Example]]) -> None:
    detector = LanguageDetector()
    print("\nLanguage detection (texts over 20 characters):")
    for language in ("fr", "en"):
        rows = [
            row for rows in data.values() for row in rows if row.language == language and len(row.text) > 20
        ]
        start = time.process_time()
        found = [detector.detect(row.text) for row in rows]
        elapsed = time.process_time() - start
        right = sum(1 for f in found if f == language)
        wrong = {
            other: sum(1 for f in found if f == other) for other in ("fr", "en", "other") if other != language
        }
        print(
            f"  {language}: {right / len(rows):.2%} of {len(rows):,} right"
            f" (taken for {', '.join(f'{k}: {v}' for k, v in wrong.items())}), {len(rows) / elapsed:,.0f}/s"
        )


if __name__ == "__main__":
    main()
