"""`veille sources` (each source's health) and `veille sources check` (a live try of each)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import TextIO

from veille.config import LoadedConfig
from veille.i18n import Lang, t
from veille.pipeline.source_report import sources_status, table
from veille.sources.api import cursor_notes
from veille.sources.base import FetchError, Source
from veille.sources.http import HttpFetcher
from veille.sources.registry import build_source
from veille.store import Store
from veille.text.clean import cut_at_word

DETAIL_CHARS = 200  # of what a live check found: the failure in full, but a row still fits a wide terminal


def sources_command(loaded: LoadedConfig, live: bool) -> int:
    lang = loaded.config.veille.language
    if live:
        fetcher = HttpFetcher(addresses=loaded.config.veille.address_policy())
        try:
            sources = [build_source(s, loaded, fetcher) for s in loaded.config.sources]
            results = check_sources(sources, lang)
        finally:
            fetcher.close()
        print(check_table(results, lang))
        failed = sum(1 for r in results if not r.ok)
        print(t("cli.sources.total", lang, ok=len(results) - failed, failed=failed))
        return 1 if failed else 0
    store = Store(loaded.database_url())
    try:
        store.create_schema()
        print(sources_status(loaded, store, lang=lang))
    finally:
        store.close()
    return 0


def _try(source: Source, lang: Lang) -> CheckResult:
    start = time.monotonic()
    try:
        result = source.fetch(None)
    except FetchError as error:
        return CheckResult(source, False, error.said(lang), time.monotonic() - start)
    except Exception as error:  # report an adapter bug like any failure
        detail = t("fetch.internal", lang, error=f"{type(error).__name__}: {error}")
        return CheckResult(source, False, detail, time.monotonic() - start)
    notes, _ = cursor_notes(result.cursor, lang)
    found = t("cli.sources.items", lang, count=len(result.items))
    detail = ", ".join([found, *(t(key, lang, **values) for key, values in notes)])
    return CheckResult(source, True, detail, time.monotonic() - start)


@dataclass(frozen=True)
class CheckResult:
    source: Source
    ok: bool
    detail: str
    seconds: float


class Progress:
    """A one-line progress bar on a terminal, one line per step elsewhere."""

    def __init__(self, total: int, out: TextIO) -> None:
        self.total = total
        self.done = 0
        self.out = out
        self.tty = out.isatty()
        self._lock = threading.Lock()

    def step(self, label: str) -> None:
        with self._lock:
            self.done += 1
            if self.tty:
                filled = int(30 * self.done / max(1, self.total))
                bar = "#" * filled + "." * (30 - filled)
                self.out.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}")
                if self.done == self.total:
                    self.out.write("\n")
            else:
                self.out.write(f"[{self.done}/{self.total}] {label}\n")
            self.out.flush()


def check_sources(
    sources: Sequence[Source], lang: Lang, progress_out: TextIO | None = None
) -> list[CheckResult]:
    """Fetch every source once, live, in parallel; nothing is stored."""
    progress = Progress(len(sources), progress_out or sys.stderr)
    results: dict[int, CheckResult] = {}
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(sources)))) as pool:
        futures = {pool.submit(_try, source, lang): index for index, source in enumerate(sources)}
        for future in as_completed(futures):
            result = future.result()
            results[futures[future]] = result
            progress.step(result.source.key)
    return [results[i] for i in range(len(sources))]


def _one_line(detail: str) -> str:
    """A check's detail on one line of the table, cut between words past DETAIL_CHARS."""
    return cut_at_word(" ".join(detail.split()), DETAIL_CHARS)


def check_table(results: Sequence[CheckResult], lang: Lang) -> str:
    ok, failed = t("cli.sources.ok", lang), t("cli.sources.failed", lang)
    rows = [
        [
            r.source.key,
            r.source.type,
            ok if r.ok else failed,
            f"{r.seconds * 1000:.0f} ms",
            _one_line(r.detail),
        ]
        for r in results
    ]
    return table(t("cli.sources.columns", lang).split("|"), rows)
