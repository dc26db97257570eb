"""`veille status`: asks the running bot's /readyz on this machine and prints what works; with no
bot answering, prints what the database says (last successful polls, the outbox's oldest alert).

Exit status: 0 ready, 1 running but not ready, 2 no bot answering."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime

from veille.app import StartupError, choose_mode
from veille.config import LoadedConfig, Secrets
from veille.i18n import Lang, t
from veille.status import (
    Facts,
    Readiness,
    StoredFacts,
    ago,
    assess,
    check_label,
    check_lines,
    stored_facts,
)
from veille.store import Store

READY, NOT_READY, NOT_RUNNING = 0, 1, 2
ASK_WITHIN = 5.0
# The bot is on this machine: an $http_proxy must not stand between them.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def status_port(loaded: LoadedConfig, secrets: Secrets) -> int:
    """Where the bot started with this configuration answers /readyz (0: nowhere)."""
    try:
        mode = choose_mode(secrets, loaded.config.slack.mode)
    except StartupError:
        mode = "console"
    return loaded.config.slack.http_port if mode == "http" else loaded.config.veille.health_port


def ask(url: str) -> Readiness | None:
    """The running bot's readiness report, or None when nothing (or not Veille) answers."""
    try:
        with DIRECT.open(url, timeout=ASK_WITHIN) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        body = error.read()
    except (OSError, ValueError):
        return None
    try:
        return Readiness.from_json(json.loads(body))
    except ValueError:
        return None


def _print_checks(report: Readiness, lang: Lang) -> None:
    for line in check_lines(report, lang):
        print(f"  {line}")


def _offline(loaded: LoadedConfig, secrets: Secrets, lang: Lang) -> None:
    config = loaded.config
    store = Store(loaded.database_url())
    try:
        stored = stored_facts(store, [output.name for output in config.outputs])
    finally:
        store.close()
    sources = {source.key: config.source_interval(source) for source in config.sources}
    facts = Facts(
        now=datetime.now(UTC),
        lang=lang,
        stored=stored,
        sources=sources,
        slack=bool(secrets.slack_bot_token),
    )
    _print_checks(assess(facts), lang)
    if not isinstance(stored, StoredFacts):
        return
    for key in sources:
        success = stored.last_success.get(key)
        if success is None:
            when = t("status.cli.never_polled", lang)
        else:
            seconds = (facts.now - success.replace(tzinfo=success.tzinfo or UTC)).total_seconds()
            when = t("status.cli.polled", lang, ago=ago(seconds, lang))
        print(f"  {t('status.check.source', lang, source=key)}{t('status.separator', lang)}{when}")


def status_command(loaded: LoadedConfig) -> int:
    lang = loaded.config.veille.language
    secrets = Secrets.from_env()
    port = status_port(loaded, secrets)
    if not port:
        print(t("status.cli.no_port", lang))
        _offline(loaded, secrets, lang)
        return NOT_RUNNING
    url = f"http://127.0.0.1:{port}/readyz"
    report = ask(url)
    if report is None:
        print(t("status.cli.not_running", lang, url=url))
        _offline(loaded, secrets, lang)
        return NOT_RUNNING
    if report.ready:
        print(t("status.cli.ready", lang, url=url))
    else:
        failing = ", ".join(check_label(name, lang) for name in report.failing)
        print(t("status.cli.not_ready", lang, url=url, failing=failing))
    _print_checks(report, lang)
    return READY if report.ready else NOT_READY
