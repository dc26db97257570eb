"""`/veille search` arguments: the words to find and the filters after them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from veille.i18n import Lang, t
from veille.matching.query import FIELDS
from veille.model import ToneLabel
from veille.store.fulltext import Terms, terms_of
from veille.text.durations import MAX_LOOKBACK_DAYS, ZeroLookback, parse_lookback
from veille.text.mrkdwn import escape, in_code

MAX_QUERY_CHARS = 500
KNOWN_SHOWN = 8  # brands or sources offered instead of a filter value no one answers to
MAX_FILTER_CHARS = 100  # with the query, the request fits a button value (2,000) once as JSON
DEFAULT_SINCE = timedelta(days=30)
TONES: dict[str, ToneLabel] = {
    "pos": "positive",
    "positive": "positive",
    "positif": "positive",
    "+": "positive",
    "neu": "neutral",
    "neutral": "neutral",
    "neutre": "neutral",
    "neg": "negative",
    "negative": "negative",
    "négatif": "negative",
    "negatif": "negative",
    "-": "negative",
}
FILTERS = ("since", "tone", "source", "brand", "open")
EXAMPLES = {"since": "7d", "tone": "neg", "source": "reddit", "brand": '"Back Market"', "open": "unassigned"}
# A filter's value in quotes may hold spaces (`brand:"Back Market"`); any other token is a word.
_TOKEN = re.compile(r'(?P<name>[A-Za-z]+):"(?P<quoted>[^"]*)"?(?!\S)|\S+')
UNASSIGNED = frozenset({"unassigned", "nobody", "none", "personne", "sans"})
# Operators of other searches (Slack's, a search engine's) a person may type here out of habit:
# searched as words they would find nothing, and the answer would read as "no mention".
DATE_OPERATORS = frozenset({"after", "before", "on", "during", "until", "date", "apres", "après", "avant"})
OTHER_OPERATORS = frozenset(
    {"from", "in", "to", "has", "is", "with", "page", "sort", "order", "limit", "type", "intitle", "inurl"}
)


class SearchArgumentError(ValueError):
    """A filter that cannot be understood; the message (escaped mrkdwn) says what to type."""


@dataclass(frozen=True)
class SearchRequest:
    query: str
    since: timedelta = DEFAULT_SINCE
    tone: ToneLabel | None = None
    source: str | None = None
    brand: str | None = None
    unassigned: bool = False  # only mentions still open and assigned to nobody (App Home's list)

    @property
    def terms(self) -> Terms:
        return terms_of(self.query)

    @property
    def finds_words(self) -> bool:
        """The query has words to find, not only words to leave out (`-panne`)."""
        return bool(self.terms)

    def as_text(self) -> str:
        """The request typed back, for "More" and "Share" to run it again."""
        parts = [self.query] if self.query else []
        minutes = max(1, int(self.since.total_seconds()) // 60)
        if minutes % 1440 == 0:
            parts.append(f"since:{minutes // 1440}d")
        else:
            parts.append(f"since:{minutes // 60}h" if minutes % 60 == 0 else f"since:{minutes}m")
        if self.tone:
            parts.append(f"tone:{self.tone}")
        if self.source:
            parts.append(f"source:{_typed(self.source)}")
        if self.brand:
            parts.append(f"brand:{_typed(self.brand)}")
        if self.unassigned:
            parts.append("open:unassigned")
        return " ".join(parts)


def _typed(value: str, *, quoted: bool = False) -> str:
    """A filter's value as typed back: in quotes when it holds a space (which quotes alone allow),
    or always with `quoted`; quotes it held are dropped, a pair would end the phrase."""
    if not quoted and not any(char.isspace() for char in value):
        return value
    return '"' + value.replace('"', "") + '"'


def parse_search(text: str, lang: Lang) -> SearchRequest:
    words: list[str] = []
    filters: dict[str, str] = {}
    for found in _TOKEN.finditer(text.strip()[: MAX_QUERY_CHARS * 2]):
        token = found.group(0)
        if found.group("name") is not None and found.group("name").lower() in FILTERS:
            name, value = found.group("name").lower(), " ".join(found.group("quoted").split())
        else:
            name, colon, value = token.partition(":")
            name = name.lower() if colon else ""
        if name in FIELDS and name not in FILTERS:  # `site:lemonde.fr` would be searched as words
            raise SearchArgumentError(t("search.query_field", lang, name=escape(name)))
        if value and name in DATE_OPERATORS:
            raise SearchArgumentError(t("search.date_operator", lang, name=escape(name)))
        if value and name in OTHER_OPERATORS:
            quoted = in_code(_typed(token[:60], quoted=True))
            raise SearchArgumentError(t("search.other_operator", lang, name=escape(name), token=quoted))
        if name in FILTERS:
            if not value:
                raise SearchArgumentError(t("search.empty_filter", lang, name=name, example=EXAMPLES[name]))
            value = value[:MAX_FILTER_CHARS]
            if filters.get(name, value) != value:
                first, second = in_code(filters[name][:40]), in_code(value[:40])
                raise SearchArgumentError(
                    t("search.filter_twice", lang, name=name, first=first, second=second)
                )
            filters[name] = value
        else:
            words.append(token)
    query = " ".join(words)[:MAX_QUERY_CHARS]
    terms = terms_of(query)
    if not terms and not terms.excluded:  # "*", '""', "OR": no word to find nor to leave out
        query = ""
    unassigned = False
    if "open" in filters:
        if filters["open"].lower() not in UNASSIGNED:
            raise SearchArgumentError(t("search.bad_open", lang, value=escape(filters["open"][:40])))
        unassigned = True
    # Open mentions wait however old they are: the whole history unless a period is given.
    since = timedelta(days=MAX_LOOKBACK_DAYS) if unassigned else DEFAULT_SINCE
    if "since" in filters:
        try:
            since = parse_lookback(filters["since"])
        except ZeroLookback:
            raise SearchArgumentError(
                t("lookback.zero", lang, value=in_code(filters["since"][:40]))
            ) from None
        except ValueError:
            raise SearchArgumentError(
                t("search.bad_since", lang, value=in_code(filters["since"][:40]))
            ) from None
    tone = None
    if "tone" in filters:
        tone = TONES.get(filters["tone"].lower())
        if tone is None:
            raise SearchArgumentError(t("search.bad_tone", lang, value=in_code(filters["tone"][:40])))
    if not query and not filters.keys() - {"since"}:
        raise SearchArgumentError(t("search.nothing", lang))
    return SearchRequest(query, since, tone, filters.get("source"), filters.get("brand"), unassigned)


def unknown_filters(
    request: SearchRequest, brands: Sequence[str], sources: Sequence[tuple[str, str]], lang: Lang
) -> list[str]:
    """For a search that found nothing: a `brand:` or `source:` no configured brand or source
    answers to (a typo, most likely), said with the names that would. `sources`: (name, type)."""
    hints: list[str] = []
    if request.brand is not None and request.brand.casefold() not in {b.casefold() for b in brands}:
        known = ", ".join(f"`brand:{in_code(_typed(b))}`" for b in brands[:KNOWN_SHOWN])
        hints.append(t("search.unknown_brand", lang, value=in_code(request.brand), known=known))
    names = {n.casefold() for n, _ in sources} | {kind.casefold() for _, kind in sources}
    if request.source is not None and request.source.casefold() not in names:
        offered = list(dict.fromkeys(n for n, _ in sources))[:KNOWN_SHOWN]
        known = ", ".join(f"`source:{in_code(_typed(n))}`" for n in offered)
        hints.append(t("search.unknown_source", lang, value=in_code(request.source), known=known))
    return hints
