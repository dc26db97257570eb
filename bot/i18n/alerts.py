"""The strings of alerts and what happens to them: tone and language labels, buttons, triage
states, notices, the noise offer, App Home, the console.
"""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "tone.positive": {"fr": "Positif", "en": "Positive"},
    "tone.neutral": {"fr": "Neutre", "en": "Neutral"},
    "tone.negative": {"fr": "Négatif", "en": "Negative"},
    "tone.unknown": {"fr": "Ton inconnu", "en": "Unknown tone"},
    "lang.fr": {"fr": "français", "en": "French"},
    "lang.en": {"fr": "anglais", "en": "English"},
    "lang.other": {"fr": "autre langue", "en": "other language"},
    "button.handled": {"fr": "Traité", "en": "Handled"},
    "button.not_relevant": {"fr": "Pas pertinent", "en": "Not relevant"},
    "button.open": {"fr": "Ouvrir", "en": "Open"},
    "alert.by": {"fr": "par {author}", "en": "by {author}"},
    "alert.published": {"fr": "publié le {when}", "en": "published {when}"},
    "alert.undated": {"fr": "date inconnue", "en": "date unknown"},
    "alert.stars": {"fr": "{stars} ({count}/5)", "en": "{stars} ({count}/5)"},
    "alert.fallback": {
        "fr": "Nouvelle mention {brand:de} : {title}",
        "en": "New mention of {brand}: {title}",
    },
    "alert.untitled": {"fr": "(sans titre)", "en": "(untitled)"},
    "alert.doubt": {
        "fr": "Probablement pas à propos {brand:de} ({percent})",
        "en": "Probably not about {brand} ({percent})",
    },
    "alert.doubt_words": {"fr": " — mots : {words}", "en": " — words: {words}"},
    "button.bring_back": {"fr": "Ramener", "en": "Bring back"},
    "relevance.brought_back": {
        "fr": "C'est ramené : l'alerte part dans {channel}, et Veille retient que c'était pertinent.",
        "en": "Brought back: the alert goes to {channel}, and Veille learns that it was relevant.",
    },
    "relevance.not_set_aside": {
        "fr": "Cette mention n'est plus mise de côté : quelqu'un l'a déjà ramenée.",
        "en": "This mention is no longer set aside: someone already brought it back.",
    },
    "state.handled": {"fr": "✅ Traité par {user} le {when}", "en": "✅ Handled by {user} on {when}"},
    "state.not_relevant": {
        "fr": "🚫 Marqué non pertinent par {user} le {when}",
        "en": "🚫 Marked not relevant by {user} on {when}",
    },
    "state.new": {"fr": "Nouveau", "en": "New"},
    "console.alert": {"fr": "ALERTE #{channel}", "en": "ALERT #{channel}"},
    "console.state": {
        "fr": "alerte {alert} : {state} par {user}",
        "en": "alert {alert}: {state} by {user}",
    },
    "console.started": {
        "fr": "Veille démarre en mode console (pas de SLACK_BOT_TOKEN) : les alertes s'affichent ici."
        " {sources} {sources:plural:source|sources}, {brands}"
        " {brands:plural:marque surveillée|marques surveillées}.",
        "en": "Veille is starting in console mode (no SLACK_BOT_TOKEN): alerts print here."
        " {sources} {sources:plural:source|sources}, {brands} {brands:plural:brand|brands} watched.",
    },
    "run.stopping": {
        "fr": "arrêt demandé ({signal}) : plus de nouvelle collecte, les collectes en cours sont annulées…",
        "en": "stopping ({signal}): no new polls, the polls in flight are cancelled…",
    },
    "run.stopped": {"fr": "arrêté en {seconds} s", "en": "stopped in {seconds} s"},
    "run.threads_left": {
        "fr": "arrêté en {seconds} s ; {count}"
        " {count:plural:tâche encore bloquée|tâches encore bloquées}"
        " {count:plural:n'est pas attendue|ne sont pas attendues}",
        "en": "stopped in {seconds} s; {count}"
        " {count:plural:task still stuck is not waited for|tasks still stuck are not waited for}",
    },
    "run.forced_exit": {
        "fr": "second signal ({signal}) : sortie immédiate, sans attendre la fin de l'arrêt",
        "en": "second signal ({signal}): exiting at once, without finishing the stop",
    },
    "notice.source_failing": {
        "fr": "⚠️ La source *{source}* est en échec depuis le {since} ({failures}"
        " {failures:plural:tentative|tentatives} de suite) :"
        " {error}\nVeille continue d'essayer ; `veille sources` donne le détail.",
        "en": "⚠️ Source *{source}* has been failing since {since} ({failures}"
        " {failures:plural:attempt|attempts} in a row):"
        " {error}\nVeille keeps trying; `veille sources` has the details.",
    },
    "notice.source_recovered": {
        "fr": "✅ La source *{source}* fonctionne de nouveau (en échec depuis le {since}).",
        "en": "✅ Source *{source}* works again (it had been failing since {since}).",
    },
    "notice.also_seen": {
        "fr": "👀 Vu aussi sur *{source}* : {link}",
        "en": "👀 Also seen on *{source}*: {link}",
    },
    "alert.also_seen": {"fr": "👀 Vu aussi sur : {sources}", "en": "👀 Also seen on: {sources}"},
    "triage.section": {"fr": "Tri", "en": "Triage"},
    "button.assign": {"fr": "Assigner à…", "en": "Assign to…"},
    "button.tone_as": {"fr": "Ton : {tone}", "en": "Tone: {tone}"},
    "button.mute_author": {"fr": "Masquer l'auteur", "en": "Mute author"},
    "state.assigned": {
        "fr": "👤 Assignée à {assignee} par {user} le {when}",
        "en": "👤 Assigned to {assignee} by {user} on {when}",
    },
    "state.tone_corrected": {
        "fr": "✏️ Ton corrigé en {tone} par {user} le {when}",
        "en": "✏️ Tone corrected to {tone} by {user} on {when}",
    },
    "state.muted_author": {
        "fr": "🔇 Auteur {value} masqué par {user} : ses prochains messages ne seront plus signalés",
        "en": "🔇 Author {value} muted by {user}: their next posts will not be alerted",
    },
    "state.muted_site": {
        "fr": "🔇 Site {value} masqué par {user} : ses prochains articles ne seront plus signalés",
        "en": "🔇 Site {value} muted by {user}: its next posts will not be alerted",
    },
    "notice.assigned": {
        "fr": "{assignee} : cette mention vous est assignée par {user}.",
        "en": "{assignee}: this mention was assigned to you by {user}.",
    },
    "noise.offer_intro": {
        "fr": "C'est noté. Pour ne plus recevoir ce genre de mention :",
        "en": "Noted. To stop getting mentions like this one:",
    },
    "noise.offer_author": {"fr": "Masquer l'auteur {author}", "en": "Mute author {author}"},
    "noise.offer_site": {"fr": "Masquer le site {site}", "en": "Mute site {site}"},
    "noise.offer_word": {"fr": "Exclure un mot…", "en": "Exclude a word…"},
    "noise.offer_undo": {
        "fr": "S'applique dès la prochaine collecte ; `/veille mutes` liste, `/veille unmute` annule.",
        "en": "Applies from the next poll; `/veille mutes` lists, `/veille unmute` undoes.",
    },
    "noise.muted_author": {
        "fr": "🔇 L'auteur *{value}* est masqué dès la prochaine collecte."
        " Annuler : `/veille unmute author:{value}`",
        "en": "🔇 Author *{value}* is muted from the next poll. Undo: `/veille unmute author:{value}`",
    },
    "noise.muted_site": {
        "fr": "🔇 Le site *{value}* est masqué dès la prochaine collecte."
        " Annuler : `/veille unmute site:{value}`",
        "en": "🔇 Site *{value}* is muted from the next poll. Undo: `/veille unmute site:{value}`",
    },
    "noise.muted_word": {
        "fr": "🔇 Le mot *{value}* exclut désormais les mentions de cette marque."
        " Annuler : `/veille unmute word:{value}`",
        "en": "🔇 The word *{value}* now excludes mentions of this brand."
        " Undo: `/veille unmute word:{value}`",
    },
    "noise.already_author": {
        "fr": "L'auteur *{value}* était déjà masqué.",
        "en": "Author *{value}* was already muted.",
    },
    "noise.already_site": {
        "fr": "Le site *{value}* était déjà masqué.",
        "en": "Site *{value}* was already muted.",
    },
    "noise.already_word": {
        "fr": "Le mot *{value}* était déjà exclu.",
        "en": "The word *{value}* was already excluded.",
    },
    "noise.nothing": {
        "fr": "Cette mention n'a rien à masquer (ni auteur ni site connu).",
        "en": "This mention has nothing to mute (no known author or site).",
    },
    "noise.unknown": {
        "fr": "Je ne retrouve pas cette alerte : elle a peut-être été supprimée.",
        "en": "I can't find this alert: it may have been deleted.",
    },
    "noise.refused": {
        "fr": "Désolé, seuls les administrateurs de Veille peuvent masquer ou rétablir : {who}."
        " Demandez-leur, ils le feront en un clic.",
        "en": "Sorry, only Veille's admins can mute or unmute: {who}. Ask them; it takes one click.",
    },
    "noise.admin_group": {"fr": "le groupe d'administrateurs", "en": "the admin user group"},
    "noise.or_admin_group": {"fr": "ou le groupe d'administrateurs", "en": "or the admin user group"},
    "home.title": {"fr": "Veille", "en": "Veille"},
    "home.mine": {"fr": "*Assignées à vous*", "en": "*Assigned to you*"},
    "home.unassigned": {"fr": "*Sans responsable*", "en": "*Unassigned*"},
    "home.none": {"fr": "_Rien en attente._", "en": "_Nothing waiting._"},
    "home.more_mine": {"fr": "… et {count} de plus.", "en": "… and {count} more."},
    "home.more_unassigned": {
        "fr": "… et {count} {count:plural:autre|autres} sans responsable : `/veille search open:unassigned`"
        " les liste toutes.",
        "en": "… and {count} more with nobody on {count:plural:it|them}: `/veille search open:unassigned`"
        " lists them all.",
    },
    "home.today": {"fr": "*Aujourd'hui*", "en": "*Today*"},
    "home.today_none": {"fr": "_Aucune mention aujourd'hui._", "en": "_No mention today._"},
    "home.failing": {"fr": "*Sources en échec*", "en": "*Failing sources*"},
    "home.all_ok": {"fr": "✅ Toutes les sources répondent.", "en": "✅ Every source answers."},
    "home.failing_line": {
        "fr": "• {emoji} *{source}* : {error} (depuis {since})",
        "en": "• {emoji} *{source}*: {error} (since {since})",
    },
    "home.in_channel": {"fr": "dans {channel}", "en": "in {channel}"},
    "home.updated": {"fr": "Mis à jour le {when}", "en": "Updated {when}"},
    "tone.section": {"fr": "Ton", "en": "Tone"},
    "tone.low_confidence": {
        "fr": "confiance faible ({percent})",
        "en": "low confidence ({percent})",
    },
}
