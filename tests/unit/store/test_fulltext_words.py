"""An item is found by each of its words, folded, whatever the script, punctuation or spacing."""

from __future__ import annotations

import random
import re

from veille.store.fulltext import INDEXED_CHARS, search_text, terms_of
from veille.text.clean import fold

WORD = re.compile(r"[^\W_]+")  # a run of letters and digits: what a search term matches


def spelled_out(title: str, body: str, author: str | None) -> str:
    folded = fold(" ".join(part for part in (title, author or "", body) if part))
    return " ".join(WORD.findall(folded))[:INDEXED_CHARS]


def test_an_article_is_indexed_by_its_folded_words_in_order():
    assert search_text("Société Générale : l’œuvre", "Viadeo.com recrute_à Paris (2.5 M€)", "Zoé") == (
        "societe generale l oeuvre zoe viadeo com recrute a paris 2 5 m"
    )


def test_words_of_other_scripts_and_odd_characters_are_cut_where_a_search_would_cut_them():
    rng = random.Random(20261207)
    alphabet = "aeéÉœŒßẞ_-.,'’ \t\n\u00a0\u2009x1²½٣日本語ДжÆﬁŉ😀\u0301İıſK\u200bQ"
    for _ in range(20_000):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert search_text(title, body, None) == spelled_out(title, body, None), (title, body)


def test_a_long_text_is_indexed_up_to_the_limit():
    body = "Qonto lève des fonds " * 2_000
    indexed = search_text("Qonto", body, None)
    assert len(indexed) == INDEXED_CHARS
    assert indexed == spelled_out("Qonto", body, None)


def test_a_word_left_out_is_found_as_the_index_would_find_it():
    terms = terms_of('viadeo -recrutement -"jus d\'orange" SAUF recett*')
    assert terms.leaves_out("Viadeo : RECRUTEMENT à Lyon")
    assert terms.leaves_out("Un jus d’orange offert")
    assert terms.leaves_out("Les recettes de Viadeo")
    assert not terms.leaves_out("Viadeo recrute, du jus et des oranges")
