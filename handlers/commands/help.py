"""/veille help: what each subcommand does."""

from __future__ import annotations

from veille.handlers.commands.base import CommandRequest, Dispatcher, Reply, Subcommand, usage_line
from veille.i18n import t
from veille.services import Services


def help_subcommand(dispatcher: Dispatcher) -> Subcommand:
    def run(request: CommandRequest, _args: str, _services: Services) -> Reply:
        lines = [t("command.help_intro", request.lang)]
        lines += ["• " + usage_line(s.usage_key, request.lang) for s in dispatcher.subcommands]
        return Reply("\n".join(lines))

    return Subcommand("help", run, "usage.help", aliases=("aide", "?"))
