"""French elides « de » before a brand that starts with a vowel: « à propos d'Orange », never
« à propos de Orange »; English says the name as it is."""

from __future__ import annotations

import pytest

from veille.i18n import none_of, t


@pytest.mark.parametrize(
    ("brand", "said"),
    [
        ("Orange", "Probablement pas à propos d'Orange (72 %)"),
        ("Éram", "Probablement pas à propos d'Éram (72 %)"),
        ("Uber", "Probablement pas à propos d'Uber (72 %)"),
        ("Viadeo", "Probablement pas à propos de Viadeo (72 %)"),
        ("Hachette", "Probablement pas à propos de Hachette (72 %)"),
        ("Yahoo", "Probablement pas à propos de Yahoo (72 %)"),
    ],
)
def test_a_brand_starting_with_a_vowel_takes_d_apostrophe(brand: str, said: str):
    assert t("alert.doubt", "fr", brand=brand, percent="72 %") == said
    assert t("alert.doubt", "en", brand=brand, percent="72 %") == f"Probably not about {brand} (72 %)"


def test_elision_reads_the_name_behind_its_formatting_and_in_every_sentence_about_a_brand():
    assert (
        t("spike.negative_title", "fr", brand="*Engie*") == "🔴 Les mentions négatives d'*Engie* s'envolent"
    )
    assert t("alert.fallback", "fr", brand="Airbus", title="Rachat") == "Nouvelle mention d'Airbus : Rachat"


def test_brands_with_nothing_to_report_are_listed_as_a_reader_would_say_it():
    assert none_of(["Viadeo", "Netvibes", "Orange"], "fr") == "de Viadeo, de Netvibes ni d'Orange"
    assert none_of(["Orange"], "fr") == "d'Orange"
    assert none_of(["Viadeo", "Netvibes", "Orange"], "en") == "Viadeo, Netvibes or Orange"
    quiet = t("report.weekly_nothing", "fr", brands=none_of(["Airbus", "Viadeo"], "fr"))
    assert (
        quiet == "☀️ Semaine calme : aucune mention d'Airbus ni de Viadeo, ni cette semaine ni la précédente."
    )
