"""The learned part of the tone check: a small linear model per language, read from bot/tone/data.

A model is a table of weights for hashed features (`veille.tone.features`), three per feature
(negative, neutral, positive), stored as 16-bit integers in a gzip file with a JSON header. Its
temperature (> 1 makes it less sure) was fitted on rows the weights did not learn from, so that
a tone given with 80 % confidence is right about 80 % of the time; what the rules add
(`Features.shift`: irony, the lexicon's phrases) comes before the temperature, so it is
calibrated too. A lexicon word the model never learnt (its training rows never held it:
"injoignable", "surfacturé") counts by its lexicon weight instead. It loads offline in a
fraction of a second and scores a text with a few hundred table look-ups.
`python -m scripts.train_tone` writes it from the shared labelled data.
"""

from __future__ import annotations

import gzip
import json
import math
import zlib
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zlib import crc32

from veille.tone.features import Features, squash

MAGIC = b"VEILLE-TONE-1\n"
CLASSES = ("negative", "neutral", "positive")
# A word whose three weights are all smaller than this the model never learnt (not in its training
# rows): the lexicon speaks for it, moving the positive and negative logits by up to UNSEEN_LOGIT.
UNSEEN = 0.05
UNSEEN_LOGIT = 1.5
DATA = Path(__file__).resolve().parent / "data"
# Feature names whose three weights a model keeps at hand, packed in one integer: a text's words
# then cost a dictionary look-up each instead of a hash and three reads. About 5 MB when full
# (the names are mostly ones a text already holds); emptied when full, so that it follows the
# words of the day.
PACKED_NAMES = 40_000
_FIELD = 32  # bits per class in a packed integer: room for 65,536 names' weights
_OFFSET = 1 << 15  # added to each 16-bit weight, so that every field is a sum of natural numbers
_LOW = (1 << _FIELD) - 1


def feature_index(name: str, buckets: int) -> int:
    return zlib.crc32(name.encode("utf-8")) & (buckets - 1)


class ModelError(Exception):
    pass


@dataclass(frozen=True)
class ToneModel:
    language: str
    buckets: int
    scale: float
    weights: array[int] | memoryview  # buckets × 3 16-bit integers, class-major inside each bucket
    bias: tuple[float, float, float]
    info: dict[str, Any]
    temperature: float = 1.0
    # Where the weighted features' few names ("x:lex", "v:compound"…) sit: the same in every text.
    _places: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _packed: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _sums(self, names: tuple[str, ...]) -> tuple[int, int, int]:
        """The sums of the names' weights for each class: exact integers, whatever their order."""
        packed = self._packed
        found = list(map(packed.get, names))
        if None in found:
            weights = self.weights
            mask = self.buckets - 1
            if len(packed) + len(names) > PACKED_NAMES:
                packed.clear()
            for i, value in enumerate(found):
                if value is None:
                    name = names[i]
                    at = (crc32(name.encode()) & mask) * 3
                    value = packed[name] = (
                        (weights[at] + _OFFSET)
                        | (weights[at + 1] + _OFFSET) << _FIELD
                        | (weights[at + 2] + _OFFSET) << 2 * _FIELD
                    )
                    found[i] = value
        total = sum(found)  # type: ignore[arg-type]  # no None left
        offset = _OFFSET * len(names)
        return (total & _LOW) - offset, (total >> _FIELD & _LOW) - offset, (total >> 2 * _FIELD) - offset

    def logits(self, features: Features) -> list[float]:
        weights = self.weights
        scale = self.scale
        mask = self.buckets - 1
        if len(features.names) < 1 << (_FIELD - 16):
            neg, neu, pos = self._sums(features.names)
        else:  # too many names for the packed sums (never from `extract`, which reads 600 characters)
            neg, neu, pos = 0, 0, 0
            for at in [(crc32(name.encode()) & mask) * 3 for name in features.names]:
                neg += weights[at]
                neu += weights[at + 1]
                pos += weights[at + 2]
        logit_neg = neg * scale + self.bias[0]
        logit_neu = neu * scale + self.bias[1]
        logit_pos = pos * scale + self.bias[2]
        places = self._places
        for name, value in features.values:
            if value:
                place = places.get(name)
                if place is None:
                    place = places[name] = (crc32(name.encode()) & mask) * 3
                logit_neg += weights[place] * scale * value
                logit_neu += weights[place + 1] * scale * value
                logit_pos += weights[place + 2] * scale * value
        out = [logit_neg, logit_neu, logit_pos]
        shift = features.shift
        unseen = 0.0
        for name, weight in features.lexicon_hits:
            at = (crc32(name.encode()) & mask) * 3
            if max(abs(weights[at]), abs(weights[at + 1]), abs(weights[at + 2])) * self.scale < UNSEEN:
                unseen += weight
        if unseen:
            shift += squash(unseen) * UNSEEN_LOGIT
        if shift:
            out[0] -= shift
            out[2] += shift
        out[1] += features.neutral
        if self.temperature != 1.0:
            return [v / self.temperature for v in out]
        return out

    def to_bytes(self) -> bytes:
        header = {
            "language": self.language,
            "buckets": self.buckets,
            "scale": self.scale,
            "bias": list(self.bias),
            "temperature": self.temperature,
            "info": self.info,
        }
        return gzip.compress(
            MAGIC + json.dumps(header).encode() + b"\n" + self.weights.tobytes(), compresslevel=9, mtime=0
        )

    @classmethod
    def from_bytes(cls, blob: bytes) -> ToneModel:
        try:
            raw = _gunzip(blob)
        except (OSError, EOFError, zlib.error) as exc:
            raise ModelError(f"not a tone model: {exc}") from None
        if not raw.startswith(MAGIC):
            raise ModelError("not a tone model (bad header)")
        line_end = raw.index(b"\n", len(MAGIC))
        header = _checked(json.loads(raw[len(MAGIC) : line_end]))
        body = memoryview(raw)[line_end + 1 :]
        if len(body) % 2:
            raise ModelError("truncated tone model: an odd number of bytes of weights")
        weights = body.cast("h")  # read in place: no second copy of a model's megabytes
        buckets = int(header["buckets"])
        if len(weights) != buckets * 3:
            raise ModelError(f"truncated tone model: {len(weights)} weights for {buckets} buckets")
        bias = tuple(float(b) for b in header["bias"])
        return cls(
            str(header["language"]),
            buckets,
            float(header["scale"]),
            weights,
            (bias[0], bias[1], bias[2]),
            header["info"],
            float(header.get("temperature", 1.0)),
        )


