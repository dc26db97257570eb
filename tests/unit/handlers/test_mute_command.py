"""A marketer silences noise by name, without waiting for an alert to click on: /veille mute."""

from __future__ import annotations

from tests.fakes.feeds import FeedEntry, rss
from tests.rigs.triage import start_rig

CLAIRE = FeedEntry(
    "Viadeo rate sa mise à jour",
    "Claire trouve que l'application Viadeo plante sans arrêt.",
    "https://blog.example.fr/viadeo-mise-a-jour",
    "c1",
    author="Claire Martin",
)


def test_an_author_a_site_and_a_word_muted_by_name_bring_no_alert_from_the_next_poll(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, [CLAIRE], paced=False)
    rig.alerts()

    assert rig.command("mute word:fiasco")["text"] == (
        "🔇 Le mot *fiasco* exclut désormais les mentions de toutes les marques, dès la prochaine"
        " collecte. Annuler : `/veille unmute word:fiasco`"
    )
    site = rig.command("mute site:https://www.promo.example/viadeo?utm=1")["text"]
    assert site.startswith("🔇 Le site *promo.example* est masqué dès la prochaine collecte.")
    assert rig.command("masquer auteur:Paul  Durand")["text"].startswith(
        "🔇 L'auteur *Paul Durand* est masqué"
    )
    assert rig.command("mute word:Fiasco")["text"] == "Le mot *Fiasco* était déjà exclu."
    listed = rig.command("mutes")["text"]
    assert "Masqué depuis Slack* (3)" in listed and "mot exclu *fiasco* — par <@U0MARIE01>" in listed

    feeds.set(
        "/f.xml",
        rss(
            [
                CLAIRE,
                FeedEntry("Viadeo : le fiasco continue", "Encore un fiasco.", "https://x.example/1", "x1"),
                FeedEntry("Viadeo en promo", "Viadeo à moitié prix.", "https://www.promo.example/2", "x2"),
                FeedEntry(
                    "Viadeo selon Paul",
                    "Viadeo, mon avis.",
                    "https://y.example/3",
                    "x3",
                    author="Paul Durand",
                ),
                FeedEntry("Viadeo recrute à Lyon", "Viadeo ouvre dix postes.", "https://z.example/4", "x4"),
            ]
        ),
    )
    rig.poll_now()
    rig.wait_until(lambda: len(fake_slack.posts()) == 2)
    rig.poll_now()
    assert [post["text"] for post in fake_slack.posts()][1:] == [
        "Nouvelle mention de Viadeo : Viadeo recrute à Lyon"
    ]


def test_mute_says_what_to_type_when_it_cannot_read_what_was_asked(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [], language="en")
    told = {
        typed: rig.command(typed)["text"]
        for typed in (
            "mute",
            "mute colour:red",
            "mute word:",
            "mute author:Claire Martin brand:Viadeo",
            "mute word:recipe brand:Nope",
            "mute site:not a site",
        )
    }
    assert told["mute"].startswith("Say what to mute: `author:Name`, `site:example.com` or `word:word`")
    assert told["mute colour:red"] == told["mute word:"] == told["mute"]
    assert told["mute author:Claire Martin brand:Viadeo"].startswith(
        "`brand:` goes with an excluded word (`word:recipe brand:Orange`)"
    )
    assert told["mute word:recipe brand:Nope"].startswith(
        "No brand watched is called `Nope`: try `Viadeo`, or `/veille brands` for all of them."
    )
    assert told["mute site:not a site"].startswith("`not a site` is not a site: give its domain")
    assert all(
        "Usage: `/veille mute author:NAME | site:DOMAIN | word:WORD [brand:BRAND]`" in said
        for said in told.values()
    )
    assert rig.veille.store.mutes() == []

    assert rig.command('mute word:"jus d\'orange" marque:viadeo')["text"] == (
        "🔇 The word *jus d'orange* now excludes mentions of Viadeo, from the next poll."
        " Undo: `/veille unmute word:jus d'orange`"
    )
    (mute,) = rig.veille.store.mutes()
    assert (mute.kind, mute.display, mute.brand) == ("word", "jus d'orange", "Viadeo")


def test_only_admins_may_mute_by_name_when_the_team_says_so(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    extra = '[slack]\nadmins = ["U0ADMIN01"]\n'
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [], extra=extra)
    refused = rig.command("mute word:fiasco", user="U0MARIE01")["text"]
    assert "seuls les administrateurs" in refused and "<@U0ADMIN01>" in refused
    assert rig.veille.store.mutes() == []
    assert "🔇 Le mot *fiasco*" in rig.command("mute word:fiasco", user="U0ADMIN01")["text"]


def test_a_brand_named_with_slack_characters_is_shown_as_written(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    brands = [{"name": "Orange <Pro>"}]
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [], language="en", brands=brands)
    typed = "mute word:recipe brand:orange &lt;pro&gt;"  # as Slack sends `<` and `>`
    assert rig.command(typed)["text"] == (
        "🔇 The word *recipe* now excludes mentions of Orange &lt;Pro&gt;, from the next poll."
        " Undo: `/veille unmute word:recipe`"
    )
