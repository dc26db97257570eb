"""`veille test-query`: a query's preview in the terminal (see veille.search.preview)."""

from __future__ import annotations

import sys

from veille.config import LoadedConfig
from veille.i18n import Lang, t
from veille.matching.query import QueryError, caret_line
from veille.search.preview import Example, preview
from veille.store import Store
from veille.text.clean import excerpt

EXIT_BAD_QUERY = 2
EXCERPT_CHARS = 240


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each matched span between [ and ] (a terminal has no bold to rely on)."""
    out, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        out += [text[cursor:start], "[", text[start:end], "]"]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _example(example: Example, lang: Lang) -> list[str]:
    title_spans = [(s.start, s.end) for s in example.spans if s.field == "title"]
    text_spans = [(s.start, s.end) for s in example.spans if s.field == "text"]
    title = _marked(example.title, title_spans) or t("query.preview_untitled", lang)
    lines = [f"- {title}  [{example.source}]"]
    if example.url:
        lines.append(f"  {example.url}")
    if text_spans:
        lines.append("  " + excerpt(example.text, text_spans, EXCERPT_CHARS, _marked))
    return lines


def test_query(loaded: LoadedConfig, query: str | None, brand_name: str | None, days: int) -> int:
    config = loaded.config
    lang = config.veille.language
    context: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    if brand_name is not None:
        brand = next((b for b in config.brands if b.name.casefold() == brand_name.casefold()), None)
        if brand is None:
            names = ", ".join(b.name for b in config.brands)
            print(
                f"veille: {t('cli.query.no_brand', lang, name=repr(brand_name), names=names)}",
                file=sys.stderr,
            )
            return EXIT_BAD_QUERY
        context, exclude = brand.context, brand.exclude
        if query is None:
            # Each term as a phrase; a '"' inside one separates words like any other punctuation.
            query = brand.query or " OR ".join(
                f'"{term.replace(chr(34), " ")}"' for term in brand.search_terms
            )
    if not query or not query.strip():
        print(f"veille: {t('cli.query.missing', lang)}", file=sys.stderr)
        return EXIT_BAD_QUERY
    store = Store(loaded.database_url())
    try:
        store.create_schema()
        result = preview(store, query, context=context, exclude=exclude, days=max(1, days))
    except QueryError as error:
        shown, caret = caret_line(query, error.position)
        print(f"veille: {t('query.refused', lang, problem=error.problem(lang))[2:]}", file=sys.stderr)
        print(f"  {shown}\n  {caret}\n{error.hint(lang)}", file=sys.stderr)
        return EXIT_BAD_QUERY
    finally:
        store.close()
    shown = repr(query)
    print(
        t(
            "cli.query.result",
            lang,
            matched=result.matched,
            scanned=result.scanned,
            days=result.days,
            query=shown,
        )
    )
    for example in result.examples:
        print("\n".join(_example(example, lang)))
    if not result.matched:
        print(t("query.preview_none", lang).replace("`", ""))
    return 0
