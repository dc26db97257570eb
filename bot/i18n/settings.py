"""What is wrong with a value of the configuration file, and how to write it, in both languages.

`{value}` is the value as written (quoted as Python shows it); a key's place (`sources[2].url`) is
added by the loader in front.
"""

from __future__ import annotations

from veille.i18n.lang import Lang

FILE: dict[str, dict[Lang, str]] = {
    "config.file_missing": {
        "fr": "fichier introuvable (`veille init` en écrit un pour commencer)",
        "en": "file not found (`veille init` writes one to start from)",
    },
    "config.file_unreadable": {"fr": "illisible : {reason}", "en": "cannot read: {reason}"},
    "config.not_utf8": {"fr": "ce n'est pas du texte UTF-8", "en": "not UTF-8 text"},
    "config.not_toml": {"fr": "ce n'est pas du TOML valide : {detail}", "en": "not valid TOML: {detail}"},
    "config.none_found": {
        "fr": "aucune configuration trouvée : passez --config FICHIER ou définissez VEILLE_CONFIG"
        " (`veille init` en écrit une pour commencer)",
        "en": "no configuration found: pass --config FILE or set VEILLE_CONFIG"
        " (`veille init` writes one to start from)",
    },
    "config.secrets_in_file": {
        "fr": "les secrets ne sont pas lus dans le fichier de configuration : définissez-les dans"
        " l'environnement (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, …)",
        "en": "secrets are not read from the config file: set them in the environment"
        " (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, …)",
    },
    "config.no_brand": {
        "fr": "aucune marque à surveiller : ajoutez au moins une table [[brands]] avec un nom (name)",
        "en": "no brand to watch: add at least one [[brands]] table with a name",
    },
    "config.source_not_table": {
        "fr": "chaque source doit être une table [[sources]]",
        "en": "each source must be a [[sources]] table",
    },
    "config.source_type_missing": {"fr": "manquant : l'un de {types}", "en": "missing: one of {types}"},
    "config.source_type_unknown": {
        "fr": "type de source inconnu {value} (connus : {types})",
        "en": "unknown source type {value} (known: {types})",
    },
    "config.unknown_key": {
        "fr": "clé inconnue (vérifiez son orthographe dans config.example.toml)",
        "en": "unknown key (check its spelling against config.example.toml)",
    },
    "config.key_missing": {"fr": "clé obligatoire manquante", "en": "required key is missing"},
    "config.not_allowed": {
        "fr": "{value} n'est pas permis : attendu {expected}",
        "en": "{value} is not allowed: expected {expected}",
    },
    "config.or": {"fr": " ou ", "en": " or "},
    "config.not_whole_number": {
        "fr": "{value} n'est pas un nombre entier",
        "en": "{value} is not a whole number",
    },
    "config.not_number": {"fr": "{value} n'est pas un nombre", "en": "{value} is not a number"},
    "config.not_boolean": {
        "fr": "{value} n'est ni true ni false",
        "en": "{value} is neither true nor false",
    },
    "config.not_text": {
        "fr": "{value} n'est pas du texte : écrivez-le entre guillemets",
        "en": "{value} is not text: write it in quotes",
    },
    "config.not_list": {
        "fr": '{value} n\'est pas une liste : écrivez-la entre crochets, par exemple ["a", "b"]',
        "en": '{value} is not a list: write it in brackets, e.g. ["a", "b"]',
    },
    "config.not_table": {
        "fr": "{value} n'est pas une table : écrivez ses clés sous un en-tête [section]",
        "en": "{value} is not a table: write its keys under a [section] header",
    },
    "config.at_least": {
        "fr": "{value} est trop petit : au moins {least}",
        "en": "{value} is too small: at least {least}",
    },
    "config.more_than": {
        "fr": "{value} est trop petit : plus de {least}",
        "en": "{value} is too small: more than {least}",
    },
    "config.at_most": {
        "fr": "{value} est trop grand : au plus {most}",
        "en": "{value} is too large: at most {most}",
    },
}

