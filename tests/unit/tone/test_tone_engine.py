"""A team may choose plain TextBlob (textblob-fr in French) over Veille's own tone model."""

from __future__ import annotations

import pytest
from textblob import TextBlob
from textblob_fr import PatternAnalyzer

from tests.conftest import slack_secrets, write_config
from tests.fakes.feeds import FeedEntry, rss
from veille.config import ConfigError, load_config

ENGLISH = "Viadeo: I love it, great product"
FRENCH = "Viadeo : c'est nul, je déteste"


def test_a_team_that_chose_textblob_gets_textblobs_tones(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    feeds.set("/en.xml", rss([FeedEntry(ENGLISH, "", "https://blog.example.com/love", "e1")], language="en"))
    feeds.set("/fr.xml", rss([FeedEntry(FRENCH, "", "https://blog.example.fr/nul", "f1")], language="fr"))
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[
            {"name": "blog-en", "type": "rss", "url": feeds.url("/en.xml")},
            {"name": "blog-fr", "type": "rss", "url": feeds.url("/fr.xml")},
        ],
        extra='[tone]\nengine = "textblob"',
    )
    assert loaded.config.tone.engine == "textblob"
    start_veille(loaded, slack_secrets(fake_slack))
    posts = fake_slack.wait_for("chat.postMessage", count=2)
    headers = [post.answer["message"]["blocks"][0]["text"]["text"] for post in posts]
    english = next(h for h in headers if "anglais" in h)
    french = next(h for h in headers if "français" in h)
    # TextBlob's own polarity, and no confidence: Veille's model would give both another score
    # and a confidence.
    assert f"🟢 Positif ({TextBlob(ENGLISH).sentiment.polarity:+.2f})" in english
    assert f"🔴 Négatif ({PatternAnalyzer().analyze(FRENCH)[0]:+.2f})" in french
    assert "confiance" not in english + french


def test_an_unknown_tone_engine_is_refused_with_the_engines_to_choose_from(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[veille]\ndefault_channel = "#veille"\n[tone]\nengine = "vader"\n[[brands]]\nname = "Viadeo"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.key == "tone.engine"
    assert str(error.value) == f"{path}: tone.engine: 'vader' is not allowed: expected 'veille' or 'textblob'"