def _gunzip(blob: bytes) -> bytes | bytearray:
    """A gzip file's content, inflated into one buffer of the size its trailer gives:
    `gzip.decompress` would hold a model's megabytes twice while it joins its pieces."""
    size = int.from_bytes(blob[-4:], "little")
    if size > 1032 * len(blob):  # deflate shrinks 1,032 times at most: a trailer not to trust
        return gzip.decompress(blob)
    out = bytearray(size)
    view = memoryview(out)
    inflater = zlib.decompressobj(wbits=31)
    at, data = 0, blob
    while data:
        chunk = inflater.decompress(data, 1 << 20)
        if at + len(chunk) > size:
            return gzip.decompress(blob)  # more than the trailer says: not one plain member
        view[at : at + len(chunk)] = chunk
        at += len(chunk)
        data = inflater.unconsumed_tail
    if not inflater.eof or inflater.unused_data or at != size:
        return gzip.decompress(blob)
    return out


def _checked(header: dict[str, Any]) -> dict[str, Any]:
    temperature = float(header.get("temperature", 1.0))
    if not 0 < temperature < math.inf:  # NaN fails too
        raise ModelError(f"bad tone model temperature: {temperature}")
    return header


def check_model_file(path: Path) -> None:
    """Raise ModelError (or OSError, ValueError) when a model file is not one, reading its header
    only: the weights load when a text in its language comes."""
    try:
        with gzip.open(path, "rb") as file:
            start = file.read(len(MAGIC))
            line = file.readline(1 << 16) if start == MAGIC else b""
    except (OSError, EOFError) as exc:
        raise ModelError(f"not a tone model: {exc}") from None
    if start != MAGIC or not line.endswith(b"\n"):
        raise ModelError("not a tone model (bad header)")
    _checked(json.loads(line))


def softmax(logits: list[float]) -> tuple[float, float, float]:
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    return exps[0] / total, exps[1] / total, exps[2] / total


def model_path(language: str, folder: Path = DATA) -> Path:
    return folder / f"tone_{language}.bin.gz"


def load_model(language: str, folder: Path = DATA) -> ToneModel | None:
    """The model for a language, or None when its file is not there (the lexicon alone then)."""
    path = model_path(language, folder)
    if not path.is_file():
        return None
    return ToneModel.from_bytes(path.read_bytes())