GENERAL: dict[str, dict[Lang, str]] = {
    "config.not_negative": {"fr": "ne doit pas être négatif", "en": "must not be negative"},
    "config.channel": {
        "fr": '{value} n\'est pas un canal Slack : écrivez un nom comme "#veille-marque" (en minuscules,'
        ' sans espaces) ou un identifiant de canal comme "C0123ABCD"',
        "en": '{value} is not a Slack channel: use a name like "#veille-marque" (lower case, no spaces)'
        ' or a channel id like "C0123ABCD"',
    },
    "config.timezone": {
        "fr": 'fuseau horaire inconnu {value} : écrivez un nom IANA comme "Europe/Paris"',
        "en": 'unknown timezone {value}: use an IANA name such as "Europe/Paris"',
    },
    "config.private_addresses": {
        "fr": 'attendu true, false ou une liste d\'hôtes et de réseaux, par exemple ["10.1.0.0/16",'
        ' "intranet.example"]',
        "en": "expected true, false or a list of hosts and networks,"
        ' e.g. ["10.1.0.0/16", "intranet.example"]',
    },
    "config.host_not_text": {
        "fr": "{value} n'est pas un hôte ou un réseau : écrivez-le entre guillemets",
        "en": "{value} is not a host or network: write it as a string in quotes",
    },
    "config.database_empty": {
        "fr": "doit nommer un fichier SQLite ou une URL de base de données",
        "en": "must name a SQLite file or a database URL",
    },
    "config.slack_user": {
        "fr": "{value} n'est pas un identifiant d'utilisateur Slack : écrivez-en un comme \"U0123ABCD\"",
        "en": '{value} is not a Slack user id: use an id like "U0123ABCD"',
    },
    "config.slack_group": {
        "fr": "{value} n'est pas un identifiant de groupe d'utilisateurs Slack : écrivez-en un comme"
        ' "S0123ABCD"',
        "en": '{value} is not a Slack user group id: use an id like "S0123ABCD"',
    },
    "config.brand_terms_and_query": {
        "fr": "la marque {value} a à la fois terms et query : gardez-en un (une requête peut dire"
        ' "a OR b" pour plusieurs termes)',
        "en": 'brand {value} has both terms and query: keep one (a query can say "a OR b" for several terms)',
    },
    "config.brand_name": {"fr": "une marque a besoin d'un nom", "en": "a brand needs a name"},
    "config.brand_twice": {
        "fr": "la marque {value} est listée deux fois",
        "en": "brand {value} is listed twice",
    },
    "config.brand_channel": {
        "fr": 'la marque {value} n\'a pas de canal : mettez channel = "#…" sur la marque ou'
        " default_channel dans [veille]",
        "en": 'brand {value} has no channel: set channel = "#…" on the brand or default_channel in [veille]',
    },
    "config.source_twice": {
        "fr": "la source {value} est listée deux fois : donnez-lui un nom (name)",
        "en": "source {value} is listed twice: give it a name",
    },
    "config.source_brand": {"fr": "aucune marque ne s'appelle {value}", "en": "no brand is named {value}"},
    "config.tone_terms_table": {
        "fr": "attendu une table de mots et de poids, par exemple killer = 2",
        "en": "expected a table of words and weights, e.g. killer = 2",
    },
    "config.tone_term_empty": {"fr": "un terme est vide", "en": "a term is empty"},
    "config.tone_weight_number": {
        "fr": "{value} n'est pas un nombre : donnez un poids de -3 à 3",
        "en": "{value} is not a number: use a weight from -3 to 3",
    },
    "config.tone_weight_range": {
        "fr": "{value} est hors limites : donnez un poids de -3 à 3",
        "en": "{value} is out of range: use a weight from -3 to 3",
    },
    "config.term_empty": {
        "fr": "{value} est vide : chaque terme a besoin d'au moins une lettre ou un chiffre",
        "en": "{value} is empty: each term needs at least one letter or digit",
    },
    "config.term_entry": {
        "fr": "entrée {number} ({value}) : {problem}",
        "en": "entry {number} ({value}): {problem}",
    },
    "config.tone_thresholds": {
        "fr": "negative ({negative}) doit être inférieur à positive ({positive})",
        "en": "negative ({negative}) must be below positive ({positive})",
    },
    "config.time_of_day": {
        "fr": '{value} n\'est pas une heure : écrivez-la sur 24 heures, HH:MM, comme "08:30"',
        "en": '{value} is not a time of day: use 24-hour HH:MM such as "08:30"',
    },
    "config.weekly": {
        "fr": '{value} : écrivez un jour et une heure comme "lundi 09:00" ou "monday 09:00"',
        "en": '{value}: use a weekday and a time such as "monday 09:00" or "lundi 09:00"',
    },
    "config.check_every": {
        "fr": "{value} s, c'est plus souvent que ne tourne le planificateur des résumés : le minimum est"
        ' {least} s ("1m")',
        "en": '{value} s is more often than the report scheduler runs: the minimum is {least} s ("1m")',
    },
    "config.duration_expected": {
        "fr": "attendu une durée comme '90s', '10m' ou '1h', reçu {value}",
        "en": "expected a duration like '90s', '10m' or '1h', got {value}",
    },
    "config.duration_too_long": {
        "fr": "{value} n'est pas une durée possible : au plus {days} jours ({days}d)",
        "en": "{value} is not a possible duration: {days} days ({days}d) at most",
    },
    "config.duration": {
        "fr": "'{value}' n'est pas une durée : écrivez par exemple '90s', '10m', '1h30m' ou un nombre"
        " de secondes",
        "en": "'{value}' is not a duration: write e.g. '90s', '10m', '1h30m' or a number of seconds",
    },
}

