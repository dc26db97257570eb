"""How `/veille search` reads what a person typed: words, then filters; a brand or source whose
name holds a space is written in quotes, and "More" and "Share" type the request back the same."""

from __future__ import annotations

import pytest

from veille.search.request import SearchArgumentError, parse_search, unknown_filters


def test_a_brand_with_a_space_is_filtered_in_quotes_and_typed_back_in_quotes():
    request = parse_search('panne brand:"Back Market" source:"blog maison" since:7d', "fr")

    assert (request.query, request.brand, request.source) == ("panne", "Back Market", "blog maison")
    assert request.as_text() == 'panne since:7d source:"blog maison" brand:"Back Market"'
    assert parse_search(request.as_text(), "fr") == request
    for typed in ("since:12h", "since:90m", "since:2d", "since:36h"):
        assert parse_search(f"panne {typed}", "fr").as_text() == f"panne {typed}"  # as the person wrote it


def test_a_quoted_phrase_stays_a_phrase_beside_a_quoted_filter():
    request = parse_search('"service client" brand:"Crédit Agricole" tone:neg', "en")
    assert (request.query, request.brand, request.tone) == ('"service client"', "Crédit Agricole", "negative")


@pytest.mark.parametrize(
    ("typed", "example"),
    [
        ("since:", "since:7d"),
        ("tone:", "tone:neg"),
        ("source:", "source:reddit"),
        ("brand:", 'brand:"Back Market"'),
        ('brand:""', 'brand:"Back Market"'),
        ("open:", "open:unassigned"),
    ],
)
def test_an_empty_filter_is_shown_with_an_example_of_its_own(typed, example):
    with pytest.raises(SearchArgumentError) as refused:
        parse_search(f"viadeo {typed}", "fr")
    assert f"écrivez par exemple `{example}`" in str(refused.value)


def test_a_filter_given_twice_is_named_rather_than_one_of_them_kept_silently():
    with pytest.raises(SearchArgumentError) as refused:
        parse_search("viadeo since:7d since:3d", "fr")
    assert (
        str(refused.value)
        == "Le filtre `since:` est donné deux fois (`7d` et `3d`) : une recherche n'en prend qu'un."
    )
    assert parse_search("viadeo source:reddit source:reddit", "en").source == "reddit"  # the same twice: one


@pytest.mark.parametrize("typed", ["*", '""', "OR", "- *"])
def test_a_search_with_no_word_to_find_or_leave_out_asks_what_to_look_for(typed):
    with pytest.raises(SearchArgumentError) as refused:
        parse_search(typed, "fr")
    assert "Que faut-il chercher ?" in str(refused.value)


def test_words_left_out_alone_are_a_search_but_ask_no_source_live():
    request = parse_search("-panne since:7d", "en")
    assert request.query == "-panne" and not request.finds_words
    assert parse_search("viadeo -panne", "en").finds_words


@pytest.mark.parametrize("typed", ["site:lemonde.fr", "titre:panne", "author:dupont", "lang:fr"])
def test_a_field_of_a_brand_query_is_not_searched_as_words_but_explained(typed):
    with pytest.raises(SearchArgumentError) as refused:
        parse_search(f"viadeo {typed}", "fr")
    name = typed.partition(":")[0]
    assert f"`{name}:` sert dans la requête d'une marque, pas dans une recherche" in str(refused.value)
    assert "`source:`, `brand:`" in str(refused.value)


def test_a_filter_no_brand_or_source_answers_to_is_met_with_the_names_that_would():
    request = parse_search('panne brand:"Back Markt" source:redit', "en")
    hints = unknown_filters(
        request, ["Back Market", "Viadeo"], [("reddit", "reddit"), ("blog fr", "rss")], "en"
    )
    assert hints == [
        'No brand watched is called `Back Markt`: try `brand:"Back Market"`, `brand:Viadeo`.',
        'No configured source is called `redit`: try `source:reddit`, `source:"blog fr"`, or a type of'
        " source (`source:rss`, `source:reddit`…).",
    ]
    typed_right = parse_search("panne brand:viadeo source:RSS", "en")
    assert unknown_filters(typed_right, ["Viadeo"], [("blog", "rss")], "en") == []


@pytest.mark.parametrize("typed", ["after:2026-11-01", "before:hier", "avant:lundi", "during:novembre"])
def test_a_date_operator_of_another_search_points_to_since(typed):
    with pytest.raises(SearchArgumentError) as refused:
        parse_search(f"viadeo {typed}", "fr")
    name = typed.partition(":")[0]
    assert str(refused.value) == (
        f"`{name}:` n'est pas un filtre de `/veille search` : pour une période, écrivez `since:` et"
        " une durée, comme `since:7j` ou `since:24h`."
    )


@pytest.mark.parametrize("typed", ["page:2", "from:@marie", "in:#veille", "sort:old", "has:link"])
def test_an_operator_of_another_search_is_named_rather_than_searched_as_words(typed):
    with pytest.raises(SearchArgumentError) as refused:
        parse_search(f"viadeo {typed}", "en")
    name = typed.partition(":")[0]
    assert str(refused.value).startswith(f"`{name}:` is not a `/veille search` filter: filter with `source:`")
    assert str(refused.value).endswith(f'write them in quotes: `"{typed}"`.')


def test_an_operator_typed_with_quotes_is_offered_in_one_pair_of_quotes():
    with pytest.raises(SearchArgumentError) as refused:
        parse_search('viadeo from:"marie dupont"', "fr")
    assert str(refused.value).endswith('écrivez-les entre guillemets : `"from:marie dupont"`.')
    assert parse_search('viadeo "from:marie dupont"', "fr").query == 'viadeo "from:marie dupont"'


def test_words_holding_a_colon_are_still_searched():
    assert parse_search("re:invent 10:30 https://viadeo.example", "fr").query == (
        "re:invent 10:30 https://viadeo.example"
    )
    assert parse_search('viadeo "page:2"', "fr").query == 'viadeo "page:2"'
    assert parse_search("viadeo in:", "fr").query == "viadeo in:"
