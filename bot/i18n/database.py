"""The strings of `veille db`: the database schema's revision and its upgrade."""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "db.current.none": {
        "fr": "Base de données : aucune révision de schéma enregistrée (base vide, ou créée par"
        " Veille 0.1). `veille db upgrade`, ou le démarrage du bot, la met à la révision {head}.",
        "en": "Database: no schema revision recorded (an empty database, or one made by Veille 0.1)."
        " `veille db upgrade`, or starting the bot, brings it to revision {head}.",
    },
    "db.current.up_to_date": {
        "fr": "Révision du schéma : {revision} (à jour).",
        "en": "Schema revision: {revision} (up to date).",
    },
    "db.current.behind": {
        "fr": "Révision du schéma : {revision} ; cette version de Veille va jusqu'à {head}."
        " `veille db upgrade`, ou le démarrage du bot, la met à jour.",
        "en": "Schema revision: {revision}; this version of Veille goes up to {head}."
        " `veille db upgrade`, or starting the bot, upgrades it.",
    },
    "db.too_new": {
        "fr": "La base de données est à la révision de schéma {revision}, que cette version de Veille"
        " ne connaît pas (la plus récente qu'elle connaisse : {head}) : un Veille plus récent l'a mise"
        " à jour. Installez cette version de Veille ou une plus récente ; une base ne se ramène pas à"
        " une révision antérieure (restaurez plutôt une sauvegarde).",
        "en": "The database is at schema revision {revision}, which this version of Veille does not"
        " know (the newest it knows: {head}): a newer Veille upgraded it. Install that version of"
        " Veille or a later one; a database cannot be taken back to an earlier revision (restore a"
        " backup instead).",
    },
    "db.unreachable": {
        "fr": "Impossible de joindre la base de données {database} : {reason}. Vérifiez `database`"
        " dans la configuration (ou VEILLE_DATABASE_URL) et que le serveur tourne.",
        "en": "Cannot reach the database {database}: {reason}. Check `database` in the config (or"
        " VEILLE_DATABASE_URL) and that the server is running.",
    },
    "db.away": {
        "fr": "La base de données ne répond pas pour l'instant ; réessayez dans une minute.",
        "en": "The database is not answering right now; try again in a minute.",
    },
    "db.upgrade.done": {
        "fr": "Schéma de la base mis à jour : {before} → {after}.",
        "en": "Database schema upgraded: {before} → {after}.",
    },
    "db.upgrade.already": {
        "fr": "Schéma de la base déjà à jour (révision {revision}).",
        "en": "Database schema already up to date (revision {revision}).",
    },
    "db.revision.none": {"fr": "aucune révision", "en": "no revision"},
    "db.in_use": {
        "fr": "Un autre Veille tourne déjà sur la base {database}{pid} : un fichier SQLite ne sert"
        " qu'à une instance à la fois. Arrêtez l'autre, ou, pour faire tourner plusieurs instances,"
        " passez à PostgreSQL (voir docs/scaling.md).",
        "en": "Another Veille is already running on the database {database}{pid}: a SQLite file serves"
        " one instance at a time. Stop the other one or, to run several instances, move to"
        " PostgreSQL (see docs/scaling.md).",
    },
    "db.in_use.pid": {"fr": " (processus {pid})", "en": " (process {pid})"},
}
