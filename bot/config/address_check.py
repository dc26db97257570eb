"""Sources whose URLs point where Veille may not connect, found from the configuration alone.

Every http(s) URL a source is configured with (a feed's URL, an API's base URL, Mastodon
instances…) is judged by the address policy of `[veille] allow_private_addresses`. Only what a URL
says is judged here: an address in any spelling, or a name that always means this machine. Other
names are not resolved: what they resolve to is judged when connecting.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from veille.config.document import LoadedConfig
from veille.i18n import Lang, t
from veille.sources.addresses import Refusal
from veille.sources.settings import SourceBase


@dataclass(frozen=True)
class RefusedSource:
    key: str
    url: str
    refusal: Refusal

    def message(self, lang: Lang) -> str:
        return t(
            "check.address_refused",
            lang,
            source=self.key,
            url=self.url,
            refusal=self.refusal.describe(lang),
            hint=t("address.allow_hint", lang),
        )


def source_urls(source: SourceBase) -> Iterator[str]:
    """Every http(s) or ws(s) URL among a source's settings, whatever its type calls them."""
    for name in type(source).model_fields:
        value = getattr(source, name)
        for text in value if isinstance(value, tuple | list) else (value,):
            if isinstance(text, str) and text.lower().startswith(("http://", "https://", "ws://", "wss://")):
                yield text


def refused_sources(loaded: LoadedConfig) -> list[RefusedSource]:
    policy = loaded.config.veille.address_policy()
    refused: list[RefusedSource] = []
    for source in loaded.config.sources:
        for url in source_urls(source):
            refusal = policy.url_refusal(loaded.resolve_url(url))
            if refusal is not None:
                refused.append(RefusedSource(source.key, url, refusal))
    return refused
