"""A toot that names a watched brand becomes a Slack alert, and later polls ask only for newer toots."""

from __future__ import annotations

import time

from tests.conftest import slack_secrets, write_config
from tests.fakes.api import Reply
from tests.scenarios.test_end_to_end import texts

TAG = "/api/v1/timelines/tag/reseaux"


def toot(status_id: str, html: str) -> dict[str, object]:
    return {
        "id": status_id,
        "created_at": "2026-11-23T08:15:00.000Z",
        "language": "fr",
        "uri": f"https://piaille.example/users/camille/statuses/{status_id}",
        "url": f"https://piaille.example/@camille/{status_id}",
        "replies_count": 3,
        "reblogs_count": 8,
        "favourites_count": 21,
        "spoiler_text": "",
        "content": html,
        "reblog": None,
        "account": {
            "id": "9",
            "username": "camille",
            "acct": "camille@piaille.example",
            "display_name": "Camille",
        },
    }


def test_a_toot_naming_a_brand_reaches_slack_once(tmp_path, api, fake_slack, database_url, start_veille):
    api.on(
        TAG,
        Reply(
            [
                toot(
                    "113000000000000002",
                    "<p>J&#39;adore le nouveau <a href='https://piaille.example/tags/reseaux'>#<span>reseaux"
                    "</span></a> pro de <strong>Viadeo</strong>, bravo à l&#39;équipe&nbsp;!</p>",
                ),
                toot("113000000000000001", "<p>Rien à voir : il pleut sur Lyon.</p>"),
            ]
        ),
    )
    loaded = write_config(
        tmp_path,
        database=database_url,
        sources=[
            {"name": "mastodon-fr", "type": "mastodon", "instances": [api.base_url], "hashtags": ["reseaux"]}
        ],
    )
    start_veille(loaded, slack_secrets(fake_slack))

    (post,) = fake_slack.wait_for("chat.postMessage")
    assert post.args["channel"] == "#veille"
    shown = texts(post.answer["message"]["blocks"])
    assert "*Viadeo*" in shown
    assert "mastodon-fr" in shown
    assert "@camille@piaille.example" in shown
    assert "<https://piaille.example/@camille/113000000000000002|" in shown
    assert "bravo à l'équipe" in shown and "<strong>" not in shown and "&#39;" not in shown
    assert "français" in shown

    deadline = time.monotonic() + 15
    while len(api.to(TAG)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert api.to(TAG)[1].query.get("min_id") == "113000000000000002"
    time.sleep(0.5)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # the same toot is never alerted twice
