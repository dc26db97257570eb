"""App Store customer reviews of one app, in one or more countries, as mentions of one brand.

Apple's public reviews feed, `/COUNTRY/rss/customerreviews/page=N/id=APP/sortby=mostrecent/json`,
lists an app's reviews in a country newest first, 50 a page, 10 pages at most. Every review of
the app is about the brand the source names, whatever its words: matching reads a brand's words,
so each review's title starts with the brand's first term ("Viadeo: Crashes at login"). The
brand's rule still applies: a brand described by a query or by context words matches a review
only if its query allows it (`source:appstore` in the query admits every review).

The stars (1 to 5) are kept with the review's reach under `stars` (never counted as reach) and
shown on the alert; they are the tone's hint (1–2 negative, 3 neutral, 4–5 positive), which the
tone step follows only when the text alone says little (`veille.tone.checker.hinted`).

Apple has no address for a single review: each links to the app's reviews page in its country,
with the review's id added so each keeps an address of its own (deduplication reads addresses).
The cursor of each country is the highest review id seen; a country that fails is noted in
`veille sources` without hiding the others.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import BeforeValidator, field_validator

from veille.i18n import Lang, said, t
from veille.model import REVIEW_STARS, Item, ToneLabel
from veille.sources.api import ANSWER, ApiCursor, as_count, as_dict, as_int, as_list, parse_time, text_of
from veille.sources.base import FetchError, every_part_failed
from veille.sources.http import HttpFetcher
from veille.sources.kind import Loaded, SourceKind
from veille.sources.paging import Page, read_newest
from veille.sources.search_api import SearchApiSource
from veille.sources.settings import BaseUrl, SourceBase
from veille.text.clean import clean_text

PAGE_SIZE = 50
MAX_PAGES = 10  # the feed's own depth: 500 reviews per country
MAX_TEXT = 20_000
REVIEWS_PAGE = "https://apps.apple.com/{country}/app/id{app}?see-all=reviews&review={review}"
_COUNTRY = re.compile(r"^[a-z]{2}$")
_APP_ID = re.compile(r"^(?:id)?(\d{1,15})$")


def stars_tone(stars: int | None) -> ToneLabel | None:
    if stars is None:
        return None
    return "negative" if stars <= 2 else "neutral" if stars == 3 else "positive"


def label(entry: dict[str, Any], *path: str, limit: int = 1000) -> str:
    """The `label` of a feed field (`{"title": {"label": "…"}}`), "" when it is not text."""
    node: Any = entry
    for name in path:
        node = as_dict(node).get(name)
    return text_of(as_dict(node).get("label"), limit)


def review_to_item(entry: dict[str, Any], app_id: str, country: str, term: str, source: str) -> Item | None:
    review_id = label(entry, "id", limit=30).strip()
    stars = as_int(label(entry, "im:rating", limit=5))
    if not review_id.isdigit() or stars is None or not 1 <= stars <= 5:
        return None  # not a review (the app's own entry heads some answers) or unreadable
    title = clean_text(label(entry, "title"))
    text = clean_text(label(entry, "content", limit=100_000))[:MAX_TEXT]
    version = clean_text(label(entry, "im:version", limit=40))
    if version:
        text = f"{text}\n(v{version})" if text else f"(v{version})"
    reach = {REVIEW_STARS: stars}
    votes = as_count(label(entry, "im:voteCount", limit=12))
    if votes:
        reach["votes"] = votes
    return Item(
        source=source,
        source_type="appstore",
        title=f"{term}: {title}" if title else term,
        text=text,
        url=REVIEWS_PAGE.format(country=country, app=app_id, review=review_id),
        guid=f"appstore:{app_id}:{review_id}",
        author=clean_text(label(entry, "author", "name", limit=200)) or None,
        published_at=parse_time(label(entry, "updated", limit=40)),
        reach=reach,
        tone_hint=stars_tone(stars),
    )


def _countries(value: object) -> object:
    return (value,) if isinstance(value, str) else value


class AppStoreSourceConfig(SourceBase):
    """One app's App Store reviews in the listed countries, all about one brand."""

    type: Literal["appstore"]
    app_id: str
    country: Annotated[tuple[str, ...], BeforeValidator(_countries)]
    brand: str
    base_url: BaseUrl = "https://itunes.apple.com"

    default_interval: ClassVar[float | None] = 3600.0

    @field_validator("app_id", mode="before")
    @classmethod
    def _app_id(cls, value: object) -> str:
        found = _APP_ID.match(str(value).strip().lower()) if isinstance(value, str | int) else None
        if found is None:
            raise said("config.appstore_id", value=repr(value))
        return found.group(1)

    @field_validator("country")
    @classmethod
    def _country(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        codes = tuple(dict.fromkeys(code.strip().lower() for code in value))
        if not codes:
            raise said("config.appstore_no_country")
        for code in codes:
            if not _COUNTRY.match(code):
                raise said("config.appstore_country", value=repr(code))
        return codes

    def default_key(self) -> str:
        return f"appstore:{self.app_id}:{','.join(self.country)}"

    def describe(self, lang: Lang) -> str:
        return t("reads.appstore", lang, app=self.app_id, countries=", ".join(self.country), brand=self.brand)

    def named_brands(self) -> tuple[str, ...]:
        return (self.brand,)


class AppStoreSource(SearchApiSource[AppStoreSourceConfig]):
    type = "appstore"

    @classmethod
    def build(cls, config: AppStoreSourceConfig, loaded: Loaded, fetcher: HttpFetcher) -> Self:
        """The adapter, its reviews titled with the named brand's first term."""
        wanted = config.brand.casefold()
        brand = next((b for b in loaded.config.brands if b.name.casefold() == wanted), None)
        if brand is None:  # config validation refuses it first; a guard for other callers
            raise ValueError(f"source {config.key!r} names no configured brand ({config.brand!r})")
        return cls(config.key, config, fetcher, [(brand.name, brand.search_terms)])

    @property
    def api_url(self) -> str:
        return self.config.base_url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        term = self.terms[0] if self.terms else self.config.brand
        items: list[Item] = []
        failures: list[FetchError] = []
        for country in self.config.country:
            where = f"{self.host}/{country}"
            try:
                read = partial(self._page, country, term)
                found = read_newest(read, as_int(cursor.positions.get(country)), MAX_PAGES)
            except FetchError as error:
                # One country failing must not hide the others; `veille sources` shows it.
                failures.append(error)
                cursor.failing(where, error)
                continue
            cursor.working(where)
            items += found.items
            if found.newest is not None:
                cursor.positions[country] = str(found.newest)
        if failures and len(failures) == len(self.config.country):
            raise every_part_failed(failures)
        return items

    def _page(self, country: str, term: str, page: int) -> Page[int]:
        app = self.config.app_id
        url = f"{self.api_url}/{country}/rss/customerreviews/page={page}/id={app}/sortby=mostrecent/json"
        data, _ = self.get_json(url, {"Accept": "application/json"})
        feed = as_dict(as_dict(data, ANSWER).get("feed"), "feed")
        entries = feed.get("entry")
        reviews: list[tuple[int, Item | None]] = []
        for entry in [entries] if isinstance(entries, dict) else as_list(entries):
            item = review_to_item(as_dict(entry), app, country, term, self.key)
            if item is not None and item.guid is not None:
                reviews.append((int(item.guid.rpartition(":")[2]), item))
        result: Page[int] = Page()
        result.add_list(reviews, PAGE_SIZE)
        return result


APPSTORE = SourceKind(AppStoreSourceConfig, AppStoreSource.build)
