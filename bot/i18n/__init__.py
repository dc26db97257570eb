"""Every string the bot shows, in French and English.

`t(key, lang, **values)` is the only way user-facing text is produced; a test checks that every
key exists in both languages with the same placeholders.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

Lang = Literal["fr", "en"]

CATALOGUE: dict[str, dict[Lang, str]] = {
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
    "alert.fallback": {
        "fr": "Nouvelle mention de {brand} : {title}",
        "en": "New mention of {brand}: {title}",
    },
    "alert.untitled": {"fr": "(sans titre)", "en": "(untitled)"},
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
        " {sources} source(s), {brands} marque(s) surveillée(s).",
        "en": "Veille is starting in console mode (no SLACK_BOT_TOKEN): alerts print here."
        " {sources} source(s), {brands} brand(s) watched.",
    },
    "notice.source_failing": {
        "fr": "⚠️ La source *{source}* est en échec depuis le {since} ({failures} tentatives de suite) :"
        " {error}\nVeille continue d'essayer ; `veille sources` donne le détail.",
        "en": "⚠️ Source *{source}* has been failing since {since} ({failures} attempts in a row):"
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
    "command.help_intro": {
        "fr": "*Veille* surveille les mentions de vos marques. Commandes :",
        "en": "*Veille* watches mentions of your brands. Commands:",
    },
    "usage.help": {"fr": "help : cette aide", "en": "help: this help"},
    "command.unknown": {
        "fr": "Je ne connais pas la commande `{command}`. Tapez `/veille help` pour la liste.",
        "en": "I don't know the command `{command}`. Type `/veille help` for the list.",
    },
    "command.unknown_close": {
        "fr": "Je ne connais pas la commande `{command}`. Vouliez-vous dire `/veille {suggestion}` ?",
        "en": "I don't know the command `{command}`. Did you mean `/veille {suggestion}`?",
    },
    "command.bad_argument": {
        "fr": "{problem}\nUsage : `/veille {usage}`",
        "en": "{problem}\nUsage: `/veille {usage}`",
    },
    "command.failed": {
        "fr": "Désolé, cette commande a échoué. L'erreur est dans le journal de Veille.",
        "en": "Sorry, this command failed. The error is in Veille's log.",
    },
    # -- source adapters (issue 3): add their strings below this line --
    "source.adapter_ready": {"fr": "prête", "en": "ready"},
    "sources.note_quota": {"fr": "quota {remaining}/{total}", "en": "quota {remaining}/{total}"},
    "sources.note_rate_left": {
        "fr": "{count} recherche(s) restante(s) dans la fenêtre",
        "en": "{count} search(es) left in this window",
    },
    "sources.note_search_refused": {
        "fr": "{host} refuse la recherche de statuts (HTTP {status})",
        "en": "{host} refuses status search (HTTP {status})",
    },
    "sources.note_host_failing": {"fr": "{host} en échec : {error}", "en": "{host} failing: {error}"},
    "sources.note_backlog": {
        "fr": "rattrape une rafale : {count} tranche(s) encore à lire",
        "en": "catching up on a burst: {count} stretch(es) still to read",
    },
    "sources.note_wait": {
        "fr": "l'API demande d'attendre jusqu'à {until}",
        "en": "API asked to wait until {until}",
    },
    # -- queries and noise (issue 4): add their strings below this line --
    "query.section": {"fr": "Requêtes", "en": "Queries"},
    "query.error_line": {
        "fr": "caractère {column} (près de « {near} ») : {problem} {hint}",
        "en": 'character {column} (near "{near}"): {problem} {hint}',
    },
    "usage.test": {
        "fr": "test REQUÊTE : combien d'éléments des 30 derniers jours la requête trouverait,"
        " et cinq exemples",
        "en": "test QUERY: how many items of the last 30 days the query would find, and five examples",
    },
    "usage.mutes": {
        "fr": "mutes : les auteurs, sites et mots masqués depuis Slack",
        "en": "mutes: the authors, sites and words muted from Slack",
    },
    "usage.unmute": {
        "fr": "unmute author:NOM | site:DOMAINE | word:MOT | NUMÉRO : rétablir",
        "en": "unmute author:NAME | site:DOMAIN | word:WORD | NUMBER: undo a mute",
    },
    "query.test_needs_query": {
        "fr": "Donnez la requête à essayer, par exemple `/veille test orange (forfait OR fibre) -mécanique`.",
        "en": "Give the query to try, for example `/veille test orange (plan OR fiber) -juice`.",
    },
    "query.refused": {
        "fr": "❌ Cette requête ne peut pas être lue : {problem}",
        "en": "❌ This query cannot be read: {problem}",
    },
    "query.preview_count": {
        "fr": "🔎 `{query}` trouverait *{matched}* élément(s) sur les {scanned} reçus"
        " ces {days} derniers jours.",
        "en": "🔎 `{query}` would find *{matched}* item(s) of the {scanned} received"
        " in the last {days} days.",
    },
    "query.preview_none": {
        "fr": "Aucun élément récent ne correspond. Essayez des mots plus larges, `OR`, ou `veill*`.",
        "en": "No recent item matches. Try broader words, `OR`, or `monitor*`.",
    },
    "query.preview_examples": {"fr": "Les plus récents :", "en": "The newest:"},
    "query.preview_open": {"fr": "ouvrir", "en": "open"},
    "query.preview_untitled": {"fr": "(sans titre)", "en": "(untitled)"},
    "query.preview_saved_nowhere": {
        "fr": "Rien n'est enregistré. Pour l'adopter : `query = \"…\"` dans la marque, dans config.toml.",
        "en": 'Nothing is saved. To adopt it: `query = "…"` on the brand, in config.toml.',
    },
    "mutes.none": {
        "fr": "Rien n'est masqué. Le bouton « Pas pertinent » d'une alerte propose de masquer son auteur,"
        " son site ou un mot.",
        "en": 'Nothing is muted. An alert\'s "Not relevant" button offers to mute its author, its site'
        " or a word.",
    },
    "mutes.title": {
        "fr": "🔇 *Masqué depuis Slack* ({count}) — en plus de la configuration :",
        "en": "🔇 *Muted from Slack* ({count}) — on top of the configuration:",
    },
    "mutes.kind_author": {"fr": "auteur", "en": "author"},
    "mutes.kind_site": {"fr": "site", "en": "site"},
    "mutes.kind_word": {"fr": "mot exclu", "en": "excluded word"},
    "mutes.line": {
        "fr": "• `{id}` {kind} *{value}*{scope} — par {user}, le {when} · `/veille unmute {undo}`",
        "en": "• `{id}` {kind} *{value}*{scope} — by {user}, {when} · `/veille unmute {undo}`",
    },
    "mutes.scope": {"fr": " (marque {brand})", "en": " (brand {brand})"},
    "mutes.more": {"fr": "… et {count} de plus.", "en": "… and {count} more."},
    "unmute.needs_target": {
        "fr": "Dites quoi rétablir : `author:Nom`, `site:exemple.fr`, `word:mot` ou le numéro affiché par"
        " `/veille mutes`.",
        "en": "Say what to unmute: `author:Name`, `site:example.com`, `word:word` or the number shown by"
        " `/veille mutes`.",
    },
    "unmute.not_found": {
        "fr": "Rien de masqué ne correspond à `{target}`. `/veille mutes` donne la liste.",
        "en": "Nothing muted matches `{target}`. `/veille mutes` lists them.",
    },
    "unmute.done": {
        "fr": "🔊 Rétabli : {kind} *{value}*. S'applique dès la prochaine collecte.",
        "en": "🔊 Unmuted: {kind} *{value}*. Applies from the next poll.",
    },
    "query.error.empty": {"fr": "La requête est vide.", "en": "The query is empty."},
    "query.hint.empty": {
        "fr": "Écrivez au moins un mot, par exemple `orange forfait`.",
        "en": "Write at least one word, for example `orange plan`.",
    },
    "query.error.too_long": {
        "fr": "La requête dépasse {limit} caractères.",
        "en": "The query is longer than {limit} characters.",
    },
    "query.hint.too_long": {
        "fr": "Raccourcissez-la, ou utilisez plutôt la liste `exclude`.",
        "en": "Shorten it, or use the `exclude` list instead.",
    },
    "query.error.too_deep": {
        "fr": "Trop de parenthèses imbriquées.",
        "en": "Too many nested parentheses.",
    },
    "query.hint.too_deep": {
        "fr": "Simplifiez la requête : 20 niveaux au plus.",
        "en": "Simplify the query: 20 levels at most.",
    },
    "query.error.unclosed_quote": {
        "fr": "Ce guillemet n'est jamais fermé.",
        "en": "This quote is never closed.",
    },
    "query.hint.unclosed_quote": {
        "fr": "Ajoutez le guillemet fermant à la fin de l'expression exacte.",
        "en": "Add the closing quote at the end of the exact phrase.",
    },
    "query.error.unclosed_paren": {
        "fr": "Cette parenthèse n'est jamais fermée.",
        "en": "This parenthesis is never closed.",
    },
    "query.hint.unclosed_paren": {
        "fr": "Ajoutez « ) » à la fin du groupe.",
        "en": 'Add ")" at the end of the group.',
    },
    "query.error.unopened_paren": {
        "fr": "Cette parenthèse fermante n'a pas d'ouvrante.",
        "en": "This closing parenthesis has no opening one.",
    },
    "query.hint.unopened_paren": {
        "fr": "Supprimez-la, ou ajoutez « ( » au début du groupe.",
        "en": 'Remove it, or add "(" where the group starts.',
    },
    "query.error.empty_group": {
        "fr": "Il manque un mot ici (groupe vide ou opérateur mal placé).",
        "en": "A word is missing here (empty group or misplaced operator).",
    },
    "query.hint.empty_group": {
        "fr": "Mettez au moins un mot entre les parenthèses.",
        "en": "Put at least one word between the parentheses.",
    },
    "query.error.dangling_or": {
        "fr": "« {op} » doit relier deux mots ou groupes.",
        "en": '"{op}" must join two words or groups.',
    },
    "query.hint.dangling_or": {
        "fr": 'Écrivez un mot de chaque côté, par exemple `fibre {op} forfait`, ou mettez "{op}"'
        " entre guillemets pour chercher le mot lui-même.",
        "en": 'Write a word on each side, for example `fiber {op} plan`, or put "{op}" in quotes'
        " to search for the word itself.",
    },
    "query.error.dangling_not": {
        "fr": "« {op} » doit être suivi d'un mot ou d'un groupe à exclure.",
        "en": '"{op}" must be followed by a word or group to exclude.',
    },
    "query.hint.dangling_not": {
        "fr": "Par exemple `orange -mécanique` ou `orange NOT (jus OR fruit)`.",
        "en": "For example `orange -juice` or `orange NOT (juice OR fruit)`.",
    },
    "query.error.no_word": {
        "fr": "« {text} » ne contient ni lettre ni chiffre.",
        "en": '"{text}" has no letter or digit.',
    },
    "query.hint.no_word": {
        "fr": "Seuls les mots comptent (#, @, ponctuation et emoji sont ignorés) : retirez-le.",
        "en": "Only words count (#, @, punctuation and emoji are ignored): remove it.",
    },
    "query.error.wildcard_inside": {
        "fr": "Dans « {word} », l'étoile n'est pas à la fin du mot.",
        "en": 'In "{word}", the star is not at the end of the word.',
    },
    "query.hint.wildcard_inside": {
        "fr": "`*` ne remplace que la fin d'un mot : `veill*` trouve veille, veiller, veilleur.",
        "en": "`*` only stands for the end of a word: `monitor*` finds monitor, monitoring.",
    },
    "query.error.wildcard_short": {
        "fr": "« {word} » : il faut au moins {n} lettres avant l'étoile.",
        "en": '"{word}": at least {n} letters are needed before the star.',
    },
    "query.hint.wildcard_short": {
        "fr": "Allongez le début du mot, par exemple `veill*`.",
        "en": "Make the start of the word longer, for example `monit*`.",
    },
    "query.error.field_empty": {
        "fr": "Le champ « {field}: » n'a pas de valeur.",
        "en": 'Field "{field}:" has no value.',
    },
    "query.hint.field_empty": {
        "fr": "Collez la valeur aux deux-points, sans espace : `{field}:valeur`.",
        "en": "Put the value right after the colon, without a space: `{field}:value`.",
    },
    "query.error.field_group": {
        "fr": "Le champ « {field}: » prend une seule valeur, pas un groupe.",
        "en": 'Field "{field}:" takes one value, not a group.',
    },
    "query.hint.field_group": {
        "fr": "Répétez le champ : `({field}:a OR {field}:b)`.",
        "en": "Repeat the field: `({field}:a OR {field}:b)`.",
    },
    "query.error.unknown_field": {
        "fr": "Je ne connais pas le champ « {field}: ».",
        "en": 'I don\'t know the field "{field}:".',
    },
    "query.hint.unknown_field": {
        "fr": "Champs connus : {known}. Pour chercher le texte tel quel, mettez-le entre guillemets.",
        "en": "Known fields: {known}. To search for the text as is, put it in quotes.",
    },
    "query.error.unknown_field_close": {
        "fr": "Je ne connais pas le champ « {field}: ».",
        "en": 'I don\'t know the field "{field}:".',
    },
    "query.hint.unknown_field_close": {
        "fr": "Vouliez-vous dire `{suggestion}:` ? Champs connus : {known}.",
        "en": "Did you mean `{suggestion}:`? Known fields: {known}.",
    },
    "query.error.bad_site": {
        "fr": "« {value} » n'est pas un nom de site.",
        "en": '"{value}" is not a site name.',
    },
    "query.hint.bad_site": {
        "fr": "Écrivez le domaine seul, par exemple `site:lemonde.fr` (ses sous-domaines comptent).",
        "en": "Write the domain alone, for example `site:lemonde.fr` (its subdomains count).",
    },
    "query.error.bad_source": {
        "fr": "« {value} » n'est pas un type de source.",
        "en": '"{value}" is not a source type.',
    },
    "query.hint.bad_source": {
        "fr": "Écrivez le type tel que dans la configuration, par exemple `source:rss`.",
        "en": "Write the type as in the configuration, for example `source:rss`.",
    },
    "query.error.bad_lang": {
        "fr": "« {value} » n'est pas une langue reconnue.",
        "en": '"{value}" is not a known language.',
    },
    "query.hint.bad_lang": {
        "fr": "Langues possibles : {known} (par exemple `lang:fr`).",
        "en": "Possible languages: {known} (for example `lang:en`).",
    },
    "query.error.only_negative": {
        "fr": "La requête ne dit que ce qu'il faut exclure.",
        "en": "The query only says what to leave out.",
    },
    "query.hint.only_negative": {
        "fr": "Ajoutez ce qu'il faut chercher, par exemple `orange -mécanique`.",
        "en": "Add what to look for, for example `orange -juice`.",
    },
    # -- triage (issue 5): add their strings below this line --
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
    "usage.search": {
        "fr": "search MOTS [since:7d] [tone:neg] [source:reddit] [brand:Marque] : chercher dans l'historique"
        " et les sources en direct",
        "en": "search WORDS [since:7d] [tone:neg] [source:reddit] [brand:Brand]: search the history"
        " and the live sources",
    },
    "usage.stats": {
        "fr": "stats [7d] : mentions par marque et ton, et par source",
        "en": "stats [7d]: mentions by brand and tone, and by source",
    },
    "usage.sources": {"fr": "sources : l'état de chaque source", "en": "sources: each source's health"},
    "usage.brands": {"fr": "brands : les marques surveillées", "en": "brands: the brands watched"},
    "search.empty_filter": {
        "fr": "Le filtre `{name}:` n'a pas de valeur : écrivez par exemple `{name}:7d`.",
        "en": "The filter `{name}:` has no value: write for example `{name}:7d`.",
    },
    "search.bad_since": {
        "fr": "Je ne comprends pas la durée `{value}` : écrivez"
        " `since:90m`, `since:24h`, `since:7j` ou `since:2w`.",
        "en": "I don't understand the duration `{value}`: write"
        " `since:90m`, `since:24h`, `since:7d` or `since:4w`.",
    },
    "search.bad_tone": {
        "fr": "Ton inconnu `{value}` : écrivez `tone:pos`, `tone:neu` ou `tone:neg`.",
        "en": "Unknown tone `{value}`: write `tone:pos`, `tone:neu` or `tone:neg`.",
    },
    "search.nothing": {
        "fr": "Que faut-il chercher ? Écrivez des mots, par exemple `/veille search panne since:7d`.",
        "en": "What should I look for? Type some words, for example `/veille search outage since:7d`.",
    },
    "search.heading": {
        "fr": "🔎 *{query}* : résultats {first}–{last} sur {total}",
        "en": "🔎 *{query}*: results {first}–{last} of {total}",
    },
    "search.none": {
        "fr": "🔎 *{query}* : rien dans l'historique.",
        "en": "🔎 *{query}*: nothing in the history.",
    },
    "search.shared_by": {"fr": "Partagé par {user}", "en": "Shared by {user}"},
    "search.live_heading": {
        "fr": "*En direct sur les sources* (pas encore dans l'historique) :",
        "en": "*Live from the sources* (not yet in the history):",
    },
    "search.live_failed": {
        "fr": "Sans réponse à temps : {sources}",
        "en": "No answer in time: {sources}",
    },
    "search.more": {"fr": "Suite", "en": "More"},
    "search.share": {"fr": "Partager dans le canal", "en": "Share in channel"},
    "search.expired": {
        "fr": "Cette recherche a expiré : relancez `/veille search …`.",
        "en": "This search has expired: run `/veille search …` again.",
    },
    "stats.bad_period": {
        "fr": "Je ne comprends pas la période `{value}` : écrivez `24h`, `7d` ou `30d`.",
        "en": "I don't understand the period `{value}`: write `24h`, `7d` or `30d`.",
    },
    "stats.heading": {
        "fr": "📊 *{total} mentions* depuis {since}",
        "en": "📊 *{total} mentions* since {since}",
    },
    "stats.none": {
        "fr": "📊 Aucune mention depuis {since}.",
        "en": "📊 No mention since {since}.",
    },
    "stats.by_brand": {"fr": "*Par marque et ton*", "en": "*By brand and tone*"},
    "stats.by_source": {"fr": "*Par source*", "en": "*By source*"},
    "stats.brand_line": {
        "fr": "• *{brand}* : {total} — 🟢 {positive} · ⚪ {neutral} · 🔴 {negative}{unknown}",
        "en": "• *{brand}*: {total} — 🟢 {positive} · ⚪ {neutral} · 🔴 {negative}{unknown}",
    },
    "stats.source_line": {"fr": "• {source} : {count}", "en": "• {source}: {count}"},
    "stats.unknown_part": {"fr": " · ❔ {count}", "en": " · ❔ {count}"},
    "sources.heading": {"fr": "*Sources* ({count})", "en": "*Sources* ({count})"},
    "sources.none": {
        "fr": "Aucune source configurée : ajoutez des tables `[[sources]]` au fichier de configuration.",
        "en": "No source configured: add `[[sources]]` tables to the configuration file.",
    },
    "sources.columns": {
        "fr": "source|type|état|dernier succès|éléments 24 h|prochaine collecte|dernière erreur",
        "en": "source|type|state|last success|items 24h|next poll|last error",
    },
    "health.ok": {"fr": "ok", "en": "ok"},
    "health.degraded": {"fr": "dégradée", "en": "degraded"},
    "health.failing": {"fr": "en échec", "en": "failing"},
    "health.new": {"fr": "nouvelle", "en": "new"},
    "sources.at_start": {"fr": "au démarrage", "en": "at start"},
    "sources.due": {"fr": "imminente", "en": "due"},
    "sources.error_since": {
        "fr": "{error} (depuis {since}, {count}×)",
        "en": "{error} (since {since}, {count}×)",
    },
    "brands.heading": {"fr": "*Marques surveillées* ({count})", "en": "*Brands watched* ({count})"},
    "brands.line": {"fr": "• *{brand}* → {channel}", "en": "• *{brand}* → {channel}"},
    "brands.terms": {"fr": "termes : {terms}", "en": "terms: {terms}"},
    "brands.query": {"fr": "requête : `{query}`", "en": "query: `{query}`"},
    "brands.context": {
        "fr": "avec l'un de {terms} à {window} mots au plus",
        "en": "with one of {terms} within {window} words",
    },
    "brands.exclude": {"fr": "exclus : {terms}", "en": "excluded: {terms}"},
    "brands.mutes": {
        "fr": "Masquages actifs : {count} (`/veille mutes`)",
        "en": "Active mutes: {count} (`/veille mutes`)",
    },
    "home.title": {"fr": "Veille", "en": "Veille"},
    "home.mine": {"fr": "*Assignées à vous*", "en": "*Assigned to you*"},
    "home.unassigned": {"fr": "*Sans responsable*", "en": "*Unassigned*"},
    "home.none": {"fr": "_Rien en attente._", "en": "_Nothing waiting._"},
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
    # -- reports (issue 6): add their strings below this line --
    "report.section": {"fr": "Rapports", "en": "Reports"},
    "report.daily_title": {"fr": "📊 Résumé du {date}", "en": "📊 Summary for {date}"},
    "report.daily_fallback": {"fr": "Résumé du {date} : {counts}", "en": "Summary for {date}: {counts}"},
    "report.window": {"fr": "Du {start} au {end}", "en": "From {start} to {end}"},
    "report.brand_total": {
        "fr": "*{brand}* : {count} mention(s) {vs_previous}{vs_average}",
        "en": "*{brand}*: {count} mention(s) {vs_previous}{vs_average}",
    },
    "report.vs_previous": {"fr": "({change} par rapport à la veille", "en": "({change} on the day before"},
    "report.vs_previous_none": {"fr": "(aucune la veille", "en": "(none the day before"},
    "report.vs_average": {
        "fr": " ; {change} par rapport à la moyenne sur 7 jours, {average}/jour)",
        "en": "; {change} against the 7-day average of {average}/day)",
    },
    "report.vs_average_none": {
        "fr": " ; rien sur les 7 jours d'avant)",
        "en": "; none in the 7 days before)",
    },
    "report.tone_split": {
        "fr": "🟢 {positive} positive(s) ({positive_share}) · ⚪ {neutral} neutre(s) ({neutral_share})"
        " · 🔴 {negative} négative(s) ({negative_share})",
        "en": "🟢 {positive} positive ({positive_share}) · ⚪ {neutral} neutral ({neutral_share})"
        " · 🔴 {negative} negative ({negative_share})",
    },
    "report.top_sources": {"fr": "Principales sources : {sources}", "en": "Top sources: {sources}"},
    "report.top_positive": {"fr": "Les plus visibles, positives :", "en": "Most visible positive:"},
    "report.top_negative": {"fr": "Les plus visibles, négatives :", "en": "Most visible negative:"},
    "report.unhandled": {
        "fr": "🔴 {count} mention(s) négative(s) pas encore traitée(s) sur 7 jours",
        "en": "🔴 {count} negative mention(s) from the last 7 days not handled yet",
    },
    "report.failing": {
        "fr": "⚠️ Sources en échec : {sources} (`veille sources` donne le détail)",
        "en": "⚠️ Failing sources: {sources} (`veille sources` has the details)",
    },
    "report.nothing": {
        "fr": "☀️ Rien aujourd'hui : aucune mention de {brands} depuis hier.",
        "en": "☀️ Nothing today: no mention of {brands} since yesterday.",
    },
    "report.chart_title": {
        "fr": "Mentions par jour, 14 derniers jours",
        "en": "Mentions per day, last 14 days",
    },
    "report.chart_alt": {
        "fr": "Graphique en barres empilées des mentions par jour et par ton sur 14 jours. {details}",
        "en": "Stacked bar chart of mentions per day and tone over 14 days. {details}",
    },
    "report.chart_alt_brand": {
        "fr": "{brand} : {total} au total, {positive} positives, {neutral} neutres, {negative} négatives,"
        " {last} le dernier jour.",
        "en": "{brand}: {total} in all, {positive} positive, {neutral} neutral, {negative} negative,"
        " {last} on the last day.",
    },
    "report.weekly_title": {"fr": "🗓️ Semaine du {start} au {end}", "en": "🗓️ Week from {start} to {end}"},
    "report.weekly_fallback": {"fr": "Bilan de la semaine : {counts}", "en": "Weekly summary: {counts}"},
    "report.weekly_brand": {
        "fr": "*{brand}* : {count} mention(s) cette semaine, {previous} la semaine d'avant ({change})",
        "en": "*{brand}*: {count} mention(s) this week, {previous} the week before ({change})",
    },
    "report.share_title": {"fr": "*Part de voix*", "en": "*Share of voice*"},
    "report.share_line": {
        "fr": "{brand} : {share} (semaine d'avant : {previous})",
        "en": "{brand}: {share} (week before: {previous})",
    },
    "report.weekly_nothing": {
        "fr": "☀️ Semaine calme : aucune mention de {brands} ni cette semaine ni la précédente.",
        "en": "☀️ A quiet week: no mention of {brands} this week or the week before.",
    },
    "report.new": {"fr": "nouveau", "en": "new"},
    "spike.volume_title": {
        "fr": "📈 Pic de mentions pour {brand}",
        "en": "📈 Spike in mentions of {brand}",
    },
    "spike.volume_why": {
        "fr": "*{count}* mentions dans la dernière heure, contre {usual} d'habitude à cette heure-ci"
        " (×{ratio}).",
        "en": "*{count}* mentions in the last hour, against {usual} usually at this time (×{ratio}).",
    },
    "spike.negative_title": {
        "fr": "🔴 Les mentions négatives de {brand} s'envolent",
        "en": "🔴 Negative mentions of {brand} are jumping",
    },
    "spike.negative_why": {
        "fr": "*{share}* des mentions de la dernière heure sont négatives ({negative} sur {count}),"
        " contre {usual} d'habitude.",
        "en": "*{share}* of the last hour's mentions are negative ({negative} of {count}),"
        " against {usual} usually.",
    },
    "spike.terms": {"fr": "Termes : {terms}", "en": "Terms: {terms}"},
    "spike.sources": {"fr": "Sources : {sources}", "en": "Sources: {sources}"},
    "spike.see": {
        "fr": "Pour les voir : `/veille search {query}`",
        "en": "To see them: `/veille search {query}`",
    },
    "spike.fallback": {
        "fr": "{title} : {count} mentions en une heure",
        "en": "{title}: {count} mentions in an hour",
    },
    "usage.summary": {
        "fr": "summary [weekly] : le résumé du jour (ou de la semaine), maintenant",
        "en": "summary [weekly]: today's (or this week's) summary, now",
    },
    "summary.bad_argument": {
        "fr": "Je ne connais pas `{value}` : tapez `/veille summary` ou `/veille summary weekly`.",
        "en": "I don't know `{value}`: type `/veille summary` or `/veille summary weekly`.",
    },
    "usage.export": {
        "fr": "export [since:30d] : un fichier CSV des mentions (tous les champs, ton, état, assignation)",
        "en": "export [since:30d]: a CSV file of the mentions (all fields, tone, state, assignee)",
    },
    "export.bad_since": {
        "fr": "Je ne comprends pas `{value}` : écrivez une durée comme `since:7d`, `since:12h`"
        " ou `since:90d`.",
        "en": "I don't understand `{value}`: write a duration such as `since:7d`, `since:12h`"
        " or `since:90d`.",
    },
    "export.queued": {
        "fr": "📎 Export de {count} mention(s) depuis le {since} en préparation : le fichier CSV arrive"
        " dans ce canal dans un instant.",
        "en": "📎 Exporting {count} mention(s) since {since}: the CSV file arrives in this channel"
        " in a moment.",
    },
    "export.empty": {
        "fr": "Aucune mention depuis le {since} : rien à exporter.",
        "en": "No mention since {since}: nothing to export.",
    },
    "export.comment": {
        "fr": "📎 Export des mentions depuis le {since}, demandé par {user} ({count} ligne(s))",
        "en": "📎 Export of the mentions since {since}, asked by {user} ({count} row(s))",
    },
    "upload.here": {"fr": "cette conversation", "en": "this conversation"},
    "upload.export_failed": {
        "fr": "⚠️ Votre export ({title}) n'a pas pu être publié dans {where}. {why}",
        "en": "⚠️ Your export ({title}) could not be posted in {where}. {why}",
    },
    "upload.why.not_in_channel": {
        "fr": "Veille n'est pas membre de ce canal : invitez-le avec `/invite @Veille`, puis relancez"
        " `/veille export`.",
        "en": "Veille is not a member of this channel: invite it with `/invite @Veille`, then run"
        " `/veille export` again.",
    },
    "upload.why.unreachable": {
        "fr": "Veille ne peut pas écrire ici (un message privé, ou un canal privé où il n'est pas"
        " invité). Lancez `/veille export` dans un canal où Veille est présent, ou invitez-le avec"
        " `/invite @Veille`.",
        "en": "Veille cannot write there (a direct message, or a private channel it was not invited"
        " to). Run `/veille export` in a channel Veille is in, or invite it with `/invite @Veille`.",
    },
    "upload.why.is_archived": {
        "fr": "Ce canal est archivé : lancez `/veille export` dans un autre canal.",
        "en": "This channel is archived: run `/veille export` in another channel.",
    },
    "upload.why.too_large": {
        "fr": "Le fichier ({size}) est trop gros pour Slack : demandez une période plus courte, par"
        " exemple `/veille export since:7d`.",
        "en": "The file ({size}) is too large for Slack: ask for a shorter period, for example"
        " `/veille export since:7d`.",
    },
    "upload.why.refused": {
        "fr": "Slack a refusé le fichier (`{error}`) : un administrateur de Veille doit vérifier"
        " l'installation de l'app (droit `files:write`). Taille du fichier : {size}.",
        "en": "Slack refused the file (`{error}`): a Veille administrator needs to check the app's"
        " installation (the `files:write` scope). File size: {size}.",
    },
    "upload.chart_failed": {
        "fr": "⚠️ Le graphique du résumé ({title}) n'a pas pu être publié dans {where} : Slack a"
        " répondu `{error}`. Le texte du résumé, lui, est bien publié. Vérifiez que Veille est"
        " membre du canal et que l'app a le droit `files:write`.",
        "en": "⚠️ The summary's chart ({title}) could not be posted in {where}: Slack answered"
        " `{error}`. The summary text itself was posted. Check that Veille is a member of the"
        " channel and that the app has the `files:write` scope.",
    },
    # -- tone (issue 7): add their strings below this line --
    "tone.section": {"fr": "Ton", "en": "Tone"},
    "tone.low_confidence": {
        "fr": "confiance faible ({percent})",
        "en": "low confidence ({percent})",
    },
    "tone_report.none": {
        "fr": "Aucune correction de ton pour l'instant : corrigez un ton depuis une alerte (menu Ton)"
        " et il apparaîtra ici.",
        "en": "No tone corrections yet: correct a tone from an alert (the Tone menu) and it will show here.",
    },
    "tone_report.title": {
        "fr": "Corrections de ton faites dans Slack : {count}",
        "en": "Tone corrections made in Slack: {count}",
    },
    "tone_report.then": {
        "fr": "L'analyseur d'alors était d'accord avec l'équipe sur {right} sur {total}.",
        "en": "The analyzer at the time agreed with the team on {right} of {total}.",
    },
    "tone_report.now": {
        "fr": "L'analyseur d'aujourd'hui (avec vos poids de termes) est d'accord sur {right} sur {total}"
        " ({percent}, F1 macro {f1}).",
        "en": "Today's analyzer (with your term weights) agrees on {right} of {total}"
        " ({percent}, macro-F1 {f1}).",
    },
    "tone_report.confidence": {
        "fr": "Marqués « confiance faible » : {unsure} (justes : {unsure_right}) ;"
        " les autres : {sure} (justes : {sure_right}).",
        "en": "Marked low confidence: {unsure} (right: {unsure_right});"
        " the others: {sure} (right: {sure_right}).",
    },
    "tone_report.confusion": {
        "fr": "Ce que l'analyseur avait dit → ce que l'équipe a choisi :",
        "en": "What the analyzer said → what the team chose:",
    },
    "tone_report.per_class": {
        "fr": "Analyseur d'aujourd'hui, par ton choisi par l'équipe :",
        "en": "Today's analyzer, per tone the team chose:",
    },
    "tone_report.class_line": {
        "fr": "précision {precision}, rappel {recall} ({support} corrections)",
        "en": "precision {precision}, recall {recall} ({support} corrections)",
    },
    "tone_report.still_wrong": {
        "fr": "Encore en désaccord ({count}) : ajoutez des poids de termes dans [tone.terms].",
        "en": "Still in disagreement ({count}): add term weights in [tone.terms].",
    },
    "tone_report.wrong_line": {
        "fr": "{brand} · « {title} » : équipe {team}, analyseur {analyzer} ({user}, {when})",
        "en": "{brand} · “{title}”: team {team}, analyzer {analyzer} ({user}, {when})",
    },
}

_MONTHS: dict[Lang, tuple[str, ...]] = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def lang_for_locale(locale: object, default: Lang) -> Lang:
    """The bot's language for a Slack user locale ("fr-FR", "en-US"…), else the default."""
    if isinstance(locale, str):
        prefix = locale.lower()[:2]
        if prefix == "fr":
            return "fr"
        if prefix == "en":
            return "en"
    return default


def t(key: str, lang: Lang, **values: object) -> str:
    template = CATALOGUE[key][lang]
    return template.format(**values) if values else template


def format_when(moment: datetime, timezone: str, lang: Lang) -> str:
    """A date and time in the team's time zone: "22 nov. 2026 à 14:03" / "22 Nov 2026, 14:03"."""
    local = moment.astimezone(ZoneInfo(timezone))
    month = _MONTHS[lang][local.month - 1]
    if lang == "fr":
        return f"{local.day} {month} {local.year} à {local:%H:%M}"
    return f"{local.day} {month} {local.year}, {local:%H:%M}"
