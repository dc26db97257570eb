"""The relevance benchmark replays the team's decisions in time order and prints its table."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import relevance
from benchmarks.common import REPO

FRENCH_SET = REPO / "tests" / "data" / "relevance"


def test_the_replay_of_the_french_set_prints_the_table(capsys, tmp_path: Path):
    relevance.main(["--data", str(FRENCH_SET), "--json", str(tmp_path / "figures.json")])
    out = capsys.readouterr().out
    assert "dev: Free (fr), Mention (fr), Total (fr)" in out
    assert "test: Leclerc (fr), Orange (fr)" in out
    assert "after 10" in out and "after 50" in out and "micro-average" in out
    assert "judgements/s" in out
    assert (tmp_path / "figures.json").is_file()


def test_the_french_set_is_labelled_both_ways_for_every_brand():
    entities = relevance.load([FRENCH_SET])
    assert [e.query for e in entities] == ["Free", "Leclerc", "Mention", "Orange", "Total"]
    for entity in entities:
        labels = [relevant for _, relevant in entity.rows]
        assert labels.count(True) >= 8 and labels.count(False) >= 8


def test_each_text_is_judged_by_what_came_before_it():
    entity = relevance.load([FRENCH_SET])[3]
    run = relevance.replay(entity)
    assert run.learned[: relevance.DEFAULTS.min_decisions] == [False] * relevance.DEFAULTS.min_decisions
    assert run.probabilities[0] == 1.0
    assert len(run.probabilities) == len(entity.rows)


def test_the_shared_tweets_replay_over_both_splits(shared: Path, capsys):
    folder = shared / "relevance"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (set VEILLE_SHARED_DATA to the shared data folder)")
    entities = relevance.load([folder])
    splits = relevance.split(entities)
    assert splits["dev"] and splits["test"]
    assert not {e.name for e in splits["dev"]} & {e.name for e in splits["test"]}
    # the first 80 tweets of each entity: the model is refitted before every judgement
    for entity in splits["test"]:
        entity.rows = entity.rows[:80]
    figures = relevance.figures([relevance.replay(e) for e in splits["test"]], relevance.THRESHOLD)
    assert figures["micro"]["50"]["irrelevant_set_aside"] is not None
    assert 0 <= figures["meet_target_after_50"] <= len(splits["test"])