SOURCES: dict[str, dict[Lang, str]] = {
    "config.interval_short": {
        "fr": "{value} est trop court : au moins {least} seconde",
        "en": "{value} is too short: use at least {least} second",
    },
    "config.backlog": {
        "fr": 'attendu un nombre d\'éléments, "all" ou "since_start"',
        "en": 'expected a number of items, "all" or "since_start"',
    },
    "config.backlog_value": {
        "fr": '{value} : attendu un nombre d\'éléments, "all" ou "since_start"',
        "en": '{value}: expected a number of items, "all" or "since_start"',
    },
    "config.zero_or_more": {"fr": "doit valoir 0 ou plus", "en": "must be 0 or more"},
    "config.base_url": {
        "fr": "{value} n'est pas une URL de base : écrivez https://hôte[/chemin] (ou http://)",
        "en": "{value} is not a base URL: use https://host[/path] (or http://)",
    },
    "config.api_url": {
        "fr": "{value} n'est pas une URL de base : écrivez https://hôte (sans paramètres de requête)",
        "en": "{value} is not a base URL: use https://host (no query string)",
    },
    "config.env_name": {
        "fr": "{value} n'est pas un nom de variable d'environnement : lettres, chiffres et _",
        "en": "{value} is not an environment variable name: use letters, digits and _",
    },
    "config.address_is_url": {
        "fr": '{value} est une URL : écrivez son hôte seul, par exemple "{host}"',
        "en": '{value} is a URL: write its host alone, e.g. "{host}"',
    },
    "config.address_invalid": {
        "fr": '{value} n\'est pas une adresse ou un réseau : écrivez-le comme "10.0.0.5", "10.1.0.0/16"'
        ' ou "fd12::/16"',
        "en": '{value} is not an address or network: write it like "10.0.0.5", "10.1.0.0/16" or "fd12::/16"',
    },
    "config.address_host_bits": {
        "fr": '{value} a des bits d\'hôte : écrivez le réseau "{network}"',
        "en": '{value} has host bits set: write the network "{network}"',
    },
    "config.address_not_host": {
        "fr": "{value} n'est ni un nom d'hôte, ni une adresse, ni un réseau : écrivez un hôte"
        ' ("intranet.example"), une adresse ("10.0.0.5") ou un réseau ("10.1.0.0/16")',
        "en": '{value} is not a host name, address or network: write a host ("intranet.example"),'
        ' an address ("10.0.0.5") or a network ("10.1.0.0/16")',
    },
    "config.feed_url": {
        "fr": "{value} n'est pas l'URL d'un flux : écrivez https://…, http://… ou file:chemin/du/flux.xml",
        "en": "{value} is not a feed URL: use https://…, http://… or file:path/to/feed.xml",
    },
    "config.google_news_query": {
        "fr": "la requête a besoin d'au moins une lettre ou un chiffre (ou retirez-la pour chercher"
        " chaque marque)",
        "en": "the query needs at least one letter or digit (or leave it out to search each brand)",
    },
    "config.google_news_language": {
        "fr": '{value} n\'est pas un code de langue : écrivez "fr", "en", "pt-BR"…',
        "en": '{value} is not a language code: use "fr", "en", "pt-BR"…',
    },
    "config.country_code": {
        "fr": '{value} n\'est pas un code de pays : écrivez deux lettres comme "FR" ou "US"',
        "en": '{value} is not a country code: use two letters such as "FR" or "US"',
    },
    "config.google_news_when": {
        "fr": '{value} : écrivez un nombre suivi de h, d, m ou y, comme "1d"',
        "en": '{value}: use a number and h, d, m or y, such as "1d"',
    },
    "config.language_code": {
        "fr": '{value} n\'est pas un code de langue : écrivez deux lettres, par exemple "fr"',
        "en": '{value} is not a language code: use two letters, e.g. "fr"',
    },
    "config.subreddit": {
        "fr": '{value} n\'est pas un nom de subreddit : écrivez "france" ou "r/france"',
        "en": '{value} is not a subreddit name: use "france" or "r/france"',
    },
    "config.reddit_user": {
        "fr": '{value} n\'est pas un nom d\'utilisateur Reddit : écrivez "monbot" ou "u/monbot"',
        "en": '{value} is not a Reddit user name: use "mybot" or "u/mybot"',
    },
    "config.reddit_nothing": {
        "fr": "rien à lire : gardez search = true ou listez des subreddits",
        "en": "nothing to fetch: keep search = true or list subreddits",
    },
    "config.hashtag": {
        "fr": "{value} n'est pas un hashtag : lettres, chiffres et _ seulement, sans espaces",
        "en": "{value} is not a hashtag: letters, digits and _ only, without spaces",
    },
    "config.mastodon_nothing": {
        "fr": "rien à lire : listez des hashtags, ou mettez search = true",
        "en": "nothing to read: list hashtags, or set search = true",
    },
    "config.stackexchange_none": {
        "fr": 'listez au moins un site, par exemple ["stackoverflow"]',
        "en": 'list at least one site, e.g. ["stackoverflow"]',
    },
    "config.stackexchange_site": {
        "fr": "{value} n'est pas un nom de site Stack Exchange (par exemple stackoverflow)",
        "en": "{value} is not a Stack Exchange site name (e.g. stackoverflow)",
    },
    "config.appstore_id": {
        "fr": "{value} n'est pas l'identifiant d'une app de l'App Store : écrivez son numéro, par"
        " exemple 284882215",
        "en": "{value} is not an App Store app id: use its number, e.g. 284882215",
    },
    "config.appstore_no_country": {
        "fr": 'listez au moins un pays, par exemple "fr" ou ["fr", "be"]',
        "en": 'list at least one country, e.g. "fr" or ["fr", "be"]',
    },
    "config.appstore_country": {
        "fr": "{value} n'est pas un code de pays à deux lettres (par exemple fr, us)",
        "en": "{value} is not a two-letter country code (e.g. fr, us)",
    },
    "config.youtube_channel": {
        "fr": "{value} n'est pas l'identifiant d'une chaîne YouTube : il commence par UC et compte"
        " 24 caractères (sur la page de la chaîne : Partager la chaîne → Copier l'ID de la chaîne)",
        "en": "{value} is not a YouTube channel id: it starts with UC and has 24 characters"
        " (on the channel page: Share channel → Copy channel ID)",
    },
    "config.hackernews_tags": {
        "fr": 'listez au moins l\'un de "story" et "comment"',
        "en": 'list at least one of "story" and "comment"',
    },
    "config.jetstream_url": {
        "fr": "{value} n'est pas une adresse Jetstream : écrivez wss://hôte (ou ws:// pour un serveur"
        " de test)",
        "en": "{value} is not a Jetstream address: use wss://host (or ws:// for a test server)",
    },
    "config.discourse_username": {
        "fr": "api_username_env est envoyé avec une clé d'API : définissez aussi api_key_env",
        "en": "api_username_env is sent with an API key: set api_key_env too",
    },
}

STRINGS: dict[str, dict[Lang, str]] = {**FILE, **GENERAL, **SOURCES}
