"""/veille export [since:30d]: a CSV file of the mentions, uploaded to the channel."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from veille.delivery.uploads import NewUpload, UploadQueue
from veille.handlers.commands.base import CommandRequest, Reply, Subcommand, UsageError
from veille.i18n import format_when, t
from veille.reports.data import load_records
from veille.reports.export import export_csv
from veille.services import Services
from veille.text.durations import ZeroLookback, parse_lookback
from veille.text.mrkdwn import in_code, user_mention

DEFAULT_SINCE = 30 * 86400.0
MAX_SINCE = 400 * 86400.0


def parse_since(args: str, lang: str) -> float:
    """`since:30d` (or `30d`) in seconds; UsageError naming what to type otherwise."""
    words = args.split()
    if not words:
        return DEFAULT_SINCE
    value = words[0].removeprefix("since:")
    try:
        seconds = parse_lookback(value).total_seconds()
    except ZeroLookback:
        raise UsageError(
            t("lookback.zero", "fr" if lang == "fr" else "en", value=in_code(value[:40]))
        ) from None
    except ValueError:
        seconds = -1.0
    if len(words) > 1 or seconds <= 0 or seconds > MAX_SINCE:
        shown = in_code(args.strip()[:60])
        raise UsageError(t("export.bad_since", "fr" if lang == "fr" else "en", value=shown))
    return seconds


def run(request: CommandRequest, args: str, services: Services) -> Reply:
    since = datetime.now(UTC) - timedelta(seconds=parse_since(args, request.lang))
    when = format_when(since, services.config.veille.timezone, request.lang)
    records = load_records(services.store, since)
    if not records:
        return Reply(t("export.empty", request.lang, since=when))
    day = datetime.now(UTC).date().isoformat()
    comment = t(
        "export.comment", request.lang, since=when, user=user_mention(request.user_id), count=len(records)
    )
    UploadQueue(services.store.engine).queue(
        NewUpload(
            key=f"export:{request.user_id}:{uuid.uuid4().hex}",
            channel=request.channel_id,
            filename=f"veille-mentions-{day}.csv",
            title=f"Veille — mentions {day}",
            content=export_csv(records),
            comment=comment,
            requester=request.user_id,
            tell=request.user_id,  # a DM: it reaches them even where the bot cannot post
            tell_lang=request.lang,
        )
    )
    return Reply(t("export.queued", request.lang, count=len(records), since=when))


def export_subcommand() -> Subcommand:
    return Subcommand("export", run, "usage.export", aliases=("exporter", "csv"), slow=True)
