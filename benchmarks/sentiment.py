"""The tone check against labelled data, side by side with TextBlob, textblob-fr and VADER.

For every CSV of ../shared/data/sentiment and of its train/ folder: accuracy, 3-class macro-F1,
per-class F1 (and precision/recall), and texts per second (CPU time on one core), for
  - textblob     plain TextBlob polarity (English files), thresholds ±0.05
  - textblob-fr  plain textblob-fr polarity (French files), thresholds ±0.05
  - vader        VADER compound, thresholds ±0.05 (its authors' choice)
  - old          Veille's previous analyzer (TextBlob / textblob-fr with language detection, ±0.1)
  - new          Veille's tone check (ToneChecker) with the default thresholds
Every file is split once by a stable hash of each text (scripts.train_tone.split_of): the model
learns from the train rows, its settings and temperature are chosen on the dev rows, and the
test rows are what it is reported on, never tuned on. The main table is on the test rows; the
dev figures come apart, after it. Then per language (test rows of every file, a text found in
two files counted once), whether the new analyzer's confidence is honest on the test rows, and
language detection on the French and English texts over 20 characters.

Run: .venv/bin/python -m benchmarks.sentiment [--limit N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence

from benchmarks.common import require_shared
from scripts.train_tone import Example, held_out, read_folder, split_of, text_key
from veille.config import ToneConfig
from veille.text.language import LanguageDetector
from veille.tone.checker import LexiconToneAnalyzer, ToneChecker, analyzer_for, label_for
from veille.tone.metrics import Agreement, agreement, calibration, marked

Predict = Callable[[Example], str]
TARGETS = {"en_tweeteval_semeval17_test": 0.65, "en_vader_tweets": 0.80, "fr_tweets_deft_dev": 0.65}
SPLITS = ("test", "dev")


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


def line(name: str, scores: Agreement, rate: float | None) -> str:
    f1 = " ".join(f"{c.label[:3]} {c.f1:.2f}" for c in scores.classes)
    per_class = "  ".join(f"{c.label[:3]} {c.precision:.2f}/{c.recall:.2f}" for c in scores.classes)
    speed = f"{rate:9,.0f}/s" if rate is not None else ""
    return (
        f"  {name:12s} n={scores.total:6,d}  acc {scores.accuracy:.3f}  macro-F1 {scores.macro_f1:.3f}"
        f"  F1 {f1}  P/R {per_class}  {speed}"
    )


Results = dict[str, dict[str, tuple[list[Example], list[str]]]]  # split → analyzer → (rows, labels)


def main() -> None:
    parser = argparse.ArgumentParser(description="Tone check vs TextBlob, textblob-fr and VADER")
    parser.add_argument("--limit", type=int, default=0, help="rows per file (0: all)")
    args = parser.parse_args()
    folder = require_shared("sentiment")
    data = read_folder(folder)
    analyzers = baselines()
    by_file: dict[str, Results] = {}
    rates: dict[str, list[float]] = {}
    for file, rows in data.items():
        rows = rows[: args.limit] if args.limit else rows
        language = rows[0].language if rows else "?"
        results: Results = {}
        for split in SPLITS:
            part = [row for row in rows if split_of(row.text) == split]
            for name, predict in analyzers.items():
                if applicable(name, language) and part:
                    labels, rate = run(predict, part)
                    results.setdefault(split, {})[name] = (part, labels)
                    if split == "test":
                        rates.setdefault(name, []).append(rate)
        by_file[file] = results
    for split in SPLITS:
        print(
            f"\n=== {split.upper()} rows"
            + (" (never trained or tuned on)" if split == "test" else " (settings chosen here)")
        )
        for file, results in by_file.items():
            found = results.get(split, {})
            if not found:
                continue
            language = data[file][0].language
            print(f"{file} ({language}):")
            for name, (part, labels) in found.items():
                print(line(name, agreement([row.label for row in part], labels), None))
        print(f" per language ({split} rows of every file, a text in two files counted once):")
        for language in ("en", "fr"):
            merged: dict[str, tuple[list[str], list[str]]] = {}
            seen: dict[str, set[str]] = {}
            for file, results in by_file.items():
                if data[file][0].language != language:
                    continue
                for name, (part, labels) in results.get(split, {}).items():
                    keys = seen.setdefault(name, set())
                    gold, said = merged.setdefault(name, ([], []))
                    for row, label in zip(part, labels, strict=True):
                        key = text_key(row.text)
                        if key not in keys:
                            keys.add(key)
                            gold.append(row.label)
                            said.append(label)
            print(f" {language}:")
            for name, (gold, said) in merged.items():
                print(line(name, agreement(gold, said), None))
    print("\nSummary (3-class macro-F1 on test rows, dev beside; best of TextBlob / textblob-fr / VADER):")
    for file, results in by_file.items():
        test = {
            name: agreement([r.label for r in part], labels).macro_f1
            for name, (part, labels) in results.get("test", {}).items()
        }
        dev = {
            name: agreement([r.label for r in part], labels).macro_f1
            for name, (part, labels) in results.get("dev", {}).items()
        }
        if "new" not in test:
            continue
        best = max((v for k, v in test.items() if k not in ("new", "old")), default=0.0)
        target = TARGETS.get(file)
        verdict = f"target ≥ {target:.2f}: {'met' if test['new'] >= target else 'NOT met'}" if target else ""
        print(
            f"  {file:34s} test {test['new']:.3f} (dev {dev.get('new', float('nan')):.3f})"
            f"  old {test['old']:.3f}  best baseline {best:.3f} ({test['new'] - best:+.3f})  {verdict}"
        )
    print("\nThroughput (texts/s of CPU time on one core, mean over files; tweets are short texts):")
    for name, values in rates.items():
        print(f"  {name:12s} {sum(values) / len(values):9,.0f}/s")
    confidence(data, args.limit)
    language_detection(data)


def confidence(data: dict[str, list[Example]], limit: int) -> None:
    checker = analyzer_for(ToneConfig())
    print("\nConfidence of the new analyzer on test rows (is a tone said at 80 % right 80 % of the time?):")
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
