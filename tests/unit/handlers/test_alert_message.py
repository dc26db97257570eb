"""What the team sees in Slack: escaped text, bold matches, the tone, buttons, in its language."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime

import pytest
from slack_sdk.models.blocks import Block

from veille.handlers.views.alert import render_alert, render_console, snippet
from veille.i18n import CATALOGUE, Lang
from veille.model import AlertView, Span, Tone
from veille.sources.feed import parse_feed

EVIL_TITLE = "<!channel> WIN <https://evil.example|your bank>"


def view(**changes: object) -> AlertView:
    base: dict[str, object] = {
        "alert_id": 42,
        "brand": "Viadeo",
        "title": "Viadeo séduit les PME",
        "text": "Les dirigeants apprécient Viadeo pour retrouver leurs clients.",
        "url": "https://blog.example.fr/viadeo?utm_source=rss",
        "source": "blog-fr",
        "author": "Claire",
        "published_at": datetime(2026, 3, 29, 12, 5, tzinfo=UTC),
        "tone": Tone("positive", 0.42, "fr"),
        "spans": (Span("text", 26, 32),),
    }
    base.update(changes)
    return AlertView(**base)  # type: ignore[arg-type]


def all_text(blocks: list[dict]) -> str:
    parts = []
    for block in blocks:
        if "text" in block:
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            parts.append(
                element["text"]["text"] if isinstance(element.get("text"), dict) else element.get("text", "")
            )
    return "\n".join(parts)


def test_a_hostile_title_shows_literally_and_pings_nobody():
    message = render_alert(
        view(title=EVIL_TITLE, text=EVIL_TITLE, author="<@U12345>", source="<!here>"), "fr", "Europe/Paris"
    )
    shown = all_text(message.blocks) + message.text
    assert "<!channel>" not in shown and "<!here>" not in shown and "<@U12345>" not in shown
    assert "<https://evil.example" not in shown
    assert "&lt;!channel&gt; WIN &lt;https://evil.example|your bank&gt;" in shown


def test_formatting_marks_in_a_post_are_shown_as_written_not_as_slack_formatting():
    message = render_alert(
        view(
            title="Viadeo lance une offre *premium* pour les _indépendants_",
            text="Prix ~barré~ chez Viadeo, voir `code`, ` espacé ` ; 5 * 3 * 2 et snake_case_name restent.",
            spans=(Span("text", 18, 24),),
            author="Jean *dev* Dupont",
        ),
        "fr",
        "Europe/Paris",
    )
    shown = all_text(message.blocks)
    assert "|Viadeo lance une offre ∗premium∗ pour les ˍindépendantsˍ>*" in shown
    assert (
        "Prix ∼barré∼ chez *Viadeo*, voir ˋcodeˋ, ˋ espacé ˋ ; 5 * 3 * 2 et snake_case_name restent." in shown
    )
    assert "par Jean ∗dev∗ Dupont" in shown


def test_a_matched_word_written_in_stars_keeps_them_beside_its_bold():
    assert snippet("Chez *Viadeo* aujourd'hui", [(5, 13)]) == "Chez *∗Viadeo∗* aujourd'hui"


def test_a_brand_named_inside_an_address_is_not_bolded_there_so_the_address_stays_whole():
    text = "Viadeo est en panne, voir https://status.viadeo.example/incident/42 et www.viadeo.example."
    spans = [(m.start(), m.end()) for m in re.finditer("(?i)viadeo", text)]
    assert snippet(text, spans) == (
        "*Viadeo* est en panne, voir https://status.viadeo.example/incident/42 et www.viadeo.example."
    )


def test_the_alert_carries_brand_tone_language_source_author_time_and_buttons_in_french():
    message = render_alert(view(), "fr", "Europe/Paris")
    shown = all_text(message.blocks)
    assert "*Viadeo*" in shown
    assert "Positif (+0.42)" in shown and "français" in shown
    assert "<https://blog.example.fr/viadeo?utm_source=rss|Viadeo séduit les PME>" in shown
    assert "*Viadeo*" in shown.split("\n")[1] or "apprécient *Viadeo*" in shown
    assert "blog-fr" in shown and "par Claire" in shown
    # 12:05 UTC on the day summer time starts is 14:05 in Paris.
    assert "publié le 29 mars 2026 à 14:05" in shown
    actions = message.blocks[-1]["elements"]
    assert actions[4]["url"] == "https://blog.example.fr/viadeo?utm_source=rss"
    tones = [o["text"]["text"] for o in actions[5]["options"]]
    assert tones == ["Ton : Positif", "Ton : Neutre", "Ton : Négatif", "Pourquoi ?"]
    for block in message.blocks:
        Block.parse(block).validate_json()  # type: ignore[union-attr]


def test_an_english_team_reads_english():
    message = render_alert(view(tone=Tone("negative", -0.5, "en")), "en", "Europe/London")
    shown = all_text(message.blocks)
    assert "Negative (-0.50)" in shown and "English" in shown and "published 29 Mar 2026, 13:05" in shown


FRENCH = ["Traité", "Pas pertinent", "Assigner à…", "Masquer l'auteur", "Ouvrir", "⋯", "Mettre en sourdine…"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", FRENCH),
        ("en", ["Handled", "Not relevant", "Assign to…", "Mute author", "Open", "⋯", "Snooze…"]),
    ],
)
def test_the_buttons_speak_the_teams_language(lang: Lang, expected: list[str]):
    actions = render_alert(view(), lang, "Europe/Paris").blocks[-1]["elements"]
    controls = [(a.get("text") or a.get("placeholder") or {"text": "⋯"})["text"] for a in actions]
    assert controls == expected


def test_a_decision_is_shown_with_who_and_when():
    decided = view(state="handled", actor="U0MARIE01", acted_at=datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    shown = all_text(render_alert(decided, "fr", "Europe/Paris").blocks)
    assert "✅ Traité par <@U0MARIE01> le 22 nov. 2026 à 10:00" in shown


def test_other_languages_have_an_unknown_tone_and_no_score():
    shown = all_text(render_alert(view(tone=Tone("unknown", None, "other")), "fr", "Europe/Paris").blocks)
    assert "Ton inconnu" in shown and "autre langue" in shown and "(+" not in shown


def test_a_link_that_is_not_web_gets_no_link_and_no_open_button():
    message = render_alert(view(url="javascript:alert(1)"), "fr", "Europe/Paris")
    assert "javascript" not in all_text(message.blocks)
    shown = [a.get("text", {}).get("text") for a in message.blocks[-1]["elements"]]
    assert "Ouvrir" not in shown and "Traité" in shown


def test_long_texts_are_cut_at_a_word_with_an_ellipsis_around_the_match():
    text = ("mot " * 400) + "Viadeo " + ("fin " * 400)
    start = text.index("Viadeo")
    cut = snippet(text, [(start, start + 6)])
    assert "*Viadeo*" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) < 400
    assert "  " not in cut


def test_console_mode_shows_the_same_alert_without_terminal_escapes():
    printed = render_console(view(title="Viadeo \x1b[31mrouge\x1b[0m"), "#veille", "fr", "Europe/Paris")
    assert "\x1b" not in printed
    assert "ALERTE #veille" in printed and "Viadeo" in printed and "Positif" in printed


def test_console_mode_shows_a_short_text_whole_wherever_the_brand_is_named():
    text = (
        "Des comptes usurpés se font passer pour des recruteurs. Vérifiez toujours un profil avant"
        " d'accepter une mise en relation, sur Viadeo comme ailleurs."
    )
    start = text.index("Viadeo")
    printed = render_console(view(text=text, spans=(Span("text", start, start + 6),)), "#veille", "fr", "UTC")
    assert f"   {text}\n" in printed


def test_console_mode_cuts_a_long_text_between_words_around_the_brand():
    text = (
        ("Les abonnés parlent de la messagerie. " * 12) + "Viadeo répond enfin. " + ("Suite du billet. " * 30)
    )
    start = text.index("Viadeo")
    printed = render_console(view(text=text, spans=(Span("text", start, start + 6),)), "#veille", "fr", "UTC")
    excerpt = printed.splitlines()[2].removeprefix("   ")
    assert excerpt.startswith("…") and excerpt.endswith("…") and "Viadeo répond enfin." in excerpt
    inner = excerpt.strip("…")
    assert inner in text and len(inner) <= 320
    assert text[text.index(inner) - 1] == " " and text[text.index(inner) + len(inner)] == " "


def test_every_message_exists_in_french_and_english_with_the_same_placeholders():
    for key, texts in CATALOGUE.items():
        assert set(texts) == {"fr", "en"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(texts[lang]) if f} for lang in ("fr", "en")]
        assert fields[0] == fields[1], key


def test_messages_built_from_the_longest_shared_feed_items_pass_slack_validation(shared):
    items = []
    for path in sorted((shared / "feeds").rglob("*")):
        if path.is_file():
            try:
                items.extend(parse_feed(path.read_bytes(), path.name))
            except Exception:
                continue
    longest = sorted(items, key=lambda i: len(i.title) + len(i.text), reverse=True)[:25]
    assert longest
    for item in longest:
        message = render_alert(
            view(
                title=item.title,
                text=item.text,
                url=item.url,
                author=item.author,
                spans=(Span("text", 0, 5),),
            ),
            "fr",
            "Europe/Paris",
        )
        assert len(message.blocks) <= 50
        for block in message.blocks:
            if "text" in block:
                assert len(block["text"]["text"]) <= 3000
            Block.parse(block).validate_json()  # type: ignore[union-attr]
