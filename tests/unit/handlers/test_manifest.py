"""`veille manifest` prints what to paste into Slack's "create an app from a manifest"."""

from __future__ import annotations

import yaml

from veille.cli.main import main


def test_the_manifest_declares_the_command_interactivity_and_scopes(capsys):
    assert main(["manifest"]) == 0
    manifest = yaml.safe_load(capsys.readouterr().out)
    assert manifest["features"]["slash_commands"][0]["command"] == "/veille"
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert {"chat:write", "commands", "channels:history"} <= set(scopes)


def test_http_mode_manifest_points_slack_at_the_events_url(capsys):
    assert (
        main(["manifest", "--http-url", "https://veille.example.fr/slack/events", "--name", "Veille Acme"])
        == 0
    )
    manifest = yaml.safe_load(capsys.readouterr().out)
    assert manifest["settings"]["socket_mode_enabled"] is False
    assert manifest["settings"]["interactivity"]["request_url"] == "https://veille.example.fr/slack/events"
    assert manifest["features"]["slash_commands"][0]["url"] == "https://veille.example.fr/slack/events"
    assert manifest["display_information"]["name"] == "Veille Acme"
