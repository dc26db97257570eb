"""The `veille` command: run the bot, write or check a configuration, and the operator's commands.

Every command speaks the configured `[veille] language`; before the configuration is read (help
pages, argument errors) see `veille.cli.parser.cli_language`.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from veille.app import StartupError, Veille
from veille.cli.db import db_command
from veille.cli.describe import describe
from veille.cli.init import init_command
from veille.cli.parser import build_parser, cli_language
from veille.cli.sources import sources_command
from veille.cli.status import status_command
from veille.cli.test_query import test_query
from veille.config import ConfigError, LoadedConfig, Secrets, config_path, load_config
from veille.config.address_check import refused_sources
from veille.delivery.poster import blocks_as_text
from veille.handlers.manifest import manifest_yaml
from veille.i18n import Lang, t
from veille.logs import configure_logging
from veille.reports.data import load_records
from veille.reports.export import export_csv
from veille.reports.jobs import Reporter
from veille.reports.tone import corrections, render
from veille.store import Store
from veille.text.durations import ZeroLookback, parse_lookback
from veille.tone.checker import analyzer_for

EXIT_CONFIG = 2
EXIT_USAGE = 2
M_ARENA_MAX = -8  # glibc's mallopt() parameter
HEAPS = 2


def few_heaps() -> bool:
    """Let the process's threads share two malloc arenas, as MALLOC_ARENA_MAX=2 would (a set
    MALLOC_ARENA_MAX wins). glibc gives each thread that allocates an arena of its own, up to
    eight per core, each fragmented on its own: with a poll thread per fetch in flight, the peak
    of a 1,000-feed cycle was a tenth higher. Elsewhere than glibc, nothing changes."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, HEAPS))


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
    few_heaps()
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


def _check(loaded: LoadedConfig) -> int:
    print(describe(loaded, Secrets.from_env()))
    if _refused_addresses(loaded, "check.addresses_refused"):
        return EXIT_CONFIG
    print(t("cli.check.ok", loaded.config.veille.language))
    return 0


def _export(loaded: LoadedConfig, since: str, output: str | None) -> int:
    lang = loaded.config.veille.language
    try:
        period = parse_lookback(since)
    except ZeroLookback:
        print(f"veille: {t('cli.export.zero_since', lang, value=repr(since))}", file=sys.stderr)
        return EXIT_CONFIG
    except ValueError:
        print(f"veille: {t('cli.export.bad_since', lang, value=repr(since))}", file=sys.stderr)
        return EXIT_CONFIG
    store = Store(loaded.database_url())
    try:
        store.create_schema()
        records = load_records(store, datetime.now(UTC) - period)
    finally:
        store.close()
    content = export_csv(records)
    if output:
        try:
            with open(output, "wb") as file:
                file.write(content)
        except OSError as exc:
            print(f"veille: {t('cli.cannot_write', lang, path=output, reason=exc.strerror)}", file=sys.stderr)
            return 1
        print(t("cli.export.written", lang, count=len(records), path=output), file=sys.stderr)
    else:
        sys.stdout.write(content.decode("utf-8").removeprefix("\ufeff"))
    return 0


def _summary(loaded: LoadedConfig, weekly: bool) -> int:
    store = Store(loaded.database_url())
    try:
        store.create_schema()
        message = Reporter(loaded.config, store).summary_now(weekly=weekly)
    finally:
        store.close()
    print(blocks_as_text(message.blocks))
    return 0


def _tone_report(loaded: LoadedConfig) -> int:
    config = loaded.config
    store = Store(loaded.database_url())
    try:
        store.create_schema()
        found = corrections(store)
    finally:
        store.close()
    print(render(found, analyzer_for(config.tone), config.veille.language, config.veille.timezone))
    return 0


def _secrets(loaded: LoadedConfig | None = None) -> tuple[str | None, ...]:
    """What the logs must never show: Slack's secrets, and the values of the environment variables
    the sources take their credentials from (`key_env = "SE_APP"` hides $SE_APP whatever its name)."""
    secrets = Secrets.from_env()
    named = (
        os.environ.get(value)
        for source in (loaded.config.sources if loaded else [])
        for field, value in source
        if field.endswith("_env") and isinstance(value, str)
    )
    return (secrets.slack_bot_token, secrets.slack_app_token, secrets.slack_signing_secret, *named)


def _command(args: argparse.Namespace, loaded: LoadedConfig) -> int:
    command: str = args.command
    if command == "check":
        return _check(loaded)
    if command == "status":
        return status_command(loaded)
    if command == "sources":
        return sources_command(loaded, args.action == "check")
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


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    lang: Lang = cli_language(arguments)
    parser = build_parser(lang)
    args = parser.parse_args(arguments)
    configure_logging(args.verbose, None, hide=_secrets())
    if args.command is None:
        parser.print_help()
        print(f"\n{t('cli.no_command', lang)}")
        return EXIT_USAGE
    if args.command == "manifest":
        print(manifest_yaml(args.name, args.http_url), end="")
        return 0
    if args.command == "init":
        return init_command(args.path, args.language or lang)
    try:
        loaded = load_config(config_path(args.config))
    except ConfigError as exc:
        print(f"veille: {t('cli.config_error', lang, error=exc)}", file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(args.verbose, loaded.config.veille.log_format, hide=_secrets(loaded))
    return _command(args, loaded)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
