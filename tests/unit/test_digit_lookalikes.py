"""Characters Python calls digits yet `int()` refuses (superscripts such as « ² », « ³ »), in text
that comes from outside (a Slack button's value, a block id, a server's Retry-After, a stored
cursor), are refused as "not a number" instead of crashing the click or the poll."""

from __future__ import annotations

import pytest

from veille.handlers.views.alert import alert_id_of_block
from veille.sources.api import as_int, snowflake_newer
from veille.sources.http import parse_retry_after
from veille.triage import parse_alert_id

LOOKALIKES = ["²", "4²", "³³", "¹0"]


@pytest.mark.parametrize("value", LOOKALIKES)
def test_a_forged_button_value_or_block_id_is_not_an_alert(value: str) -> None:
    assert parse_alert_id(value) is None
    assert alert_id_of_block(f"veille_actions:{value}") is None


@pytest.mark.parametrize("value", LOOKALIKES)
def test_a_server_s_odd_retry_after_is_no_wait_it_names(value: str) -> None:
    assert parse_retry_after(value) is None


@pytest.mark.parametrize("value", LOOKALIKES)
def test_an_odd_id_in_an_api_body_is_not_a_number(value: str) -> None:
    assert as_int(value) is None
    assert snowflake_newer(value, "12") in (True, False)


def test_real_numbers_still_read() -> None:
    assert parse_alert_id("42") == 42 and alert_id_of_block("veille_actions:42") == 42
    assert parse_retry_after("120") == 120.0 and as_int(" 7 ") == 7
