"""The strings of delivery paces and snoozes: the hourly digest, the summary's kept section, the
alert's snooze menu and its answers, and the config errors of `delivery` and `break_through`."""

from __future__ import annotations

from veille.i18n.lang import Lang

_DELIVERY_FR = (
    ' : écrivez "instant" (une alerte par mention, tout de suite), "hourly" (un récapitulatif par'
    ' heure et par canal) ou "daily" (seulement dans le résumé quotidien)'
)
_DELIVERY_EN = (
    ': write "instant" (one alert per mention, at once), "hourly" (one digest an hour per channel)'
    ' or "daily" (only in the daily summary)'
)
_BREAK_FR = (
    ' : écrivez une liste prise dans ["negative", "spike"] (ce qui est publié tout de suite malgré'
    " le rythme), ou [] pour rien"
)
_BREAK_EN = (
    ': write a list taken from ["negative", "spike"] (what is posted at once despite the pace),'
    " or [] for nothing"
)

STRINGS: dict[str, dict[Lang, str]] = {
    "digest.title": {
        "fr": "🗞️ *Les mentions de l'heure* — {count} {count:plural:nouvelle mention|nouvelles mentions}"
        " jusqu'à {hour} : {brands}",
        "en": "🗞️ *This hour's mentions* — {count} {count:plural:mention|mentions} until {hour}: {brands}",
    },
    "digest.part": {"fr": " ({part}/{parts})", "en": " ({part}/{parts})"},
    "digest.fallback": {
        "fr": "Les mentions de l'heure : {count} {count:plural:nouvelle mention|nouvelles mentions}"
        " ({brands})",
        "en": "This hour's mentions: {count} {count:plural:mention|mentions} ({brands})",
    },
    "digest.story": {
        "fr": "🧵 Une même histoire : {count} {count:plural:mention|mentions}",
        "en": "🧵 One story: {count} {count:plural:mention|mentions}",
    },
    "digest.reach": {"fr": "portée {count}", "en": "reach {count}"},
    "digest.done_handled": {
        "fr": "✅ C'est noté : « {title} » est traité.",
        "en": "✅ Noted: “{title}” is handled.",
    },
    "digest.done_tone": {
        "fr": "✏️ C'est noté : le ton de « {title} » est {tone}.",
        "en": "✏️ Noted: the tone of “{title}” is {tone}.",
    },
    "report.kept_title": {"fr": "💤 Gardé pour le résumé", "en": "💤 Kept for the summary"},
    "report.kept_daily": {
        "fr": "{count} {count:plural:mention|mentions} des marques au rythme quotidien",
        "en": "{count} {count:plural:mention|mentions} of brands delivered daily",
    },
    "report.kept_snoozed": {
        "fr": "{count} {count:plural:mention mise|mentions mises} en sourdine",
        "en": "{count} {count:plural:mention|mentions} snoozed",
    },
    "report.kept_more": {
        "fr": "… et {count} de plus : `/veille search` les retrouve.",
        "en": "… and {count} more: `/veille search` finds them.",
    },
    "snooze.placeholder": {"fr": "Mettre en sourdine…", "en": "Snooze…"},
    "snooze.group_story": {"fr": "Cette histoire", "en": "This story"},
    "snooze.group_author": {"fr": "Cet auteur", "en": "This author"},
    "snooze.group_site": {"fr": "Ce site", "en": "This site"},
    "snooze.for_1h": {"fr": "1 h", "en": "1 hour"},
    "snooze.for_1d": {"fr": "1 jour", "en": "1 day"},
    "snooze.for_1w": {"fr": "1 semaine", "en": "1 week"},
    "snooze.done_story": {
        "fr": "💤 L'histoire « {value} » est en sourdine jusqu'au {until} : ses nouvelles mentions sont"
        " enregistrées, sans alerte. Annuler : `/veille unmute #{id}`",
        "en": "💤 The story “{value}” is snoozed until {until}: its new mentions are stored, not"
        " alerted. Undo: `/veille unmute #{id}`",
    },
    "snooze.done_author": {
        "fr": "💤 L'auteur *{value}* est en sourdine jusqu'au {until} : ses nouvelles mentions sont"
        " enregistrées, sans alerte. Annuler : `/veille unmute #{id}`",
        "en": "💤 Author *{value}* is snoozed until {until}: their new mentions are stored, not"
        " alerted. Undo: `/veille unmute #{id}`",
    },
    "snooze.done_site": {
        "fr": "💤 Le site *{value}* est en sourdine jusqu'au {until} : ses nouvelles mentions sont"
        " enregistrées, sans alerte. Annuler : `/veille unmute #{id}`",
        "en": "💤 Site *{value}* is snoozed until {until}: its new mentions are stored, not alerted."
        " Undo: `/veille unmute #{id}`",
    },
    "snooze.muted": {
        "fr": "*{value}* est déjà masqué pour de bon : `/veille mutes` le montre.",
        "en": "*{value}* is already muted for good: `/veille mutes` shows it.",
    },
    "snooze.nothing": {
        "fr": "Rien à mettre en sourdine : cette mention n'a pas de titre assez long, d'auteur ou de"
        " site connu pour cela.",
        "en": "Nothing to snooze: this mention has no title long enough, or no known author or site,"
        " for that.",
    },
    "mutes.snoozed_title": {"fr": "💤 *En sourdine* ({count}) :", "en": "💤 *Snoozed* ({count}):"},
    "mutes.snooze_line": {
        "fr": "• `{id}` {kind} *{value}* — jusqu'au {until}, par {user} · `/veille unmute #{id}`",
        "en": "• `{id}` {kind} *{value}* — until {until}, by {user} · `/veille unmute #{id}`",
    },
    "mutes.kind_story": {"fr": "histoire", "en": "story"},
    "config.brands.delivery": {
        "fr": 'marque "{brand}" : delivery = {value} ne convient pas' + _DELIVERY_FR,
        "en": 'brand "{brand}": delivery = {value} will not do' + _DELIVERY_EN,
    },
    "config.brands.break_through": {
        "fr": 'marque "{brand}" : break_through = {value} ne convient pas' + _BREAK_FR,
        "en": 'brand "{brand}": break_through = {value} will not do' + _BREAK_EN,
    },
    "config.veille.delivery": {
        "fr": "delivery = {value} ne convient pas" + _DELIVERY_FR,
        "en": "delivery = {value} will not do" + _DELIVERY_EN,
    },
    "config.veille.break_through": {
        "fr": "break_through = {value} ne convient pas" + _BREAK_FR,
        "en": "break_through = {value} will not do" + _BREAK_EN,
    },
}
