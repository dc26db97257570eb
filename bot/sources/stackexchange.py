"""Stack Exchange: `/2.3/search/advanced` for each brand term on each configured site.

The API asks clients to obey a `backoff` field: after one, no call to the same method for that
many seconds, or the IP gets throttled for much longer. The time the next call is allowed is
stored in the source's cursor with the daily quota left, which `veille sources` shows. Bodies are
always gzip; the HTTP client inflates them, and `decode_json` inflates unlabelled ones.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode

from pydantic import Field, field_validator

from veille.i18n import Lang, said, t
from veille.model import Item
from veille.sources.api import (
    ApiCursor,
    as_dict,
    as_int,
    as_list,
    check_status,
    counts_of,
    json_or_none,
    parse_time,
)
from veille.sources.base import FetchError
from veille.sources.http import HttpResponse
from veille.sources.kind import SourceKind
from veille.sources.search_api import SearchApiSource
from veille.sources.settings import ApiUrl, EnvName, SourceBase
from veille.text.clean import clean_text
from veille.text.html import entities_to_text, html_to_text

MAX_TEXT = 20_000
MAX_PAGES = 5  # per site, term and poll
_WAIT = re.compile(r"(\d+)\s*seconds?")
_SE_SITE = re.compile(r"^[a-z0-9][a-z0-9.\-]{0,99}$")
JSON = {"Accept": "application/json"}


def question_to_item(question: dict[str, Any], source: str, site: str) -> Item | None:
    # Titles and names come HTML-escaped (`&quot;`, `&lt;`): text, not markup.
    title = clean_text(entities_to_text(str(question.get("title") or "")))[:1000]
    text = clean_text(html_to_text(str(question.get("body") or "")))[:MAX_TEXT]
    if not title and not text:
        return None
    owner = as_dict(question.get("owner"))
    author = entities_to_text(str(owner.get("display_name") or "")) or None
    link = question.get("link")
    reach = counts_of(question, {"score": "score", "answers": "answer_count", "views": "view_count"})
    question_id = as_int(question.get("question_id"))
    return Item(
        source=source,
        source_type="stackexchange",
        title=title,
        text=text,
        url=str(link)[:4000] if link else None,
        guid=f"stackexchange:{site}:{question_id}" if question_id is not None else None,
        author=author[:200] if author else None,
        published_at=parse_time(as_int(question.get("creation_date"))),
        reach=reach,
    )


class StackExchangeSourceConfig(SourceBase):
    slowest_default: ClassVar[float] = 1800.0  # 300 requests a day without a key

    type: Literal["stackexchange"]
    sites: tuple[str, ...] = ("stackoverflow",)
    api_url: ApiUrl = "https://api.stackexchange.com/2.3"
    key_env: EnvName = "STACKEXCHANGE_KEY"
    limit: int = Field(default=50, ge=1, le=100)

    @field_validator("sites")
    @classmethod
    def _sites(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise said("config.stackexchange_none")
        for site in value:
            if not _SE_SITE.match(site):
                raise said("config.stackexchange_site", value=repr(site))
        return value

    def default_key(self) -> str:
        return "stackexchange:" + ",".join(self.sites)

    def describe(self, lang: Lang) -> str:
        return t("reads.stackexchange", lang, sites=", ".join(self.sites), api=self.api_url)


class StackExchangeSource(SearchApiSource[StackExchangeSourceConfig]):
    type = "stackexchange"

    def prepare(self) -> None:
        self.app_key = self.secret(self.config.key_env)

    @property
    def api_url(self) -> str:
        return self.config.api_url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        items: list[Item] = []
        for site in self.config.sites:
            for term in self.terms:
                position = f"{site}?{term.casefold()}"
                since = cursor.positions.get(position)
                newest = as_int(since)
                for page in range(1, MAX_PAGES + 1):
                    data = self._search(site, term, since, page, cursor)
                    for question in as_list(data.get("items")):
                        if not isinstance(question, dict):
                            continue
                        item = question_to_item(question, self.key, site)
                        if item is not None:
                            items.append(item)
                        created = as_int(question.get("creation_date"))
                        if created is not None and (newest is None or created > newest):
                            newest = created
                    # More than a page since the last poll: read on (a first poll reads one page).
                    if not since or data.get("has_more") is not True or self.waiting(cursor):
                        break
                if newest is not None:
                    cursor.positions[position] = str(newest)
                if self.waiting(cursor):
                    # What was fetched is kept; the other terms wait for the next allowed poll.
                    return items
        return items

    def _search(
        self, site: str, term: str, since: str | None, page: int, cursor: ApiCursor
    ) -> dict[str, Any]:
        params: dict[str, str | int] = {
            "q": term,
            "site": site,
            "page": page,
            "sort": "creation",
            # After a cursor, oldest first: a poll that runs out of pages resumes where it stopped
            # next time; newest first would move the cursor past the pages it never read.
            "order": "asc" if since else "desc",
            "pagesize": self.config.limit,
            "filter": "withbody",
        }
        if since:
            params["fromdate"] = since
        if self.app_key:
            params["key"] = self.app_key
        data, _ = self.get_json(f"{self.api_url}/search/advanced?{urlencode(params)}", JSON)
        if not isinstance(data, dict) or "items" not in data:
            raise FetchError("invalid", said("api.answer_lacks_list", field="items")).at(self.host)
        for name in ("quota_remaining", "quota_max"):
            value = as_int(data.get(name))
            if value is not None:
                cursor.facts[name] = value
        backoff = as_int(data.get("backoff"))
        if backoff:
            self.hold(cursor, backoff)
        return data

    def refused(self, response: HttpResponse) -> None:
        """Errors come as JSON with an error_id; a throttle says how long it lasts."""
        error = as_dict(json_or_none(response))
        name = str(error.get("error_name") or "")
        message = str(error.get("error_message") or "")[:300]
        if not name:
            check_status(response, self.host, self.clock())
            return
        told = f"{self.host}: {name}: {message}" if message else f"{self.host}: {name}"
        if name == "throttle_violation" or as_int(error.get("error_id")) == 502:
            wait = _WAIT.search(message)
            raise FetchError("rate_limited", told, float(wait.group(1)) if wait else None)
        if name in ("access_denied", "access_token_required", "invalid_access_token", "key_required"):
            raise FetchError("auth", told)
        if name in ("bad_parameter", "no_method", "not_found"):
            raise FetchError("invalid", told)
        raise FetchError("http", f"{told} (HTTP {response.status})")


def describe_quota(facts: dict[str, int | str]) -> str | None:
    remaining, total = facts.get("quota_remaining"), facts.get("quota_max")
    if remaining is None:
        return None
    return f"quota {remaining}/{total}" if total is not None else f"quota {remaining} left"


STACKEXCHANGE = SourceKind(StackExchangeSourceConfig, StackExchangeSource.build)
