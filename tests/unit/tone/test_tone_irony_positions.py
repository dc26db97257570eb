"""Irony and turns find each word by its place in the whole text: praise in the third sentence is
read with that sentence, a clause after "but" ends at the next "but", and a sentence with no praise
still counts as the trouble a praise after it is tacked on to."""

from __future__ import annotations

from veille.tone.irony import read_praise, resolutions, stated_after
from veille.tone.troubles import STATED, trouble
from veille.tone.turns import Read, ironic

WEIGHTS = {
    "great": 3.1, "lovely": 2.8, "merci": 1.5, "nice": 1.8, "panne": -2.0, "delicious": 2.9,
}  # fmt: skip


def reads(text: str) -> list[Read]:
    """Each token of a text split on spaces, weighed as the lexicon would."""
    out = []
    for token in text.split():
        if token in {".", ",", "!"}:
            out.append(Read("punct", token))
        elif token.isdigit():
            out.append(Read("num", token))
        else:
            out.append(Read("word", token, WEIGHTS.get(token)))
    return out


def test_thanks_after_a_sentence_of_trouble_alone_is_read_as_a_complaint():
    text = reads("encore en panne . merci free .")
    assert ironic(text, frozenset({"free"})) == {4}


def test_praise_in_a_later_sentence_is_read_beside_its_own_trouble():
    text = reads("nice weather today . the kids loved it . great job virgin , four days without broadband")
    wrapped, _, _ = read_praise(text)
    assert wrapped == {9}


def test_the_clause_after_but_ends_at_the_next_but():
    text = reads("delicious food , but 70 minutes for delivery , but a lovely waiter")
    assert stated_after(text) == [3]
    assert stated_after(reads("delicious food , but a lovely waiter , but 70 minutes for delivery")) == [8]


def test_a_trouble_is_read_only_within_its_span():
    text = reads("great app . four days without broadband")
    assert trouble(text, range(3, 7)) == STATED
    assert trouble(text, range(0, 2)) == 0


def test_a_fix_hoped_for_is_none_but_the_next_sentence_may_say_one():
    text = reads("still not fixed . now it is fixed")
    assert resolutions(text) == [7]
