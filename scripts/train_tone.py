"""Train the tone models from the shared labelled data, reproducibly.

    .venv/bin/python -m scripts.train_tone [--data ../shared/data/sentiment] [--language fr]
        [--out bot/tone/data]

Every CSV of the sentiment folder (id,text,label,gold_score,lang,source) is split the same way
each time: a row whose file and id hash to 0 modulo 5 is held out (about 20 %), never trained
on, and is what `benchmarks/sentiment.py` reports the model on. One multinomial logistic
regression per language (scikit-learn, from the `train` extra: `pip install -e '.[train]'`;
the bot itself only reads the weights).
Its confidence is then calibrated: a model trained without the training rows that hash to 1
modulo 5 gets the temperature that makes its probabilities honest on those rows, and the model
trained on every training row keeps that temperature.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import math
import os
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from veille.tone.model import CLASSES, ToneModel, feature_index, model_path, softmax
from veille.tone.vader import model_features

LABELS = {"neg": "negative", "neu": "neutral", "pos": "positive"}
BUCKETS = 1 << 20
HELD_OUT_MODULO = 5
REGULARISATION = {"en": 0.5, "fr": 0.2}  # scikit-learn's C: smaller is smoother
VADER = {"en"}  # languages whose model also reads VADER's scores (veille.tone.vader)
REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Example:
    file: str  # the CSV's name without .csv
    id: str
    text: str
    label: str  # negative / neutral / positive
    language: str


def default_data() -> Path:
    configured = os.environ.get("VEILLE_SHARED_DATA")
    base = Path(configured) if configured else REPO.parent / "shared" / "data"
    return base / "sentiment"


def held_out(example: Example) -> bool:
    return zlib.crc32(f"{example.file}:{example.id}".encode()) % HELD_OUT_MODULO == 0


def calibrates(example: Example) -> bool:
    """A training row the temperature is fitted on (by a model that did not learn from it)."""
    return zlib.crc32(f"{example.file}:{example.id}".encode()) % HELD_OUT_MODULO == 1


def read_file(path: Path) -> list[Example]:
    out: list[Example] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = LABELS.get((row.get("label") or "").strip())
            text = row.get("text") or ""
            if label is None or not text.strip():
                continue
            out.append(Example(path.stem, row.get("id") or "", text, label, (row.get("lang") or "").strip()))
    return out


def read_folder(folder: Path) -> dict[str, list[Example]]:
    return {path.stem: read_file(path) for path in sorted(folder.glob("*.csv"))}


def train(examples: Sequence[Example], language: str, c: float) -> ToneModel:
    """The model of a language, its temperature fitted on the calibration rows (1 when a small
    data folder leaves none, or nothing to train the trial model on)."""
    model = fit(language, examples, c)
    calibration = [e for e in examples if calibrates(e)]
    rest = [e for e in examples if not calibrates(e)]
    if not calibration or len({e.label for e in rest}) < 2:
        return model
    temperature = fit_temperature(fit(language, rest, c), calibration)
    info = {**model.info, "temperature": f"fitted on crc32(file:id) % {HELD_OUT_MODULO} == 1 rows"}
    return replace(model, temperature=temperature, info=info)


def fit_temperature(model: ToneModel, examples: Sequence[Example]) -> float:
    """The temperature that gives the rows' true tones the highest likelihood."""
    from scipy.optimize import minimize_scalar

    vader = bool(model.info.get("vader"))
    logits = [model.logits(model_features(e.text, model.language, vader)) for e in examples]
    truth = [CLASSES.index(example.label) for example in examples]

    def loss(temperature: float) -> float:
        total = 0.0
        for row, k in zip(logits, truth, strict=True):
            total -= math.log(softmax([v / temperature for v in row])[k] + 1e-12)
        return total / len(truth)

    found = minimize_scalar(loss, bounds=(0.25, 8.0), method="bounded", options={"xatol": 1e-4})
    return round(float(found.x), 3)


def fit(language: str, examples: Sequence[Example], c: float) -> ToneModel:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for row, example in enumerate(examples):
        features = model_features(example.text, language, language in VADER)
        for name in features.names:
            rows.append(row)
            cols.append(feature_index(name, BUCKETS))
            vals.append(1.0)
        for name, value in features.values:
            if value and name != "x:bias":
                rows.append(row)
                cols.append(feature_index(name, BUCKETS))
                vals.append(value)
    matrix = csr_matrix((vals, (rows, cols)), shape=(len(examples), BUCKETS), dtype=np.float64)
    targets = [CLASSES.index(example.label) for example in examples]
    classifier = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    classifier.fit(matrix, targets)
    coef = classifier.coef_.T  # buckets × 3
    scale = float(np.abs(coef).max()) / 32767 or 1.0
    quantised = np.rint(coef / scale).astype("<i2")
    weights = array("h")
    weights.frombytes(quantised.tobytes())
    if sys.byteorder != "little":  # pragma: no cover
        weights.byteswap()
    bias = tuple(float(b) for b in classifier.intercept_)
    files = sorted({example.file for example in examples})
    info: dict[str, Any] = {
        "trained_on": files,
        "rows": len(examples),
        "held_out": f"crc32(file:id) % {HELD_OUT_MODULO} == 0",
        "C": c,
        "vader": language in VADER,
    }
    return ToneModel(language, BUCKETS, scale, weights, (bias[0], bias[1], bias[2]), info)


def training_rows(data: dict[str, list[Example]], language: str) -> list[Example]:
    return [e for rows in data.values() for e in rows if e.language == language and not held_out(e)]


def languages(data: dict[str, list[Example]]) -> Iterable[str]:
    return sorted({e.language for rows in data.values() for e in rows if e.language in ("en", "fr")})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=default_data(), help="folder of labelled CSV files")
    parser.add_argument(
        "--out", type=Path, default=REPO / "bot" / "tone" / "data", help="where the models go"
    )
    parser.add_argument(
        "--language", choices=sorted(REGULARISATION), action="append", help="only this language (repeatable)"
    )
    args = parser.parse_args(argv)
    if importlib.util.find_spec("sklearn") is None:
        print("scikit-learn is missing: install the train extra, pip install -e '.[train]'", file=sys.stderr)
        return 2
    if not args.data.is_dir():
        print(f"no labelled data at {args.data} (set VEILLE_SHARED_DATA or pass --data)", file=sys.stderr)
        return 2
    data = read_folder(args.data)
    args.out.mkdir(parents=True, exist_ok=True)
    for language in languages(data):
        if args.language and language not in args.language:
            continue
        rows = training_rows(data, language)
        model = train(rows, language, REGULARISATION[language])
        path = model_path(language, args.out)
        partial = path.with_suffix(".partial")
        partial.write_bytes(model.to_bytes())
        partial.replace(path)  # a running bot never reads half a model
        print(
            f"{language}: trained on {len(rows)} rows → {path} ({path.stat().st_size / 1e6:.1f} MB),"
            f" temperature {model.temperature}"
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
