"""The strings of the /veille subcommands: help, usage lines, search, stats, sources, brands,
summary, export and its upload.
"""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
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
    "command.bad_argument": {"fr": "{problem}\nUsage : {usage}", "en": "{problem}\nUsage: {usage}"},
    "command.usage_line": {"fr": "`/veille {syntax}` : {what}", "en": "`/veille {syntax}`: {what}"},
    "command.failed": {
        "fr": "Désolé, cette commande a échoué. L'erreur est dans le journal de Veille.",
        "en": "Sorry, this command failed. The error is in Veille's log.",
    },
    "command.busy": {
        "fr": "Veille est très occupée en ce moment et n'a pas pu traiter cette demande ; réessayez dans"
        " une minute.",
        "en": "Veille is very busy right now and could not handle this request; try again in a minute.",
    },
    "home.busy": {
        "fr": "Veille est très occupée en ce moment ; rouvrez cet onglet dans une minute.",
        "en": "Veille is very busy right now; open this tab again in a minute.",
    },
    "source.adapter_ready": {"fr": "prête", "en": "ready"},
    "sources.note_quota": {"fr": "quota {remaining}/{total}", "en": "quota {remaining}/{total}"},
    "sources.note_rate_left": {
        "fr": "{count} {count:plural:recherche restante|recherches restantes} dans la fenêtre",
        "en": "{count} {count:plural:search|searches} left in this window",
    },
    "sources.note_rate_reset": {
        "fr": "fenêtre renouvelée à {time:%H:%M} UTC",
        "en": "window resets at {time:%H:%M} UTC",
    },
    "sources.note_posts_read": {
        "fr": "{count} {count:plural:post lu|posts lus} depuis le {since}",
        "en": "{count} {count:plural:post|posts} read since {since}",
    },
    "sources.note_posts_cap": {
        "fr": "{count}/{cap} posts lus depuis le {since}",
        "en": "{count}/{cap} posts read since {since}",
    },
    "sources.note_units": {
        "fr": "{used}/{total} unités de quota utilisées le {day} (heure du Pacifique, remises à zéro"
        " à minuit)",
        "en": "{used}/{total} quota units used on {day} (Pacific time, reset at midnight)",
    },
    "sources.note_search_refused": {
        "fr": "{host} refuse la recherche de statuts (HTTP {status})",
        "en": "{host} refuses status search (HTTP {status})",
    },
    "sources.note_stream": {
        "fr": "flux connecté à {host}, {rate} {rate:plural:évènement|évènements}/s",
        "en": "stream connected to {host}, {rate} {rate:plural:event|events}/s",
    },
    "sources.note_stream_lag": {
        "fr": "flux connecté à {host}, {rate} {rate:plural:évènement|évènements}/s, {lag} s de retard",
        "en": "stream connected to {host}, {rate} {rate:plural:event|events}/s, {lag} s behind",
    },
    "sources.note_stream_down": {
        "fr": "flux déconnecté depuis {since:%H:%M:%S} UTC (dernier essai : {host})",
        "en": "stream disconnected since {since:%H:%M:%S} UTC (last tried: {host})",
    },
    "sources.note_host_failing": {"fr": "{host} en échec : {error}", "en": "{host} failing: {error}"},
    "sources.note_backlog": {
        "fr": "rattrape une rafale : {count} {count:plural:tranche|tranches} encore à lire",
        "en": "catching up on a burst: {count} {count:plural:stretch|stretches} still to read",
    },
    "sources.note_wait": {
        "fr": "l'API demande d'attendre jusqu'à {until}",
        "en": "API asked to wait until {until}",
    },
    "address.rule.metadata": {
        "fr": "une adresse de service de métadonnées cloud",
        "en": "a cloud metadata address",
    },
    "address.rule.loopback": {
        "fr": "une adresse de bouclage (cette machine)",
        "en": "a loopback address (this machine)",
    },
    "address.rule.unspecified": {
        "fr": "l'adresse non spécifiée (0.0.0.0 ou ::)",
        "en": "the unspecified address (0.0.0.0 or ::)",
    },
    "address.rule.link_local": {
        "fr": "une adresse lien-local (169.254.0.0/16, fe80::/10)",
        "en": "a link-local address (169.254.0.0/16, fe80::/10)",
    },
    "address.rule.multicast": {"fr": "une adresse multicast", "en": "a multicast address"},
    "address.rule.cgnat": {
        "fr": "une adresse de NAT d'opérateur (100.64.0.0/10)",
        "en": "a carrier-grade NAT address (100.64.0.0/10)",
    },
    "address.rule.unique_local": {
        "fr": "une adresse IPv6 locale unique (fc00::/7)",
        "en": "a unique-local IPv6 address (fc00::/7)",
    },
    "address.rule.private": {"fr": "une adresse privée (RFC 1918)", "en": "a private address (RFC 1918)"},
    "address.rule.reserved": {
        "fr": "une adresse réservée (non routée sur Internet)",
        "en": "a reserved address (not routed on the Internet)",
    },
    "address.rule.local_name": {
        "fr": "un nom de cette machine ou de son service de métadonnées",
        "en": "a name for this machine or its metadata service",
    },
    "address.rule.unix_socket": {
        "fr": "un socket Unix, pas une adresse web",
        "en": "a Unix socket, not a web address",
    },
    "address.is": {"fr": "{host} est {rule}", "en": "{host} is {rule}"},
    "address.spells": {
        "fr": "{host} désigne {address}, {rule}",
        "en": "{host} means {address}, {rule}",
    },
    "address.resolves": {
        "fr": "{host} pointe vers {address}, {rule}",
        "en": "{host} resolves to {address}, {rule}",
    },
    "address.allow_hint": {
        "fr": "pour l'autoriser : [veille] allow_private_addresses",
        "en": "allow it with [veille] allow_private_addresses",
    },
    "check.address_refused": {
        "fr": 'source "{source}" ({url}) : {refusal} ; {hint}',
        "en": 'source "{source}" ({url}): {refusal}; {hint}',
    },
    "check.addresses_refused": {
        "fr": "Adresses refusées ({count}) : Veille ne démarrera pas ainsi.",
        "en": "Refused addresses ({count}): Veille will not start like this.",
    },
    "check.not_started": {
        "fr": "Veille ne démarre pas : {count} {count:plural:source vise|sources visent} une adresse"
        " refusée.",
        "en": "Veille does not start: {count} {count:plural:source points|sources point} to a refused"
        " address.",
    },
    "usage.test": {
        "fr": "test REQUÊTE : combien d'éléments des 30 derniers jours la requête trouverait,"
        " et cinq exemples",
        "en": "test QUERY: how many items of the last 30 days the query would find, and five examples",
    },
    "usage.status": {
        "fr": "status : si Veille fonctionne (base de données, relevés, envoi des alertes, Slack)",
        "en": "status: whether Veille works (database, polls, outbox, Slack)",
    },
    "usage.mute": {
        "fr": "mute author:NOM | site:DOMAINE | word:MOT [brand:MARQUE] : masquer un auteur ou un site,"
        " exclure un mot",
        "en": "mute author:NAME | site:DOMAIN | word:WORD [brand:BRAND]: mute an author or a site,"
        " exclude a word",
    },
    "usage.mutes": {
        "fr": "mutes : les auteurs, sites et mots masqués depuis Slack",
        "en": "mutes: the authors, sites and words muted from Slack",
    },
    "usage.unmute": {
        "fr": "unmute author:NOM | site:DOMAINE | word:MOT | NUMÉRO : rétablir",
        "en": "unmute author:NAME | site:DOMAIN | word:WORD | NUMBER: undo a mute",
    },
    "usage.search": {
        "fr": "search MOTS [since:7d] [tone:neg] [source:reddit] [brand:Marque] [open:unassigned] : chercher"
        " dans l'historique et les sources en direct",
        "en": "search WORDS [since:7d] [tone:neg] [source:reddit] [brand:Brand] [open:unassigned]: search the"
        " history and the live sources",
    },
    "usage.stats": {
        "fr": "stats [7d] : mentions par marque et ton, et par source",
        "en": "stats [7d]: mentions by brand and tone, and by source",
    },
    "usage.sources": {
        "fr": "sources [NOM | TYPE] : l'état de chaque source (ou d'une, ou d'un type)",
        "en": "sources [NAME | TYPE]: each source's health (or one's, or one type's)",
    },
    "usage.brands": {
        "fr": "brands [MARQUE] : les marques surveillées (ou une)",
        "en": "brands [BRAND]: the brands watched (or one)",
    },
    "search.empty_filter": {
        "fr": "Le filtre `{name}:` n'a pas de valeur : écrivez par exemple `{name}:{example}`.",
        "en": "The filter `{name}:` has no value: write for example `{name}:{example}`.",
    },
    "lookback.zero": {
        "fr": "`since:{value}` ne couvre aucune durée : donnez-en une de plus de zéro, comme `since:24h`"
        " ou `since:7j`.",
        "en": "`since:{value}` covers no time at all: give a period above zero, such as `since:24h` or"
        " `since:7d`.",
    },
    "search.filter_twice": {
        "fr": "Le filtre `{name}:` est donné deux fois (`{first}` et `{second}`) : une recherche n'en"
        " prend qu'un.",
        "en": "The filter `{name}:` is given twice (`{first}` and `{second}`): a search takes one.",
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
    "search.bad_open": {
        "fr": "« open:{value} » : écrivez `open:unassigned` (ouvertes, sans responsable).",
        "en": "“open:{value}”: write `open:unassigned` (open, assigned to nobody).",
    },
    "search.query_field": {
        "fr": "`{name}:` sert dans la requête d'une marque, pas dans une recherche : cherchez des mots,"
        " puis filtrez avec `source:`, `brand:`, `since:`, `tone:` ou `open:`.",
        "en": "`{name}:` belongs in a brand's query, not in a search: search for words, then filter"
        " with `source:`, `brand:`, `since:`, `tone:` or `open:`.",
    },
    "search.date_operator": {
        "fr": "`{name}:` n'est pas un filtre de `/veille search` : pour une période, écrivez `since:` et"
        " une durée, comme `since:7j` ou `since:24h`.",
        "en": "`{name}:` is not a `/veille search` filter: for a period, write `since:` and a length of"
        " time, such as `since:7d` or `since:24h`.",
    },
    "search.other_operator": {
        "fr": "`{name}:` n'est pas un filtre de `/veille search` : filtrez avec `source:`, `brand:`,"
        " `since:`, `tone:` ou `open:`. Pour chercher ces caractères tels quels, écrivez-les entre"
        " guillemets : `{token}`.",
        "en": "`{name}:` is not a `/veille search` filter: filter with `source:`, `brand:`, `since:`,"
        " `tone:` or `open:`. To search for these characters as they are, write them in quotes: `{token}`.",
    },
    "search.unknown_brand": {
        "fr": "Aucune marque surveillée ne s'appelle `{value}` : essayez {known}.",
        "en": "No brand watched is called `{value}`: try {known}.",
    },
    "search.unknown_source": {
        "fr": "Aucune source configurée ne s'appelle `{value}` : essayez {known}, ou un type de source"
        " (`source:rss`, `source:reddit`…).",
        "en": "No configured source is called `{value}`: try {known}, or a type of source (`source:rss`,"
        " `source:reddit`…).",
    },
    "search.nothing": {
        "fr": "Que faut-il chercher ? Écrivez des mots, par exemple `/veille search panne since:7d`.",
        "en": "What should I look for? Type some words, for example `/veille search outage since:7d`.",
    },
    "search.heading": {
        "fr": "🔎 `{query}` : résultats {first}–{last} sur {total}",
        "en": "🔎 `{query}`: results {first}–{last} of {total}",
    },
    "search.none": {
        "fr": "🔎 `{query}` : rien dans l'historique.",
        "en": "🔎 `{query}`: nothing in the history.",
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
    # The newest items could not be added to the full-text index before the search (SQLite busy).
    "search.unsearched": {
        "fr": "⚠️ {count} {count:plural:élément|éléments} parmi les plus récents"
        " {count:plural:n'a|n'ont} pas encore pu être {count:plural:cherché|cherchés} : la base était"
        " occupée. Relancez la recherche dans un instant.",
        "en": "⚠️ {count} {count:plural:item|items} among the newest could not be searched yet: the"
        " database was busy. Run the search again in a moment.",
    },
    "search.share": {"fr": "Partager dans le canal", "en": "Share in channel"},
    "search.expired": {
        "fr": "Cette recherche a expiré : relancez `/veille search …`.",
        "en": "This search has expired: run `/veille search …` again.",
    },
    "stats.one_period": {
        "fr": "`/veille stats` ne prend qu'une période (`7d`, `24h`…) : `{rest}` n'est pas lu. Pour une"
        " marque ou des mots, essayez `/veille search`.",
        "en": "`/veille stats` takes a period only (`7d`, `24h`…): `{rest}` is not read. For a brand or"
        " words, try `/veille search`.",
    },
    "stats.bad_period": {
        "fr": "Je ne comprends pas la période `{value}` : écrivez `24h`, `7d` ou `30d`.",
        "en": "I don't understand the period `{value}`: write `24h`, `7d` or `30d`.",
    },
    "stats.heading": {
        "fr": "📊 *{total} {total:plural:mention|mentions}* depuis {since}",
        "en": "📊 *{total} {total:plural:mention|mentions}* since {since}",
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
    "sources.unknown": {
        "fr": "Aucune source ni aucun type de source ne s'appelle `{value}` : essayez {known}, ou"
        " `/veille sources` pour toutes.",
        "en": "No source nor source type is called `{value}`: try {known}, or `/veille sources` for"
        " all of them.",
    },
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
    "sources.rate_limited_once": {"fr": "limitée par le serveur", "en": "rate limited by the server"},
    "sources.rate_limited": {
        "fr": "limitée par le serveur, {count} fois de suite",
        "en": "rate limited by the server, {count} {count:plural:time|times} in a row",
    },
    "sources.next_try": {"fr": " ; prochain essai à {until}", "en": "; next try at {until}"},
    "sources.backing_off": {"fr": " (attente doublée à chaque échec)", "en": " (backing off)"},
    "brands.heading": {"fr": "*Marques surveillées* ({count})", "en": "*Brands watched* ({count})"},
    "brands.unknown": {
        "fr": "Aucune marque surveillée ne s'appelle `{value}` : essayez {known}, ou `/veille brands`"
        " pour toutes.",
        "en": "No brand watched is called `{value}`: try {known}, or `/veille brands` for all of them.",
    },
    "brands.line": {"fr": "• *{brand}* → {channel}", "en": "• *{brand}* → {channel}"},
    "brands.terms": {"fr": "termes : {terms}", "en": "terms: {terms}"},
    "brands.query": {"fr": "requête : `{query}`", "en": "query: `{query}`"},
    "brands.context": {
        "fr": "avec l'un de {terms} à {window} {window:plural:mot|mots} au plus",
        "en": "with one of {terms} within {window} {window:plural:word|words}",
    },
    "brands.exclude": {"fr": "exclus : {terms}", "en": "excluded: {terms}"},
    "brands.mutes": {
        "fr": "Masquages actifs : {count} (`/veille mutes`)",
        "en": "Active mutes: {count} (`/veille mutes`)",
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
        "fr": "📎 Export de {count} {count:plural:mention|mentions} depuis le {since} en préparation : le"
        " fichier CSV arrive"
        " dans ce canal dans un instant.",
        "en": "📎 Exporting {count} {count:plural:mention|mentions} since {since}: the CSV file arrives in"
        " this channel"
        " in a moment.",
    },
    "export.empty": {
        "fr": "Aucune mention depuis le {since} : rien à exporter.",
        "en": "No mention since {since}: nothing to export.",
    },
    "export.comment": {
        "fr": "📎 Export des mentions depuis le {since}, demandé par {user} ({count}"
        " {count:plural:ligne|lignes})",
        "en": "📎 Export of the mentions since {since}, asked by {user} ({count} {count:plural:row|rows})",
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
}
