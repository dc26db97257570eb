"""A marketing team describes each brand with a query; Veille finds what a person would expect.

Each case reads: this query, on this text, should (or should not) be a mention.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.matching.matcher import BrandRule, Matcher
from veille.matching.query import QueryError, parse_query
from veille.text.clean import fold


def matches(query: str, text: str, title: str = "", **item: str) -> bool:
    return bool(Matcher([BrandRule("Marque", query=query)]).match_item(title, text, **item))


CASES = [
    # words, case and accents
    ("orange", "Le nouveau forfait d'Orange", True),
    ("orange", "ORANGE baisse ses prix", True),
    ("Société Générale", "la societe generale recrute", True),
    ('"Société Générale"', "SOCIÉTÉ GÉNÉRALE", True),
    ("l'oréal", "Chez L’ORÉAL, la beauté", True),
    ("l'oréal", "Chez L'Oreal", True),
    ("l’oréal", "Chez l'oréal", True),
    ("l'oréal", "loreal paris", False),
    ("oreal", "L'Oréal Paris", True),
    ("orange", "d’Orange", True),
    ("orange", "#Orange et @Orange", True),
    ("orange", "orangeade fraîche", False),
    ("apple", "I love pineapple juice", False),
    ("apple", "Apple's new phone", True),
    ("œuvre", "une OEUVRE d'art", True),
    ("noel", "Joyeux Noël", True),
    ("Noël", "joyeux noel", True),
    # hyphens, underscores, handles, hashtags, URLs, emoji
    ("coca-cola", "Coca Cola Zero", True),
    ("coca cola", "Coca-Cola Zero", True),
    ('"coca cola"', "coca_cola", True),
    ("cocacola", "Coca-Cola", False),
    ("orange_france", "suivez @orange_france", True),
    ("orange france", "suivez @orange_france", True),
    ("orangefrance", "#OrangeFrance", True),
    ("orange", "#OrangeFrance", False),
    ("orange.fr", "rendez-vous sur https://www.orange.fr/forfaits", True),
    ("orange", "rendez-vous sur https://www.orange.fr/forfaits", True),
    ("orange", "🍊 Orange 🔥 super", True),
    ("orange", "🍊🍊🍊", False),
    # plural forms: whole words unless a wildcard says otherwise
    ("forfait", "des forfaits moins chers", False),
    ("forfait*", "des forfaits moins chers", True),
    ("forfait*", "un forfait", True),
    ("forfaits", "un forfait", False),
    ("veill*", "La veille stratégique", True),
    ("veill*", "les veilleurs", True),
    ("veill*", "éveillé", False),
    ("smartphone*", "Smartphones", True),
    ('"box veill*"', "la box veilleuse", True),
    # AND, OR, NOT, parentheses
    ("orange forfait", "forfait mobile Orange", True),
    ("orange forfait", "orange pressée", False),
    ("orange AND forfait", "le forfait Orange", True),
    ("orange ET forfait", "le forfait Orange", True),
    ("orange OR sosh", "Sosh lance une offre", True),
    ("orange OU sosh", "Sosh lance une offre", True),
    ("orange OR sosh", "Free lance une offre", False),
    ("orange -mécanique", "Orange mécanique, le film", False),
    ("orange -mécanique", "Orange, le forfait", True),
    ("orange NOT mécanique", "Orange Mecanique", False),
    ("orange SAUF mécanique", "Orange Mecanique", False),
    ('orange -"orange mécanique"', "Orange mécanique et la fibre Orange", False),
    ('orange -"jus d\'orange"', "un jus d'orange frais", False),
    ('orange -"jus d\'orange"', "un jus d’orange frais", False),
    ("orange (fibre OR forfait)", "La fibre Orange arrive", True),
    ("orange (fibre OR forfait)", "Orange sanguine", False),
    ("(orange OR sosh) (fibre OR forfait*)", "Sosh : nouveaux forfaits", True),
    ("orange fibre OR sosh", "Sosh", True),  # AND binds tighter than OR
    ("orange NOT (jus OR fruit)", "orange fruit", False),
    ("orange NOT (jus OR fruit)", "orange fibre", True),
    # operators only in capitals: "or" is a French word
    ("orange or", "l'or d'Orange", True),
    ("orange or", "Orange seule", False),
    ('"OR" orange', "l'or d'Orange", True),
    # exact phrases keep their word order and nothing in between
    ('"forfait orange"', "le forfait Orange", True),
    ('"forfait orange"', "Orange forfait", False),
    ('"forfait orange"', "le forfait de chez Orange", False),
    ("«forfait orange»", "le forfait Orange", True),
    # fields
    ("title:orange", "Orange", False),
    ("title:(orange OR sosh) fibre", "la fibre arrive", False),
    ("text:orange", "Orange", True),
]


@pytest.mark.parametrize(("query", "text", "expected"), CASES)
def test_a_query_finds_what_a_person_expects(query, text, expected):
    assert matches(query, text) is expected, f"{query!r} on {text!r}"


def test_there_are_enough_cases_to_trust_the_language():
    assert len(CASES) >= 60


@pytest.mark.parametrize(
    ("query", "item", "expected"),
    [
        ("title:orange", {"title": "Orange baisse ses prix", "text": ""}, True),
        ("titre:orange", {"title": "Orange baisse ses prix", "text": ""}, True),
        ("title:orange", {"title": "Forfaits", "text": "Orange baisse ses prix"}, False),
        ("title:(orange OR sosh) fibre", {"title": "Sosh", "text": "la fibre"}, True),
        ("orange author:dupont", {"text": "Orange", "author": "Jean Dupont"}, True),
        ('orange auteur:"jean dupont"', {"text": "Orange", "author": "Jean Dupont"}, True),
        ("orange author:dupont", {"text": "Orange", "author": "Marie Durand"}, False),
        ("orange -author:bot", {"text": "Orange", "author": "promo bot"}, False),
        ("orange site:lemonde.fr", {"text": "Orange", "url": "https://www.lemonde.fr/eco/a.html"}, True),
        ("orange site:lemonde.fr", {"text": "Orange", "url": "https://blog.lemonde.fr/a"}, True),
        ("orange site:lemonde.fr", {"text": "Orange", "url": "https://notlemonde.fr/a"}, False),
        ("orange -site:reddit.com", {"text": "Orange", "url": "https://old.reddit.com/r/x"}, False),
        ("orange source:rss", {"text": "Orange", "source_type": "rss"}, True),
        ("orange source:reddit", {"text": "Orange", "source_type": "rss"}, False),
        ("orange lang:fr", {"text": "Orange", "language": "fr-FR"}, True),
        ("orange lang:en", {"text": "Orange", "language": "fr"}, False),
        (
            "orange lang:en",
            {"text": "Orange raised its prices again and customers are not happy about it at all"},
            True,
        ),
        (
            "orange langue:fr",
            {"text": "Orange augmente encore ses prix et les clients ne sont pas du tout contents"},
            True,
        ),
        # the brand's name looked Spanish to the language model: it is left out of what it reads
        ("viadeo lang:fr", {"title": "Viadeo licencie 300 salariés en France", "text": ""}, True),
        # …also when it is written with its accents
        ("telefónica lang:fr", {"title": "Telefónica supprime 900 postes en France", "text": ""}, True),
        ("site:lemonde.fr", {"text": "rien à voir", "url": "https://www.lemonde.fr/a"}, True),
    ],
)
def test_fields_restrict_where_a_word_counts_or_which_items_count(query, item, expected):
    fields = {"title": "", **item}
    title, text = fields.pop("title"), fields.pop("text")
    assert matches(query, text, title, **fields) is expected


def orange_rule(**extra) -> BrandRule:
    return BrandRule(
        "Orange",
        ("Orange",),
        exclude=("orange mécanique",),
        context=("opérateur", "forfait*", "fibre", "mobile"),
        **extra,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L'opérateur Orange augmente ses prix", True),
        ("Orange lance un forfait 5G", True),
        ("Les forfaits mobiles d'Orange", True),
        ("Une orange pressée le matin, c'est bon", False),
        ("Orange mécanique, la fibre du cinéma", False),
    ],
)
def test_a_brand_named_after_a_common_word_needs_a_context_word_nearby(text, expected):
    assert bool(Matcher([orange_rule()]).match_fields("", text)) is expected


def test_a_context_word_far_away_does_not_count():
    far = "Orange " + " ".join(["mot"] * 30) + " forfait"
    assert not Matcher([orange_rule(context_window=10)]).match_fields("", far)
    assert Matcher([orange_rule(context_window=40)]).match_fields("", far)


def test_matched_words_are_returned_in_bold_only_where_they_count():
    text = "Orange pressée. Plus loin, l'opérateur Orange baisse ses prix"
    [match] = Matcher([orange_rule(context_window=3)]).match_fields("", text)
    assert [text[s.start : s.end] for s in match.spans] == ["Orange"]
    assert match.spans[0].start == text.index("Orange baisse")


def test_spans_of_a_query_cover_phrases_and_wildcards_but_not_excluded_words():
    title = "Veille : Société-Générale"
    text = "Les veilleurs de la Société Générale, pas ceux de BNP"
    [match] = Matcher([BrandRule("SG", query='"société générale" OR veill* -BNP -title:bnp')]).match_fields(
        title, text
    )
    assert match.brand == "SG" and match.terms == ("société générale", "veill*")
    shown = [(s.field, (title if s.field == "title" else text)[s.start : s.end]) for s in match.spans]
    assert shown == [
        ("title", "Veille"),
        ("title", "Société-Générale"),
        ("text", "veilleurs"),
        ("text", "Société Générale"),
    ]


def test_many_brands_are_matched_in_one_pass_each_with_its_own_query():
    rules = [
        BrandRule("Orange", query="orange (forfait* OR fibre)"),
        BrandRule("Free", query='free (forfait* OR fibre) -"free software"'),
        BrandRule("SFR", ("SFR",)),
        BrandRule("Bouygues", query="bouygues -construction"),
    ]
    found = Matcher(rules).match_fields("Fibre : Orange et Free face à SFR", "Bouygues Construction aussi")
    assert [m.brand for m in found] == ["Orange", "Free", "SFR"]


@pytest.mark.parametrize(
    ("query", "position", "problem"),
    [
        ('orange "forfait mobile', 7, "quote is never closed"),
        ("orange (forfait OR fibre", 7, "parenthesis is never closed"),
        ("orange forfait)", 14, "no opening one"),
        ("orange OR", 7, '"OR" must join two words'),
        ("OR orange", 0, '"OR" must join two words'),
        ("orange OR OR sosh", 7, '"OR" must join two words'),
        ("orange NOT", 7, '"NOT" must be followed'),
        ("orange titel:promo", 7, 'field "titel:"'),
        ("orange site:", 7, 'Field "site:" has no value'),
        ("orange lang:klingon", 12, "not a known language"),
        ("orange ve*", 7, "at least 3 letters"),
        ("orange v*ille", 8, "the star is not at the end"),
        ("-orange", 0, "only says what to leave out"),
        ("orange ()", 7, "A word is missing"),
        ("   ", 0, "The query is empty"),
        ("orange 🔥", 7, "has no letter or digit"),
    ],
)
def test_a_malformed_query_is_refused_with_where_and_how_to_fix_it(query, position, problem):
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.position == position
    described = caught.value.describe(query, "en")
    assert problem in described and f"character {position + 1}" in described
    assert caught.value.hint("fr") and caught.value.hint("en")


def test_the_french_message_says_the_same_in_french():
    with pytest.raises(QueryError) as caught:
        parse_query("orange (forfait")
    assert caught.value.describe("orange (forfait", "fr").startswith("caractère 8")
    assert "parenthèse n'est jamais fermée" in caught.value.describe("orange (forfait", "fr")


# -- properties ------------------------------------------------------------------------------------

QUERY_ALPHABET = st.sampled_from(
    [*list("abcdeéèàôçœ'’\"«»()-*: _#@."), "OR", "AND", "NOT", "OU", "SAUF", " ", "title:", "site:", "lang:"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(QUERY_ALPHABET, max_size=40).map("".join))
def test_the_parser_only_ever_raises_a_query_error(query):
    try:
        parse_query(query)
    except QueryError as error:
        assert 0 <= error.position <= len(query)
        assert error.describe(query, "fr") and error.describe(query, "en")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_at_all_is_parsed_or_refused_cleanly(query):
    with contextlib.suppress(QueryError):
        parse_query(query)


WORDS = st.sampled_from(
    ["orange", "forfait", "fibre", "société", "générale", "noël", "œuvre", "l'oréal", "ÉTÉ"]
)


def _shuffle_case(text: str, flips: list[bool]) -> str:
    return "".join(
        ch.upper() if flip else ch.lower()
        for ch, flip in zip(text, flips + [False] * len(text), strict=False)
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(WORDS, min_size=1, max_size=3),
    st.lists(WORDS | st.sampled_from(["le", "la", "de", "!", "#", "🍊", "-"]), max_size=12),
    st.lists(st.booleans(), max_size=80),
)
def test_matching_ignores_case_and_accents(query_words, text_words, flips):
    query = " ".join(query_words)
    text = " ".join(text_words)
    expected = matches(query, text)
    assert matches(query, _shuffle_case(text, flips)) is expected
    assert matches(query, fold(text)) is expected
    assert matches(fold(query).upper().replace("L'OREAL", "l'oreal"), text) is expected


ANY_QUERIES = [
    BrandRule("A", query='orange (fibre OR forfait*) -"orange mécanique" title:box OR site:orange.fr'),
    BrandRule("B", ("Société Générale", "l'oréal"), exclude=("promo*",), context=("banque", "beauté")),
    BrandRule("C", query="veill* author:dupont OR lang:fr noel"),
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.text(max_size=80), st.one_of(st.none(), st.text(max_size=40)))
def test_any_text_at_all_is_matched_without_error_and_spans_stay_inside_it(text, title, author):
    for match in Matcher(ANY_QUERIES).match_item(title, text, author, "https://www.orange.fr/x", "rss", "fr"):
        for span in match.spans:
            field = title if span.field == "title" else text
            assert 0 <= span.start < span.end <= len(field)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=200))
def test_the_fast_word_split_agrees_with_folding_then_finding_words(text):
    from veille.matching.matcher import _TOKEN, words_of

    assert words_of(text) == _TOKEN.findall(fold(text))
