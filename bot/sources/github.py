"""GitHub: `/search/issues` for each brand term (issues, pull requests and discussions).

A token from the environment is optional (about 10 searches a minute without, 30 with). The rate
limit headers are honoured: a refusal with no requests left waits until `x-ratelimit-reset`, and
when a successful answer says none are left, the remaining terms wait for the next poll. Each term
keeps the newest creation (or update) time it saw as its cursor; after a cursor, results come
oldest first so a burst bigger than a poll's pages is read over the next polls without a gap.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import Field

from veille.i18n import Lang, said, t
from veille.model import Item
from veille.sources.api import (
    ApiCursor,
    as_dict,
    as_int,
    check_status,
    iso,
    json_or_none,
    parse_time,
    reset_wait,
)
from veille.sources.base import FetchError
from veille.sources.http import HttpResponse
from veille.sources.kind import SourceKind
from veille.sources.search_api import SearchApiSource
from veille.sources.settings import ApiUrl, EnvName, SourceBase
from veille.text.clean import clean_text, collapse_whitespace

MAX_TEXT = 20_000
MAX_PAGES = 5  # per term and poll


def issue_to_item(issue: dict[str, Any], source: str) -> Item | None:
    title = clean_text(collapse_whitespace(str(issue.get("title") or "")))[:1000]
    text = clean_text(collapse_whitespace(str(issue.get("body") or "")))[:MAX_TEXT]
    if not title and not text:
        return None
    url = issue.get("html_url")
    login = as_dict(issue.get("user")).get("login")
    reach = {
        name: count
        for name, count in (
            ("comments", as_int(issue.get("comments"))),
            ("reactions", as_int(as_dict(issue.get("reactions")).get("total_count"))),
        )
        if count is not None
    }
    return Item(
        source=source,
        source_type="github",
        title=title,
        text=text,
        url=str(url)[:4000] if url else None,
        guid=str(url)[:2000] if url else None,
        author=f"@{login}"[:200] if isinstance(login, str) and login else None,
        published_at=parse_time(issue.get("created_at")),
        reach=reach,
    )


class GitHubSourceConfig(SourceBase):
    type: Literal["github"]
    api_url: ApiUrl = "https://api.github.com"
    token_env: EnvName = "GITHUB_TOKEN"
    qualifiers: str = ""  # added to every query, e.g. "is:issue -org:our-org"
    by: Literal["created", "updated"] = "created"
    limit: int = Field(default=50, ge=1, le=100)

    def default_key(self) -> str:
        return "github" + (f":{self.qualifiers.strip()}" if self.qualifiers.strip() else "")

    def describe(self, lang: Lang) -> str:
        extra = f" {self.qualifiers.strip()}" if self.qualifiers.strip() else ""
        return t("reads.github", lang, extra=extra, by=self.by, api=self.api_url)


class GitHubSource(SearchApiSource[GitHubSourceConfig]):
    type = "github"

    def prepare(self) -> None:
        self.token = self.secret(self.config.token_env)
        self.by = self.config.by
        self.qualifiers = self.config.qualifiers.strip()

    @property
    def api_url(self) -> str:
        return self.config.api_url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        items: list[Item] = []
        for term in self.terms:
            position = term.casefold()
            since = cursor.positions.get(position)
            newest = parse_time(since)
            for page in range(1, MAX_PAGES + 1):
                data = self._search(term, since, page, cursor)
                found = [issue for issue in data["items"] if isinstance(issue, dict)]
                for issue in found:
                    item = issue_to_item(issue, self.key)
                    if item is not None:
                        items.append(item)
                    when = parse_time(issue.get(f"{self.by}_at"))
                    if when is not None and (newest is None or when > newest):
                        newest = when
                # More than a page since the last poll: read on (a first poll reads one page).
                if not since or len(found) < self.config.limit or self.waiting(cursor):
                    break
            if newest is not None:
                cursor.positions[position] = iso(newest)
            if self.waiting(cursor):
                break
        return items

    def query(self, term: str, since: str | None) -> str:
        words = [f'"{term.replace(chr(34), " ").strip()}"']
        if since:
            words.append(f"{self.by}:>={since}")
        if self.qualifiers:
            words.append(self.qualifiers)
        return " ".join(words)

    def _search(self, term: str, since: str | None, page: int, cursor: ApiCursor) -> dict[str, Any]:
        params: dict[str, str | int] = {
            "q": self.query(term, since),
            "page": page,
            "sort": self.by,
            # After a cursor, oldest first: a poll that runs out of pages resumes where it stopped
            # next time; newest first would move the cursor past the pages it never read.
            "order": "asc" if since else "desc",
            "per_page": self.config.limit,
        }
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data, response = self.get_json(f"{self.api_url}/search/issues?{urlencode(params)}", headers)
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise FetchError("invalid", said("api.answer_lacks_list", field="items")).at(self.host)
        remaining = as_int(response.headers.get("x-ratelimit-remaining"))
        if remaining is not None:
            cursor.facts["rate_remaining"] = remaining
            if remaining == 0:
                wait = reset_wait(response, self.clock())
                if wait:
                    self.hold(cursor, wait)
        return data

    def refused(self, response: HttpResponse) -> None:
        now = self.clock()
        message = str(as_dict(json_or_none(response)).get("message") or "")[:200]
        limited = response.headers.get("x-ratelimit-remaining") == "0" or "retry-after" in response.headers
        if response.status in (403, 429) and limited:
            limit = said("api.rate_limited", detail=message or f"HTTP {response.status}")
            raise FetchError("rate_limited", limit, reset_wait(response, now)).at(self.host)
        if response.status == 401:
            refused = message or "HTTP 401"
            token = said("api.token_refused", reason=refused, setting=self.config.token_env)
            raise FetchError("auth", token).at(self.host)
        if response.status == 422:
            raise FetchError("invalid", said("api.search_refused", reason=message or "HTTP 422")).at(
                self.host
            )
        check_status(response, self.host, now)


GITHUB = SourceKind(GitHubSourceConfig, GitHubSource.build)
