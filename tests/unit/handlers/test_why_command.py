"""A person asks why Veille alerted a mention: `/veille why` with the alert's link or number, or
"Pourquoi ?" in the alert's menu. Signed requests to the running app, answers read where Slack
shows them (the response_url), privately, in the person's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.conftest import SIGNING_SECRET
from tests.fakes.feeds import FeedEntry
from tests.fakes.slack_requests import block_action, post_signed
from tests.rigs.triage import TriageRig, start_rig, texts

NOW = datetime.now(UTC)
OUTAGE = FeedEntry(
    "Panne chez Viadeo ce matin",
    "Depuis ce matin, Viadeo est en panne : un vrai fiasco pour les utilisateurs.",
    "https://blog.example.fr/viadeo-panne",
    "a1",
    author="Paul",
    published=NOW - timedelta(hours=2),
)
HOSTILE = FeedEntry(
    "<!channel> Viadeo <https://evil.example|gagnez> `code`",
    "Viadeo <@U0BOSS001> offre un cadeau.",
    "https://blog.example.fr/viadeo-hostile",
    "a2",
    published=NOW - timedelta(hours=1),
)


def permalink(post: dict[str, Any], channel: str = "C0VEILLE1") -> str:
    return f"https://veille-test.slack.com/archives/{channel}/p{post['ts'].replace('.', '')}"


def tone_menu(post: dict[str, Any]) -> dict[str, Any]:
    """The alert's ⋯ menu that corrects the tone (and explains the alert)."""
    return next(
        {**element, "block_id": block.get("block_id")}
        for block in post["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == "veille_tone"
    )


def choose(
    rig: TriageRig, post: dict[str, Any], label: str, *, user: str = "U0MARIE01", locale: str | None = None
) -> int:
    """Choose an item of the alert's tone menu, as `user`; how many private answers came before."""
    menu = tone_menu(post)
    option = next(o for o in menu["options"] if o["text"]["text"] == label)
    before = len(rig.slack.responses)
    body = block_action(
        menu["action_id"],
        "",
        user_id=user,
        message_ts=post["ts"],
        block_id=menu["block_id"],
        selected={"type": "overflow", "selected_option": option},
        response_url=rig.slack.response_url_base + "menu",
        locale=locale,
    )
    assert post_signed(rig.events_url, body, SIGNING_SECRET).status_code == 200
    return before


def choose_why(rig: TriageRig, post: dict[str, Any], label: str = "Pourquoi ?", locale: str | None = None):
    """The private answer to the menu's Why item."""
    before = choose(rig, post, label, locale=locale)
    return rig.slack.wait_for_response(before + 1)[before]


def outage_alert(rig: TriageRig) -> dict[str, Any]:
    return next(p for p in rig.alerts(count=1) if "Panne chez Viadeo" in texts(p["blocks"]))


def test_why_with_the_alerts_link_answers_privately_with_the_matched_words_the_tones_words_and_the_route(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, [OUTAGE])
    post = outage_alert(rig)

    answer = rig.command(f"why <{permalink(post)}>")

    assert answer["response_type"] == "ephemeral"
    shown = texts(answer["blocks"])
    assert "*Pourquoi cette alerte ?* Viadeo" in shown
    assert "*Mots trouvés* : `Viadeo` dans le titre et le texte" in shown
    assert "> Depuis ce matin, *Viadeo* est en panne" in shown
    assert "*Pertinence* : pas jugée à son arrivée" in shown
    assert "il en faut 8" in shown and "mode « show »" in shown
    assert "*Ton* : 🔴 Négatif" in shown and "mots qui ont pesé : `panne` (−)" in shown
    assert "personne ne l'a corrigé" in shown
    assert "*Parcours* : <#C0VEILLE1> (canal de la marque) — postée" in shown


def test_the_menus_why_item_answers_the_same_and_says_who_corrected_the_tone(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, [OUTAGE])
    post = outage_alert(rig)
    by_link = texts(rig.command(f"why {permalink(post)}")["blocks"])

    answer = choose_why(rig, post)

    assert answer["response_type"] == "ephemeral" and not answer.get("replace_original")
    assert texts(answer["blocks"]) == by_link
    assert len(fake_slack.posts()) == 1  # nothing posted in the channel

    choose(rig, post, "Ton : Neutre", user="U0PAUL001")
    rig.wait_until(lambda: "Ton corrigé en Neutre" in texts(rig.latest(post)["blocks"]))
    shown = texts(choose_why(rig, post)["blocks"])
    assert "✏️ corrigé en ⚪ Neutre par <@U0PAUL001>" in shown
    assert "*Ton* : 🔴 Négatif" in shown  # the analyzer's own reading stays what it was


def test_why_answers_in_the_persons_language_and_by_the_alerts_number(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [OUTAGE])
    post = outage_alert(rig)
    fake_slack.locales["U0JOHN001"] = "en-US"
    number = tone_menu(post)["options"][0]["value"].split(":")[0]

    shown = texts(rig.command(f"why #{number}", user="U0JOHN001")["blocks"])

    assert f"*Why this alert?* Viadeo · alert #{number}" in shown
    assert "*Matched words*: `Viadeo` in the title and the text" in shown
    assert "*Tone*: 🔴 Negative" in shown and "words that weighed: `panne` (−)" in shown
    assert "*Route*: <#C0VEILLE1> (the brand's channel) — posted" in shown
    # The alert is in the team's language; the answer to its menu in the person's.
    assert "Why this alert?" in texts(choose_why(rig, post, "Pourquoi ?", locale="en-GB")["blocks"])


def test_why_with_the_articles_link_explains_its_alert(tmp_path, fake_slack, feeds, sqlite_url, start_veille):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [OUTAGE])
    post = rig.alerts()[0]
    number = tone_menu(post)["options"][0]["value"].split(":")[0]

    # As copied from a browser: another scheme, `www.`, a tracking parameter, a fragment.
    shown = texts(rig.command("why <http://www.blog.example.fr/viadeo-panne/?utm_source=x#top>")["blocks"])

    assert f"*Pourquoi cette alerte ?* Viadeo · alerte n° {number}" in shown
    unknown = rig.command("why https://blog.example.fr/autre-article")["text"]
    assert unknown.startswith("Aucune alerte de Veille ne porte sur `https://blog.example.fr/autre-article`")


