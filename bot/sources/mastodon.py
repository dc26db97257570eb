"""Mastodon: hashtag timelines and, where the instance allows it, status search.

Each instance sees only the part of the fediverse its users follow, so the user lists several.
Every (instance, hashtag) and (instance, term) pair keeps the id of the last status seen there, and
a poll asks only for statuses after it (`min_id`, which pages forward, so a burst bigger than a
page is read over the next polls rather than skipped as `since_id` would). An instance that
refuses anonymous search (401/403/422, or no full-text search at all) is skipped for search
without failing the source; one instance down does not hide the others.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote, urlencode, urlsplit

from pydantic import Field, field_validator, model_validator

from veille.i18n import Lang, said, t
from veille.model import Item
from veille.sources.api import (
    ApiCursor,
    as_dict,
    check_status,
    counts_of,
    decode_json,
    parse_time,
    post_title,
    send,
    snowflake_newer,
)
from veille.sources.base import FetchError, every_part_failed
from veille.sources.kind import SourceKind
from veille.sources.search_api import SearchApiSource
from veille.sources.settings import SourceBase, api_url
from veille.text.clean import clean_text, collapse_whitespace
from veille.text.html import html_to_text

MAX_TEXT = 20_000
MAX_PAGES = 5  # per hashtag and poll (200 statuses at the default limit); the rest comes next poll
SEARCH_REFUSED = (401, 403, 404, 422, 501)
_HASHTAG = re.compile(r"^\w{1,100}$")


def status_to_item(status: dict[str, Any], source: str, instance_host: str) -> Item | None:
    """An Item from a Mastodon status (the boosted status when it is a boost)."""
    status = as_dict(status.get("reblog")) or status
    content = html_to_text(str(status.get("content") or ""))
    warning = collapse_whitespace(str(status.get("spoiler_text") or ""))
    text = clean_text(f"{warning} — {content}" if warning and content else warning or content)[:MAX_TEXT]
    if not text:
        return None
    account = as_dict(status.get("account"))
    acct = str(account.get("acct") or account.get("username") or "").strip()
    if acct and "@" not in acct:
        acct = f"{acct}@{instance_host}"
    reach = counts_of(
        status, {"boosts": "reblogs_count", "likes": "favourites_count", "replies": "replies_count"}
    )
    language = status.get("language")
    url = status.get("url") or status.get("uri")
    return Item(
        source=source,
        source_type="mastodon",
        title=clean_text(warning)[:300] if warning else post_title(text),
        text=text,
        url=str(url)[:4000] if url else None,
        guid=str(status.get("uri") or url or "")[:2000] or None,
        author=f"@{acct}"[:200] if acct else None,
        published_at=parse_time(status.get("created_at")),
        language=str(language)[:20] if isinstance(language, str) and language else None,
        reach=reach,
    )


class MastodonSourceConfig(SourceBase):
    type: Literal["mastodon"]
    instances: tuple[str, ...] = Field(min_length=1)
    hashtags: tuple[str, ...] = ()
    search: bool = False  # also search each instance's statuses for the brands' terms
    limit: int = Field(default=40, ge=1, le=40)

    @field_validator("instances")
    @classmethod
    def _instances(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for url in value:
            url = url.strip()
            if "://" not in url:
                url = f"https://{url}"
            out.append(api_url(url))
        return tuple(out)

    @field_validator("hashtags")
    @classmethod
    def _hashtags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for tag in value:
            tag = tag.strip().lstrip("#")
            if not _HASHTAG.match(tag):
                raise said("config.hashtag", value=repr(tag))
            out.append(tag)
        return tuple(out)

    @model_validator(mode="after")
    def _something_to_read(self) -> MastodonSourceConfig:
        if not self.hashtags and not self.search:
            raise said("config.mastodon_nothing")
        return self

    def default_key(self) -> str:
        hosts = ",".join(url.split("://", 1)[1] for url in self.instances)
        tags = ",".join(f"#{tag}" for tag in self.hashtags)
        return f"mastodon:{hosts}" + (f":{tags}" if tags else "") + (":search" if self.search else "")

    def describe(self, lang: Lang) -> str:
        what = [f"#{tag}" for tag in self.hashtags]
        if self.search:
            what.append(t("reads.brands_search", lang))
        return t("reads.mastodon", lang, what=", ".join(what), instances=", ".join(self.instances))


class MastodonSource(SearchApiSource[MastodonSourceConfig]):
    type = "mastodon"

    def poll(self, cursor: ApiCursor) -> list[Item]:
        seen: set[str] = set()
        items: list[Item] = []
        failures: list[FetchError] = []
        for instance in self.config.instances:
            host = urlsplit(instance).netloc
            try:
                self._read_instance(instance, host, cursor, seen, items)
            except FetchError as error:
                # One instance down must not hide the others: the poll keeps what they gave,
                # and the failure shows in `veille sources` until that instance answers again.
                failures.append(error)
                cursor.failing(host, error)
            else:
                cursor.working(host)
        if failures and len(failures) == len(self.config.instances):
            raise every_part_failed(failures)
        return items

    def search(self, terms: Sequence[str], since: datetime | None, limit: int) -> list[Item]:
        """Asked live by `/veille search`: each instance's status search, or its tag timeline for a
        one-word query when the instance refuses search."""
        query = " ".join(terms)
        items: list[Item] = []
        seen: set[str] = set()
        errors: list[FetchError] = []
        for instance in self.config.instances:
            host = urlsplit(instance).netloc
            params = {"q": query, "type": "statuses", "limit": min(limit, 40)}
            try:
                response = send(
                    self.fetcher,
                    host,
                    "GET",
                    f"{instance}/api/v2/search?{urlencode(params)}",
                    {"Accept": "application/json"},
                )
                if response.status in SEARCH_REFUSED:
                    continue
                data = decode_json(check_status(response, host, self.clock()), host)
            except FetchError as error:
                errors.append(error)
                continue
            statuses = data.get("statuses") if isinstance(data, dict) else None
            for status in statuses if isinstance(statuses, list) else []:
                item = status_to_item(status, self.key, host) if isinstance(status, dict) else None
                if item is None or (item.guid or item.url) in seen:
                    continue
                if since is not None and item.published_at is not None and item.published_at < since:
                    continue
                seen.add(item.guid or item.url or "")
                items.append(item)
        if errors and len(errors) == len(self.config.instances):
            raise errors[0]
        items.sort(key=lambda i: i.published_at or datetime.min.replace(tzinfo=UTC), reverse=True)
        return items[:limit]

    def _read_instance(
        self, instance: str, host: str, cursor: ApiCursor, seen: set[str], items: list[Item]
    ) -> None:
        for tag in self.config.hashtags:
            position = f"{host}#{tag.casefold()}"
            url = f"{instance}/api/v1/timelines/tag/{quote(tag, safe='')}"
            # A first poll reads the newest page. Later polls ask for the statuses right after
            # the last one seen (min_id), page after page: a burst bigger than a page is read
            # over the next polls instead of being skipped.
            limit = self.config.limit
            for _ in range(MAX_PAGES):
                after = cursor.positions.get(position)
                statuses = self._statuses(url, {"limit": limit}, "min_id", cursor, position)
                self._collect(statuses, host, position, cursor, seen, items)
                if after is None or len(statuses) < limit or cursor.positions.get(position) == after:
                    break
        if self.config.search:
            self._search(instance, host, cursor, seen, items)

    def _search(self, instance: str, host: str, cursor: ApiCursor, seen: set[str], items: list[Item]) -> None:
        refused_key = f"search_refused:{host}"
        for term in self.terms:
            position = f"{host}?{term.casefold()}"
            params: dict[str, str | int] = {"q": term, "type": "statuses", "limit": self.config.limit}
            try:
                data = self._get(f"{instance}/api/v2/search", params, "min_id", cursor, position, search=True)
            except _SearchRefused as refused:
                cursor.facts[refused_key] = refused.status
                return
            cursor.facts.pop(refused_key, None)
            if not isinstance(data, dict) or not isinstance(data.get("statuses"), list):
                raise FetchError("invalid", said("api.answer_lacks_list", field="statuses")).at(
                    f"{host}/api/v2/search"
                )
            self._collect(data["statuses"], host, position, cursor, seen, items)

    def _statuses(
        self, url: str, params: dict[str, str | int], after: str, cursor: ApiCursor, position: str
    ) -> list[Any]:
        data = self._get(url, params, after, cursor, position)
        if not isinstance(data, list):
            where = f"{urlsplit(url).netloc}{urlsplit(url).path}"
            raise FetchError("invalid", said("api.answer_not_list")).at(where)
        return data

    def _get(
        self,
        url: str,
        params: dict[str, str | int],
        after: str,
        cursor: ApiCursor,
        position: str,
        *,
        search: bool = False,
    ) -> Any:
        since = cursor.positions.get(position)
        if since:
            params[after] = since
        response = send(
            self.fetcher,
            urlsplit(url).netloc,
            "GET",
            f"{url}?{urlencode(params)}",
            {"Accept": "application/json"},
        )
        if search and response.status in SEARCH_REFUSED:
            raise _SearchRefused(response.status)
        parts = urlsplit(url)
        where = f"{parts.netloc}{parts.path}"
        check_status(response, where, self.clock())
        return decode_json(response, where)

    def _collect(
        self,
        statuses: list[Any],
        host: str,
        position: str,
        cursor: ApiCursor,
        seen: set[str],
        items: list[Item],
    ) -> None:
        """Add the statuses newer than the position's cursor, and move the cursor to the newest."""
        floor = newest = cursor.positions.get(position)
        for status in statuses:
            if not isinstance(status, dict):
                continue
            status_id = str(status.get("id") or "")
            if not status_id or not snowflake_newer(status_id, floor):
                continue
            if snowflake_newer(status_id, newest):
                newest = status_id
            item = status_to_item(status, self.key, host)
            if item is None or (item.guid or item.url or status_id) in seen:
                continue
            seen.add(item.guid or item.url or status_id)
            items.append(item)
        if newest:
            cursor.positions[position] = newest


class _SearchRefused(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(f"search refused with HTTP {status}")
        self.status = status


MASTODON = SourceKind(MastodonSourceConfig, MastodonSource.build)
