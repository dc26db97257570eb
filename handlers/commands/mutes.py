"""/veille mute, /veille mutes and /veille unmute: the noise silenced from Slack (and the running
snoozes, with their end), silenced by name, listed and undone."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from veille.handlers.commands.base import CommandRequest, Reply, Subcommand, UsageError, named
from veille.i18n import Lang, format_when, t
from veille.matching.noise import normalize
from veille.model import Mute
from veille.services import Services
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import as_typed, escape, in_code, user_mention
from veille.text.urls import host_of
from veille.triage import MuteKind, refusal

MUTES_SHOWN = 40
KINDS: tuple[MuteKind, ...] = ("author", "site", "word")
_KIND_NAMES: dict[str, MuteKind] = {
    "author": "author",
    "auteur": "author",
    "site": "site",
    "word": "word",
    "mot": "word",
}
# The brand a word is excluded for, after it: `word:recette brand:Orange`, `mot:recette marque:Le Bon Coin`.
_FOR_BRAND = re.compile(r"\s(?:brand|marque):", re.IGNORECASE)
_QUOTES = '"«»“”'
LABELLED = (*KINDS, "story")


def kind_label(kind: str, lang: Lang) -> str:
    return t(f"mutes.kind_{kind}", lang) if kind in LABELLED else escape(kind)


def snooze_line(snooze: Mute, lang: Lang, timezone: str) -> str:
    return t(
        "mutes.snooze_line",
        lang,
        id=snooze.id,
        kind=kind_label(snooze.kind, lang),
        value=escape(cut_at_word(snooze.display, 80)),
        until=format_when(snooze.until, timezone, lang) if snooze.until else "",
        user=user_mention(snooze.created_by),
    )


def undo_target(mute: Mute) -> str:
    return f"{mute.kind}:{mute.display}"


def mute_line(mute: Mute, lang: Lang, timezone: str) -> str:
    scope = t("mutes.scope", lang, brand=escape(mute.brand)) if mute.brand else ""
    return t(
        "mutes.line",
        lang,
        id=mute.id,
        kind=kind_label(mute.kind, lang),
        value=escape(cut_at_word(mute.display, 80)),
        scope=scope,
        user=user_mention(mute.created_by),
        when=format_when(mute.created_at, timezone, lang),
        undo=in_code(undo_target(mute)),
    )


def mutes_subcommand() -> Subcommand:
    def run(request: CommandRequest, _args: str, services: Services) -> Reply:
        mutes = services.store.mutes()
        snoozes = services.store.snoozes(datetime.now(UTC))
        if not mutes and not snoozes:
            return Reply(t("mutes.none", request.lang))
        timezone = services.config.veille.timezone
        lines = []
        if mutes:
            lines.append(t("mutes.title", request.lang, count=len(mutes)))
            lines += [mute_line(m, request.lang, timezone) for m in mutes[:MUTES_SHOWN]]
            if len(mutes) > MUTES_SHOWN:
                lines.append(t("mutes.more", request.lang, count=len(mutes) - MUTES_SHOWN))
        if snoozes:
            lines.append(t("mutes.snoozed_title", request.lang, count=len(snoozes)))
            lines += [snooze_line(s, request.lang, timezone) for s in snoozes[:MUTES_SHOWN]]
            if len(snoozes) > MUTES_SHOWN:
                lines.append(t("mutes.more", request.lang, count=len(snoozes) - MUTES_SHOWN))
        return Reply("\n".join(lines))

    return Subcommand("mutes", run, "usage.mutes", aliases=("masques",))


def chosen(mutes: list[Mute], target: str) -> list[Mute]:
    """The mutes `target` names: `#12` / `12`, or `kind:value` (any brand for a word)."""
    target = as_typed(target)
    number = target.removeprefix("#")
    if number.isdecimal():  # not isdigit: int() refuses "²"
        return [m for m in mutes if m.id == int(number)]
    kind, colon, value = target.partition(":")
    kind = _KIND_NAMES.get(kind.lower(), kind.lower())
    if not colon or kind not in KINDS or not value.strip():
        raise UsageError("")
    wanted = normalize(kind, value.strip())
    return [m for m in mutes if m.kind == kind and m.value == wanted]


def unmute_subcommand() -> Subcommand:
    def run(request: CommandRequest, args: str, services: Services) -> Reply:
        target = args.strip()
        if not target:
            raise UsageError(t("unmute.needs_target", request.lang))
        if not services.triage.may_silence(request.user_id):
            return Reply(refusal(request.lang, services.triage.policy))
        try:
            running = services.store.snoozes(datetime.now(UTC))
            found = chosen(services.store.mutes() + running, target)
        except UsageError:
            raise UsageError(t("unmute.needs_target", request.lang)) from None
        if not found:
            shown = in_code(cut_at_word(target, 80))
            return Reply(t("unmute.not_found", request.lang, target=shown))
        now = datetime.now(UTC)
        lines = []
        for mute in found:
            removed = services.store.remove_mute(mute.id, request.user_id, now)
            if removed is not None:
                kind = kind_label(removed.kind, request.lang)
                value = escape(cut_at_word(removed.display, 80))
                lines.append(t("unmute.done", request.lang, kind=kind, value=value))
        return Reply("\n".join(lines) or t("unmute.not_found", request.lang, target=in_code(target[:80])))

    return Subcommand("unmute", run, "usage.unmute", aliases=("demasquer", "rétablir", "retablir"))


def mute_subcommand() -> Subcommand:
    def run(request: CommandRequest, args: str, services: Services) -> Reply:
        lang = request.lang
        kind, value, brand_typed = _mute_target(args, lang)
        brand = None
        if brand_typed is not None:
            if kind != "word":
                raise UsageError(t("mute.brand_for_words", lang))
            brand = min(named(brand_typed, [b.name for b in services.config.brands], "brands.unknown", lang))
        if kind == "site":
            if not _is_host(normalize("site", value)):
                raise UsageError(t("mute.not_a_site", lang, value=in_code(cut_at_word(value, 80))))
            value = normalize("site", value)  # an address typed: its site
        result = services.triage.silence(kind, value, brand, request.user_id)
        if result.outcome == "muted" and kind == "word":
            shown = escape(cut_at_word(result.display, 80))
            if brand is None:
                return Reply(t("mute.word_everywhere", lang, value=shown))
            return Reply(t("mute.word_for_brand", lang, value=shown, brand=escape(brand)))
        return Reply(result.message(lang, services.triage.policy))

    return Subcommand("mute", run, "usage.mute", aliases=("masquer", "exclure"))


def _mute_target(args: str, lang: Lang) -> tuple[MuteKind, str, str | None]:
    """What `/veille mute` names: its kind, its value (quotes around it dropped), and the brand
    a word is excluded for when one is given."""
    target = " ".join(as_typed(args).split())
    brand = None
    found = _FOR_BRAND.search(target)
    if found is not None:
        brand = target[found.end() :].strip().strip(_QUOTES).strip()
        target = target[: found.start()]
    name, colon, value = target.partition(":")
    kind = _KIND_NAMES.get(name.lower())
    value = value.strip().strip(_QUOTES).strip()
    if not colon or kind is None or not value or brand == "":
        raise UsageError(t("mute.needs_target", lang))
    return kind, value, brand


def _is_host(host: str) -> bool:
    return "." in host and host_of(f"https://{host}/") == host
