"""A marketer tries a query in Slack (or the terminal) before saving it, and manages the noise
silenced from Slack: /veille test, /veille mutes, /veille unmute, veille test-query."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import slack_secrets, write_config
from tests.fakes.feeds import FeedEntry, rss
from tests.rigs.triage import controls, start_rig, texts
from veille.cli.main import main
from veille.config import ConfigError
from veille.pipeline.steps import Pipeline
from veille.sources.feed import parse_feed
from veille.store import Store
from veille.tone.checker import LexiconToneAnalyzer

NOW = datetime.now(UTC)
ENTRIES = [
    FeedEntry(
        "Orange lance la fibre à Lyon",
        "L'opérateur Orange déploie sa fibre dans trois quartiers et promet des forfaits moins chers.",
        "https://actu.example.fr/orange-fibre",
        "o1",
        author="Julie Petit",
        published=NOW,
    ),
    FeedEntry(
        "Recette : une orange pressée",
        "Pressez une orange, ajoutez du miel et servez bien frais.",
        "https://cuisine.example.fr/orange",
        "o2",
        published=NOW,
    ),
    FeedEntry(
        "Viadeo rate sa mise à jour",
        "La nouvelle application Viadeo plante sans arrêt, un vrai fiasco logiciel.",
        "https://blog.example.fr/viadeo-fiasco",
        "v1",
        author="Claire Martin",
        published=NOW,
    ),
]


def test_trying_a_query_shows_how_many_recent_items_it_finds_and_the_newest_in_bold(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, ENTRIES)
    rig.alerts()  # the first poll stored all three items (only Viadeo is watched)

    answer = rig.command("test orange (fibre OR forfait*) -recette")
    assert answer["response_type"] == "ephemeral"
    shown = "\n".join(b["text"]["text"] for b in answer["blocks"] if b["type"] == "section")
    assert "trouverait *1* élément sur les 3 reçus ces 30 derniers jours" in shown
    assert "*Orange* lance la *fibre* à Lyon" in shown
    assert "<https://actu.example.fr/orange-fibre|ouvrir>" in shown
    assert "L'opérateur *Orange* déploie sa *fibre*" in shown
    assert "Recette" not in shown
    assert "Rien n'est enregistré" in answer["blocks"][-1]["elements"][0]["text"]

    assert "*2* éléments" in rig.command("test orange")["text"]
    nothing = rig.command('test "orange mécanique"')
    assert "*0* élément" in nothing["text"]
    assert "Aucun élément récent" in str(nothing["blocks"])


def test_a_malformed_query_is_refused_in_slack_with_where_and_how_to_fix(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, ENTRIES)
    answer = rig.command("test orange (fibre OR forfait")
    assert answer["response_type"] == "ephemeral"
    assert "ne peut pas être lue : Cette parenthèse n'est jamais fermée." in answer["text"]
    assert "```orange (fibre OR forfait\n       ^```" in answer["text"]
    assert "Ajoutez « ) »" in answer["text"]

    hostile = rig.command("test <!channel> `x` (")
    assert "<!channel>" not in hostile["text"] and "&lt;!channel&gt;" in hostile["text"]

    language = rig.command("test lang:de orange")["text"]
    assert "Langues possibles : fr, en, other (par exemple `lang:fr`)." in language  # its code stays code

    usage = rig.command("test")
    assert "Donnez la requête à essayer" in usage["text"] and "/veille test REQUÊTE" in usage["text"]


def test_an_english_team_tries_queries_in_english(tmp_path, fake_slack, feeds, sqlite_url, start_veille):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, ENTRIES, language="en")
    rig.alerts()
    assert "would find *2* items of the 3 received in the last 30 days" in rig.command("test orange")["text"]
    refused = rig.command("test orange OR")["text"]
    assert "cannot be read" in refused and '"OR" must join two words or groups' in refused


def test_help_lists_the_query_and_noise_commands(tmp_path, fake_slack, feeds, sqlite_url, start_veille):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [])
    help_text = rig.command("help")["text"]
    assert "/veille test REQUÊTE" in help_text
    assert "/veille mutes" in help_text and "/veille unmute" in help_text


def test_a_word_excluded_from_slack_is_listed_then_restored_and_alerts_again(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, ENTRIES)
    (alert,) = rig.alerts()
    assert "Rien n'est masqué" in rig.command("mutes")["text"]

    offer = rig.click(alert, "Pas pertinent")
    rig.click(offer, "Exclure un mot…", choose="fiasco")
    rig.click(alert, "Masquer l'auteur")
    listed = rig.command("mutes")["text"]
    assert "Masqué depuis Slack* (2)" in listed
    assert "auteur *Claire Martin*" in listed and "`/veille unmute author:Claire Martin`" in listed
    assert "mot exclu *fiasco* (marque Viadeo) — par <@U0MARIE01>" in listed

    restored = rig.command("unmute word:Fiasco")["text"]
    assert "Rétabli : mot exclu *fiasco*" in restored
    assert "auteur" in rig.command("mutes")["text"] and "fiasco" not in rig.command("mutes")["text"]
    (author_mute,) = rig.veille.store.mutes()
    rig.wait_until(lambda: "Auteur Claire Martin masqué" in texts(rig.latest(alert)["blocks"]))
    assert "Rétabli : auteur *Claire Martin*" in rig.command(f"unmute #{author_mute.id}")["text"]
    assert "Rien n'est masqué" in rig.command("mutes")["text"]
    rig.wait_until(lambda: "masqué" not in texts(rig.latest(alert)["blocks"]))  # the alert no longer says so

    feeds.set(
        "/f.xml",
        rss(
            [
                FeedEntry(
                    "Viadeo : le fiasco continue",
                    "Encore un fiasco pour Viadeo.",
                    "https://x.example/1",
                    "x1",
                )
            ]
        ),
    )
    rig.poll_now()
    rig.wait_until(lambda: len(fake_slack.posts()) == 2)
    assert fake_slack.posts()[1]["text"].endswith("Viadeo : le fiasco continue")


def test_unmute_explains_what_to_type_and_what_it_could_not_find(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [])
    assert "Dites quoi rétablir : `author:Nom`" in rig.command("unmute")["text"]
    assert "Dites quoi rétablir" in rig.command("unmute color:blue")["text"]
    missing = rig.command("unmute site:<!here>.example")["text"]
    assert "Rien de masqué ne correspond à `site:&lt;!here&gt;.example`" in missing


def test_only_admins_may_unmute_when_the_team_says_so(tmp_path, fake_slack, feeds, sqlite_url, start_veille):
    extra = '[slack]\nadmins = ["U0ADMIN01"]\n'
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, ENTRIES, extra=extra)
    (alert,) = rig.alerts()
    rig.click(alert, "Masquer l'auteur", user="U0ADMIN01")
    assert len(rig.veille.store.mutes()) == 1

    refused = rig.command("unmute author:Claire Martin", user="U0MARIE01")["text"]
    assert "seuls les administrateurs" in refused and "<@U0ADMIN01>" in refused
    assert len(rig.veille.store.mutes()) == 1
    assert "Claire Martin" in rig.command("mutes", user="U0MARIE01")["text"]  # anyone may look
    # "²" is a digit to isdigit() but not to int(): explained, not a crash, when there are mutes.
    assert "Dites quoi rétablir" in rig.command("unmute #²", user="U0ADMIN01")["text"]
    assert "Rétabli" in rig.command("unmute author:claire martin", user="U0ADMIN01")["text"]
    assert rig.veille.store.mutes() == []
    assert "Masquer l'auteur" in controls(alert["blocks"])


def _stored(tmp_path, database: str, brands: list[dict], entries: list[FeedEntry] = ENTRIES) -> str:
    loaded = write_config(tmp_path, database=database, sources=[], brands=brands)
    store = Store(loaded.database_url())
    store.create_schema()
    items = parse_feed(rss(entries).encode(), "actu-fr")
    Pipeline(loaded.config, store, LexiconToneAnalyzer()).process(items)
    store.close()
    return str(loaded.path)


def test_the_terminal_previews_a_query_or_a_brand_with_its_context(tmp_path, sqlite_url, capsys):
    brands = [
        {
            "name": "Orange",
            "terms": ["Orange"],
            "context": ["opérateur", "forfait*", "fibre"],
            "channel": "#v",
        },
        {"name": "Viadeo", "channel": "#v"},
    ]
    config = _stored(tmp_path, sqlite_url, brands)

    assert main(["--config", config, "test-query", "orange -recette"]) == 0
    out = capsys.readouterr().out
    assert "1 élément correspond à 'orange -recette', sur 3 reçus ces 30 derniers jours" in out
    assert "[Orange] lance la fibre à Lyon" in out and "https://actu.example.fr/orange-fibre" in out

    assert main(["--config", config, "test-query", "--brand", "orange"]) == 0
    out = capsys.readouterr().out
    # the orange juice has no context word nearby
    assert "1 élément correspond" in out and "pressée" not in out

    assert main(["--config", config, "test-query", "orange (fibre"]) == 2
    err = capsys.readouterr().err
    assert "Cette parenthèse n'est jamais fermée" in err and "orange (fibre\n         ^" in err

    assert main(["--config", config, "test-query", "--brand", "Sosh"]) == 2
    assert "aucune marque ne s'appelle 'Sosh' (configurées : Orange, Viadeo)" in capsys.readouterr().err


def test_the_terminal_shows_the_words_around_a_match_never_half_a_word(tmp_path, sqlite_url, capsys):
    short = (
        "Des comptes usurpés se font passer pour des recruteurs. Vérifiez toujours un profil avant"
        " d'accepter une mise en relation, sur Viadeo comme ailleurs."
    )
    long = (
        ("Les abonnés parlent de la messagerie. " * 8) + "Viadeo répond enfin. " + ("Suite du billet. " * 20)
    )
    entries = [
        FeedEntry("Faux comptes", short, "https://blog.example.fr/faux", "f1", published=NOW),
        FeedEntry("Messagerie", long, "https://blog.example.fr/messagerie", "m1", published=NOW),
    ]
    config = _stored(tmp_path, sqlite_url, [{"name": "Viadeo", "channel": "#v"}], entries)

    assert main(["--config", config, "test-query", "viadeo"]) == 0
    out = capsys.readouterr().out
    assert "  " + short.replace("Viadeo", "[Viadeo]") + "\n" in out
    excerpt = next(line.strip() for line in out.splitlines() if "[Viadeo] répond" in line)
    assert excerpt == (
        "…" + "Les abonnés parlent de la messagerie. " * 2 + "[Viadeo] répond enfin. "
        + "Suite du billet. " * 8 + "Suite…"
    )  # fmt: skip


def test_the_terminal_tests_a_brand_whose_term_holds_a_double_quote(tmp_path, sqlite_url, capsys):
    config = _stored(tmp_path, sqlite_url, [{"name": "Fibre", "terms": ['la "fibre"'], "channel": "#v"}])
    assert main(["--config", config, "test-query", "--brand", "fibre"]) == 0
    out = capsys.readouterr().out
    assert "1 élément correspond" in out and "Orange lance [la fibre] à Lyon" in out


def test_a_brand_described_by_a_query_alerts_only_real_mentions_with_its_words_in_bold(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    entries = [
        *ENTRIES,
        FeedEntry(
            "Orange mécanique ressort au cinéma",
            "Le film culte de Kubrick, Orange mécanique, revient en salle avec la fibre de l'époque.",
            "https://cine.example.fr/orange-mecanique",
            "c1",
            published=NOW,
        ),
    ]
    feeds.set("/f.xml", rss(entries))
    brands = [
        {
            "name": "Orange",
            "query": 'orange (fibre OR forfait* OR opérateur) -"orange mécanique"',
            "context": ["opérateur", "fibre", "forfait*"],
            "channel": "#veille",
        }
    ]
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[{"name": "actu", "type": "rss", "url": feeds.url("/f.xml")}],
        brands=brands,
    )
    start_veille(loaded, slack_secrets(fake_slack))
    fake_slack.wait_for("chat.postMessage")
    (alert,) = fake_slack.posts()
    shown = texts(alert["blocks"])
    assert "Orange lance la fibre à Lyon" in alert["text"]  # not the film, nor the orange juice
    assert "L'*opérateur* *Orange* déploie sa *fibre*" in shown


@pytest.mark.parametrize(
    ("brand", "key", "start", "problem"),
    [
        pytest.param(
            {"name": "Orange", "query": 'orange "forfait mobile', "channel": "#v"},
            "brands[0].query",
            "character 8",
            "quote is never closed",
            id="unclosed quote",
        ),
        pytest.param(
            {"name": "Orange", "query": "orange", "terms": ["x"], "channel": "#v"},
            "brands[0]",
            "",
            "has both terms and query",
            id="terms and query",
        ),
        pytest.param(
            {"name": "O", "context": ["fo*"], "channel": "#v"},
            "brands[0].context",
            "",
            "at least 3 letters",
            id="short wildcard",
        ),
    ],
)
def test_a_query_that_cannot_be_read_stops_the_config_with_file_key_and_position(
    tmp_path, sqlite_url, brand: dict[str, object], key: str, start: str, problem: str
):
    with pytest.raises(ConfigError) as caught:
        write_config(tmp_path, database=sqlite_url, sources=[], brands=[brand])
    assert caught.value.file.endswith("config.toml") and caught.value.key == key
    assert caught.value.problem.startswith(start) and problem in caught.value.problem
