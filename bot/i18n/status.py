"""The strings of /readyz and `veille status`: what works, what does not, and why."""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "status.seconds": {"fr": "{count} s", "en": "{count} s"},
    "status.minutes": {"fr": "{count} min", "en": "{count} min"},
    "status.hours": {"fr": "{count} h", "en": "{count} h"},
    "status.database.ok": {"fr": "la base de données répond", "en": "the database answers"},
    "status.database.away": {
        "fr": "la base de données ne répond pas : {reason}",
        "en": "the database does not answer: {reason}",
    },
    "status.database.writes_failing": {
        "fr": "les écritures échouent depuis {ago}",
        "en": "writes have been failing for {ago}",
    },
    "status.scheduler.ok": {"fr": "les relevés sont planifiés", "en": "polls are scheduled"},
    "status.scheduler.stopped": {
        "fr": "le planificateur des relevés est arrêté",
        "en": "the poll scheduler is stopped",
    },
    "status.polls.no_sources": {"fr": "aucune source configurée", "en": "no source configured"},
    "status.polls.ok": {
        "fr": "dernier relevé réussi il y a {ago} ({source})",
        "en": "last successful poll {ago} ago ({source})",
    },
    "status.polls.starting": {
        "fr": "démarrage récent : premiers relevés en cours",
        "en": "just started: first polls under way",
    },
    "status.polls.never": {
        "fr": "aucune source n'a encore été relevée avec succès",
        "en": "no source has been polled successfully yet",
    },
    "status.polls.stale": {
        "fr": "aucun relevé réussi depuis 3 intervalles : le dernier il y a {ago} ({source})",
        "en": "no successful poll for 3 intervals: the last one {ago} ago ({source})",
    },
    "status.outbox.empty": {"fr": "aucune alerte en attente", "en": "no alert waiting"},
    "status.outbox.moving": {
        "fr": "{count} {count:plural:alerte en attente|alertes en attente}, la plus ancienne depuis {ago}",
        "en": "{count} {count:plural:alert|alerts} waiting, the oldest for {ago}",
    },
    "status.outbox.stuck": {
        "fr": "envoi bloqué : {count} {count:plural:alerte en attente|alertes en attente},"
        " la plus ancienne depuis {ago}",
        "en": "delivery stuck: {count} {count:plural:alert|alerts} waiting, the oldest for {ago}",
    },
    "status.slack.ok": {"fr": "Slack a accepté le jeton du bot", "en": "Slack accepted the bot token"},
    "status.slack.refused": {
        "fr": "Slack refuse le jeton du bot : {error}",
        "en": "Slack refuses the bot token: {error}",
    },
    "status.slack.console": {"fr": "mode console : pas de Slack", "en": "console mode: no Slack"},
    "status.cli.ready": {"fr": "Veille fonctionne ({url}).", "en": "Veille is ready ({url})."},
    "status.cli.not_ready": {
        "fr": "Veille tourne mais ne fonctionne pas entièrement ({url}) : {failing}.",
        "en": "Veille is running but not ready ({url}): {failing}.",
    },
    "status.cli.not_running": {
        "fr": "Aucun bot Veille ne répond sur {url}. Ce que dit la base de données :",
        "en": "No Veille bot answers on {url}. What the database says:",
    },
    "status.cli.no_port": {
        "fr": "Aucun bot Veille joignable : health_port = 0 dans [veille]. Ce que dit la base de données :",
        "en": "No Veille bot to ask: health_port = 0 in [veille]. What the database says:",
    },
    "status.cli.never_polled": {"fr": "jamais relevée avec succès", "en": "never polled successfully"},
    "status.cli.polled": {"fr": "dernier succès il y a {ago}", "en": "last success {ago} ago"},
    "status.reply.ready": {"fr": "✅ *Veille fonctionne.*", "en": "✅ *Veille is ready.*"},
    "status.reply.not_ready": {
        "fr": "⚠️ *Veille ne fonctionne pas entièrement* : {failing}.",
        "en": "⚠️ *Veille is not fully working*: {failing}.",
    },
    "status.reply.sources": {
        "fr": "Chaque source, son dernier relevé et sa dernière erreur : `/veille sources`.",
        "en": "Each source, its last poll and its last error: `/veille sources`.",
    },
    "status.reply.no_argument": {
        "fr": "`/veille status` ne prend rien après lui : `{rest}` n'est pas lu.",
        "en": "`/veille status` takes nothing after it: `{rest}` is not read.",
    },
    "status.reply.unknown": {
        "fr": "Je ne peux pas dire ici si Veille fonctionne : `veille status` le dit sur sa machine.",
        "en": "I cannot tell from here whether Veille works: `veille status` says so on its machine.",
    },
    "status.separator": {"fr": " : ", "en": ": "},
    "status.separator.list": {"fr": " ; ", "en": "; "},
    "status.listener_failed": {
        "fr": "/healthz, /readyz et /metrics indisponibles : le port {port} est refusé ({reason})."
        " Choisissez un autre health_port dans [veille], ou 0 pour aucun.",
        "en": "/healthz, /readyz and /metrics unavailable: port {port} refused ({reason})."
        " Choose another health_port in [veille], or 0 for none.",
    },
    "status.check.database": {"fr": "base de données", "en": "database"},
    "status.check.scheduler": {"fr": "planificateur", "en": "scheduler"},
    "status.check.polls": {"fr": "relevés", "en": "polls"},
    "status.check.outbox": {"fr": "envoi des alertes", "en": "outbox"},
    "status.check.slack": {"fr": "Slack", "en": "Slack"},
    "status.check.source": {"fr": "source {source}", "en": "source {source}"},
}
