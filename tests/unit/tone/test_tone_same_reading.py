"""What the tone check keeps at hand to read faster changes nothing it reads: a model scores a
text the same whether its words were met before or not, the memory kept stays bounded, and the
words are read by irony and turns as they always were."""

from __future__ import annotations

from dataclasses import fields
from zlib import crc32

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from veille.tone import model as tone_model
from veille.tone import readings
from veille.tone.features import extract
from veille.tone.model import ToneModel, load_model
from veille.tone.readings import reads_of
from veille.tone.tokens import tokenize
from veille.tone.turns import Read
from veille.tone.vader import Vader, model_features, with_vader

MENTIONS = [
    ("Thanks Comcast for the 4 hour outage, great job as always...", "en"),
    ("Great food, but 70 minutes for delivery. Never again #fail", "en"),
    ("Support fixed my outage in an hour, thanks! 👏", "en"),
    ("Merci la SNCF pour les 2h de retard... Bravo 👏", "fr"),
    ("La panne est réglée, tout fonctionne à nouveau. Bravo à l'équipe", "fr"),
]


def _english() -> ToneModel:
    model = load_model("en")
    if model is None:
        pytest.skip("no English tone model in bot/tone/data")
    return model


def _plain_sums(model: ToneModel, names: tuple[str, ...]) -> tuple[int, int, int]:
    """Each class's weights summed name by name, as the model file lays them out."""
    sums = [0, 0, 0]
    for name in names:
        at = (crc32(name.encode()) & (model.buckets - 1)) * 3
        for k in range(3):
            sums[k] += model.weights[at + k]
    return sums[0], sums[1], sums[2]


@pytest.mark.parametrize(("text", "language"), MENTIONS)
def test_a_model_weighs_a_mention_the_same_the_first_time_and_the_next(text, language):
    model = _english()
    features = model_features(text, language, True)
    first = model.logits(features)
    assert model.logits(features) == first
    assert model._sums(features.names) == _plain_sums(model, features.names)


def test_the_words_a_model_keeps_at_hand_never_pass_their_bound(monkeypatch):
    model = _english()
    monkeypatch.setattr(tone_model, "PACKED_NAMES", 40)
    fresh = _english()
    for text, language in MENTIONS * 2:
        features = model_features(text, language, True)
        assert model.logits(features) == fresh.logits(features)
        assert len(model._packed) <= 40


def test_extreme_weights_add_up_exactly_in_a_packed_sum():
    weights = memoryview(bytearray(4 * 3 * 2)).cast("h")
    weights[0:3] = memoryview(bytearray(b"\x00\x80\xff\x7f\x00\x00")).cast("h")  # -32768, 32767, 0
    model = ToneModel("en", 4, 1.0, weights, (0.0, 0.0, 0.0), {})
    names = tuple(name for name in (f"w:{n}" for n in range(400)) if crc32(name.encode()) & 3 == 0)
    assert model._sums(names) == (-32768 * len(names), 32767 * len(names), 0)


def test_vader_scores_are_added_and_every_other_reading_is_kept():
    features = extract("Not bad at all, kind of impressed by the update :)", "en")
    added = with_vader(features)
    for field in fields(features):
        if field.name != "values":
            assert getattr(added, field.name) == getattr(features, field.name), field.name
    assert added.values[: len(features.values)] == features.values
    assert added.values[len(features.values)][0] == "v:compound"


@pytest.mark.parametrize(
    "text",
    [
        "(wow) ... great!!! :-) ;) 'ok' \"fine\" -- kind of sort of",
        "never so good, without doubt the best: at least not the worst",
        "It was the bomb, yeah right, a kiss of death. Cut the mustard!",
    ],
)
def test_vader_reads_punctuation_and_idioms_as_the_package_does(text):
    assert Vader().polarity_scores(text) == SentimentIntensityAnalyzer().polarity_scores(text)


def test_each_token_is_read_as_it_was_written_whether_or_not_it_was_met_before(monkeypatch):
    monkeypatch.setattr(readings, "KEPT_READS", 8)
    monkeypatch.setattr(readings, "_READS", {})
    tokens = tokenize("#fail great outage, not again :( #fail")
    hits = {1: (2.0, False), 2: (-1.5, False)}
    expected = [
        Read("tag", "fail"),
        Read("word", "great", 2.0),
        Read("word", "outage", -1.5),
        Read("punct", ","),
        Read("word", "not"),
        Read("word", "again", None, True),
        Read("emoticon", ":("),
        Read("tag", "fail"),
    ]
    for _ in range(3):
        assert reads_of(tokens, hits, {5}) == expected
        assert len(readings._READS) <= 8
    untagged = tokenize("great outage, not again")
    assert reads_of(untagged, {}, set(), tagged=False) == [Read(kind, token) for kind, token in untagged]
