"""`veille check`: what was understood of the configuration, in its language."""

from __future__ import annotations

import os

from veille.config import Config, LoadedConfig, RssSourceConfig, Secrets
from veille.i18n import Lang, t, weekly_time
from veille.text.durations import format_duration


def describe(loaded: LoadedConfig, secrets: Secrets) -> str:
    config = loaded.config
    general = config.veille
    lang = general.language
    tone = t(
        "cli.check.tone",
        lang,
        positive=f"{config.tone.positive:+.2f}",
        negative=f"{config.tone.negative:+.2f}",
    )
    if config.tone.terms:
        tone += t("cli.check.tone_terms", lang, count=len(config.tone.terms))
    lines = [
        t("cli.check.file", lang, path=loaded.path),
        t("cli.check.language", lang, language=lang, timezone=general.timezone),
        t("cli.check.database", lang, url=redact(loaded.database_url())),
        t(
            "cli.check.interval",
            lang,
            interval=format_duration(general.poll_interval),
            jitter=format_duration(general.jitter),
        ),
        t("cli.check.backlog", lang, backlog=_backlog_text(general.backlog, lang)),
        t("cli.check.private", lang, policy=_private_text(general.allow_private_addresses, lang)),
        tone,
        t("cli.check.brands", lang, count=len(config.brands)),
    ]
    for brand in config.brands:
        lines.append(f"  - {brand.name} → {config.channel_for(brand)}")
        if brand.query is not None:
            lines.append(t("cli.check.query", lang, query=brand.query))
        else:
            lines.append(t("cli.check.terms", lang, terms=", ".join(repr(w) for w in brand.search_terms)))
        if brand.context:
            words = ", ".join(repr(w) for w in brand.context)
            lines.append(t("cli.check.context", lang, window=brand.context_window, words=words))
        if brand.exclude:
            lines.append(t("cli.check.exclude", lang, words=", ".join(repr(w) for w in brand.exclude)))
    lines.append(t("cli.check.sources", lang, count=len(config.sources)))
    for source in config.sources:
        lines.append(
            t(
                "cli.check.source",
                lang,
                source=source.key,
                type=source.type,
                interval=format_duration(config.source_interval(source)),
                backlog=_backlog_text(config.source_backlog(source), lang),
            )
        )
        detail = (
            loaded.resolve_url(source.url) if isinstance(source, RssSourceConfig) else source.describe(lang)
        )
        lines.append(f"      {detail}")
        missing = source.missing_secrets(os.environ)
        if missing:
            lines.append("      " + t("cli.check.secret_missing", lang, names=", ".join(missing)))
    lines.append(t("cli.check.slack", lang, mode=_slack_mode(config, secrets, lang)))
    lines += _describe_reports(config, lang)
    return "\n".join(lines)


def _slack_mode(config: Config, secrets: Secrets, lang: Lang) -> str:
    if not secrets.slack_bot_token:
        return t("cli.check.mode_console", lang)
    if secrets.slack_app_token and config.slack.mode != "http":
        return t("cli.check.mode_socket", lang)
    if secrets.slack_signing_secret:
        return t("cli.check.mode_http", lang, port=config.slack.http_port)
    return t("cli.check.mode_incomplete", lang)


def _describe_reports(config: Config, lang: Lang) -> list[str]:
    reports, spikes = config.reports, config.spikes
    off = t("cli.off", lang)
    return [
        t(
            "cli.check.reports",
            lang,
            daily=", ".join(reports.daily) or off,
            weekly=weekly_time(reports.weekly, lang) if reports.weekly else off,
            timezone=config.veille.timezone,
            chart=t("cli.on" if reports.chart else "cli.off", lang),
        ),
        t(
            "cli.check.spikes",
            lang,
            state=t("cli.on" if spikes.enabled else "cli.off", lang),
            sensitivity=spikes.sensitivity,
            volume=spikes.min_volume,
            cooldown=format_duration(spikes.cooldown),
        ),
    ]


def _private_text(allowed: bool | tuple[str, ...], lang: Lang) -> str:
    if allowed is True:
        return t("cli.check.private_all", lang)
    if allowed:
        return t("cli.check.private_except", lang, allowed=", ".join(allowed))
    return t("cli.check.private_refused", lang)


def _backlog_text(backlog: object, lang: Lang) -> str:
    if backlog == "all":
        return t("cli.check.backlog_all", lang)
    if backlog == "since_start":
        return t("cli.check.backlog_since_start", lang)
    return t("cli.check.backlog_newest", lang, count=backlog)


def redact(url: str) -> str:
    """A database URL with its password replaced by ***."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
    return url
