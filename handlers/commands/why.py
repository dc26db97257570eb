"""/veille why LINK | NUMBER: why an alert is what it is (also the alert menu's "Why?"); the link
is the alert's message's or the article's."""

from __future__ import annotations

from veille.handlers.commands.base import CommandRequest, Reply, Subcommand, UsageError
from veille.handlers.views.why import render_why
from veille.i18n import Lang, t
from veille.search.why import ArticleLink, TargetError, find_alert, parse_target, why
from veille.services import Services
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import in_code


def shown(text: str) -> str:
    """What the person typed, safe to quote inside `…`."""
    return in_code(cut_at_word(" ".join(text.split()), 80))


def answer_why(services: Services, alert_id: int, lang: Lang, asked: str | None = None) -> Reply:
    """The private answer for one alert; `asked` is what named it, quoted when nothing is found."""
    explanation = why(services.store, services.config, alert_id)
    if explanation is None:
        return Reply(t("why.not_found", lang, value=shown(asked if asked is not None else str(alert_id))))
    text, blocks = render_why(explanation, lang, services.config.veille.timezone)
    return Reply(text, blocks)


def why_subcommand() -> Subcommand:
    def run(request: CommandRequest, args: str, services: Services) -> Reply:
        try:
            target = parse_target(args)
        except TargetError as error:
            key = "why.needs_target" if str(error) == "empty" else "why.bad_target"
            raise UsageError(t(key, request.lang, value=shown(args))) from None
        alert_id = target if isinstance(target, int) else find_alert(services.store, target)
        if alert_id is None:
            missing = "why.no_article" if isinstance(target, ArticleLink) else "why.not_found"
            return Reply(t(missing, request.lang, value=shown(args)))
        return answer_why(services, alert_id, request.lang, args)

    return Subcommand("why", run, "usage.why", aliases=("pourquoi",), slow=True)