def test_why_with_a_bad_argument_says_what_to_write(tmp_path, fake_slack, feeds, sqlite_url, start_veille):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [OUTAGE])
    rig.alerts()

    empty = rig.command("why")["text"]
    assert "Quelle alerte ? Collez le lien de son message" in empty
    assert "Usage : `/veille why LIEN | NUMÉRO" in empty

    garbage = rig.command("why <!channel> la panne")["text"]
    assert "Je ne reconnais pas `&lt;!channel&gt; la panne`" in garbage and "<!channel>" not in garbage

    elsewhere = rig.command("why https://evil.example/archives/C0VEILLE1/p1764000000123456")["text"]
    assert "Aucune alerte de Veille ne porte sur `https://evil.example/archives/" in elsewhere
    assert "Je ne reconnais pas `slack.com/archives`" in rig.command("why slack.com/archives")["text"]

    assert "Je ne trouve aucune alerte de Veille à `999999`" in rig.command("why 999999")["text"]
    link = "https://veille-test.slack.com/archives/C0VEILLE1/p1000000000000001"
    assert "Je ne trouve aucune alerte" in rig.command(f"why {link}")["text"]

    assert "• `/veille why LIEN | NUMÉRO` : pourquoi cette alerte" in rig.command("help")["text"]


def test_why_escapes_a_hostile_title_and_its_words(tmp_path, fake_slack, feeds, sqlite_url, start_veille):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [HOSTILE])
    post = rig.alerts()[0]

    shown = texts(rig.command(f"why {permalink(post)}")["blocks"])

    assert "<!channel>" not in shown and "<@U0BOSS001>" not in shown
    assert "<https://evil.example" not in shown
    assert "&lt;!channel&gt;" in shown
