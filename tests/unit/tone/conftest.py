from __future__ import annotations

import pytest

from veille.tone.checker import ToneChecker


@pytest.fixture(scope="module")
def checker() -> ToneChecker:
    return ToneChecker()
