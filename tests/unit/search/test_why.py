"""Why an alert is what it is, built from what the store holds and the configuration: the words that
matched and where, the relevance model's verdict, the tone and what weighed in it, the route; and
how a person names the alert (its message's link or its number)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from veille.config import parse_config
from veille.model import Span, Tone
from veille.relevance import Judgement
from veille.search.why import ArticleLink, Facts, MessageLink, Posting, TargetError, explain, parse_target
from veille.tone.reasons import ToneReasons

CONFIG = parse_config(
    {
        "veille": {"default_channel": "#veille"},
        "routing": {"escalation_channel": "#crise", "here_above_reach": 500},
        "brands": [
            {"name": "Viadeo"},
            {"name": "Orange", "query": "orange -recette", "relevance": "quiet"},
            {"name": "Netvibes", "relevance": "drop", "relevance_threshold": 0.4},
        ],
    },
    "test.toml",
)
AT = datetime(2026, 11, 22, 13, 5, tzinfo=UTC)
TITLE = "Panne chez Viadeo ce matin"
TEXT = "Depuis 8 h, le site viadeo.com ne répond plus. Viadeo est en panne, un vrai fiasco."


def facts(**changes) -> Facts:
    base = Facts(
        alert_id=42,
        mention_id=7,
        brand="Viadeo",
        title=TITLE,
        text=TEXT,
        url="https://blog.example.fr/panne",
        source="blog-fr",
        source_type="rss",
        author="Paul",
        terms=("Viadeo",),
        spans=(Span("title", 11, 17), Span("text", 47, 53)),
        tone=Tone("negative", -0.8, "fr", 0.9),
        relevance=None,
        relevance_words=None,
        reach={"comments": 120, "points": 600},
        postings=(Posting(42, "#veille", "C0VEILLE1", "posted", False),),
    )
    return replace(base, **changes)


LEARNED = Judgement(0.93, ("panne", "site:blog.example.fr"), 20, True)
LEARNING = Judgement(1.0, (), 3, False)


# -- naming the alert -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "https://veille-test.slack.com/archives/C0VEILLE1/p1764000000123456",
        "<https://veille-test.slack.com/archives/C0VEILLE1/p1764000000123456>",
        "<https://veille-test.slack.com/archives/C0VEILLE1/p1764000000123456|le message>",
        "  https://acme.enterprise.slack.com/archives/C0VEILLE1/p1764000000123456?cid=C0VEILLE1  ",
    ],
)
def test_a_message_link_as_slack_copies_it_names_its_channel_and_ts(typed):
    assert parse_target(typed) == MessageLink("C0VEILLE1", "1764000000.123456")


def test_a_reply_link_also_names_its_thread():
    typed = (
        "https://veille-test.slack.com/archives/C0VEILLE1/p1764000000999999"
        "?thread_ts=1764000000.123456&cid=C0VEILLE1"
    )
    assert parse_target(typed) == MessageLink("C0VEILLE1", "1764000000.999999", "1764000000.123456")


@pytest.mark.parametrize(("typed", "number"), [("42", 42), ("#42", 42), (" 7 ", 7)])
def test_a_number_names_the_alert(typed, number):
    assert parse_target(typed) == number


@pytest.mark.parametrize(
    "typed",
    [
        "la panne d'hier",
        "https://veille-test.slack.com/archives/C0VEILLE1",
        "https://veille-test.slack.com/archives/<!channel>/p1764000000123456",
        "javascript:alert(1)",
        "42abc",
        "1" * 19,
        "<!here>",
    ],
)
def test_anything_else_is_refused(typed):
    with pytest.raises(TargetError, match="garbage"):
        parse_target(typed)


@pytest.mark.parametrize(
    ("typed", "article"),
    [
        ("http://www.blog.example.fr/viadeo-panne/?utm_source=x#top", "https://blog.example.fr/viadeo-panne"),
        ("<https://blog.example.fr/a?id=2>", "https://blog.example.fr/a?id=2"),
        # As Slack sends what was typed: its `&` escaped.
        ("https://blog.example.fr/a?p=3&amp;id=2&amp;utm_source=x", "https://blog.example.fr/a?id=2&p=3"),
        # Not Slack, whatever its path says: only ever an article's address to look up.
        (
            "https://slack.com.evil.example/archives/C0VEILLE1/p1764000000123456",
            "https://slack.com.evil.example/archives/C0VEILLE1/p1764000000123456",
        ),
    ],
)
def test_an_address_outside_slack_names_the_article_an_alert_is_about(typed, article):
    assert parse_target(typed) == ArticleLink(article)


def test_nothing_typed_is_told_apart():
    with pytest.raises(TargetError, match="empty"):
        parse_target("   ")


# -- what matched -----------------------------------------------------------------------------


def test_the_matched_words_say_where_they_are_and_the_excerpt_is_the_texts_first_match():
    why = explain(facts(), CONFIG, LEARNED)
    assert why.matched.words == (("Viadeo", ("title", "text")),)
    assert why.matched.terms == ("Viadeo",)
    assert why.matched.query is None
    assert why.matched.excerpt_field == "text"
    start, end = why.matched.excerpt_spans[0]
    assert why.matched.excerpt[start:end] == "Viadeo"


def test_a_match_in_the_title_only_shows_the_title_and_the_brands_query():
    found = facts(brand="Orange", title="Orange et sa box", spans=(Span("title", 0, 6),))
    why = explain(found, CONFIG, LEARNED)
    assert why.matched.excerpt_field == "title"
    assert why.matched.words == (("Orange", ("title",)),)
    assert why.matched.query == "orange -recette"


# -- relevance --------------------------------------------------------------------------------


def test_relevance_not_judged_says_the_model_has_not_learned_enough():
    why = explain(facts(), CONFIG, LEARNING)
    assert why.relevance.probability is None
    assert not why.relevance.learned and why.relevance.decisions == 3 and why.relevance.needed == 8
    assert why.relevance.mode == "show" and why.relevance.threshold == 0.3


def test_relevance_judged_gives_the_probability_the_mode_the_threshold_and_the_words():
    why = explain(facts(relevance=0.93), CONFIG, LEARNED)
    assert why.relevance.probability == 0.93 and not why.relevance.doubted
    assert why.relevance.learned and why.relevance.decisions == 20
    assert why.relevance.words == ("panne", "site:blog.example.fr")

    doubted = facts(
        brand="Netvibes",
        relevance=0.12,
        relevance_words=("recette", "tarte"),
        postings=(Posting(42, "#veille", None, "dropped", False),),
    )
    why = explain(doubted, CONFIG, LEARNED)
    assert why.relevance.doubted and why.relevance.words == ("recette", "tarte")  # the doubt's own words
    assert why.relevance.mode == "drop" and why.relevance.threshold == 0.4


def test_a_brand_no_longer_configured_is_still_explained():
    why = explain(facts(brand="Ancienne"), CONFIG, None)
    assert why.relevance.mode is None and not why.relevance.learned
    assert why.route.postings[0][1] == "other"


# -- tone -------------------------------------------------------------------------------------


def test_the_tone_carries_its_reasons_and_a_persons_correction():
    reasons = ToneReasons((("panne", -2.6), ("fiasco", -0.9)), ())
    corrected = facts(corrected="neutral", corrected_by="U0MARIE01", corrected_at=AT)
    why = explain(corrected, CONFIG, LEARNED, reasons)
    assert why.tone.reasons == reasons
    assert (why.tone.corrected, why.tone.corrected_by) == ("neutral", "U0MARIE01")
    assert not why.tone.from_source


def test_a_tone_given_by_the_sources_rating_is_told_apart():
    why = explain(facts(tone=Tone("negative", None, "fr")), CONFIG, LEARNED)
    assert why.tone.from_source


# -- route ------------------------------------------------------------------------------------


def test_a_negative_mention_goes_home_and_to_escalation_with_here_above_the_reach():
    postings = (
        Posting(41, "#veille", "C0VEILLE1", "posted", False),
        Posting(42, "#crise", "C0CRISE01", "posted", True),
    )
    why = explain(facts(postings=postings), CONFIG, LEARNED)
    assert [leg for _, leg in why.route.postings] == ["home", "escalation"]
    assert why.route.reach == 720 and why.route.here_above == 500
    assert not why.route.instead and why.route.held is None and not why.route.backlog


def test_escalation_instead_of_home_is_told():
    postings = (Posting(42, "#crise", "C0CRISE01", "pending", False),)
    why = explain(facts(postings=postings), CONFIG, LEARNED)
    assert why.route.instead


@pytest.mark.parametrize(("status", "held"), [("set_aside", "set_aside"), ("dropped", "dropped")])
def test_a_mention_held_back_by_the_relevance_model_says_so(status, held):
    postings = (Posting(42, "#veille", None, status, False),)
    why = explain(facts(brand="Orange", relevance=0.1, postings=postings), CONFIG, LEARNED)
    assert why.route.held == held


def test_a_mention_without_alert_came_with_a_first_reading_backlog():
    why = explain(facts(postings=()), CONFIG, LEARNED)
    assert why.route.backlog
