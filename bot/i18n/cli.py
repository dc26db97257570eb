"""The strings of the `veille` command line: help pages, `check`, `sources check`, `export`,
`test-query`, `init` and its errors."""

from __future__ import annotations

from veille.i18n.lang import Lang

HELP: dict[str, dict[Lang, str]] = {
    "cli.description": {
        "fr": "Veille : la veille de marque dans Slack. Les nouvelles mentions de vos marques, avec leur"
        " ton.",
        "en": "Veille: brand monitoring in Slack. New mentions of your brands, with their tone.",
    },
    "cli.usage": {"fr": "utilisation : ", "en": "usage: "},
    "cli.error": {"fr": "erreur : {message}", "en": "error: {message}"},
    "cli.argparse.unrecognized": {
        "fr": "arguments non reconnus : {args}",
        "en": "unrecognized arguments: {args}",
    },
    "cli.argparse.required": {
        "fr": "arguments obligatoires manquants : {args}",
        "en": "the following arguments are required: {args}",
    },
    "cli.argparse.choice": {
        "fr": "argument {argument} : choix invalide : {value} (au choix : {choices})",
        "en": "argument {argument}: invalid choice: {value} (choose from {choices})",
    },
    "cli.argparse.one_value": {
        "fr": "argument {argument} : une valeur attendue",
        "en": "argument {argument}: expected one argument",
    },
    "cli.argparse.invalid": {
        "fr": "argument {argument} : valeur invalide : {value}",
        "en": "argument {argument}: invalid value: {value}",
    },
    "cli.argparse.ambiguous": {
        "fr": "option ambiguë : {option} peut désigner {matches}",
        "en": "ambiguous option: {option} could match {matches}",
    },
    "cli.section.commands": {"fr": "commandes", "en": "commands"},
    "cli.section.arguments": {"fr": "arguments", "en": "arguments"},
    "cli.section.options": {"fr": "options", "en": "options"},
    "cli.section.examples": {"fr": "exemples :", "en": "examples:"},
    "cli.more_help": {
        "fr": "`veille COMMANDE --help` décrit une commande. Les options -c et -v s'écrivent avant ou"
        " après la commande.",
        "en": "`veille COMMAND --help` describes a command. Options -c and -v go before or after the"
        " command.",
    },
    "cli.opt.help": {"fr": "afficher cette aide et quitter", "en": "show this help and exit"},
    "cli.opt.version": {"fr": "afficher la version et quitter", "en": "show the version and exit"},
    "cli.opt.config": {
        "fr": "fichier de configuration (par défaut : $VEILLE_CONFIG, puis ./config.toml)",
        "en": "configuration file (default: $VEILLE_CONFIG, then ./config.toml)",
    },
    "cli.opt.verbose": {"fr": "journaliser les détails de débogage", "en": "log debug details"},
    "cli.cmd.run": {
        "fr": "démarrer le bot (mode console sans jetons Slack)",
        "en": "start the bot (console mode without Slack tokens)",
    },
    "cli.cmd.run.examples": {
        "fr": "veille run -c config.toml\nSLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… veille run",
        "en": "veille run -c config.toml\nSLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… veille run",
    },
    "cli.cmd.init": {
        "fr": "écrire un config.toml commenté à compléter (n'écrase jamais un fichier)",
        "en": "write a commented config.toml to fill in (never overwrites a file)",
    },
    "cli.cmd.init.examples": {
        "fr": "veille init\nveille init /etc/veille/config.toml --language en",
        "en": "veille init\nveille init /etc/veille/config.toml --language fr",
    },
    "cli.cmd.check": {
        "fr": "valider la configuration et afficher ce qui a été compris",
        "en": "validate the configuration and print what was understood",
    },
    "cli.cmd.check.examples": {
        "fr": "veille check\nveille check -c /etc/veille/config.toml",
        "en": "veille check\nveille check -c /etc/veille/config.toml",
    },
    "cli.cmd.status": {
        "fr": "l'état du bot : base de données, planificateur, sources, file d'envoi, Slack",
        "en": "whether the bot is ready: database, scheduler, sources, outbox, Slack",
    },
    "cli.cmd.status.examples": {
        "fr": "veille status\nveille status -c /etc/veille/config.toml",
        "en": "veille status\nveille status -c /etc/veille/config.toml",
    },
    "cli.cmd.sources": {
        "fr": "la santé de chaque source ; `sources check` les essaie toutes en direct",
        "en": "each source's health; `sources check` tries each one live",
    },
    "cli.cmd.sources.examples": {
        "fr": "veille sources\nveille sources check",
        "en": "veille sources\nveille sources check",
    },
    "cli.arg.sources_action": {
        "fr": "lire chaque source une fois, maintenant (rien n'est enregistré)",
        "en": "fetch every source once, now (nothing is stored)",
    },
    "cli.cmd.export": {
        "fr": "écrire les mentions en CSV (ton, état, responsable…)",
        "en": "write the mentions as CSV (tone, state, assignee…)",
    },
    "cli.cmd.export.examples": {
        "fr": "veille export --since 7d -o mentions.csv\nveille export --since 90d > trimestre.csv",
        "en": "veille export --since 7d -o mentions.csv\nveille export --since 90d > quarter.csv",
    },
    "cli.arg.since": {
        "fr": "jusqu'où remonter : 7d, 12h, 90d… (par défaut : 30d)",
        "en": "how far back: 7d, 12h, 90d… (default: 30d)",
    },
    "cli.arg.output": {
        "fr": "fichier CSV à écrire (par défaut : la sortie standard)",
        "en": "CSV file to write (default: standard output)",
    },
    "cli.cmd.summary": {
        "fr": "afficher le résumé du jour (ou de la semaine avec --weekly) maintenant",
        "en": "print the daily (or --weekly) summary now",
    },
    "cli.cmd.summary.examples": {
        "fr": "veille summary\nveille summary --weekly",
        "en": "veille summary\nveille summary --weekly",
    },
    "cli.arg.weekly": {
        "fr": "les 7 derniers jours comparés aux 7 précédents",
        "en": "the last 7 days against the 7 before",
    },
    "cli.cmd.test_query": {
        "fr": "ce qu'une requête trouverait parmi les éléments des 30 derniers jours (rien n'est enregistré)",
        "en": "what a query would find among the items of the last 30 days (nothing is saved)",
    },
    "cli.cmd.test_query.examples": {
        "fr": "veille test-query 'orange (forfait OR fibre) -recette'\nveille test-query --brand Viadeo"
        " --days 7",
        "en": "veille test-query 'orange (plan OR fibre) -recipe'\nveille test-query --brand Viadeo --days 7",
    },
    "cli.arg.query": {
        "fr": "la requête (par défaut : celle de la marque de --brand)",
        "en": "the query (default: the --brand's configured one)",
    },
    "cli.arg.brand": {
        "fr": "essayer la requête de cette marque, avec ses mots de contexte et d'exclusion",
        "en": "test this brand's query with its context and exclude words",
    },
    "cli.arg.days": {
        "fr": "combien de jours remonter (par défaut : 30)",
        "en": "how far back to look, in days (default: 30)",
    },
    "cli.cmd.tone_report": {
        "fr": "comment la détection du ton s'en sort face aux corrections de ton faites dans Slack",
        "en": "how the tone check fares against the tone corrections made in Slack",
    },
    "cli.cmd.tone_report.examples": {"fr": "veille tone-report", "en": "veille tone-report"},
    "cli.cmd.db": {
        "fr": "le schéma de la base : `db current` (sa révision), `db upgrade` (la mettre à jour)",
        "en": "the database schema: `db current` (its revision), `db upgrade`",
    },
    "cli.cmd.db.examples": {
        "fr": "veille db current\nVEILLE_DATABASE_URL=postgresql://veille@db/veille veille db upgrade",
        "en": "veille db current\nVEILLE_DATABASE_URL=postgresql://veille@db/veille veille db upgrade",
    },
    "cli.arg.db_action": {
        "fr": "afficher la révision, ou mettre le schéma à jour",
        "en": "show the revision, or upgrade the schema",
    },
    "cli.cmd.manifest": {
        "fr": "afficher le manifeste de l'app Slack (YAML)",
        "en": "print the Slack app manifest (YAML)",
    },
    "cli.cmd.manifest.examples": {
        "fr": "veille manifest > manifest.yml\nveille manifest --http-url https://veille.example.fr/slack/events",
        "en": "veille manifest > manifest.yml\nveille manifest --http-url https://veille.example.com/slack/events",
    },
    "cli.arg.name": {"fr": "le nom affiché de l'app", "en": "the app's display name"},
    "cli.arg.http_url": {
        "fr": "URL publique de /slack/events pour le mode HTTP (par défaut : Socket Mode, sans URL)",
        "en": "public URL of /slack/events for HTTP mode (default: Socket Mode, no URL needed)",
    },
    "cli.arg.init_path": {
        "fr": "où écrire le fichier (par défaut : ./config.toml)",
        "en": "where to write the file (default: ./config.toml)",
    },
    "cli.arg.init_language": {
        "fr": "langue des messages du bot (par défaut : la langue de ce terminal)",
        "en": "language of the bot's messages (default: this terminal's language)",
    },
    "cli.no_command": {
        "fr": "Donnez une commande : `veille run` démarre le bot.",
        "en": "Give a command: `veille run` starts the bot.",
    },
}

