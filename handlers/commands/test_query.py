"""/veille test QUERY: what a query would find among the items of the last 30 days, before saving it."""

from __future__ import annotations

from typing import Any

from veille.handlers.commands.base import CommandRequest, Reply, Subcommand, UsageError
from veille.handlers.views.alert import snippet
from veille.i18n import Lang, format_when, t
from veille.matching.query import QueryError, caret_line
from veille.search.preview import Example, Preview, preview
from veille.services import Services
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import bold_spans, escape, escape_links, in_code, link

SNIPPET = 220
QUERY_SHOWN = 200


def refusal(query: str, error: QueryError, lang: Lang) -> Reply:
    shown, caret = caret_line(query, error.position)
    text = "\n".join(
        [
            t("query.refused", lang, problem=escape_links(error.problem(lang))),
            f"```{in_code(shown)}\n{caret}```",
            escape_links(error.hint(lang)),
        ]
    )
    return Reply(text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}])


def example_line(example: Example, lang: Lang, timezone: str) -> str:
    title = cut_at_word(example.title, 150) or t("query.preview_untitled", lang)
    title_spans = [(s.start, s.end) for s in example.spans if s.field == "title" and s.end <= len(title)]
    head = f"• {bold_spans(title, title_spans)} — _{escape(example.source)}_"
    if example.published_at is not None:
        head += f" · {format_when(example.published_at, timezone, lang)}"
    if example.url:
        head += f" · {link(example.url, t('query.preview_open', lang))}"
    text_spans = [(s.start, s.end) for s in example.spans if s.field == "text"]
    excerpt = snippet(example.text, text_spans, SNIPPET)
    return head + (f"\n> {excerpt}" if excerpt else "")


def render(result: Preview, lang: Lang, timezone: str) -> Reply:
    header = t(
        "query.preview_count",
        lang,
        query=in_code(cut_at_word(result.query, QUERY_SHOWN)),
        matched=result.matched,
        scanned=result.scanned,
        days=result.days,
    )
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": header}}]
    if result.examples:
        lines = [t("query.preview_examples", lang)]
        lines += [example_line(e, lang, timezone) for e in result.examples]
        for line in lines:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": line[:2900]}})
    else:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": t("query.preview_none", lang)}})
    blocks.append(
        {"type": "context", "elements": [{"type": "mrkdwn", "text": t("query.preview_saved_nowhere", lang)}]}
    )
    return Reply(header, blocks)


def test_subcommand() -> Subcommand:
    def run(request: CommandRequest, args: str, services: Services) -> Reply:
        query = args.strip()
        if not query:
            raise UsageError(t("query.test_needs_query", request.lang))
        try:
            result = preview(services.store, query)
        except QueryError as error:
            return refusal(query, error, request.lang)
        return render(result, request.lang, services.config.veille.timezone)

    return Subcommand("test", run, "usage.test", aliases=("essai", "tester"), slow=True)
