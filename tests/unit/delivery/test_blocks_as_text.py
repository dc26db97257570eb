"""A summary or a spike alert printed in a terminal reads as Slack shows it: links as text and
address, no bold stars nor code marks, and every star or backtick the text itself holds kept."""

from __future__ import annotations

import pytest

from veille.delivery.poster import blocks_as_text


def section(text: str) -> list[dict[str, object]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


@pytest.mark.parametrize(
    ("shown", "printed"),
    [
        ("*Viadeo* : 3 mentions", "Viadeo : 3 mentions"),
        ("• <https://ex.fr/1|Note 5 * 3 * 2 = 30> — blog", "• Note 5 * 3 * 2 = 30 (https://ex.fr/1) — blog"),
        ("A*B*C et *Netvibes*", "A*B*C et Netvibes"),
        ("&lt;b&gt; &amp; *x*", "<b> & x"),
        ("`████      ` Viadeo 40 %", "████       Viadeo 40 %"),
        ("`veille check` puis l'apo`strophe", "veille check puis l'apo`strophe"),
    ],
)
def test_slack_formatting_is_read_as_slack_shows_it(shown, printed):
    assert blocks_as_text(section(shown)) == printed
