"""Every /veille subcommand, in the order `/veille help` lists them."""

from __future__ import annotations

from veille.handlers.commands.base import Dispatcher
from veille.handlers.commands.export import export_subcommand
from veille.handlers.commands.help import help_subcommand
from veille.handlers.commands.mutes import mute_subcommand, mutes_subcommand, unmute_subcommand
from veille.handlers.commands.overview import (
    brands_subcommand,
    sources_subcommand,
    stats_subcommand,
    status_subcommand,
)
from veille.handlers.commands.search import search_subcommand
from veille.handlers.commands.summary import summary_subcommand
from veille.handlers.commands.test_query import test_subcommand
from veille.handlers.commands.why import why_subcommand
from veille.services import Services


def build_dispatcher(services: Services) -> Dispatcher:
    dispatcher = Dispatcher(services)
    dispatcher.add(help_subcommand(dispatcher))
    add_triage_subcommands(dispatcher)
    add_query_subcommands(dispatcher)
    add_report_subcommands(dispatcher)
    return dispatcher


def add_triage_subcommands(dispatcher: Dispatcher) -> None:
    """search, why, stats, sources, brands, status."""
    dispatcher.add(search_subcommand())
    dispatcher.add(why_subcommand())
    dispatcher.add(stats_subcommand())
    dispatcher.add(sources_subcommand())
    dispatcher.add(brands_subcommand())
    dispatcher.add(status_subcommand())


def add_query_subcommands(dispatcher: Dispatcher) -> None:
    """test, mute, mutes, unmute."""
    dispatcher.add(test_subcommand())
    dispatcher.add(mute_subcommand())
    dispatcher.add(mutes_subcommand())
    dispatcher.add(unmute_subcommand())


def add_report_subcommands(dispatcher: Dispatcher) -> None:
    """summary, export."""
    dispatcher.add(summary_subcommand())
    dispatcher.add(export_subcommand())
