"""/veille mutes and /veille unmute: the noise silenced from Slack (and the running snoozes, with
their end), listed and undone."""

from __future__ import annotations

from datetime import UTC, datetime

from veille.handlers.commands.base import CommandRequest, Reply, Subcommand, UsageError
from veille.i18n import Lang, format_when, t
from veille.matching.noise import normalize
from veille.model import Mute
from veille.services import Services
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import escape, in_code, user_mention
from veille.triage import refusal

MUTES_SHOWN = 40
KINDS = ("author", "site", "word")
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
    number = target.removeprefix("#")
    if number.isdecimal():  # not isdigit: int() refuses "²"
        return [m for m in mutes if m.id == int(number)]
    kind, colon, value = target.partition(":")
    kind = {"auteur": "author", "mot": "word"}.get(kind.lower(), kind.lower())
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
