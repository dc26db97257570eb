"""The strings of a failed fetch: what kind of failure, and the common details (a name that does not
resolve, a refused connection, a timeout, an HTTP status, a body that is not a feed) in each
language. A detail only a source's own API gives (its error text) stays as the source wrote it.
The English of each kind is the word the logs and metrics use."""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "fetch.failure": {"fr": "{kind} : {detail}", "en": "{kind}: {detail}"},
    "fetch.where": {"fr": "{where} : {detail}", "en": "{where}: {detail}"},
    "fetch.kind.network": {"fr": "réseau", "en": "network"},
    "fetch.kind.timeout": {"fr": "délai dépassé", "en": "timeout"},
    "fetch.kind.http": {"fr": "erreur du site", "en": "http"},
    "fetch.kind.auth": {"fr": "accès refusé", "en": "auth"},
    "fetch.kind.rate_limited": {"fr": "trop de requêtes", "en": "rate_limited"},
    "fetch.kind.too_large": {"fr": "trop volumineux", "en": "too_large"},
    "fetch.kind.invalid": {"fr": "réponse illisible", "en": "invalid"},
    "fetch.kind.redirects": {"fr": "redirections", "en": "redirects"},
    "fetch.kind.refused": {"fr": "adresse refusée", "en": "refused"},
    "fetch.kind.cancelled": {"fr": "interrompu", "en": "cancelled"},
    "fetch.internal": {"fr": "erreur interne : {error}", "en": "internal: {error}"},
    "fetch.processing": {"fr": "erreur de traitement : {error}", "en": "processing: {error}"},
    "fetch.unresolvable": {
        "fr": "nom introuvable : {host} ({reason})",
        "en": "cannot resolve {host}: {reason}",
    },
    "fetch.connection_refused": {
        "fr": "{address} refuse la connexion : aucun serveur n'écoute sur ce port",
        "en": "{address}: connection refused: no server listens on that port",
    },
    "fetch.host_unreachable": {
        "fr": "{address} est injoignable depuis cette machine ({reason})",
        "en": "{address} cannot be reached from this machine ({reason})",
    },
    "fetch.certificate": {
        "fr": "le certificat TLS du site n'est pas accepté : {reason}",
        "en": "the site's TLS certificate is not accepted: {reason}",
    },
    "fetch.no_answer": {
        "fr": "pas de réponse à temps ({what})",
        "en": "no answer in time ({what})",
    },
    "fetch.still_arriving": {
        "fr": "la réponse arrivait encore après {seconds} s",
        "en": "body still arriving after {seconds} s",
    },
    "fetch.not_a_url": {
        "fr": "adresse que Veille ne sait pas lire : {url}",
        "en": "not a URL Veille can fetch: {url}",
    },
    "fetch.too_many_redirects": {
        "fr": "plus de {count} {count:plural:redirection|redirections}",
        "en": "more than {count} {count:plural:redirect|redirects}",
    },
    "fetch.declared_too_large": {
        "fr": "réponse annoncée de {size} octets, au-delà de la limite de {cap}",
        "en": "body of {size:,} bytes is over the {cap} cap",
    },
    "fetch.body_too_large": {
        "fr": "la réponse dépasse la limite de {cap}",
        "en": "body is over the {cap} cap",
    },
    "fetch.file_too_large": {
        "fr": "fichier de {size} octets, au-delà de la limite de {cap}",
        "en": "file of {size:,} bytes is over the {cap} cap",
    },
    "fetch.no_such_file": {"fr": "fichier introuvable : {path}", "en": "no such file: {path}"},
    "fetch.unreadable_file": {
        "fr": "lecture impossible de {path} : {reason}",
        "en": "cannot read {path}: {reason}",
    },
    "fetch.status": {"fr": "HTTP {status}", "en": "HTTP {status}"},
    "fetch.status_refused": {
        "fr": "HTTP {status} : accès refusé (vérifiez les identifiants de la source)",
        "en": "HTTP {status}: access refused (check the source's credentials)",
    },
    "fetch.too_many_requests": {
        "fr": "HTTP 429 : le site demande moins de requêtes",
        "en": "HTTP 429 Too Many Requests",
    },
    "fetch.asked_to_wait": {
        "fr": "HTTP {status} : le site demande d'attendre",
        "en": "HTTP {status}, asked to wait",
    },
    "fetch.empty_feed": {
        "fr": "réponse vide : ce n'est pas un flux",
        "en": "empty body: not a feed",
    },
    "fetch.not_a_feed": {
        "fr": "ce n'est pas un flux RSS, Atom ou JSON",
        "en": "not an RSS, Atom or JSON feed",
    },
    "fetch.html_not_a_feed": {
        "fr": "ce n'est pas un flux RSS, Atom ou JSON (une page HTML est venue à la place)",
        "en": "not an RSS, Atom or JSON feed (got an HTML page)",
    },
    "fetch.disconnected": {
        "fr": "déconnecté depuis {seconds} s ({reason})",
        "en": "disconnected for {seconds} s ({reason})",
    },
    "fetch.silent": {"fr": "aucune réponse", "en": "no answer"},
    "fetch.stopping": {
        "fr": "arrêté avant la réponse : Veille s'arrête",
        "en": "stopped before the answer came: Veille is stopping",
    },
}
