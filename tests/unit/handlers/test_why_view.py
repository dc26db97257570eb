"""How the answer to `/veille why` reads, in French and English: the route with its escalation and
its `@here`, a mention held back, and outside text that can neither ping nor forge a link."""

from __future__ import annotations

from tests.rigs.triage import texts
from tests.unit.search.test_why import CONFIG, facts
from veille.handlers.views.why import percent, render_why
from veille.model import Span, Tone
from veille.relevance import Judgement
from veille.search.why import Posting, explain
from veille.tone.reasons import ToneReasons

LEARNED = Judgement(0.93, ("opérateur",), 20, True)


def shown(explained, lang="fr") -> str:
    _, blocks = render_why(explained, lang, "Europe/Paris")
    assert all(len(block["text"]["text"]) <= 3000 for block in blocks)
    return texts(blocks)


def test_a_negative_mention_says_it_went_to_escalation_with_here_because_of_its_reach():
    postings = (
        Posting(41, "#veille", "C0VEILLE1", "posted", False),
        Posting(42, "#crise", "C0CRISE01", "posted", True),
    )
    reasons = ToneReasons((("panne", -2.6), ("fiasco", -0.9)), ("contrast",))
    explained = explain(facts(postings=postings, relevance=0.93), CONFIG, LEARNED, reasons)

    french = shown(explained)
    assert (
        "*Parcours* : <#C0VEILLE1> (canal de la marque) — postée; <#C0CRISE01> (escalade : ton négatif)"
        " avec `@here` : portée 720 ≥ 500 — postée"
    ) in french
    assert "*Pertinence* : 93 % de chances d'être à propos de Viadeo (mise de côté sous 30 %)" in french
    assert "mots qui ont pesé : `panne` (−), `fiasco` (−)" in french
    assert "tournures : un « mais » qui retourne la phrase" in french
    assert "<!here>" not in french

    english = shown(explained, "en")
    assert "<#C0CRISE01> (escalation: negative tone) with `@here`: reach 720 ≥ 500 — posted" in english
    assert "*Relevance*: 93% likely about Viadeo (set aside below 30%)" in english
    assert "words that weighed: `panne` (−), `fiasco` (−)" in english


def test_a_dropped_mention_says_it_was_kept_searchable_and_never_posted():
    postings = (Posting(42, "#veille", None, "dropped", False),)
    held = facts(brand="Netvibes", relevance=0.12, relevance_words=("recette",), postings=postings)
    french = shown(explain(held, CONFIG, LEARNED))
    assert "#veille (canal de la marque) — écartée" in french
    assert "🚫 Écartée : probablement pas à propos de Netvibes (12 %, sous 40 %)" in french
    assert "mots : `recette`" in french
    english = shown(explain(held, CONFIG, LEARNED), "en")
    assert "🚫 Dropped: probably not about Netvibes (12%, below 40%)" in english


def test_outside_text_is_escaped_and_shown_as_code():
    title = "<!channel> Viadeo <https://evil.example|gagnez>"
    hostile = facts(
        title=title,
        text="Viadeo `<@U0BOSS001>` offre un cadeau.",
        spans=(Span("title", 11, 17), Span("text", 0, 6)),
        relevance_words=("<!here>",),
        relevance=0.1,
        tone=Tone("positive", 0.6, "fr", 0.8),
    )
    reasons = ToneReasons((("cadeau`<@U0BOSS001>", 1.2),), ())
    french = shown(explain(hostile, CONFIG, LEARNED, reasons))
    for forged in ("<!channel>", "<!here>", "<@U0BOSS001>", "<https://evil.example"):
        assert forged not in french
    assert "`&lt;!here&gt;`" in french and "`cadeauˋ&lt;@U0BOSS001&gt;` (+)" in french


def test_a_probability_is_never_rounded_to_certainty():
    assert percent(0.003, "fr") == "< 1 %" and percent(0.003, "en") == "<1%"
    assert percent(0.998, "fr") == "> 99 %" and percent(1.0, "en") == "100%"
    assert percent(0.3, "fr") == "30 %"
