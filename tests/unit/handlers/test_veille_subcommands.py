"""/veille search, stats, sources and brands as a person types them in Slack: signed requests to
the app, answers read where Slack shows them (the response_url)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fakes.feeds import FeedEntry
from tests.rigs.triage import TriageRig, controls, start_rig, texts

NOW = datetime.now(UTC)
ENTRIES = [
    FeedEntry(
        "Viadeo : la Société Générale recrute via le réseau",
        "Une annonce de la Société Générale publiée sur Viadeo attire beaucoup de candidats.",
        "https://blog.example.fr/viadeo-sg",
        "a1",
        author="Léa",
        published=NOW - timedelta(hours=3),
    ),
    FeedEntry(
        "Panne chez Viadeo ce matin",
        "Viadeo est en panne depuis ce matin, un vrai fiasco pour les utilisateurs.",
        "https://blog.example.fr/viadeo-panne",
        "a2",
        author="Paul",
        published=NOW - timedelta(hours=2),
    ),
    *[
        FeedEntry(
            f"Viadeo, retour d'expérience numéro {n}",
            f"Un billet de blog qui parle de Viadeo et de réseau professionnel, épisode {n}.",
            f"https://blog.example.fr/viadeo-{n}",
            f"r{n}",
            published=NOW - timedelta(days=1, minutes=n),
        )
        for n in range(12)
    ],
]


def _rig(tmp_path, fake_slack, feeds, database_url, start_veille) -> TriageRig:
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, ENTRIES, paced=False)
    rig.alerts(count=len(ENTRIES))
    return rig


def _correct_outage_to_negative(rig: TriageRig) -> None:
    """Whatever the analyzer said, the outage post ends up negative: a person corrects it if needed."""
    alert = next(a for a in rig.alerts(count=len(ENTRIES)) if "Panne chez Viadeo" in texts(a["blocks"]))
    if "🔴 Négatif" in rig.latest(alert)["blocks"][0]["text"]["text"]:
        return  # the tone check already read the outage as negative
    rig.click(alert, "⋯", choose="Ton : Négatif")
    rig.wait_until(lambda: "Ton corrigé en Négatif" in texts(rig.latest(alert)["blocks"]))


def test_search_finds_stored_mentions_with_accents_folded_and_pages_with_more(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = _rig(tmp_path, fake_slack, feeds, database_url, start_veille)

    answer = rig.command('search "societe generale"')
    assert answer["response_type"] == "ephemeral"
    shown = texts(answer["blocks"])
    assert "résultats 1–1 sur 1" in shown
    assert "<https://blog.example.fr/viadeo-sg|Viadeo : la Société Générale recrute via le réseau>" in shown

    answer = rig.command("search viadeo")
    assert "résultats 1–10 sur 14" in texts(answer["blocks"])
    first_page = texts(answer["blocks"])
    assert first_page.index("Panne chez Viadeo") < first_page.index("la Société Générale")  # newest first
    more = rig.click(answer, "Suite")
    assert more is not None and more.get("replace_original") is True
    assert "résultats 11–14 sur 14" in texts(more["blocks"])
    assert "Suite" not in controls(more["blocks"])  # nothing after the last page


def test_search_filters_by_tone_and_period_and_shares_in_the_channel(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = _rig(tmp_path, fake_slack, feeds, database_url, start_veille)
    _correct_outage_to_negative(rig)
    answer = rig.command("search viadeo tone:neg")
    shown = texts(answer["blocks"])
    assert "Panne chez Viadeo" in shown and "Société Générale" not in shown

    answer = rig.command("search réseau since:1d")
    assert "rien dans l'historique" not in texts(answer["blocks"])

    shared = rig.click(answer, "Partager dans le canal", user="U0PAUL001")
    assert shared is not None and shared["response_type"] == "in_channel"
    assert "Partagé par <@U0PAUL001>" in texts(shared["blocks"])
    assert not controls(shared["blocks"])  # a shared answer carries no buttons


def test_search_with_a_bad_filter_says_how_to_write_it(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = _rig(tmp_path, fake_slack, feeds, database_url, start_veille)
    answer = rig.command("search viadeo since:hier")
    assert answer["response_type"] == "ephemeral"
    assert "Je ne comprends pas la durée `hier`" in answer["text"]
    usage = "`/veille search MOTS [since:7d] [tone:neg] [source:reddit] [brand:Marque] [open:unassigned]`"
    assert f"Usage : {usage} : chercher dans l'historique" in answer["text"]
    assert "Ton inconnu `furieux`" in rig.command("search viadeo tone:furieux")["text"]
    zero = "`since:0d` ne couvre aucune durée : donnez-en une de plus de zéro, comme `since:24h`"
    for command in ("search viadeo since:0d", "stats 0d", "stats since:0d", "export since:0d"):
        assert zero in rig.command(command)["text"], command
    assert (
        "`/veille stats` ne prend qu'une période (`7d`, `24h`…) : `viadeo` n'est pas lu"
        in (rig.command("stats 7d viadeo")["text"])
    )
    assert "Que faut-il chercher" in rig.command("search")["text"]
    hostile = rig.command("search <!channel> <https://evil.example|clic>")
    assert "<!channel>" not in texts(hostile["blocks"]) and "&lt;!channel&gt;" in texts(hostile["blocks"])


def test_stats_counts_mentions_by_brand_and_tone_and_by_source(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = _rig(tmp_path, fake_slack, feeds, database_url, start_veille)
    _correct_outage_to_negative(rig)
    answer = rig.command("stats 7d")
    shown = texts(answer["blocks"])
    assert "*14 mentions*" in shown
    assert "• *Viadeo* : 14 —" in shown and "🔴 1" in shown
    assert "• blog-fr : 14" in shown
    assert "Je ne comprends pas la période `demain`" in rig.command("stats demain")["text"]
    # Typed back in code as typed: marks of Slack's formatting mean nothing there, a backtick would end it.
    assert "Je ne comprends pas la période `_demain_ˋ`" in rig.command("stats _demain_`")["text"]
    assert "Je ne connais pas `*hier*` : tapez" in rig.command("summary *hier*")["text"]


def test_sources_shows_each_sources_health_in_a_table(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = _rig(tmp_path, fake_slack, feeds, database_url, start_veille)
    answer = rig.command("sources")
    shown = texts(answer["blocks"])
    assert "*Sources* (1)" in shown
    assert "```" in shown and "dernier succès" in shown
    row = next(line for line in shown.splitlines() if line.startswith("blog-fr"))
    assert "rss" in row and "🟢 ok" in row and " 14 " in row


def test_brands_lists_what_is_watched_and_where_it_goes(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = _rig(tmp_path, fake_slack, feeds, database_url, start_veille)
    answer = rig.command("brands")
    shown = texts(answer["blocks"])
    assert "*Marques surveillées* (1)" in shown
    assert "• *Viadeo* → #veille" in shown and "termes : `Viadeo`" in shown


def test_help_lists_every_subcommand_and_an_unknown_one_gets_a_suggestion(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = _rig(tmp_path, fake_slack, feeds, database_url, start_veille)
    shown = rig.command("help")["text"]
    for name in ("search", "stats", "sources", "brands", "help"):
        assert f"`/veille {name}" in shown
    assert "Vouliez-vous dire `/veille stats`" in rig.command("stat")["text"]


def test_brands_shows_a_brands_query_and_its_context_words(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    brands = [
        {
            "name": "Orange",
            "query": "orange -mécanique",
            "context": ["opérateur", "fibre"],
            "channel": "#veille",
        }
    ]
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [], brands=brands)
    shown = texts(rig.command("brands")["blocks"])
    assert "requête : `orange -mécanique`" in shown
    assert "avec l'un de `opérateur`, `fibre` à 15 mots au plus" in shown


def test_sources_and_brands_show_the_one_named_and_name_the_others_for_a_typo(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    brands = [{"name": name, "terms": [name], "channel": "#veille"} for name in ("Viadeo", "Back Market")]
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [], brands=brands)

    one = texts(rig.command("brands back market")["blocks"])
    assert "*Marques surveillées* (1)" in one and "• *Back Market* → #veille" in one and "Viadeo" not in one
    typo = rig.command("brands Viadoe")["text"]
    assert typo.startswith(
        "Aucune marque surveillée ne s'appelle `Viadoe` : essayez `Viadeo`, `Back Market`,"
    )

    assert "*Sources* (1)" in texts(rig.command("sources BLOG-FR")["blocks"])
    assert "*Sources* (1)" in texts(rig.command("sources rss")["blocks"])  # a type: every source of it
    unknown = rig.command("sources reddit")["text"]
    assert "Aucune source ni aucun type de source ne s'appelle `reddit` : essayez `blog-fr`, `rss`" in unknown
    assert "Usage : `/veille sources [NOM | TYPE]`" in unknown


def test_status_says_whether_veille_works(tmp_path, fake_slack, feeds, sqlite_url, start_veille):
    rig = _rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille)
    said = rig.command("status")["text"].splitlines()
    assert said[:3] == [
        "✅ *Veille fonctionne.*",
        "✓ base de données : la base de données répond",
        "✓ planificateur : les relevés sont planifiés",
    ]
    assert said[3].startswith("✓ relevés : dernier relevé réussi il y a ") and said[3].endswith(" (blog-fr)")
    assert said[4:6] == [
        "✓ envoi des alertes : aucune alerte en attente",
        "✓ Slack : Slack a accepté le jeton du bot",
    ]
    assert said[-1] == "Chaque source, son dernier relevé et sa dernière erreur : `/veille sources`."
    assert rig.command("état")["text"].splitlines()[0] == said[0]
    refused = rig.command("status all")["text"]
    assert refused.startswith("`/veille status` ne prend rien après lui : `all` n'est pas lu.")


def test_status_answers_in_english_for_an_english_team(tmp_path, fake_slack, feeds, sqlite_url, start_veille):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [], language="en")
    said = rig.command("status")["text"].splitlines()
    assert said[:2] == ["✅ *Veille is ready.*", "✓ database: the database answers"]
    assert said[-1] == "Each source, its last poll and its last error: `/veille sources`."


def test_status_names_what_does_not_work(tmp_path, fake_slack, feeds, sqlite_url, start_veille):
    fake_slack.fail("chat.postMessage", error="token_revoked", times=50)
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, ENTRIES[:1])
    rig.wait_until(lambda: rig.veille.readiness().failing == ["slack"])
    said = rig.command("status")["text"].splitlines()
    assert said[0] == "⚠️ *Veille ne fonctionne pas entièrement* : Slack."
    assert any(line.startswith("✗ Slack : ") and "token_revoked" in line for line in said)
    assert said[-1] == "Chaque source, son dernier relevé et sa dernière erreur : `/veille sources`."
