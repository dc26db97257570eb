"""Triage from the alert itself: assign, correct the tone, mute, and two people clicking at once."""

from __future__ import annotations

import threading

from tests.fakes.feeds import FeedEntry, rss
from tests.rigs.triage import controls, start_rig, texts

CLAIRE = FeedEntry(
    "Viadeo rate sa mise à jour",
    "Claire trouve que la nouvelle application Viadeo plante sans arrêt, un vrai fiasco logiciel.",
    "https://blog.example.fr/viadeo-fiasco",
    "c1",
    author="Claire Martin",
)


def test_assigning_names_the_assignee_on_the_alert_and_mentions_them_in_its_thread(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, [CLAIRE])
    (alert,) = rig.alerts()
    rig.click(alert, "Assigner à…", choose="U0PAUL001")
    rig.wait_until(lambda: "Assignée à <@U0PAUL001> par <@U0MARIE01>" in texts(rig.latest(alert)["blocks"]))
    rig.wait_until(lambda: len(fake_slack.thread(alert["ts"])) == 1)
    (reply,) = fake_slack.thread(alert["ts"])
    assert "<@U0PAUL001>" in reply["text"] and "assignée par <@U0MARIE01>" in reply["text"]
    assert controls(rig.latest(alert)["blocks"])["Assigner à…"]["initial_user"] == "U0PAUL001"

    rig.click(alert, "Assigner à…", choose="U0PAUL001")  # the same choice again changes nothing
    assert len(fake_slack.thread(alert["ts"])) == 1
    trail = rig.veille.store.audit_trail(1)
    assert [(user, action, value) for user, action, value, _ in trail] == [
        ("U0MARIE01", "assign", "U0PAUL001")
    ]


def test_a_tone_correction_is_stored_and_shown_in_place(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, [CLAIRE])
    (alert,) = rig.alerts()
    # The analyzer reads Claire's "fiasco" as negative; Paul judges it a neutral review.
    assert "🔴 Négatif" in rig.latest(alert)["blocks"][0]["text"]["text"]
    rig.click(alert, "⋯", choose="Ton : Neutre", user="U0PAUL001")
    rig.wait_until(lambda: "Ton corrigé en Neutre par <@U0PAUL001>" in texts(rig.latest(alert)["blocks"]))
    header = rig.latest(alert)["blocks"][0]["text"]["text"]
    assert "⚪ Neutre ✏️" in header
    view = rig.veille.store.alert_view(1)
    assert view.corrected_tone == "neutral" and view.corrected_by == "U0PAUL001"


def test_muting_an_author_silences_their_next_posts_and_says_how_to_undo(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, [CLAIRE])
    (alert,) = rig.alerts()
    answer = rig.click(alert, "Masquer l'auteur")
    assert answer is not None and answer["response_type"] == "ephemeral"
    assert "Claire Martin" in answer["text"] and "/veille unmute author:Claire Martin" in answer["text"]
    rig.wait_until(lambda: "Auteur Claire Martin masqué" in texts(rig.latest(alert)["blocks"]))
    assert "Masquer l'auteur" not in controls(rig.latest(alert)["blocks"])

    feeds.set(
        "/f.xml",
        rss(
            [
                CLAIRE,
                FeedEntry(
                    "Viadeo encore",
                    "Viadeo, encore Viadeo.",
                    "https://blog.example.fr/2",
                    "c2",
                    "claire martin",
                ),
                FeedEntry(
                    "Viadeo recrute", "Viadeo recrute à Paris.", "https://autre.example/3", "o1", "Paul"
                ),
            ]
        ),
    )
    rig.poll_now()
    rig.alerts(count=2)
    rig.wait_until(lambda: rig.veille.store.undelivered() == 0)
    assert [p["text"].split(" : ", 1)[1] for p in fake_slack.posts()] == [
        "Viadeo rate sa mise à jour",
        "Viadeo recrute",
    ]


