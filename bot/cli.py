"""The `veille` command: run the bot, check a configuration, print the Slack app manifest."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from bot import __version__
from bot.config import ConfigError, LoadedConfig, RssSourceConfig, Secrets, config_path, load_config
from bot.durations import format_duration

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
    commands.add_parser(
        "tone-report", help="how the tone check fares against the tone corrections made in Slack"
    )
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
        f"  tone: positive ≥ {config.tone.positive:+.2f}, negative ≤ {config.tone.negative:+.2f}"
        + (f", {len(config.tone.terms)} term weight(s)" if config.tone.terms else ""),
        f"Brands ({len(config.brands)}):",
    ]
    for brand in config.brands:
        lines.append(f"  - {brand.name} → {config.channel_for(brand)}")
        lines.append(f"      terms: {', '.join(repr(t) for t in brand.search_terms)}")
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
    return "\n".join(lines)


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


def _run(loaded: LoadedConfig) -> int:
    from bot.app import StartupError, Veille

    try:
        veille = Veille(loaded, Secrets.from_env())
        veille.start()
    except StartupError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        return EXIT_CONFIG

    def stop(signum: int, _frame: FrameType | None) -> None:
        logging.getLogger("veille").info("stopping (signal %d)", signum)
        veille.request_stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        veille.wait()
    finally:
        veille.stop()
    return 0


def _sources(loaded: LoadedConfig, live: bool) -> int:
    from bot.source_report import check_sources, check_table, sources_status
    from bot.sources.http import HttpFetcher
    from bot.sources.registry import build_source
    from bot.store import Store

    if live:
        fetcher = HttpFetcher()
        try:
            sources = [build_source(s, loaded, fetcher) for s in loaded.config.sources]
            results = check_sources(sources)
        finally:
            fetcher.close()
        print(check_table(results))
        failed = sum(1 for r in results if not r.ok)
        print(f"{len(results) - failed} ok, {failed} failed")
        return 1 if failed else 0
    store = Store(loaded.database_url())
    try:
        store.create_schema()
        print(sources_status(loaded, store))
    finally:
        store.close()
    return 0


def _tone_report(loaded: LoadedConfig) -> int:
    from bot.store import Store
    from bot.tone import analyzer_for
    from bot.tone_report import corrections, render

    config = loaded.config
    store = Store(loaded.database_url())
    try:
        store.create_schema()
        found = corrections(store)
    finally:
        store.close()
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
    for noisy in ("apscheduler", "httpx", "httpcore", "slack_bolt", "slack_sdk", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    command = args.command or "run"
    if command == "manifest":
        from bot.manifest import manifest_yaml

        print(manifest_yaml(args.name, args.http_url), end="")
        return 0
    try:
        loaded = _load(args)
    except ConfigError as exc:
        print(f"veille: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if command == "check":
        print(_describe(loaded, Secrets.from_env()))
        print("OK")
        return 0
    if command == "sources":
        return _sources(loaded, args.action == "check")
    if command == "tone-report":
        return _tone_report(loaded)
    return _run(loaded)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
