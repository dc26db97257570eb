"""Noise a team silences from Slack: muted authors, muted sites, words excluded for a brand, and
snoozes (an author, a site or a story kept out of the alerts for a while).

Mutes live in the store, add to the config without editing it, and apply from the next poll.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from veille.matching.matcher import BrandRule
from veille.model import Item, Mute
from veille.text.clean import collapse_whitespace, fold
from veille.text.urls import WEB_ADDRESS, host_of

_WORD = re.compile(r"[^\W_]+")
# Addresses, e-mail addresses and Slack's <…> references: their pieces are no words to exclude.
_NOT_PROSE = re.compile(rf"<[^<>\s]*>|{WEB_ADDRESS.pattern}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# Words too common to be worth excluding or showing, in both languages, folded (no accents).
COMMON_WORDS = frozenset(
    [
        "about",
        "after",
        "alors",
        "also",
        "apres",
        "aussi",
        "autre",
        "avant",
        "avec",
        "avoir",
        "been",
        "before",
        "being",
        "between",
        "bien",
        "both",
        "ceci",
        "cela",
        "celle",
        "celui",
        "cette",
        "ceux",
        "chez",
        "comme",
        "could",
        "dans",
        "depuis",
        "donc",
        "dont",
        "each",
        "elle",
        "elles",
        "encore",
        "entre",
        "etre",
        "faire",
        "fait",
        "from",
        "have",
        "here",
        "into",
        "just",
        "leur",
        "leurs",
        "like",
        "mais",
        "meme",
        "moins",
        "more",
        "most",
        "much",
        "notre",
        "nous",
        "only",
        "other",
        "over",
        "plus",
        "pour",
        "quand",
        "quel",
        "quelle",
        "same",
        "sans",
        "selon",
        "should",
        "some",
        "sont",
        "sous",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "tous",
        "tout",
        "toute",
        "toutes",
        "tres",
        "under",
        "vers",
        "very",
        "votre",
        "vous",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "your",
    ]
)


def normalize(kind: str, value: str) -> str:
    """The form a mute is stored and compared in."""
    if kind == "site":
        host = host_of(value if "://" in value else f"https://{value}") or value
        return host.lower().strip(".")
    return collapse_whitespace(fold(value))


def mute_applies(mute: Mute, author: str | None, url: str | None, brand: str | None) -> bool:
    if mute.brand is not None and brand is not None and mute.brand != brand:
        return False
    if mute.kind == "author":
        return author is not None and normalize("author", author) == mute.value
    if mute.kind == "site":
        host = host_of(url)
        return host is not None and (host == mute.value or host.endswith("." + mute.value))
    return False


def silenced(item: Item, mutes: Iterable[Mute]) -> bool:
    """Whether an author or site mute silences the item for every brand."""
    return any(
        m.kind in ("author", "site") and m.brand is None and mute_applies(m, item.author, item.url, None)
        for m in mutes
    )


def story_value(fingerprints: Iterable[str | None]) -> str | None:
    """How a story snooze is stored: its title's fingerprints (veille.text.stories), one word each."""
    keys = sorted({key for key in fingerprints if key})
    return " ".join(keys) or None


def snoozed(item: Item, fingerprints: Iterable[str | None], snoozes: Iterable[Mute]) -> Mute | None:
    """The running snooze that covers a new item, if one does: its author's, its site's, or its
    story's (a title fingerprint in common, whatever the source)."""
    keys = {key for key in fingerprints if key}
    for snooze in snoozes:
        if snooze.kind == "story":
            if keys & set(snooze.value.split()):
                return snooze
        elif snooze.kind in ("author", "site") and mute_applies(snooze, item.author, item.url, None):
            return snooze
    return None


def with_word_mutes(rules: Sequence[BrandRule], mutes: Iterable[Mute]) -> list[BrandRule]:
    """The brand rules with each brand's excluded words added."""
    words: dict[str | None, list[str]] = {}
    for mute in mutes:
        if mute.kind == "word":
            words.setdefault(mute.brand, []).append(mute.display)
    if not words:
        return list(rules)
    return [
        replace(rule, exclude=(*rule.exclude, *words.get(None, []), *words.get(rule.brand, [])))
        for rule in rules
    ]


def candidate_words(text: str, skip: Iterable[str], limit: int = 8) -> list[str]:
    """Words of a text a person might exclude, most frequent first: words of four letters or
    more, not its addresses or ids, brand terms left out."""
    skipped = {fold(s) for term in skip for s in term.split()}
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for word in _WORD.findall(_NOT_PROSE.sub(" ", text)):
        if len(word) < 4 or not word.isalpha():  # numbers, ids, references: "U0123ABCD", "6123"
            continue
        key = fold(word)
        if key in COMMON_WORDS or key in skipped:
            continue
        counts[key] += 1
        shown.setdefault(key, word.lower())
    return [shown[key] for key, _ in counts.most_common(limit)]


@dataclass(frozen=True)
class NoisePolicy:
    """Who may change mutes: everybody unless admins or an admin user group are configured."""

    admins: frozenset[str]
    admin_group: str | None

    @property
    def restricted(self) -> bool:
        return bool(self.admins) or self.admin_group is not None

    def allows(self, user_id: str, group_members: Iterable[str] = ()) -> bool:
        if not self.restricted:
            return True
        return user_id in self.admins or user_id in set(group_members)
