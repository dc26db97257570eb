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
    # -- queries and noise (issue 4): add their strings below this line --
    "query.section": {"fr": "Requêtes", "en": "Queries"},
    # -- triage (issue 5): add their strings below this line --
    "triage.section": {"fr": "Tri", "en": "Triage"},
    # -- reports (issue 6): add their strings below this line --
    "report.section": {"fr": "Rapports", "en": "Reports"},
    # -- tone (issue 7): add their strings below this line --
    "tone.section": {"fr": "Ton", "en": "Tone"},
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
