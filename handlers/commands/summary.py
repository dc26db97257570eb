"""/veille summary [weekly]: today's (or this week's) summary, now, for the person who asks."""

from __future__ import annotations

from veille.handlers.commands.base import CommandRequest, Reply, Subcommand, UsageError
from veille.i18n import t
from veille.reports.jobs import Reporter
from veille.services import Services
from veille.text.mrkdwn import in_code

WEEKLY_WORDS = frozenset({"weekly", "week", "semaine", "hebdo"})
DAILY_WORDS = frozenset({"", "daily", "day", "today", "jour", "quotidien"})


def run(request: CommandRequest, args: str, services: Services) -> Reply:
    word = args.strip().lower()
    if word not in WEEKLY_WORDS | DAILY_WORDS:
        raise UsageError(t("summary.bad_argument", request.lang, value=in_code(args.strip()[:60])))
    reporter = Reporter(services.config, services.store)
    weekly = word in WEEKLY_WORDS
    message = reporter.summary_now(weekly=weekly, lang=request.lang, channel_id=request.channel_id)
    return Reply(message.text, message.blocks)


def summary_subcommand() -> Subcommand:
    return Subcommand("summary", run, "usage.summary", aliases=("resume", "résumé", "bilan"), slow=True)
