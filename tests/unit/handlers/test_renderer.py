"""An alert shows the mutes that now silence its author or site, read when it is rendered."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.unit.store.test_store import item, pipeline
from veille.handlers.views.renderer import AlertRenderer
from veille.matching.noise import normalize
from veille.store import Store


def test_a_site_muted_after_the_alert_shows_on_its_slack_message_and_its_view(store: Store) -> None:
    pipeline(store).process([item("g1", "https://blog.ex.fr/a"), item("g2", "https://autre.fr/b")])
    muted_site, other = (entry.alert_id for entry in store.due_alerts(datetime.now(UTC)))
    assert store.add_mute("site", normalize("site", "ex.fr"), "ex.fr", None, "U0MARIE01", datetime.now(UTC))
    renderer = AlertRenderer(store, "en", "Europe/Paris")

    shown, untouched = renderer.view(muted_site), renderer.view(other)
    assert shown is not None and [m.display for m in shown.muted] == ["ex.fr"]
    assert untouched is not None and untouched.muted == ()
    message = renderer.message(muted_site)
    assert message is not None and "ex.fr" in str(message.blocks) and "muted" in str(message.blocks)
