"""Brand terms are found the way a marketer expects: any case, any accents, whole words."""

from __future__ import annotations

import pytest

from veille.matching.matcher import BrandRule, Matcher

RULES = [
    BrandRule("Société Générale", ("societe generale",)),
    BrandRule("Apple", ("Apple",)),
    BrandRule("Orange", ("Orange",), exclude=("orange mécanique",)),
    BrandRule("L'Oréal", ("l'oreal",)),
]


def brands_in(text: str) -> list[str]:
    return [m.brand for m in Matcher(RULES).match_fields("", text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La Société Générale annonce ses résultats", ["Société Générale"]),
        ("SOCIÉTÉ-GÉNÉRALE recrute", ["Société Générale"]),
        ("I love pineapple juice", []),
        ("Apple's new phone", ["Apple"]),
        ("le forfait d'Orange", ["Orange"]),
        ("#Orange et @Orange", ["Orange"]),
        ("Orange mécanique est un film", []),
        ("Chez L’ORÉAL, la beauté", ["L'Oréal"]),
        ("loreal", []),
    ],
)
def test_terms_match_whole_words_whatever_the_case_and_accents(text, expected):
    assert brands_in(text) == expected


def test_matched_words_are_located_in_the_original_text_for_bold():
    text = "Œuvre : la Société Générale et d’Orange"
    matches = Matcher(RULES).match_fields("Titre Apple", text)
    spans = {
        m.brand: [(s.field, text[s.start : s.end] if s.field == "text" else "") for s in m.spans]
        for m in matches
    }
    assert spans["Société Générale"] == [("text", "Société Générale")]
    assert spans["Orange"] == [("text", "Orange")]
    apple = next(m for m in matches if m.brand == "Apple")
    assert [(s.field, s.start, s.end) for s in apple.spans] == [("title", 6, 11)]
