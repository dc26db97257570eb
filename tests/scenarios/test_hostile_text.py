"""A hostile item goes from a feed to Slack and reaches the team as it was written: its title,
text and author show literally, nobody is pinged and the only link leads to the item."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import slack_secrets, write_config
from tests.fakes.feeds import FeedEntry, rss

EVIL_TITLE = "<!channel> WIN <https://evil.example|your bank>"
ITEM = "https://news.example.fr/viadeo-concours"


def mrkdwn_of(message: dict[str, Any]) -> str:
    """Every mrkdwn text of a posted message: its fallback text and the texts of its blocks."""
    parts = [message["text"]]
    for block in message["blocks"]:
        texts = [block["text"]] if "text" in block else block.get("elements", [])
        parts.extend(
            text["text"] for text in texts if isinstance(text, dict) and text.get("type") == "mrkdwn"
        )
    return "\n".join(parts)


def test_an_item_titled_to_ping_everyone_shows_literally_and_pings_nobody(
    tmp_path, feeds, fake_slack, database_url, start_veille
):
    feeds.set(
        "/f.xml",
        rss(
            [
                FeedEntry(
                    EVIL_TITLE,
                    "<p>Viadeo offre un iPhone à qui clique ici <!here></p>",
                    ITEM,
                    "g1",
                    author="<!here|here> Mallory",
                )
            ]
        ),
    )
    loaded = write_config(
        tmp_path,
        database=database_url,
        brands=[{"name": "Viadeo", "terms": ["Viadeo"], "channel": "#veille"}],
        sources=[{"name": "blog", "type": "rss", "url": feeds.url("/f.xml")}],
    )
    start_veille(loaded, slack_secrets(fake_slack))

    posted = mrkdwn_of(fake_slack.wait_for("chat.postMessage")[0].answer["message"])

    # The notification reads the title as written; in the message it is the link to the item (a
    # `|` in a link's label shows as `¦`).
    assert "&lt;!channel&gt; WIN &lt;https://evil.example|your bank&gt;" in posted
    assert f"<{ITEM}|&lt;!channel&gt; WIN &lt;https://evil.example¦your bank&gt;>" in posted
    assert "clique ici &lt;!here&gt;" in posted
    assert "&lt;!here|here&gt; Mallory" in posted
    # Slack reads `<…>` as a ping (`<!…>`, `<@…>`, `<#…>`) or a link: the only one is the item's.
    assert re.findall(r"<([^<>|]*)", posted) == [ITEM]
