"""The `veille` command: run the bot, check a configuration, print the Slack app manifest."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from veille import __version__
from veille.app import StartupError, Veille
from veille.cli.db import db_command
from veille.cli.test_query import test_query
from veille.config import (
    Config,
    ConfigError,
    LoadedConfig,
    RssSourceConfig,
    Secrets,
    config_path,
    load_config,
)
from veille.config.address_check import refused_sources
from veille.delivery.poster import blocks_as_text
from veille.handlers.manifest import manifest_yaml
from veille.i18n import t
from veille.pipeline.source_report import check_sources, check_table, sources_status
from veille.reports.data import load_records
from veille.reports.export import export_csv
from veille.reports.jobs import Reporter
from veille.reports.tone import corrections, render
from veille.sources.http import HttpFetcher
from veille.sources.registry import build_source
from veille.store import Store
from veille.text.durations import format_duration, parse_lookback
from veille.tone.checker import analyzer_for

EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veille",
        description="Veille: brand monitoring in Slack. New mentions of your brands, with their tone.",
    )
    parser.add_argument("--version", action="version", version=f"veille {__version__}")
    parser.add_argument(
        "-c", "--config", help="configuration file (default: $VEILLE_CONFIG, then ./config.toml)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="start the bot (console mode without Slack tokens)")
    commands.add_parser("check", help="validate the configuration and print what was understood")
    sources = commands.add_parser("sources", help="each source's health; `sources check` tries each one live")
    sources.add_argument("action", nargs="?", choices=["check"], help="fetch every source once, now")
    export = commands.add_parser("export", help="write the mentions as CSV (tone, state, assignee…)")
    export.add_argument("--since", default="30d", help="how far back: 7d, 12h, 90d… (default: 30d)")
    export.add_argument("-o", "--output", help="CSV file to write (default: standard output)")
    summary = commands.add_parser("summary", help="print the daily (or --weekly) summary now")
    summary.add_argument("--weekly", action="store_true", help="the last 7 days against the 7 before")
    test_query = commands.add_parser(
        "test-query", help="what a query would find among the items of the last 30 days (nothing is saved)"
    )
    test_query.add_argument("query", nargs="?", help="the query (default: the --brand's configured one)")
    test_query.add_argument("--brand", help="test this brand's query with its context and exclude words")
    test_query.add_argument("--days", type=int, default=30, help="how far back to look (default: 30)")
    commands.add_parser(
        "tone-report", help="how the tone check fares against the tone corrections made in Slack"
    )
    db = commands.add_parser("db", help="the database schema: `db current` (its revision), `db upgrade`")
    db.add_argument("action", choices=["current", "upgrade"], help="show the revision, or upgrade it")
    manifest = commands.add_parser("manifest", help="print the Slack app manifest (YAML)")
    manifest.add_argument("--name", default="Veille", help="the app's display name")
    manifest.add_argument(
        "--http-url", help="public URL of /slack/events for HTTP mode (default: Socket Mode, no URL needed)"
    )
    return parser


def _load(args: argparse.Namespace) -> LoadedConfig:
    return load_config(config_path(args.config))


def _describe(loaded: LoadedConfig, secrets: Secrets) -> str:
    config = loaded.config
    general = config.veille
    lines = [
        f"Configuration: {loaded.path}",
        f"  language: {general.language}   timezone: {general.timezone}",
        f"  database: {_redact(loaded.database_url())}",
        f"  default poll interval: {format_duration(general.poll_interval)}"
        f" (jitter {format_duration(general.jitter)})",
        f"  first poll of a new source alerts: {_backlog_text(general.backlog)}",
        f"  private addresses: {_private_text(general.allow_private_addresses)}",
        f"  tone: positive ≥ {config.tone.positive:+.2f}, negative ≤ {config.tone.negative:+.2f}"
        + (f", {len(config.tone.terms)} term weight(s)" if config.tone.terms else ""),
        f"Brands ({len(config.brands)}):",
    ]
    for brand in config.brands:
        lines.append(f"  - {brand.name} → {config.channel_for(brand)}")
        if brand.query is not None:
            lines.append(f"      query: {brand.query}")
        else:
            lines.append(f"      terms: {', '.join(repr(t) for t in brand.search_terms)}")
        if brand.context:
            words = ", ".join(repr(t) for t in brand.context)
            lines.append(f"      context (within {brand.context_window} words): {words}")
        if brand.exclude:
            lines.append(f"      exclude: {', '.join(repr(t) for t in brand.exclude)}")
    lines.append(f"Sources ({len(config.sources)}):")
    for source in config.sources:
        lines.append(
            f"  - {source.key} [{source.type}] every {format_duration(config.source_interval(source))},"
            f" first poll: {_backlog_text(config.source_backlog(source))}"
        )
        detail = loaded.resolve_url(source.url) if isinstance(source, RssSourceConfig) else source.describe()
        lines.append(f"      {detail}")
    if not secrets.slack_bot_token:
        mode = "console (no SLACK_BOT_TOKEN: alerts print to the terminal)"
    elif secrets.slack_app_token and config.slack.mode != "http":
        mode = "Socket Mode (SLACK_APP_TOKEN set)"
    elif secrets.slack_signing_secret:
        mode = f"HTTP mode on port {config.slack.http_port} (/slack/events)"
    else:
        mode = "incomplete: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)"
    lines.append(f"Slack: {mode}")
    lines += _describe_reports(config)
    return "\n".join(lines)


def _describe_reports(config: Config) -> list[str]:
    reports, spikes = config.reports, config.spikes
    daily = ", ".join(reports.daily) or "off"
    return [
        f"Reports: daily summary at {daily}, weekly {reports.weekly or 'off'}"
        f" ({config.veille.timezone}; chart {'on' if reports.chart else 'off'})",
        f"Spike alerts: {'on' if spikes.enabled else 'off'}, {spikes.sensitivity} sensitivity,"
        f" at least {spikes.min_volume} an hour, cooldown {format_duration(spikes.cooldown)}",
    ]


def _private_text(allowed: bool | tuple[str, ...]) -> str:
    if allowed is True:
        return "all allowed (allow_private_addresses = true)"
    if allowed:
        return f"refused, except {', '.join(allowed)}"
    return "refused (names are checked when connecting, after DNS)"


def _backlog_text(backlog: object) -> str:
    if backlog == "all":
        return "every matching item"
    if backlog == "since_start":
        return "only items published after the start"
    return f"the newest {backlog} matching item(s)"


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
    return url


def _refused_addresses(loaded: LoadedConfig, heading: str) -> bool:
    """Print each source that points to a refused address (stderr); True if there is one."""
    refused = refused_sources(loaded)
    if refused:
        lang = loaded.config.veille.language
        print(f"veille: {t(heading, lang, count=len(refused))}", file=sys.stderr)
        for source in refused:
            print(f"  - {source.message(lang)}", file=sys.stderr)
    return bool(refused)


def _run(loaded: LoadedConfig) -> int:
    if _refused_addresses(loaded, "check.not_started"):
        return EXIT_CONFIG
    try:
        veille = Veille(loaded, Secrets.from_env())
        veille.stop_on_signals()  # a stop asked for while starting takes effect once started
        veille.start()
    except StartupError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        veille.wait()
    finally:
        veille.stop()
    veille.leave()
    return 0


@contextmanager
def _opened_store(loaded: LoadedConfig) -> Iterator[Store]:
    """The configured store, its tables created, closed after the command."""
    store = Store(loaded.database_url())
    try:
        store.create_schema()
        yield store
    finally:
        store.close()


def _sources(loaded: LoadedConfig, live: bool) -> int:
    if live:
        fetcher = HttpFetcher(addresses=loaded.config.veille.address_policy())
        try:
            sources = [build_source(s, loaded, fetcher) for s in loaded.config.sources]
            results = check_sources(sources)
        finally:
            fetcher.close()
        print(check_table(results))
        failed = sum(1 for r in results if not r.ok)
        print(f"{len(results) - failed} ok, {failed} failed")
        return 1 if failed else 0
    with _opened_store(loaded) as store:
        print(sources_status(loaded, store))
    return 0


def _export(loaded: LoadedConfig, since: str, output: str | None) -> int:
    try:
        period = parse_lookback(since)
    except ValueError:
        print(f"veille: --since {since!r}: write a period like 24h, 7d, 2w or 90 (days)", file=sys.stderr)
        return EXIT_CONFIG
    with _opened_store(loaded) as store:
        records = load_records(store, datetime.now(UTC) - period)
    content = export_csv(records)
    if output:
        try:
            with open(output, "wb") as file:
                file.write(content)
        except OSError as exc:
            print(f"veille: cannot write {output}: {exc.strerror}", file=sys.stderr)
            return 1
        print(f"{len(records)} mention(s) written to {output}", file=sys.stderr)
    else:
        sys.stdout.write(content.decode("utf-8").removeprefix("\ufeff"))
    return 0


def _summary(loaded: LoadedConfig, weekly: bool) -> int:
    with _opened_store(loaded) as store:
        message = Reporter(loaded.config, store).summary_now(weekly=weekly)
    print(blocks_as_text(message.blocks))
    return 0


def _tone_report(loaded: LoadedConfig) -> int:
    config = loaded.config
    with _opened_store(loaded) as store:
        found = corrections(store)
    analyzer = analyzer_for(config.tone)
    print(render(found, analyzer, config.veille.language, config.veille.timezone))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("alembic", "apscheduler", "httpx", "httpcore", "slack_bolt", "slack_sdk", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    command = args.command or "run"
    if command == "manifest":
        print(manifest_yaml(args.name, args.http_url), end="")
        return 0
    try:
        loaded = _load(args)
    except ConfigError as exc:
        print(f"veille: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if command == "check":
        print(_describe(loaded, Secrets.from_env()))
        if _refused_addresses(loaded, "check.addresses_refused"):
            return EXIT_CONFIG
        print("OK")
        return 0
    if command == "sources":
        return _sources(loaded, args.action == "check")
    if command == "export":
        return _export(loaded, args.since, args.output)
    if command == "summary":
        return _summary(loaded, args.weekly)
    if command == "test-query":
        return test_query(loaded, args.query, args.brand, args.days)
    if command == "tone-report":
        return _tone_report(loaded)
    if command == "db":
        return db_command(loaded, args.action)
    return _run(loaded)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
