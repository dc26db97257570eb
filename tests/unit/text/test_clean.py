"""White space in a text reads as single spaces, whichever white space a feed wrote."""

from __future__ import annotations

import re
import sys

from veille.text.clean import collapse_whitespace


def test_every_kind_of_white_space_collapses_to_one_space():
    spaces = "".join(chr(code) for code in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(code)))
    assert "\xa0" in spaces and "\u3000" in spaces and "\x1c" in spaces
    assert collapse_whitespace(f"{spaces}Viadeo{spaces}recrute\u200b à{spaces}") == "Viadeo recrute\u200b à"
    assert collapse_whitespace(spaces) == ""
    for space in spaces:
        text = f" a{space}{space}b {space}"
        assert collapse_whitespace(text) == re.sub(r"\s+", " ", text).strip()
