"""The strings of the outputs (webhooks) and the JSON feeds: their configuration, and how they
fare in /readyz and `veille status`."""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "config.outputs.name": {
        "fr": "{value!r} ne convient pas comme nom de sortie : écrivez 1 à 40 caractères parmi"
        ' minuscules, chiffres, « - » et « _ », par exemple "crm"',
        "en": "{value!r} is not an output name: write 1 to 40 lower-case letters, digits, '-' or '_',"
        ' e.g. "crm"',
    },
    "config.outputs.twice": {
        "fr": "la sortie {name!r} est déclarée deux fois : donnez-lui un autre nom",
        "en": "output {name!r} is listed twice: give it another name",
    },
    "config.outputs.url": {
        "fr": '{value!r} n\'est pas une adresse web : écrivez par exemple "https://crm.example/hooks/veille"',
        "en": '{value!r} is not a web address: write e.g. "https://crm.example/hooks/veille"',
    },
    "config.outputs.plain_http": {
        "fr": "{value!r} n'est pas chiffrée : écrivez https://…, ou ajoutez {host!r} à"
        " allow_private_addresses dans [veille] si ce récepteur est sur votre réseau",
        "en": "{value!r} is not encrypted: write https://…, or add {host!r} to allow_private_addresses"
        " in [veille] if this receiver is on your own network",
    },
    "config.outputs.refused": {
        "fr": "{value!r} désigne une adresse privée ou locale : ajoutez {host!r} à"
        " allow_private_addresses dans [veille] si c'est voulu",
        "en": "{value!r} points at a private or local address: add {host!r} to allow_private_addresses"
        " in [veille] if that is intended",
    },
    "config.outputs.env": {
        "fr": "{value!r} n'est pas un nom de variable d'environnement : écrivez par exemple"
        ' "VEILLE_CRM_SECRET" (le secret lui-même reste hors du fichier)',
        "en": '{value!r} is not an environment variable name: write e.g. "VEILLE_CRM_SECRET"'
        " (the secret itself stays out of the file)",
    },
    "config.outputs.no_events": {
        "fr": 'aucun événement : écrivez events = ["mention"] ou ["mention", "triage"]',
        "en": 'no event: write events = ["mention"] or ["mention", "triage"]',
    },
    "config.outputs.event": {
        "fr": '{value!r} n\'est pas un événement : écrivez "mention" ou "triage"',
        "en": '{value!r} is not an event: write "mention" or "triage"',
    },
    "config.outputs.brand": {
        "fr": "aucune marque ne s'appelle {brand!r} : écrivez le nom d'une marque de [[brands]]",
        "en": "no brand is named {brand!r}: write the name of one of the [[brands]]",
    },
    "outputs.secret_missing": {
        "fr": "{setting} : la variable d'environnement {variable} n'est pas définie : donnez-lui le"
        " secret (ou retirez ce réglage)",
        "en": "{setting}: the environment variable {variable} is not set: give it the secret (or remove"
        " that setting)",
    },
    "status.check.outputs": {"fr": "sorties", "en": "outputs"},
    "status.outputs.ok": {
        "fr": "{count} {count:plural:événement en attente|événements en attente}",
        "en": "{count} {count:plural:event|events} waiting",
    },
    "status.outputs.kept": {
        "fr": "{count} {count:plural:événement gardé|événements gardés} pour {output}, qui n'est plus dans"
        " la configuration (remettez son [[outputs]] pour les envoyer)",
        "en": "{count} {count:plural:event|events} kept for {output}, no longer in the configuration (put"
        " its [[outputs]] back to send them)",
    },
    "status.outputs.failed": {
        "fr": "{count} {count:plural:envoi refusé|envois refusés} par {output} depuis 24 h,"
        " le dernier : {error}",
        "en": "{count} {count:plural:delivery|deliveries} refused by {output} in the last 24 h,"
        " the last: {error}",
    },
}
