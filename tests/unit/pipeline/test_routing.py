"""Negative mentions reach the escalation channel; a loud one says @here there."""

from __future__ import annotations

from tests.fakes.feeds import FeedEntry
from tests.rigs.triage import start_rig
from veille.config import BrandConfig, Config
from veille.handlers.views.alert import render_alert
from veille.model import AlertView, Tone
from veille.pipeline.routing import route

ANGRY = FeedEntry(
    "Viadeo déçoit",
    "Viadeo est vraiment nul : service horrible, application lente et décevante, une catastrophe.",
    "https://forum.example.fr/viadeo",
    "n1",
)
HAPPY = FeedEntry(
    "Viadeo séduit", "Viadeo est excellent, une superbe application, bravo !", "https://a.example/1", "p1"
)


def test_a_negative_mention_goes_to_the_brand_channel_and_to_escalation(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    extra = '[routing]\nescalation_channel = "#veille-escalade"\n'
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, [ANGRY, HAPPY], extra=extra)
    rig.alerts(count=2)
    (escalated,) = rig.alerts("C0ESCAL01")
    assert escalated["text"].endswith("Viadeo déçoit") and "<!here>" not in escalated["text"]
    assert {p["text"].split(" : ", 1)[1] for p in fake_slack.posts()} == {"Viadeo déçoit", "Viadeo séduit"}


def test_instead_sends_negative_mentions_only_to_escalation(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    extra = '[routing]\nescalation_channel = "#veille-escalade"\nnegative = "instead"\n'
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [ANGRY, HAPPY], extra=extra)
    rig.alerts("C0ESCAL01")
    rig.wait_until(lambda: rig.veille.store.undelivered() == 0)
    assert [p["text"].split(" : ", 1)[1] for p in fake_slack.posts()] == ["Viadeo séduit"]


def _config(**routing: object) -> Config:
    return Config.model_validate(
        {
            "veille": {"default_channel": "#veille"},
            "brands": [{"name": "Viadeo", "terms": ["Viadeo"]}],
            "routing": {"escalation_channel": "#crise", **routing},
        }
    )


def test_here_is_said_only_above_the_reach_threshold_and_only_in_escalation():
    config = _config(here_above_reach=500)
    brand = BrandConfig(name="Viadeo")
    assert route(config, brand, "negative", {"points": 420, "comments": 120}) == (
        ("#veille", "#crise"),
        ("#crise",),
    )
    assert route(config, brand, "negative", {"points": 40}) == (("#veille", "#crise"), ())
    assert route(config, brand, "positive", {"points": 10_000}) == (("#veille",), ())


def test_a_loud_alert_starts_with_here_so_the_channel_is_notified():
    view = AlertView(
        1,
        "Viadeo",
        "Titre",
        "Texte",
        None,
        "hn",
        None,
        None,
        Tone("negative", -0.6, "fr"),
        (),
        ping_here=True,
    )
    message = render_alert(view, "fr", "Europe/Paris")
    assert message.text.startswith("<!here> ")
    assert message.blocks[0]["text"]["text"].startswith("<!here> ")
