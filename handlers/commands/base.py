"""What every /veille subcommand receives and returns."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from veille.i18n import Lang, t
from veille.search.request import KNOWN_SHOWN
from veille.services import Services
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import in_code


@dataclass(frozen=True)
class CommandRequest:
    user_id: str
    channel_id: str
    lang: Lang  # the user's Slack locale when Slack sends it, else the configured language
    text: str = ""


@dataclass
class Reply:
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    response_type: Literal["ephemeral", "in_channel"] = "ephemeral"
    replace_original: bool = False

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"text": self.text, "response_type": self.response_type}
        if self.blocks:
            body["blocks"] = self.blocks
        if self.replace_original:
            body["replace_original"] = True
        return body


Handler = Callable[[CommandRequest, str, Services], Reply]


class UsageError(Exception):
    """A bad argument: the message says what to type instead (already escaped mrkdwn)."""


@dataclass(frozen=True)
class Subcommand:
    name: str
    handler: Handler
    usage_key: str  # catalogue key of a one-line usage ("search QUERY [since:7d]…")
    aliases: tuple[str, ...] = ()
    slow: bool = False  # may take seconds over a large store: answered from the slow pool


class Dispatcher:
    def __init__(self, services: Services) -> None:
        self.services = services
        self._commands: dict[str, Subcommand] = {}
        self._order: list[Subcommand] = []

    def add(self, subcommand: Subcommand) -> None:
        self._order.append(subcommand)
        for name in (subcommand.name, *subcommand.aliases):
            self._commands[name] = subcommand

    @property
    def subcommands(self) -> list[Subcommand]:
        return list(self._order)

    def is_slow(self, text: str) -> bool:
        """Whether the subcommand `text` asks for may take seconds."""
        subcommand = self._commands.get(_split(text)[0])
        return subcommand is not None and subcommand.slow

    def run(self, request: CommandRequest) -> Reply:
        name, rest = _split(request.text)
        subcommand = self._commands.get(name)
        if subcommand is None:
            return self.unknown(name, request.lang)
        try:
            return subcommand.handler(request, rest, self.services)
        except UsageError as error:
            usage = usage_line(subcommand.usage_key, request.lang)
            return Reply(t("command.bad_argument", request.lang, problem=str(error), usage=usage))

    def unknown(self, name: str, lang: Lang) -> Reply:
        # 0.7: a typo of a name (`hepl`, `serch`, `stat`), not a word sharing three letters with
        # one (`digest` is not `test`).
        close = difflib.get_close_matches(name, list(self._commands), n=1, cutoff=0.7)
        if close:
            return Reply(t("command.unknown_close", lang, command=in_code(name[:40]), suggestion=close[0]))
        return Reply(t("command.unknown", lang, command=in_code(name[:40])))


# A usage reads "SYNTAX : what it does" (French) or "SYNTAX: what it does": the first colon followed
# by a space, which a syntax's own `since:7d` never is.
_USAGE = re.compile(r"(.*?) ?: (.*)", re.DOTALL)


def usage_line(usage_key: str, lang: Lang) -> str:
    """A subcommand's usage as Slack shows it: the syntax to type in code, what it does after it."""
    usage = t(usage_key, lang)
    found = _USAGE.fullmatch(usage)
    if found is None:
        return f"`/veille {usage}`"
    return t("command.usage_line", lang, syntax=found[1], what=found[2])


def _split(text: str) -> tuple[str, str]:
    """The subcommand's name (lowercase; "help" when there is none) and the rest of the text."""
    words = text.strip().split(maxsplit=1)
    return (words[0].lower() if words else "help"), (words[1] if len(words) > 1 else "")


def named(typed: str, names: Sequence[str], key: str, lang: Lang) -> set[str]:
    """The names `typed` picks out (all of them when nothing is typed), case aside; none raises
    a usage error that lists the names there are."""
    wanted = " ".join(typed.split()).casefold()
    if not wanted:
        return set(names)
    chosen = {name for name in names if name.casefold() == wanted}
    if not chosen:
        known = ", ".join(f"`{in_code(name)}`" for name in list(dict.fromkeys(names))[:KNOWN_SHOWN])
        raise UsageError(t(key, lang, value=in_code(cut_at_word(typed.strip(), 60)), known=known))
    return chosen
