"""Every /veille subcommand, in the order `/veille help` lists them."""

from __future__ import annotations

from bot.commands.base import Dispatcher
from bot.commands.help import help_subcommand
from bot.services import Services


def build_dispatcher(services: Services) -> Dispatcher:
    dispatcher = Dispatcher(services)
    dispatcher.add(help_subcommand(dispatcher))
    return dispatcher
