"""Every /veille subcommand, in the order `/veille help` lists them."""

from __future__ import annotations

from bot.commands.base import Dispatcher
from bot.commands.help import help_subcommand
from bot.commands.overview import brands_subcommand, sources_subcommand, stats_subcommand
from bot.commands.search import search_subcommand
from bot.services import Services


def build_dispatcher(services: Services) -> Dispatcher:
    dispatcher = Dispatcher(services)
    dispatcher.add(help_subcommand(dispatcher))
    # triage (issue 5): search, stats, sources, brands, mutes, unmute
    add_triage_subcommands(dispatcher)
    # queries (issue 4): test
    add_query_subcommands(dispatcher)
    # reports (issue 6): summary, export
    add_report_subcommands(dispatcher)
    return dispatcher


def add_triage_subcommands(dispatcher: Dispatcher) -> None:
    dispatcher.add(search_subcommand())
    dispatcher.add(stats_subcommand())
    dispatcher.add(sources_subcommand())
    dispatcher.add(brands_subcommand())


def add_query_subcommands(dispatcher: Dispatcher) -> None:
    """The query subcommands (issue 4) are added here."""
    from bot.commands.mutes import mutes_subcommand, unmute_subcommand
    from bot.commands.test_query import test_subcommand

    dispatcher.add(test_subcommand())
    dispatcher.add(mutes_subcommand())
    dispatcher.add(unmute_subcommand())


def add_report_subcommands(dispatcher: Dispatcher) -> None:
    """The report subcommands (issue 6) are added here."""
    from bot.commands.export import export_subcommand
    from bot.commands.summary import summary_subcommand

    dispatcher.add(summary_subcommand())
    dispatcher.add(export_subcommand())
