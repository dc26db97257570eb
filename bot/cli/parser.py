"""The `veille` command line's parser, its help pages in the configured language.

The language is known before the configuration is validated: it is read from the configuration
file named by -c (or $VEILLE_CONFIG, or ./config.toml) when that file is readable TOML, else from
the terminal's locale (LC_ALL, LC_MESSAGES, LANG), else English.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from veille import __version__
from veille.config import ConfigError, config_path
from veille.i18n import Lang, t

# Each command, the catalogue key of its one-line description.
COMMANDS = {
    "run": "cli.cmd.run",
    "init": "cli.cmd.init",
    "check": "cli.cmd.check",
    "status": "cli.cmd.status",
    "sources": "cli.cmd.sources",
    "export": "cli.cmd.export",
    "summary": "cli.cmd.summary",
    "test-query": "cli.cmd.test_query",
    "tone-report": "cli.cmd.tone_report",
    "db": "cli.cmd.db",
    "manifest": "cli.cmd.manifest",
}


def locale_language(environ: Mapping[str, str]) -> Lang:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def cli_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> Lang:
    """The language to speak before the configuration is loaded (help pages, argument errors)."""
    env = os.environ if environ is None else environ
    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("-c", "--config")
    try:
        known, _ = early.parse_known_args(argv)
    except argparse.ArgumentError:  # `-c` without a file: the real parser says so, in the language
        return locale_language(env)
    try:
        with open(config_path(known.config, env), "rb") as file:
            language = tomllib.load(file).get("veille", {}).get("language")
    except (ConfigError, OSError, ValueError, AttributeError):  # ValueError: not TOML, not UTF-8
        language = None
    if language == "fr":
        return "fr"
    if language == "en":
        return "en"
    return locale_language(env)


class Parser(argparse.ArgumentParser):
    """An argument parser whose own words (usage, errors) follow `lang`."""

    def __init__(self, *args: Any, lang: Lang, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.lang = lang

    def _localized(self, text: str) -> str:
        return t("cli.usage", self.lang) + text.removeprefix("usage: ")

    def format_usage(self) -> str:
        return self._localized(super().format_usage())

    def format_help(self) -> str:
        return self._localized(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {t('cli.error', self.lang, message=argparse_said(message, self.lang))}\n")


# argparse's own messages (Python's English), to say in the reader's language.
_ARGPARSE = (
    (re.compile(r"unrecognized arguments: (?P<args>.*)"), "cli.argparse.unrecognized"),
    (re.compile(r"the following arguments are required: (?P<args>.*)"), "cli.argparse.required"),
    (
        re.compile(
            r"argument (?P<argument>.+?): invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)"
        ),
        "cli.argparse.choice",
    ),
    (re.compile(r"argument (?P<argument>.+?): expected one argument"), "cli.argparse.one_value"),
    (re.compile(r"argument (?P<argument>.+?): invalid \w+ value: (?P<value>.*)"), "cli.argparse.invalid"),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)"), "cli.argparse.ambiguous"),
)


def argparse_said(message: str, lang: Lang) -> str:
    """An argparse error in `lang` (as argparse says it when it is not one it knows)."""
    for pattern, key in _ARGPARSE:
        found = pattern.fullmatch(message)
        if found:
            return t(key, lang, **found.groupdict())
    return message


def _examples(key: str, lang: Lang) -> str:
    lines = t(key, lang).splitlines()
    return "\n".join([t("cli.section.examples", lang), *(f"  {line}" for line in lines)])


def _options(group: argparse._ArgumentGroup, lang: Lang, *, top: bool) -> None:
    """-h, -c and -v; after the command, an absent option leaves the value given before it."""
    keep: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    group.add_argument("-h", "--help", action="help", help=t("cli.opt.help", lang))
    if top:
        group.add_argument(
            "--version", action="version", version=f"veille {__version__}", help=t("cli.opt.version", lang)
        )
    group.add_argument("-c", "--config", metavar="FILE", help=t("cli.opt.config", lang), **keep)
    group.add_argument("-v", "--verbose", action="store_true", help=t("cli.opt.verbose", lang), **keep)


def build_parser(lang: Lang) -> Parser:
    parser = Parser(
        prog="veille", lang=lang, description=t("cli.description", lang), epilog=t("cli.more_help", lang)
    )
    _options(parser.add_argument_group(t("cli.section.options", lang)), lang, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title=t("cli.section.commands", lang))
    arguments: dict[str, argparse._ArgumentGroup] = {}
    for name, key in COMMANDS.items():
        command = commands.add_parser(
            name,
            lang=lang,
            help=t(key, lang),
            description=t(key, lang),
            epilog=_examples(f"{key}.examples", lang),
        )
        arguments[name] = command.add_argument_group(t("cli.section.arguments", lang))
        _options(command.add_argument_group(t("cli.section.options", lang)), lang, top=False)
    arguments["init"].add_argument(
        "path", nargs="?", default="config.toml", help=t("cli.arg.init_path", lang)
    )
    arguments["init"].add_argument("--language", choices=["fr", "en"], help=t("cli.arg.init_language", lang))
    arguments["sources"].add_argument(
        "action", nargs="?", choices=["check"], help=t("cli.arg.sources_action", lang)
    )
    arguments["export"].add_argument("--since", default="30d", help=t("cli.arg.since", lang))
    arguments["export"].add_argument("-o", "--output", metavar="FILE", help=t("cli.arg.output", lang))
    arguments["summary"].add_argument("--weekly", action="store_true", help=t("cli.arg.weekly", lang))
    arguments["test-query"].add_argument("query", nargs="?", help=t("cli.arg.query", lang))
    arguments["test-query"].add_argument("--brand", metavar="NAME", help=t("cli.arg.brand", lang))
    arguments["test-query"].add_argument("--days", type=int, default=30, help=t("cli.arg.days", lang))
    arguments["db"].add_argument("action", choices=["current", "upgrade"], help=t("cli.arg.db_action", lang))
    arguments["manifest"].add_argument("--name", default="Veille", help=t("cli.arg.name", lang))
    arguments["manifest"].add_argument("--http-url", metavar="URL", help=t("cli.arg.http_url", lang))
    return parser
