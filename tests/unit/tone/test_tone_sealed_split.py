"""On tweets it never trained or was tuned on, the tone check agrees with people on two in three.

The test rows are those of the sealed split (scripts.train_tone.split_of): the models never
learnt from them and no setting was chosen on them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.train_tone import in_dev, read_folder, split_of, training_rows
from veille.tone.checker import LexiconToneAnalyzer, ToneChecker
from veille.tone.metrics import agreement


@pytest.fixture(scope="module")
def checker() -> ToneChecker:
    return ToneChecker()


@pytest.mark.parametrize(
    ("file", "language"), [("en_tweeteval_semeval17_test", "en"), ("fr_tweets_deft_dev", "fr")]
)
def test_tweets_of_the_test_split_are_read_as_people_read_them(shared: Path, checker, file, language):
    folder = shared / "sentiment"
    if not (folder / f"{file}.csv").is_file():
        pytest.skip(f"{folder / file}.csv is absent: labelled tone data not available")
    rows = [row for row in read_folder(folder)[file] if split_of(row.text) == "test"]
    gold = [row.label for row in rows]
    new = agreement(gold, [checker.analyze(row.text, language).label for row in rows])
    textblob = LexiconToneAnalyzer()
    old = agreement(gold, [textblob.analyze(row.text, language).label for row in rows])
    assert len(rows) > 400 and new.macro_f1 >= 0.65 and new.macro_f1 > old.macro_f1 + 0.15, (
        new.macro_f1,
        old.macro_f1,
    )


def test_no_text_of_the_test_or_dev_split_is_learnt(shared: Path, tmp_path):
    folder = shared / "sentiment"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: labelled tone data not available")
    data = read_folder(folder)
    assert "en_semeval17_train_pool" in data and "fr_tweets_xlmt_train" in data  # train/ is read too
    for language in ("en", "fr"):
        learnt = training_rows(data, language)
        assert learnt and all(split_of(row.text) == "train" and not in_dev(row) for row in learnt)
        sealed = {split_of(row.text) for rows in data.values() for row in rows if row.language == language}
        assert sealed == {"train", "dev", "test"}
