"""The strings of `/veille why` and the alert menu's "Why?": what matched, relevance, tone, route."""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "usage.why": {
        "fr": "why LIEN | NUMÉRO : pourquoi cette alerte (mots trouvés, pertinence, ton, parcours)",
        "en": "why LINK | NUMBER: why this alert (matched words, relevance, tone, route)",
    },
    "button.why": {"fr": "Pourquoi ?", "en": "Why?"},
    "why.needs_target": {
        "fr": "Quelle alerte ? Collez le lien de son message (menu du message → « Copier le lien »)"
        " ou son numéro, par exemple `/veille why 42`.",
        "en": "Which alert? Paste its message's link (the message's menu → “Copy link”) or its"
        " number, for example `/veille why 42`.",
    },
    "why.bad_target": {
        "fr": "Je ne reconnais pas `{value}` : collez le lien d'un message d'alerte"
        " (`https://…slack.com/archives/…`), celui de l'article ou le numéro de l'alerte, par exemple"
        " `/veille why 42`.",
        "en": "I don't recognise `{value}`: paste the link of an alert's message"
        " (`https://…slack.com/archives/…`), the article's, or the alert's number, for example"
        " `/veille why 42`.",
    },
    "why.no_article": {
        "fr": "Aucune alerte de Veille ne porte sur `{value}` : Veille ne l'a pas vu, ou sans mention"
        " d'une marque. Le lien du message d'alerte ou son numéro la désignent à coup sûr.",
        "en": "No Veille alert is about `{value}`: Veille has not seen it, or saw no brand in it. The"
        " link of the alert's message, or its number, names an alert for sure.",
    },
    "why.not_found": {
        "fr": "Je ne trouve aucune alerte de Veille à `{value}`.",
        "en": "I find no Veille alert at `{value}`.",
    },
    "why.heading": {
        "fr": "🔍 *Pourquoi cette alerte ?* {brand} · alerte n° {id}",
        "en": "🔍 *Why this alert?* {brand} · alert #{id}",
    },
    "why.matched": {"fr": "*Mots trouvés* : {words}", "en": "*Matched words*: {words}"},
    "why.matched_none": {"fr": "aucun mot repéré", "en": "no word found"},
    "why.word_in": {"fr": "{word} dans {places}", "en": "{word} in {places}"},
    "why.in_title": {"fr": "le titre", "en": "the title"},
    "why.in_text": {"fr": "le texte", "en": "the text"},
    "why.and": {"fr": " et ", "en": " and "},
    "why.terms": {"fr": "termes de la marque : {terms}", "en": "the brand's terms: {terms}"},
    "why.relevance": {
        "fr": "*Pertinence* : {percent} de chances d'être à propos {brand:de} (mise de côté sous"
        " {threshold})",
        "en": "*Relevance*: {percent} likely about {brand} (set aside below {threshold})",
    },
    "why.relevance_unjudged": {
        "fr": "*Pertinence* : pas jugée à son arrivée, le modèle {brand:de} n'avait pas assez appris",
        "en": "*Relevance*: not judged when it came, {brand}'s model had not learned enough",
    },
    "why.model_learned": {
        "fr": "modèle appris de {count} {count:plural:décision|décisions} de l'équipe",
        "en": "model learned from {count} of the team's {count:plural:decision|decisions}",
    },
    "why.model_learning": {
        "fr": "le modèle n'a pas encore assez appris : {count} {count:plural:décision|décisions},"
        " il en faut {needed} dont au moins une « Traité » et une « Pas pertinent »",
        "en": "the model has not learned enough yet: {count} {count:plural:decision|decisions},"
        " it needs {needed} with at least one “Handled” and one “Not relevant”",
    },
    "why.words": {"fr": "mots : {words}", "en": "words: {words}"},
    "why.mode_show": {
        "fr": "mode « show » : une mention douteuse est postée avec un avertissement",
        "en": "“show” mode: a doubtful mention is posted with a warning",
    },
    "why.mode_quiet": {
        "fr": "mode « quiet » : une mention douteuse est mise de côté pour le résumé",
        "en": "“quiet” mode: a doubtful mention is set aside for the summary",
    },
    "why.mode_drop": {
        "fr": "mode « drop » : une mention douteuse est écartée sans alerte",
        "en": "“drop” mode: a doubtful mention is dropped without an alert",
    },
    "why.mode_gone": {"fr": "marque plus configurée", "en": "brand no longer configured"},
    "why.tone": {"fr": "*Ton* : {tone}", "en": "*Tone*: {tone}"},
    "why.tone_words": {"fr": "mots qui ont pesé : {words}", "en": "words that weighed: {words}"},
    "why.tone_no_words": {"fr": "aucun mot ne pèse nettement", "en": "no word weighs clearly"},
    "why.tone_turns": {"fr": "tournures : {turns}", "en": "turns of phrase: {turns}"},
    "why.turn_irony": {
        "fr": "éloge ironique (« merci pour la panne »)",
        "en": "praise said as a complaint (“thanks for the outage”)",
    },
    "why.turn_sarcasm": {"fr": "signalé comme sarcasme", "en": "tagged as sarcasm"},
    "why.turn_contrast": {
        "fr": "un « mais » qui retourne la phrase",
        "en": "a “but” that turns the sentence around",
    },
    "why.turn_settled": {"fr": "un problème dit réglé", "en": "trouble said to be fixed"},
    "why.turn_news": {
        "fr": "une annonce, sans mot qui juge",
        "en": "company news, with no word that judges",
    },
    "why.tone_from_source": {
        "fr": "donné par la note de la source (les étoiles de l'avis), le texte en disant peu",
        "en": "given by the source's own rating (the review's stars), the text saying little",
    },
    "why.tone_other_language": {
        "fr": "texte dans une autre langue : Veille ne lui donne pas de ton",
        "en": "text in another language: Veille gives it no tone",
    },
    "why.tone_corrected": {
        "fr": "✏️ corrigé en {tone} par {user} le {when}",
        "en": "✏️ corrected to {tone} by {user} on {when}",
    },
    "why.tone_not_corrected": {"fr": "personne ne l'a corrigé", "en": "nobody corrected it"},
    "why.route": {"fr": "*Parcours* : {legs}", "en": "*Route*: {legs}"},
    "why.leg_home": {"fr": "{channel} (canal de la marque)", "en": "{channel} (the brand's channel)"},
    "why.leg_escalation": {
        "fr": "{channel} (escalade : ton négatif)",
        "en": "{channel} (escalation: negative tone)",
    },
    "why.leg_instead": {
        "fr": "{channel} (escalade : ton négatif, à la place du canal de la marque)",
        "en": "{channel} (escalation: negative tone, instead of the brand's channel)",
    },
    "why.here": {
        "fr": "avec `@here` : portée {reach} ≥ {above}",
        "en": "with `@here`: reach {reach} ≥ {above}",
    },
    "why.status_posted": {"fr": "postée", "en": "posted"},
    "why.status_pending": {"fr": "en attente d'envoi", "en": "waiting to be sent"},
    "why.status_sending": {"fr": "en cours d'envoi", "en": "being sent"},
    "why.status_set_aside": {"fr": "mise de côté", "en": "set aside"},
    "why.status_dropped": {"fr": "écartée", "en": "dropped"},
    "why.status_failed": {"fr": "envoi abandonné", "en": "sending given up"},
    "why.status_held": {
        "fr": "gardée pour le récapitulatif horaire de la marque",
        "en": "kept for the brand's hourly digest",
    },
    "why.status_held_daily": {
        "fr": "gardée pour le résumé quotidien de la marque",
        "en": "kept for the brand's daily summary",
    },
    "why.status_digested": {
        "fr": "montrée dans le récapitulatif horaire",
        "en": "shown in the hourly digest",
    },
    "why.status_snoozed": {"fr": "en sourdine (snooze)", "en": "snoozed"},
    "why.brought_back": {"fr": "ramenée par l'équipe", "en": "brought back by the team"},
    "why.held_set_aside": {
        "fr": "🤔 Mise de côté : probablement pas à propos {brand:de} ({percent}, sous {threshold})"
        " et la marque est en mode « quiet ». Elle figure dans le résumé quotidien, où « Ramener »"
        " la poste.",
        "en": "🤔 Set aside: probably not about {brand} ({percent}, below {threshold}) and the"
        " brand is in “quiet” mode. It is listed in the daily summary, where “Bring back” posts it.",
    },
    "why.held_dropped": {
        "fr": "🚫 Écartée : probablement pas à propos {brand:de} ({percent}, sous {threshold}) et la"
        " marque est en mode « drop » : gardée et cherchable, jamais postée.",
        "en": "🚫 Dropped: probably not about {brand} ({percent}, below {threshold}) and the brand is"
        " in “drop” mode: kept and searchable, never posted.",
    },
    "why.backlog": {
        "fr": "Sans alerte : trouvée à la première lecture de sa source, au-delà de l'arriéré"
        " qu'elle alerte (`backlog`).",
        "en": "No alert: found by its source's first reading, beyond the backlog it alerts (`backlog`).",
    },
    "search.set_aside": {"fr": "🤔 mis de côté", "en": "🤔 set aside"},
    "search.dropped": {"fr": "🚫 écarté", "en": "🚫 dropped"},
    "search.held": {"fr": "⏳ pour le récapitulatif de l'heure", "en": "⏳ in the hourly digest"},
    "search.held_daily": {"fr": "📰 gardé pour le résumé du jour", "en": "📰 kept for the daily summary"},
    "search.snoozed": {"fr": "💤 en sourdine", "en": "💤 snoozed"},
    "search.why_hint": {"fr": "`/veille why {id}`", "en": "`/veille why {id}`"},
}
