"""GitHub: `/search/issues` for each brand term (issues, pull requests and discussions).

A token from the environment is optional (about 10 searches a minute without, 30 with). The rate
limit headers are honoured: a refusal with no requests left waits until `x-ratelimit-reset`, and
when a successful answer says none are left, the remaining terms wait for the next poll. Each term
keeps the newest creation (or update) time it saw as its cursor; after a cursor, results come
oldest first so a burst bigger than a poll's pages is read over the next polls without a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

from veille.model import Item
from veille.sources.api import (
    ApiCursor,
    as_dict,
    as_int,
    check_status,
    decode_json,
    iso,
    json_or_none,
    parse_time,
    reset_wait,
    send,
)
from veille.sources.base import FetchError, FetchResult
from veille.sources.http import HttpFetcher, HttpResponse
from veille.store import SourceState
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


class GitHubSource:
    type = "github"

    def __init__(
        self,
        key: str,
        api_url: str,
        terms: Sequence[str],
        fetcher: HttpFetcher,
        *,
        token: str | None = None,
        token_env: str = "GITHUB_TOKEN",
        qualifiers: str = "",
        by: Literal["created", "updated"] = "created",
        limit: int = 50,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.key = key
        self.api_url = api_url.rstrip("/")
        self.host = urlsplit(self.api_url).netloc
        self.terms = list(terms)
        self.fetcher = fetcher
        self.token = token
        self.token_env = token_env
        self.qualifiers = qualifiers.strip()
        self.by = by
        self.limit = limit
        self.clock = clock

    def fetch(self, state: SourceState | None) -> FetchResult:
        cursor = ApiCursor.load(state.cursor if state else None)
        items: list[Item] = []
        if cursor.waiting(self.clock()):  # no searches left until the window resets
            return FetchResult(items=items, cursor=cursor.dump())
        cursor.next_allowed = None
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
                if not since or len(found) < self.limit or cursor.waiting(self.clock()):
                    break
            if newest is not None:
                cursor.positions[position] = iso(newest)
            if cursor.waiting(self.clock()):
                break
        return FetchResult(items=items, cursor=cursor.dump())

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
            "per_page": self.limit,
        }
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = send(
            self.fetcher, self.host, "GET", f"{self.api_url}/search/issues?{urlencode(params)}", headers
        )
        if response.status >= 400:
            self._fail(response)
        data = decode_json(check_status(response, self.host, self.clock()), self.host)
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise FetchError("invalid", f"{self.host}: the answer has no items list")
        remaining = as_int(response.headers.get("x-ratelimit-remaining"))
        if remaining is not None:
            cursor.facts["rate_remaining"] = remaining
            if remaining == 0:
                wait = reset_wait(response, self.clock())
                if wait:
                    cursor.next_allowed = datetime.fromtimestamp(self.clock().timestamp() + wait, UTC)
        return data

    def _fail(self, response: HttpResponse) -> None:
        now = self.clock()
        message = str(as_dict(json_or_none(response)).get("message") or "")[:200]
        limited = response.headers.get("x-ratelimit-remaining") == "0" or "retry-after" in response.headers
        if response.status in (403, 429) and limited:
            raise FetchError(
                "rate_limited",
                f"{self.host}: rate limit reached, asked to wait ({message or f'HTTP {response.status}'})",
                reset_wait(response, now),
            )
        if response.status == 401:
            raise FetchError(
                "auth",
                f"{self.host}: the token was refused ({message or 'HTTP 401'}): check {self.token_env}",
            )
        if response.status == 422:
            raise FetchError("invalid", f"{self.host}: the search was refused: {message or 'HTTP 422'}")
        check_status(response, self.host, now)
