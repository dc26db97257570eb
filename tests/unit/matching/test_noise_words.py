"""The words « Pas pertinent » offers to exclude are words of the post, not pieces of its links."""

from __future__ import annotations

from veille.matching.noise import candidate_words


def test_the_words_offered_leave_out_addresses_ids_and_numbers():
    text = (
        "Viadeo recrute des développeurs : https://www.lemonde.fr/economie/article/2026/viadeo_6123.html,"
        " écrire à jobs@viadeo-group.fr ou à <@U0123ABCD>, réf. X7K9QZ2. Recrute encore en 2027."
    )
    assert candidate_words(text, ["Viadeo"]) == ["recrute", "développeurs", "écrire"]


def test_the_words_offered_come_most_frequent_first_as_written_in_lower_case():
    assert candidate_words("Fiasco ! Le FIASCO continue, quel fiasco. Télétravail.", ["Orange"]) == [
        "fiasco",
        "continue",
        "télétravail",
    ]
