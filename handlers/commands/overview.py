"""/veille stats, /veille sources, /veille brands and /veille status: what is watched and how it
goes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from veille.handlers.commands.base import CommandRequest, Reply, Subcommand, UsageError, named
from veille.i18n import Lang, format_when, t
from veille.pipeline.source_report import sources_status
from veille.search.history import Stats, mention_stats
from veille.services import Services
from veille.status import check_label, check_lines
from veille.text.clean import cut_at_word
from veille.text.durations import ZeroLookback, parse_lookback
from veille.text.mrkdwn import channel_ref, escape, in_code

DEFAULT_PERIOD = timedelta(days=7)
SECTION_CHARS = 2900  # under Slack's 3,000 per section, room for the code fence


def parse_period(text: str, lang: Lang) -> timedelta:
    words = text.split()
    if len(words) > 1:
        raise UsageError(t("stats.one_period", lang, rest=in_code(" ".join(words[1:])[:60])))
    value = words[0] if words else ""
    if not value:
        return DEFAULT_PERIOD
    try:
        return parse_lookback(value.removeprefix("since:"))
    except ZeroLookback:
        raise UsageError(t("lookback.zero", lang, value=in_code(value.removeprefix("since:")[:40]))) from None
    except ValueError:
        raise UsageError(t("stats.bad_period", lang, value=in_code(value[:40]))) from None


def stats_text(stats: Stats, since: datetime, lang: Lang, timezone: str) -> str:
    shown_since = format_when(since, timezone, lang)
    if not stats.total and not stats.by_brand_tone:
        return t("stats.none", lang, since=shown_since)
    lines = [t("stats.heading", lang, total=stats.total, since=shown_since), "", t("stats.by_brand", lang)]
    ranked = sorted(stats.by_brand_tone.items(), key=lambda pair: (-sum(pair[1].values()), pair[0]))
    for brand, tones in ranked[:40]:
        unknown = tones.get("unknown", 0)
        lines.append(
            t(
                "stats.brand_line",
                lang,
                brand=escape(cut_at_word(brand, 80)),
                total=sum(tones.values()),
                positive=tones.get("positive", 0),
                neutral=tones.get("neutral", 0),
                negative=tones.get("negative", 0),
                unknown=t("stats.unknown_part", lang, count=unknown) if unknown else "",
            )
        )
    lines += ["", t("stats.by_source", lang)]
    for source, count in stats.by_source.most_common(25):
        lines.append(t("stats.source_line", lang, source=escape(cut_at_word(source, 80)), count=count))
    return "\n".join(lines)


def _sections(text: str) -> list[dict[str, object]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def stats_subcommand() -> Subcommand:
    def run(request: CommandRequest, args: str, services: Services) -> Reply:
        period = parse_period(args, request.lang)
        since = datetime.now(UTC) - period
        text = stats_text(
            mention_stats(services.store, since), since, request.lang, services.config.veille.timezone
        )
        return Reply(text, _sections(cut_at_word(text, SECTION_CHARS)))

    return Subcommand("stats", run, "usage.stats", aliases=("statistiques",), slow=True)


def code_blocks(table: str) -> list[str]:
    """A table cut into ```blocks``` that each fit in one section, whole lines only."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in in_code(table).splitlines():
        line = line[: SECTION_CHARS - 10]
        if current and size + len(line) + 1 > SECTION_CHARS - 10:
            chunks.append("```" + "\n".join(current) + "```")
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        chunks.append("```" + "\n".join(current) + "```")
    return chunks


def sources_subcommand() -> Subcommand:
    def run(request: CommandRequest, args: str, services: Services) -> Reply:
        lang = request.lang
        if services.loaded is None or not services.config.sources:
            return Reply(t("sources.none", lang))
        sources = services.config.sources
        kinds = named(args, [s.key for s in sources] + [s.type for s in sources], "sources.unknown", lang)
        keys = {s.key for s in sources if s.key in kinds or s.type in kinds}
        heading = t("sources.heading", lang, count=len(keys))
        chunks = code_blocks(sources_status(services.loaded, services.store, lang=lang, only=keys))
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": c}} for c in [heading, *chunks[:40]]]
        return Reply(heading + "\n" + "\n".join(chunks), blocks)

    return Subcommand("sources", run, "usage.sources")


def brands_subcommand() -> Subcommand:
    def run(request: CommandRequest, args: str, services: Services) -> Reply:
        lang, config = request.lang, services.config
        chosen = named(args, [b.name for b in config.brands], "brands.unknown", lang)
        shown = [brand for brand in config.brands if brand.name in chosen]
        lines = [t("brands.heading", lang, count=len(shown))]
        for brand in shown[:45]:
            line = t(
                "brands.line", lang, brand=escape(brand.name), channel=channel_ref(config.channel_for(brand))
            )
            if brand.query:
                details = [t("brands.query", lang, query=in_code(cut_at_word(brand.query, 300)))]
            else:
                terms = ", ".join(f"`{in_code(cut_at_word(term, 60))}`" for term in brand.search_terms[:20])
                details = [t("brands.terms", lang, terms=terms)]
            if brand.context:
                context = ", ".join(f"`{in_code(cut_at_word(term, 60))}`" for term in brand.context[:20])
                details.append(t("brands.context", lang, terms=context, window=brand.context_window))
            if brand.exclude:
                excluded = ", ".join(f"`{in_code(cut_at_word(term, 60))}`" for term in brand.exclude[:20])
                details.append(t("brands.exclude", lang, terms=excluded))
            lines.append(line + "\n    " + " · ".join(details))
        mutes = services.store.mutes()
        if mutes:
            lines.append(t("brands.mutes", lang, count=len(mutes)))
        text = "\n".join(lines)
        return Reply(text, _sections(cut_at_word(text, SECTION_CHARS)))

    return Subcommand("brands", run, "usage.brands", aliases=("marques",))


def status_subcommand() -> Subcommand:
    def run(request: CommandRequest, args: str, services: Services) -> Reply:
        lang = request.lang
        if args.strip():
            raise UsageError(t("status.reply.no_argument", lang, rest=in_code(cut_at_word(args.strip(), 60))))
        if services.readiness is None:
            return Reply(t("status.reply.unknown", lang))
        report = services.readiness(lang)
        if report.ready:
            title = t("status.reply.ready", lang)
        else:
            failing = ", ".join(check_label(name, lang) for name in report.failing)
            title = t("status.reply.not_ready", lang, failing=escape(failing))
        lines = [title, *(escape(line) for line in check_lines(report, lang))]
        return Reply("\n".join([*lines, t("status.reply.sources", lang)]))

    # The database check may wait for a server that does not answer: off the pool that answers clicks.
    return Subcommand("status", run, "usage.status", aliases=("etat", "état"), slow=True)
