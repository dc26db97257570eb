"""The strings of WebSub push: the `public_url` setting's problems and what `veille sources` says of a
feed pushed by its hub."""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "config.public_url.https": {
        "fr": "{value} ne convient pas : écrivez l'adresse HTTPS publique où les hubs joignent Veille,"
        ' comme "https://veille.example.com"',
        "en": "{value} will not do: write the public HTTPS address where hubs reach Veille,"
        ' such as "https://veille.example.com"',
    },
    "config.public_url.path": {
        "fr": "{value} ne convient pas : écrivez l'adresse seule, sans chemin, paramètres, fragment ni"
        ' identifiants, comme "https://veille.example.com" : Veille répond aux hubs sur /websub/…'
        " à la racine de cette adresse",
        "en": "{value} will not do: write the address alone, without path, query, fragment or"
        ' credentials, such as "https://veille.example.com": Veille answers hubs on /websub/… at the'
        " root of that address",
    },
    "websub.not_http": {
        "fr": "[veille] public_url est réglé mais Veille n'est pas en mode HTTP : les flux sont relevés,"
        " aucun hub ne les pousse",
        "en": "[veille] public_url is set but Veille is not in HTTP mode: feeds are polled, no hub"
        " pushes them",
    },
    "websub.note_active": {
        "fr": "poussé par {hub}, abonnement jusqu'à {until}",
        "en": "push via {hub}, lease until {until}",
    },
    "websub.note_pending": {
        "fr": "abonnement demandé à {hub}, en attente de sa vérification",
        "en": "push asked of {hub}, waiting for its check",
    },
    "websub.note_renewing": {
        "fr": "poussé par {hub}, abonnement jusqu'à {until} (renouvellement demandé)",
        "en": "push via {hub}, lease until {until} (renewal asked)",
    },
    "websub.not_verified": {"fr": "le hub n'a pas vérifié l'abonnement", "en": "not verified by the hub"},
    "websub.denied": {"fr": "refusé : {reason}", "en": "denied: {reason}"},
    "websub.denied_bare": {"fr": "refusé", "en": "denied"},
    "websub.hub_in_clear": {
        "fr": "le hub n'est pas en HTTPS : le secret de l'abonnement circulerait en clair",
        "en": "the hub is not on HTTPS: the subscription's secret would travel in clear",
    },
    "websub.note_error": {
        "fr": "pas de push de {hub} ({error}) ; nouvel essai à {until}",
        "en": "no push from {hub} ({error}); asked again at {until}",
    },
    "websub.note_leaving": {
        "fr": "désabonnement demandé à {hub}",
        "en": "unsubscribing from {hub}",
    },
}
