"""What each kind of source reads, in one line of `veille check`, in each language."""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "reads.brands_search": {"fr": "recherche des termes des marques", "en": "search for the brands' terms"},
    "reads.appstore": {
        "fr": "avis App Store de l'app {app} ({countries}), comme mentions {brand:de}",
        "en": "App Store reviews of app {app} ({countries}) as mentions of {brand}",
    },
    "reads.bluesky": {
        "fr": "searchPosts pour les termes des marques sur {api} (compte ${env})",
        "en": "searchPosts for the brands' terms on {api} (as ${env})",
    },
    "reads.devto": {
        "fr": "{api}/articles/latest (les articles les plus récents, comparés ici aux marques)",
        "en": "{api}/articles/latest (newest articles, matched locally)",
    },
    "reads.discourse_search": {
        "fr": "{url}/search.json pour les termes de chaque marque (order:latest)",
        "en": "{url}/search.json for each brand's terms (order:latest)",
    },
    "reads.discourse_latest": {
        "fr": "{url}/posts.json (les derniers messages du forum)",
        "en": "{url}/posts.json (the forum's latest posts)",
    },
    "reads.github": {
        "fr": "search/issues pour les termes des marques{extra}, par date « {by} » ({api})",
        "en": "search/issues for the brands' terms{extra}, by {by} date ({api})",
    },
    "reads.google_news": {
        "fr": "{base} : recherche des termes de chaque marque ({language}, {country})",
        "en": "{base} search for each brand's terms ({language}, {country})",
    },
    "reads.google_news_query": {
        "fr": "{base} : recherche de {query} ({language}, {country})",
        "en": "{base} search for {query} ({language}, {country})",
    },
    "reads.hackernews": {
        "fr": "{api}/search_by_date ({tags}) pour les termes de chaque marque",
        "en": "{api}/search_by_date ({tags}) for each brand's terms",
    },
    "reads.jetstream": {
        "fr": "{posts} depuis {endpoint}/subscribe{more}",
        "en": "{posts} from {endpoint}/subscribe{more}",
    },
    "reads.lemmy": {
        "fr": "{url}/api/v3/search (messages et commentaires, les plus récents d'abord) pour les termes"
        " de chaque marque",
        "en": "{url}/api/v3/search (posts and comments, newest first) for each brand's terms",
    },
    "reads.mastodon": {"fr": "{what} sur {instances}", "en": "{what} on {instances}"},
    "reads.reddit": {"fr": "{base} : {parts}", "en": "{base}: {parts}"},
    "reads.stackexchange": {
        "fr": "search/advanced pour les termes des marques sur {sites} ({api})",
        "en": "search/advanced for the brands' terms on {sites} ({api})",
    },
    "reads.x": {
        "fr": "tweets/search/recent pour les termes des marques ({api}, jeton dans ${env})",
        "en": "tweets/search/recent for the brands' terms ({api}, token in ${env})",
    },
    "reads.youtube_search": {
        "fr": "search.list pour les termes des marques ({api}, clé dans ${env})",
        "en": "search.list for the brands' terms ({api}, key in ${env})",
    },
}
