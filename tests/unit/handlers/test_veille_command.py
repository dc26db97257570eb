"""/veille answers through the response_url, privately, in the team's language."""

from __future__ import annotations

import pytest

from tests.conftest import SIGNING_SECRET, slack_secrets, write_config
from tests.fakes.slack_requests import post_signed, slash_command


def run_command(veille, fake_slack, text: str, count: int) -> dict:
    body = slash_command(text, response_url=fake_slack.response_url_base + f"cmd{count}")
    response = post_signed(f"http://127.0.0.1:{veille.http_port}/slack/events", body, SIGNING_SECRET)
    assert response.status_code == 200
    return fake_slack.wait_for_response(count)[-1]


@pytest.mark.parametrize(
    ("language", "heading", "line"),
    [
        ("fr", "Commandes", "• `/veille stats [7d]` : mentions par marque et ton, et par source"),
        ("en", "Commands", "• `/veille stats [7d]`: mentions by brand and tone, and by source"),
    ],
)
def test_help_lists_the_commands_privately_in_the_teams_language(
    tmp_path, fake_slack, sqlite_url, start_veille, language: str, heading: str, line: str
):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[], language=language)
    veille = start_veille(loaded, slack_secrets(fake_slack))
    answer = run_command(veille, fake_slack, "help", 1)
    assert answer["response_type"] == "ephemeral"
    assert "/veille help" in answer["text"] and heading in answer["text"]
    assert line in answer["text"].splitlines()  # the syntax in code, what it does in words
    assert run_command(veille, fake_slack, "", 2)["text"] == answer["text"]


def test_a_typo_gets_a_suggestion_and_an_unknown_word_the_way_to_the_list(
    tmp_path, fake_slack, sqlite_url, start_veille
):
    veille = start_veille(write_config(tmp_path, database=sqlite_url, sources=[]), slack_secrets(fake_slack))
    assert "Vouliez-vous dire `/veille help`" in run_command(veille, fake_slack, "hepl", 1)["text"]
    unknown = run_command(veille, fake_slack, "<!channel>", 2)["text"]
    assert "&lt;!channel&gt;" in unknown and "/veille help" in unknown
    # A word sharing a few letters with a command is not offered that command.
    assert run_command(veille, fake_slack, "digest", 3)["text"] == (
        "Je ne connais pas la commande `digest`. Tapez `/veille help` pour la liste."
    )
