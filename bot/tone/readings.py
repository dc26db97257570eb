"""The words as the turns of phrase and the irony read them (`veille.tone.turns.Read`)."""

from __future__ import annotations

from collections.abc import Mapping

from veille.tone.turns import Read

# Tokens read as they are (unweighed, not negated), kept made: most tokens of a text are common
# words, and a Read is immutable. About 4 MB when full; emptied when full.
KEPT_READS = 20_000
_READS: dict[tuple[str, str], Read] = {}


def _plain(token: tuple[str, str]) -> Read:
    return tuple.__new__(Read, (*token, None, False))


def reads_of(
    tokens: list[tuple[str, str]],
    hits: Mapping[int, tuple[float, bool]],
    negated: set[int],
    tagged: bool = True,
) -> list[Read]:
    """Each token as read: without a leading "#", a word's weight, whether it was negated.
    `tagged` False says that no token starts with "#" (the text holds none)."""
    reads: list[Read | None] = list(map(_READS.get, tokens))
    if None in reads:
        if len(_READS) + len(tokens) > KEPT_READS:
            _READS.clear()
        for i, read in enumerate(reads):
            if read is None:
                reads[i] = _READS[tokens[i]] = _plain(tokens[i])
    made: list[Read] = reads  # type: ignore[assignment]  # every place is filled now
    mended = {*hits, *negated}
    if tagged:
        mended.update(i for i, (_, token) in enumerate(tokens) if token.startswith("#"))
    for i in mended:
        kind, token = tokens[i]
        made[i] = tuple.__new__(
            Read, (kind, token.lstrip("#"), hits[i][0] if i in hits else None, i in negated)
        )
    return made