OUTPUT: dict[str, dict[Lang, str]] = {
    "cli.config_error": {
        "fr": "erreur de configuration : {error:fr}",
        "en": "configuration error: {error:en}",
    },
    "cli.check.file": {"fr": "Configuration : {path}", "en": "Configuration: {path}"},
    "cli.check.language": {
        "fr": "  langue : {language}   fuseau horaire : {timezone}",
        "en": "  language: {language}   timezone: {timezone}",
    },
    "cli.check.database": {"fr": "  base de données : {url}", "en": "  database: {url}"},
    "cli.check.interval": {
        "fr": "  intervalle de lecture par défaut : {interval} (variation {jitter})",
        "en": "  default poll interval: {interval} (jitter {jitter})",
    },
    "cli.check.backlog": {
        "fr": "  première lecture d'une nouvelle source, alertes : {backlog}",
        "en": "  first poll of a new source alerts: {backlog}",
    },
    "cli.check.private": {"fr": "  adresses privées : {policy}", "en": "  private addresses: {policy}"},
    "cli.check.tone": {
        "fr": "  ton : positif ≥ {positive}, négatif ≤ {negative}",
        "en": "  tone: positive ≥ {positive}, negative ≤ {negative}",
    },
    "cli.check.tone_terms": {
        "fr": ", {count} {count:plural:mot pondéré|mots pondérés}",
        "en": ", weights for {count} {count:plural:term|terms}",
    },
    "cli.check.brands": {"fr": "Marques ({count}) :", "en": "Brands ({count}):"},
    "cli.check.query": {"fr": "      requête : {query}", "en": "      query: {query}"},
    "cli.check.terms": {"fr": "      termes : {terms}", "en": "      terms: {terms}"},
    "cli.check.context": {
        "fr": "      contexte (à {window} mots au plus) : {words}",
        "en": "      context (within {window} words): {words}",
    },
    "cli.check.exclude": {"fr": "      exclus : {words}", "en": "      exclude: {words}"},
    "cli.check.sources": {"fr": "Sources ({count}) :", "en": "Sources ({count}):"},
    "cli.check.secret_missing": {
        "fr": "⚠ à définir dans l'environnement, sans quoi cette source échoue : {names}",
        "en": "⚠ set in the environment, or this source fails: {names}",
    },
    "cli.check.source": {
        "fr": "  - {source} [{type}] toutes les {interval}, première lecture : {backlog}",
        "en": "  - {source} [{type}] every {interval}, first poll: {backlog}",
    },
    "cli.check.backlog_all": {"fr": "tous les éléments trouvés", "en": "every matching item"},
    "cli.check.backlog_since_start": {
        "fr": "seulement les éléments publiés après le démarrage",
        "en": "only items published after the start",
    },
    "cli.check.backlog_newest": {
        "fr": "{count} {count:plural:élément trouvé|éléments trouvés} au plus, les plus récents",
        "en": "the newest {count} {count:plural:item|items} that match",
    },
    "cli.check.private_all": {
        "fr": "toutes permises (allow_private_addresses = true)",
        "en": "all allowed (allow_private_addresses = true)",
    },
    "cli.check.private_except": {"fr": "refusées, sauf {allowed}", "en": "refused, except {allowed}"},
    "cli.check.private_refused": {
        "fr": "refusées (les noms sont vérifiés à la connexion, après le DNS)",
        "en": "refused (names are checked when connecting, after DNS)",
    },
    "cli.check.slack": {"fr": "Slack : {mode}", "en": "Slack: {mode}"},
    "cli.check.mode_console": {
        "fr": "console (pas de SLACK_BOT_TOKEN : les alertes s'affichent dans le terminal)",
        "en": "console (no SLACK_BOT_TOKEN: alerts print to the terminal)",
    },
    "cli.check.mode_socket": {
        "fr": "Socket Mode (SLACK_APP_TOKEN défini)",
        "en": "Socket Mode (SLACK_APP_TOKEN set)",
    },
    "cli.check.mode_http": {
        "fr": "mode HTTP sur le port {port} (/slack/events)",
        "en": "HTTP mode on port {port} (/slack/events)",
    },
    "cli.check.mode_incomplete": {
        "fr": "incomplet : définissez SLACK_APP_TOKEN (Socket Mode) ou SLACK_SIGNING_SECRET (mode HTTP)",
        "en": "incomplete: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)",
    },
    "cli.check.reports": {
        "fr": "Résumés : quotidien à {daily}, hebdomadaire {weekly} ({timezone} ; graphique {chart})",
        "en": "Reports: daily summary at {daily}, weekly {weekly} ({timezone}; chart {chart})",
    },
    "cli.check.spikes": {
        "fr": "Alertes de pic : {state}, sensibilité {sensitivity}, au moins {volume} par heure,"
        " pause {cooldown}",
        "en": "Spike alerts: {state}, {sensitivity} sensitivity, at least {volume} an hour,"
        " cooldown {cooldown}",
    },
    "cli.on": {"fr": "activé", "en": "on"},
    "cli.off": {"fr": "désactivé", "en": "off"},
    "cli.check.ok": {"fr": "OK", "en": "OK"},
    "cli.sources.columns": {
        "fr": "source|type|résultat|durée|détail",
        "en": "source|type|result|time|detail",
    },
    "cli.sources.ok": {"fr": "✅ ok", "en": "✅ ok"},
    "cli.sources.failed": {"fr": "❌ échec", "en": "❌ failed"},
    "cli.sources.items": {
        "fr": "{count} {count:plural:élément|éléments}",
        "en": "{count} {count:plural:item|items}",
    },
    "cli.sources.total": {
        "fr": "{ok} ok, {failed} en échec",
        "en": "{ok} ok, {failed} failed",
    },
    "cli.export.zero_since": {
        "fr": "--since {value} : une durée de zéro ne couvre rien ; donnez-en une de plus de zéro, comme"
        " 24h ou 7d",
        "en": "--since {value}: a period of zero covers nothing; give one above zero, such as 24h or 7d",
    },
    "cli.export.bad_since": {
        "fr": "--since {value} : écrivez une durée comme 24h, 7d, 2w ou 90 (jours)",
        "en": "--since {value}: write a period like 24h, 7d, 2w or 90 (days)",
    },
    "cli.export.written": {
        "fr": "{count} {count:plural:mention écrite|mentions écrites} dans {path}",
        "en": "{count} {count:plural:mention|mentions} written to {path}",
    },
    "cli.cannot_write": {
        "fr": "impossible d'écrire {path} : {reason}",
        "en": "cannot write {path}: {reason}",
    },
    "cli.query.no_brand": {
        "fr": "aucune marque ne s'appelle {name} (configurées : {names})",
        "en": "no brand named {name} (configured: {names})",
    },
    "cli.query.missing": {
        "fr": "donnez une requête, ou --brand NOM pour essayer celle d'une marque",
        "en": "give a query, or --brand NAME to test a brand's own",
    },
    "cli.query.result": {
        "fr": "{matched} {matched:plural:élément correspond|éléments correspondent} à {query}, sur"
        " {scanned} {scanned:plural:reçu|reçus} {days:plural:depuis hier|ces {days} derniers jours}",
        "en": "{matched} of {scanned} {scanned:plural:item|items} of the"
        " {days:plural:last day|last {days} days} {matched:plural:matches|match} {query}",
    },
    "cli.init.written": {
        "fr": "{path} écrit : une configuration commentée. Nommez vos marques et vos sources, puis"
        " `veille check -c {path}`.",
        "en": "Wrote {path}: a commented configuration. Name your brands and sources, then"
        " `veille check -c {path}`.",
    },
    "cli.init.exists": {
        "fr": "{path} existe déjà : il n'est pas écrasé. Choisissez un autre chemin, ou supprimez-le"
        " d'abord.",
        "en": "{path} already exists: it is not overwritten. Choose another path, or remove it first.",
    },
}