def test_not_relevant_offers_privately_to_exclude_a_word_which_applies_from_the_next_poll(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, [CLAIRE])
    (alert,) = rig.alerts()
    offer = rig.click(alert, "Pas pertinent")
    assert offer is not None and offer["response_type"] == "ephemeral" and not offer.get("replace_original")
    choices = controls(offer["blocks"])
    assert "Masquer l'auteur Claire Martin" in choices and "Masquer le site blog.example.fr" in choices
    words = [o["text"]["text"] for o in choices["Exclure un mot…"]["options"]]
    assert "fiasco" in words and "viadeo" not in words

    done = rig.click(offer, "Exclure un mot…", choose="fiasco")
    assert done is not None and done["replace_original"] is True
    assert "fiasco" in done["text"] and "/veille unmute word:fiasco" in done["text"]
    rig.wait_until(lambda: "non pertinent par <@U0MARIE01>" in texts(rig.latest(alert)["blocks"]))

    feeds.set(
        "/f.xml",
        rss(
            [
                FeedEntry(
                    "Viadeo : le fiasco continue",
                    "Encore un fiasco pour Viadeo.",
                    "https://x.example/1",
                    "x1",
                ),
                FeedEntry("Viadeo lance une offre", "Viadeo annonce une offre.", "https://x.example/2", "x2"),
            ]
        ),
    )
    rig.poll_now()
    rig.wait_until(lambda: len(fake_slack.posts()) == 2)
    assert fake_slack.posts()[1]["text"].endswith("Viadeo lance une offre")


def test_only_admins_may_mute_when_the_team_says_so(tmp_path, fake_slack, feeds, sqlite_url, start_veille):
    fake_slack.usergroups["S0COMMS01"] = ["U0LEA0001"]
    extra = '[slack]\nadmins = ["U0ADMIN01"]\nadmin_group = "S0COMMS01"\n'
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [CLAIRE], extra=extra)
    (alert,) = rig.alerts()

    refused = rig.click(alert, "Masquer l'auteur", user="U0MARIE01")
    assert (
        refused is not None
        and "seuls les administrateurs" in refused["text"]
        and "<@U0ADMIN01>" in refused["text"]
    )
    assert rig.veille.store.mutes() == []
    assert rig.click(alert, "Pas pertinent", user="U0MARIE01") is None  # no offer she could not use

    allowed = rig.click(alert, "Masquer l'auteur", user="U0LEA0001")  # in the admin user group
    assert allowed is not None and "est masqué" in allowed["text"]
    assert [m.display for m in rig.veille.store.mutes()] == ["Claire Martin"]


def test_two_people_clicking_at_once_end_in_one_consistent_state(
    tmp_path, fake_slack, feeds, database_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, database_url, start_veille, [CLAIRE])
    (alert,) = rig.alerts()
    clicks = [
        threading.Thread(target=rig.click, args=(alert, "Traité"), kwargs={"user": "U0MARIE01"}),
        threading.Thread(target=rig.click, args=(alert, "Pas pertinent"), kwargs={"user": "U0PAUL001"}),
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    view = rig.veille.store.alert_view(1)
    expected = "Traité par <@U0MARIE01>" if view.state == "handled" else "non pertinent par <@U0PAUL001>"
    rig.wait_until(lambda: expected in texts(rig.latest(alert)["blocks"]))
    rig.wait_until(lambda: not rig.veille.store.due_updates(view.acted_at.replace(year=2100)))
    shown = texts(rig.latest(alert)["blocks"])
    assert expected in shown and ("Traité par" in shown) != ("non pertinent par" in shown)
    assert len(rig.veille.store.audit_trail(1)) == 2


def test_an_english_speaker_gets_the_private_answers_in_english(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    rig = start_rig(tmp_path, fake_slack, feeds, sqlite_url, start_veille, [CLAIRE])
    (alert,) = rig.alerts()
    answer = rig.click(alert, "Masquer l'auteur", locale="en-GB")
    assert answer is not None and "Author *Claire Martin* is muted" in answer["text"]
