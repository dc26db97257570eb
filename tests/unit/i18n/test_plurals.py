"""Every string that carries a count agrees with it, by each language's rule: in French 0 and 1
take the singular (« 0 mention », « 1 négative »), in English only 1 does ("0 mentions")."""

from __future__ import annotations

import re
import string

import pytest

from veille.i18n import CATALOGUE, Lang, plural, t

# Words that follow a number without changing with it.
INVARIANT = {
    "fr": {"fois", "sur", "au", "le", "la", "de", "d", "pas"},
    "en": {"positive", "neutral", "negative", "more", "of", "in", "on", "the"},
}


def _fields(template: str) -> dict[str, str]:
    return {name: spec for _, name, spec, _ in string.Formatter().parse(template) if name}


def _count_bearing() -> list[tuple[str, Lang, set[str]]]:
    out = []
    for key, texts in CATALOGUE.items():
        for lang in ("fr", "en"):
            counted = {name for name, spec in _fields(texts[lang]).items() if spec.startswith("plural:")}
            if counted:
                out.append((key, lang, counted))
    return out


COUNT_BEARING = _count_bearing()


def test_no_string_hedges_its_plural_with_parentheses():
    hedged = [
        key for key, texts in CATALOGUE.items() for text in texts.values() if re.search(r"\((e?s|x)\)", text)
    ]
    assert hedged == []


def test_the_strings_with_a_count_include_the_summaries_stats_exports_and_spikes():
    keys = {key for key, _, _ in COUNT_BEARING}
    expected = {
        "report.brand_total",
        "report.tone_split",
        "report.unhandled",
        "report.chart_alt_brand",
        "report.weekly_brand",
        "spike.volume_why",
        "spike.fallback",
        "stats.heading",
        "export.queued",
        "export.comment",
        "query.preview_count",
    }
    assert expected <= keys


@pytest.mark.parametrize("n", [0, 1, 2])
@pytest.mark.parametrize(("key", "lang", "counted"), COUNT_BEARING, ids=lambda v: str(v))
def test_every_count_bearing_string_agrees_with_its_count(key: str, lang: Lang, counted: set[str], n: int):
    values: dict[str, object] = {name: "X" for name in _fields(CATALOGUE[key][lang])}
    values.update({name: n for name in counted})
    shown = t(key, lang, **values)
    singular = n in (0, 1) if lang == "fr" else n == 1
    words = re.findall(rf"(?<![\w.,]){n}\*? ([^\W\d_]+)", shown)
    assert words, shown
    for word in words:
        if word.lower() in INVARIANT[lang]:
            continue
        assert word.endswith(("s", "x")) != singular, f"{shown!r} at {n}"


def test_the_rule_of_each_language():
    assert [plural(n, "fr", "mention", "mentions") for n in (0, 1, 2, 10)] == [
        "mention",
        "mention",
        "mentions",
        "mentions",
    ]
    assert [plural(n, "en", "mention", "mentions") for n in (0, 1, 2, 10)] == [
        "mentions",
        "mention",
        "mentions",
        "mentions",
    ]
    alt = t(
        "report.chart_alt_brand", "fr", brand="Viadeo", total=2, positive=1, neutral=0, negative=1, last=1
    )
    assert alt == "Viadeo : 2 au total, 1 positive, 0 neutre, 1 négative, 1 le dernier jour."