# Problems in the configuration file, said in the user's language (veille.config.hosts).
CONFIG: dict[str, dict[Lang, str]] = {
    "config.hosts.table": {
        "fr": "chaque hôte s'écrit dans une table [[hosts]] avec name, rate et burst",
        "en": "each host is written as a [[hosts]] table with name, rate and burst",
    },
    "config.hosts.unknown_key": {
        "fr": "clé inconnue « {found} » : une table [[hosts]] n'a que name, rate et burst",
        "en": 'unknown key "{found}": a [[hosts]] table takes only name, rate and burst',
    },
    "config.hosts.name_missing": {
        "fr": 'il manque le nom de l\'hôte : name = "blog.example.com"',
        "en": 'the host\'s name is missing: name = "blog.example.com"',
    },
    "config.hosts.name": {
        "fr": "{value} n'est pas un nom d'hôte : écrivez le nom seul, sans https:// ni port ni chemin,"
        ' comme "blog.example.com", ou "*.example.com" pour tous les hôtes de ce domaine',
        "en": "{value} is not a host name: write the name alone, without https://, port or path,"
        ' like "blog.example.com", or "*.example.com" for every host under that domain',
    },
    "config.hosts.rate_missing": {
        "fr": "il manque le nombre de requêtes par seconde vers cet hôte : rate = 5",
        "en": "the number of requests per second to this host is missing: rate = 5",
    },
    "config.brands.relevance": {
        "fr": 'marque "{brand}" : relevance = {value} ne convient pas : écrivez "show" (publier avec un'
        ' avertissement), "quiet" (mettre de côté pour le résumé) ou "drop" (garder sans alerter)',
        "en": 'brand "{brand}": relevance = {value} will not do: write "show" (post with a warning),'
        ' "quiet" (set aside for the summary) or "drop" (keep without alerting)',
    },
    "config.brands.relevance_threshold": {
        "fr": 'marque "{brand}" : relevance_threshold = {value} ne convient pas : écrivez un nombre'
        " strictement entre 0 et 1 (par exemple 0.5), ou retirez la clé pour le seuil par défaut",
        "en": 'brand "{brand}": relevance_threshold = {value} will not do: write a number strictly'
        " between 0 and 1 (for example 0.5), or remove the key for the default threshold",
    },
    "config.hosts.rate": {
        "fr": "{value} ne convient pas : rate est un nombre de requêtes par seconde, plus grand que 0"
        " et au plus {most} (rate = 5, ou rate = 0.2 pour une toutes les 5 s)",
        "en": "{value} will not do: rate is a number of requests per second, above 0"
        " and at most {most} (rate = 5, or rate = 0.2 for one every 5 s)",
    },
    "config.hosts.burst": {
        "fr": "{value} ne convient pas : burst est le nombre de requêtes qui peuvent partir d'un coup,"
        " un nombre entier de 1 à {most} (burst = 10)",
        "en": "{value} will not do: burst is how many requests may go at once,"
        " a whole number from 1 to {most} (burst = 10)",
    },
    "config.hosts.twice": {
        "fr": "l'hôte {name} est déjà réglé dans {first} : gardez une seule table [[hosts]] par nom",
        "en": "host {name} is already set in {first}: keep one [[hosts]] table per name",
    },
    "config.youtube_search.quota": {
        "fr": "{count} {count:plural:recherche|recherches} (une par marque) toutes les {interval} font"
        " {searches} recherches par jour, soit {units} unités de quota sur les {quota} que YouTube accorde"
        ' chaque jour à un projet Google (100 par recherche) : mettez interval = "{shortest}" ou plus'
        " sur cette source, ou daily_quota si Google vous en a accordé davantage",
        "en": "{count} {count:plural:search|searches} (one per brand) every {interval} make {searches}"
        " searches a day, {units} quota units of the {quota} YouTube gives a Google project each day"
        ' (100 a search): set interval = "{shortest}" or more on this source, or daily_quota if Google'
        " granted you more",
    },
    "config.fetches_in_flight": {
        "fr": "{value} ne convient pas : fetches_in_flight est le nombre de lectures en cours à la fois,"
        " un nombre entier de 1 à {most} (ou retirez la clé : il suit alors le nombre de sources)",
        "en": "{value} will not do: fetches_in_flight is how many fetches run at once,"
        " a whole number from 1 to {most} (or leave the key out: it then follows the number of sources)",
    },
}

STRINGS: dict[str, dict[Lang, str]] = {**HELP, **OUTPUT, **CONFIG}
