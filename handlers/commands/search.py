"""/veille search QUERY [since:7d] [tone:neg] [source:reddit] [brand:Viadeo]"""

from __future__ import annotations

from datetime import UTC, datetime

from veille import metrics
from veille.handlers.commands.base import CommandRequest, Reply, Subcommand, UsageError
from veille.handlers.views.search import render_search
from veille.i18n import Lang
from veille.pipeline.steps import item_keys
from veille.search.history import search_history
from veille.search.live import search_live, searchable
from veille.search.request import SearchArgumentError, parse_search, unknown_filters
from veille.services import Services

PAGE_SIZE = 10


def answer_search(
    services: Services,
    text: str,
    lang: Lang,
    *,
    offset: int = 0,
    live: bool = True,
    shared_by: str | None = None,
) -> Reply:
    try:
        request = parse_search(text, lang)
    except SearchArgumentError as error:
        raise UsageError(str(error)) from None
    since = datetime.now(UTC) - request.since
    with metrics.SEARCH_SECONDS.labels("history").time():
        page = search_history(
            services.store,
            request.query,
            since=since,
            tone=request.tone,
            source=request.source,
            brand=request.brand,
            unassigned=request.unassigned,
            offset=offset,
            limit=PAGE_SIZE,
        )
    found_live = None
    # A search that only leaves words out has nothing to ask a source's own search for.
    if live and offset == 0 and request.finds_words and request.tone is None:
        sources = [
            s
            for s in searchable(services.sources)
            if request.source in (None, s.key, getattr(s, "type", None))
        ]
        with metrics.SEARCH_SECONDS.labels("live").time():
            found_live = search_live(
                sources,
                request.terms,
                since,
                unseen=lambda found: services.store.unseen([item_keys(item)[0] for item in found]),
            )
    config = services.config
    hints = (
        unknown_filters(
            request,
            [brand.name for brand in config.brands],
            [(source.key, source.type) for source in config.sources],
            lang,
        )
        if not page.results and offset == 0
        else []
    )
    heading, blocks = render_search(
        request, page, found_live, lang, config.veille.timezone, shared_by=shared_by, hints=hints
    )
    return Reply(heading, blocks, response_type="in_channel" if shared_by else "ephemeral")


def search_subcommand() -> Subcommand:
    def run(request: CommandRequest, args: str, services: Services) -> Reply:
        return answer_search(services, args, request.lang)

    return Subcommand("search", run, "usage.search", aliases=("cherche", "chercher", "recherche"), slow=True)
