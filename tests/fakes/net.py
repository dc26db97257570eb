"""The fetcher tests use: a real HttpFetcher that may reach the local fake servers on 127.0.0.1."""

from __future__ import annotations

from typing import Any

from veille.sources.addresses import AddressPolicy
from veille.sources.http import HttpFetcher, HttpLimits

LOCAL = AddressPolicy.allowing(["127.0.0.1"])
"""What the tests' fetchers may reach: the fake servers, which all listen on 127.0.0.1."""


def local_fetcher(limits: HttpLimits | None = None, **options: Any) -> HttpFetcher:
    options.setdefault("addresses", LOCAL)
    return HttpFetcher(limits, **options)
