"""Train the tone models from the shared labelled data, reproducibly.

    .venv/bin/python -m scripts.train_tone [--data ../shared/data/sentiment] [--language fr]
        [--out bot/tone/data] [--search]

Every CSV of the sentiment folder and of its train/ folder (id,text,label,gold_score,lang,source)
is split once, the same way each time, by its text: the crc32 of the text lower-cased, without
URLs, @mentions, a leading "RT", punctuation and extra spaces, modulo 20, puts 0–3 in the test
split (20 %), 4–6 in the dev split (15 %) and the rest in the train split. The same text (or a
near copy of it) thus falls in the same split in every file. The models learn from the train
rows only; the dev rows choose the settings (`--search` prints them) and fit the temperature that
calibrates the confidence; the test rows are what `benchmarks/sentiment.py` reports, and nothing
is chosen on them. One multinomial logistic regression per language (scikit-learn, from the
`train` extra: `pip install -e '.[train]'`; the bot itself only reads the weights).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import math
import os
import re
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from veille.tone.metrics import agreement
from veille.tone.model import CLASSES, ToneModel, feature_index, model_path, softmax
from veille.tone.vader import model_features

LABELS = {"neg": "negative", "neu": "neutral", "pos": "positive"}
BUCKETS = 1 << 20
SPLIT_MODULO = 20
TEST = frozenset(range(0, 4))  # 20 %
DEV = frozenset(range(4, 7))  # 15 %
REGULARISATION = {"en": 0.2, "fr": 1.0}  # scikit-learn's C, chosen on the dev rows (--search)
SEARCHED = (0.1, 0.2, 0.5, 1.0)
# How much a file's rows weigh in training (1 unless said), chosen on the dev rows: movie review
# sentences, a sixth of the English rows, pulled the model away from tweets and brand mentions.
FILE_WEIGHTS = {"en_vader_movies": 0.3}
VADER = {"en"}  # languages whose model also reads VADER's scores (veille.tone.vader)
REPO = Path(__file__).resolve().parents[1]
_KEY_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|^\s*rt\b|[^\w\s]")


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


def text_key(text: str) -> str:
    """A text as compared for the split: near copies (a retweet, another link) share it."""
    return " ".join(_KEY_NOISE.sub(" ", text.lower()).split())


def split_of(text: str) -> str:
    """train, dev or test: where a text falls, by a stable hash of its key."""
    bucket = zlib.crc32(text_key(text).encode("utf-8")) % SPLIT_MODULO
    return "test" if bucket in TEST else "dev" if bucket in DEV else "train"


def held_out(example: Example) -> bool:
    """A test row: reported, never trained or tuned on."""
    return split_of(example.text) == "test"


def in_dev(example: Example) -> bool:
    """A dev row: settings and the temperature are chosen on these, never trained on."""
    return split_of(example.text) == "dev"


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
    """Every labelled file of the folder and of its train/ folder, by name."""
    paths = sorted(folder.glob("*.csv")) + sorted((folder / "train").glob("*.csv"))
    return {path.stem: read_file(path) for path in paths}


def once_each(examples: Iterable[Example]) -> list[Example]:
    """One row per text key (a tweet found in two files is learnt once), by its commonest label."""
    labels: dict[str, Counter[str]] = {}
    first: dict[str, Example] = {}
    for example in examples:
        key = text_key(example.text)
        labels.setdefault(key, Counter())[example.label] += 1
        first.setdefault(key, example)
    return [replace(first[key], label=counts.most_common(1)[0][0]) for key, counts in labels.items()]


def train(examples: Sequence[Example], language: str, c: float, dev: Sequence[Example] = ()) -> ToneModel:
    """The model of a language, its temperature fitted on the dev rows (1 without any)."""
    model = fit(language, examples, c)
    if not dev:
        return model
    temperature = fit_temperature(model, dev)
    info = {**model.info, "temperature": "fitted on the dev rows"}
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


def matrix_of(examples: Sequence[Example], language: str) -> Any:
    import numpy as np
    from scipy.sparse import csr_matrix

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
    return csr_matrix((vals, (rows, cols)), shape=(len(examples), BUCKETS), dtype=np.float64)


def fit(
    language: str,
    examples: Sequence[Example],
    c: float,
    matrix: Any = None,
    file_weights: dict[str, float] | None = None,
) -> ToneModel:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    if matrix is None:
        matrix = matrix_of(examples, language)
    targets = [CLASSES.index(example.label) for example in examples]
    classifier = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    weighed = FILE_WEIGHTS if file_weights is None else file_weights
    classifier.fit(matrix, targets, sample_weight=[weighed.get(example.file, 1.0) for example in examples])
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
        "split": f"crc32(text key) % {SPLIT_MODULO}: test {min(TEST)}-{max(TEST)}, dev {min(DEV)}-{max(DEV)}",
        "C": c,
        "file_weights": {file: weight for file, weight in weighed.items() if file in files},
        "vader": language in VADER,
    }
    return ToneModel(language, BUCKETS, scale, weights, (bias[0], bias[1], bias[2]), info)


def training_rows(data: dict[str, list[Example]], language: str) -> list[Example]:
    return once_each(
        e for rows in data.values() for e in rows if e.language == language and split_of(e.text) == "train"
    )


def dev_rows(data: dict[str, list[Example]], language: str) -> list[Example]:
    return once_each(e for rows in data.values() for e in rows if e.language == language and in_dev(e))


def languages(data: dict[str, list[Example]]) -> Iterable[str]:
    return sorted({e.language for rows in data.values() for e in rows if e.language in ("en", "fr")})


def dev_scores(model: ToneModel, data: dict[str, list[Example]], language: str) -> dict[str, float]:
    """Macro-F1 of a model on each file's dev rows (argmax of its probabilities)."""
    out: dict[str, float] = {}
    for file, rows in data.items():
        dev = [e for e in rows if e.language == language and in_dev(e)]
        if dev:
            said = [
                CLASSES[
                    max(
                        range(3),
                        key=model.logits(model_features(e.text, language, language in VADER)).__getitem__,
                    )
                ]
                for e in dev
            ]
            out[file] = agreement([e.label for e in dev], said).macro_f1
    return out


def search(data: dict[str, list[Example]], language: str) -> None:
    """Dev macro-F1 of each regularisation strength: how REGULARISATION is chosen."""
    rows = training_rows(data, language)
    matrix = matrix_of(rows, language)
    for c in SEARCHED:
        scores = dev_scores(fit(language, rows, c, matrix), data, language)
        print(
            f"{language} C={c}: " + "  ".join(f"{file} {f1:.3f}" for file, f1 in scores.items()), flush=True
        )


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
    parser.add_argument(
        "--search", action="store_true", help="print dev scores of a few settings, write nothing"
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
        if args.search:
            search(data, language)
            continue
        rows = training_rows(data, language)
        model = train(rows, language, REGULARISATION[language], dev_rows(data, language))
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
