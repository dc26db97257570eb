"""The words as the turns of phrase and the irony read them (`veille.tone.turns.Read`)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from itertools import repeat

from veille.tone.turns import Read


def reads_of(
    tokens: list[tuple[str, str]], hits: Mapping[int, tuple[float, bool]], negated: set[int]
) -> list[Read]:
    """Each token as read: without a leading "#", a word's weight, whether it was negated."""
    # Most tokens are read as they are, unweighed: made all at once, then the others mended.
    make = partial(tuple.__new__, Read)
    reads: list[Read] = list(map(make, map(tuple.__add__, tokens, repeat((None, False)))))
    mended = {*hits, *negated}
    mended.update(i for i, (_, token) in enumerate(tokens) if token.startswith("#"))
    for i in mended:
        kind, token = tokens[i]
        reads[i] = make((kind, token.lstrip("#"), hits[i][0] if i in hits else None, i in negated))
    return reads
