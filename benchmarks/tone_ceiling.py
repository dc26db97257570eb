"""How far a tone model of Veille's kind gets on one labelled file when it learns from that file alone.

For each CSV of ../shared/data/sentiment (or those named with --file), on its held-out rows
(its test split, as in benchmarks/sentiment.py): the 3-class macro-F1 of
  - shipped   the bot's tone check, trained on every file of its language
  - alone C=… the same features and learner (scripts.train_tone.fit), trained on this file's own
              training rows only, at a few regularisations
  - vader     VADER compound, thresholds ±0.05
The "alone" figure is a ceiling for a default analyzer: it learns this file's way of labelling and
nothing else, which one analyzer for every team's mentions cannot do. It shows whether a target on
a file is within reach of the model family at all.

Run: .venv/bin/python -m benchmarks.tone_ceiling [--file en_vader_tweets]
It trains models with scikit-learn, from the `train` extra: .venv/bin/python -m pip install -e '.[train]'
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

from benchmarks.common import require_shared
from scripts.train_tone import Example, fit, held_out, read_folder, split_of
from veille.config import ToneConfig
from veille.tone.checker import ToneAnalyzer, ToneChecker, analyzer_for, label_for
from veille.tone.metrics import agreement
from veille.tone.model import model_path

REGULARISATIONS = (0.1, 0.5)


def macro_f1(checker: ToneAnalyzer, rows: list[Example]) -> float:
    return agreement([row.label for row in rows], [checker.analyze(row.text).label for row in rows]).macro_f1


def alone(rows: list[Example], language: str, c: float) -> float:
    """Test macro-F1 of a model trained on the train rows of `rows` only."""
    model = fit(language, [row for row in rows if split_of(row.text) == "train"], c)
    with tempfile.TemporaryDirectory() as folder:
        model_path(language, Path(folder)).write_bytes(model.to_bytes())
        defaults = ToneConfig()
        checker = ToneChecker(defaults.positive, defaults.negative, models=Path(folder))
        return macro_f1(checker, [row for row in rows if held_out(row)])


def main() -> None:
    parser = argparse.ArgumentParser(description="Tone model trained on one file alone: a ceiling")
    parser.add_argument("--file", action="append", help="a CSV's name without .csv (default: all)")
    args = parser.parse_args()
    logging.getLogger("veille.tone.checker").setLevel(logging.ERROR)  # a one-language model folder is meant
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    data = read_folder(require_shared("sentiment"))
    shipped = analyzer_for(ToneConfig())
    print("3-class macro-F1 on test rows")
    for file, rows in data.items():
        if args.file and file not in args.file:
            continue
        language = rows[0].language if rows else "?"
        test = [row for row in rows if held_out(row)]
        vader_f1 = agreement(
            [row.label for row in test],
            [label_for(float(vader.polarity_scores(row.text)["compound"]), 0.05, -0.05) for row in test],
        ).macro_f1
        ceilings = "  ".join(f"alone C={c} {alone(rows, language, c):.3f}" for c in REGULARISATIONS)
        own = macro_f1(shipped, test)
        print(f"  {file:30s} shipped {own:.3f}  {ceilings}  vader {vader_f1:.3f}", flush=True)


if __name__ == "__main__":
    main()
