"""Recognising one story across sources by its title.

A story syndicated by Google News, a blog's feed and an aggregator has a different URL in
each, but nearly the same title. Titles are folded, stripped of punctuation, and fingerprinted
twice: whole, and without a trailing " - Publisher" / " | Site" part, which news aggregators
append. Titles of fewer than four words are too generic to fingerprint.
"""

from __future__ import annotations

import hashlib
import re

from veille.text.clean import fold

MIN_WORDS = 4
_WORDS = re.compile(r"[^\W_]+")
_TRAILER = re.compile(r"\s+[-–—|·:]\s+[^-–—|·:]{1,60}$")


def _key(title: str) -> str | None:
    words = _WORDS.findall(fold(title))
    if len(words) < MIN_WORDS:
        return None
    return hashlib.sha1(" ".join(words).encode()).hexdigest()


def title_keys(title: str) -> tuple[str | None, str | None]:
    """(fingerprint of the whole title, fingerprint without a trailing publisher part)."""
    whole = _key(title)
    trimmed = _TRAILER.sub("", title.strip())
    short = _key(trimmed) if trimmed != title.strip() else whole
    return whole, short
