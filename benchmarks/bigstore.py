"""A store of a million items and their mentions, built once, in bulk, and kept in a cache folder.

`million_store("sqlite")` answers the URL of a SQLite file under ~/.cache/veille-bench/ (or
$VEILLE_BENCH_CACHE); `million_store("postgresql")` a database named veille_bench_1m on the
PostgreSQL of $VEILLE_TEST_POSTGRES_URL. The schema is made by Veille's own migrations (at head,
or at `revision`), then rows are loaded in bulk; a store is rebuilt when the schema revision, the
row count or this generator changes. Texts are generated, never copied: French and English
sentences drawn from a vocabulary with Zipf-like word frequencies (a few words very common:
"the", "le", "google"), words sampled from the shared feed texts (read in place, when present),
~100 brands, tones, ~300 sources, two years of dates, some items seen again on another source.

Run `python -m benchmarks.bigstore sqlite postgresql [--rows N]` to build them ahead of time.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import random
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from alembic import command

from benchmarks.common import shared_data
from veille.store import Store, migrate
from veille.store.fulltext import search_text

GENERATOR = "2"  # bump when the generated rows change: cached stores are rebuilt
SEED = 20_261_206
CHUNK = 20_000
# The newest item is from the day the store is built: searches of the last days find some.
END = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
SPAN = timedelta(days=730)


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


EN_COMMON = _words(
    "the of and to a in is for that on with as it was by this are be from at an have not has but "
    "its more new they will their about after which said we our than you over who also been into "
    "two people year all can up out one time first what when just now report"
)
FR_COMMON = _words(
    "le de la et les des un une en du est pour que dans qui au sur pas plus par avec ce il a sont "
    "son ses aux nous mais ont elle leur cette comme ou tout fait été être aussi deux entre selon "
    "après depuis vers encore bien sans très année premier nouveau chez"
)
EN_CONTENT = _words(
    "customer service support outage launch price update security breach privacy data users market "
    "shares growth revenue quarter product release phone network cloud search engine advertising "
    "regulators lawsuit fine review complaint refund delivery delay store app feature partnership "
    "acquisition merger layoffs hiring strike battery screen camera subscription streaming "
    "platform account password leak hackers investors earnings watch"
)
FR_CONTENT = _words(
    "service client clients panne lancement prix mise jour sécurité fuite données utilisateurs "
    "marché actions croissance chiffre affaires trimestre produit sortie téléphone réseau nuage "
    "moteur recherche publicité régulateur procès amende avis plainte remboursement livraison "
    "retard magasin application fonctionnalité partenariat rachat fusion emplois grève batterie "
    "écran abonnement plateforme compte fuite pirates investisseurs résultats veille veilleur "
    "veiller veillée société entreprise salariés consommateurs qualité"
)
STEMS = ("Tek", "Nova", "Lumi", "Vert", "Oria", "Zen", "Bel", "Kapi", "Mira", "Sol", "Arc", "Flux")
ENDS = ("ia", "on", "ex", "ys", "ora", "io", "ance", "al")
REAL_BRANDS = _words(
    "Google Orange Free SNCF Renault Peugeot Airbus Danone Carrefour Amazon Microsoft Apple Viadeo "
    "Netvibes Deezer Dailymotion Ubisoft Michelin Decathlon Fnac Darty Leboncoin Doctolib "
    "BlaBlaCar Criteo Ledger Qonto Alan Lydia Mirakl"
)
SOURCE_TYPES = ("rss", "rss", "rss", "news", "reddit", "hackernews", "mastodon")
TONES = ("positive", "neutral", "neutral", "negative")


@dataclass(frozen=True)
class Vocabulary:
    words: dict[str, list[str]]  # language → words, most frequent first
    weights: dict[str, list[float]]  # cumulative Zipf weights, same order
    brands: list[str]
    brand_weights: list[float]
    sources: list[tuple[str, str]]  # (name, type)


def _feed_words(limit: int = 6_000) -> list[str]:
    """Distinct words of the shared feed texts (read in place), or none when they are absent."""
    folder = shared_data() / "feeds"
    if not folder.is_dir():
        return []
    seen: dict[str, None] = {}
    pattern = re.compile(r"(?<![<&/#\w])[^\W\d_]{4,14}(?![\w>;=])")
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        for word in pattern.findall(path.read_text(encoding="utf-8", errors="ignore")):
            seen.setdefault(word.lower(), None)
            if len(seen) >= limit:
                return list(seen)
    return list(seen)


def vocabulary(rng: random.Random) -> Vocabulary:
    sampled = _feed_words()
    rng.shuffle(sampled)
    words: dict[str, list[str]] = {}
    weights: dict[str, list[float]] = {}
    for lang, common, content in (("en", EN_COMMON, EN_CONTENT), ("fr", FR_COMMON, FR_CONTENT)):
        tail = list(content) + sampled[: len(sampled) // 2 if lang == "en" else len(sampled)]
        rng.shuffle(tail)
        ranked = list(common) + tail
        words[lang] = ranked
        weights[lang] = list(accumulate(1.0 / (rank + 1) ** 1.07 for rank in range(len(ranked))))
    brands = list(REAL_BRANDS)
    while len(brands) < 100:
        name = rng.choice(STEMS) + rng.choice(ENDS) + rng.choice(("", "", " Labs", " Group"))
        if name not in brands:
            brands.append(name)
    brand_weights = list(accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(brands))))
    sources = []
    for n in range(300):
        kind = rng.choice(SOURCE_TYPES)
        sources.append((f"{kind}-{rng.choice(STEMS).lower()}{n}", kind))
    return Vocabulary(words, weights, brands, brand_weights, sources)


def _sentence(rng: random.Random, vocab: Vocabulary, lang: str, n: int, brands: Sequence[str]) -> str:
    chosen = rng.choices(vocab.words[lang], cum_weights=vocab.weights[lang], k=n)
    for brand in brands:
        chosen.insert(rng.randrange(len(chosen) + 1), brand)
    if rng.random() < 0.004:
        chosen.insert(
            rng.randrange(len(chosen) + 1), "service client" if lang == "fr" else "customer service"
        )
    return " ".join(chosen)


def generate(rows: int, first: int = 1) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Items and mentions, in chunks, ids from `first`, oldest first."""
    rng = random.Random(SEED)
    vocab = vocabulary(rng)
    start = END - SPAN
    step = SPAN / max(rows, 1)
    mention_id = 0
    for base in range(first, first + rows, CHUNK):
        item_rows: list[dict[str, Any]] = []
        mention_rows: list[dict[str, Any]] = []
        for item_id in range(base, min(base + CHUNK, first + rows)):
            lang = "fr" if rng.random() < 0.55 else "en"
            named = rng.choices(vocab.brands, cum_weights=vocab.brand_weights, k=rng.choice((1, 1, 1, 2)))
            if rng.random() < 0.25 and "Google" not in named:
                named.append("Google")
            named = list(dict.fromkeys(named))
            title = _sentence(rng, vocab, lang, rng.randint(5, 11), named[:1]).capitalize()
            body = _sentence(rng, vocab, lang, rng.randint(25, 70), named)
            author = rng.choice((None, None, f"auteur{rng.randrange(5000)}"))
            fetched = start + step * (item_id - first) + timedelta(seconds=rng.randrange(60))
            draw = rng.random()
            published: datetime | None
            if draw < 0.1:
                published = None
            elif draw < 0.2:
                published = fetched + timedelta(minutes=rng.randrange(1, 120))
            else:
                published = fetched - timedelta(minutes=rng.randrange(1, 360))
            source, kind = rng.choice(vocab.sources)
            duplicate = (
                item_id - rng.randint(1, 50) if item_id - first > 100 and rng.random() < 0.05 else None
            )
            item_rows.append(
                {
                    "id": item_id,
                    "source": source,
                    "source_type": kind,
                    "guid": f"g{item_id}",
                    "url": f"https://{source}.example/{item_id}",
                    "canonical_url": f"https://{source}.example/{item_id}",
                    "title": title,
                    "text": body,
                    "author": author,
                    "published_at": published,
                    "fetched_at": fetched,
                    "declared_language": lang,
                    "reach": None,
                    "title_key": f"{item_id:040x}",
                    "title_key_short": f"{item_id // 2:040x}",
                    "duplicate_of": duplicate,
                    "search_text": search_text(title, body, author),
                    "happened_at": published if published is not None and published < fetched else fetched,
                }
            )
            for brand in named:
                mention_id += 1
                tone = rng.choice(TONES)
                mention_rows.append(
                    {
                        "id": mention_id,
                        "item_id": item_id,
                        "brand": brand,
                        "terms": json.dumps([brand.lower()]),
                        "spans": "[]",
                        "language": lang,
                        "tone": tone,
                        "tone_score": round(rng.uniform(-1, 1), 3),
                        "tone_confidence": round(rng.random(), 3),
                        "tone_corrected": rng.choice(TONES) if rng.random() < 0.01 else None,
                        "created_at": fetched,
                    }
                )
        yield item_rows, mention_rows


def cache_folder() -> Path:
    folder = Path(os.environ.get("VEILLE_BENCH_CACHE", Path.home() / ".cache" / "veille-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def label(rows: int) -> str:
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}m"
    return f"{rows // 1000}k" if rows % 1000 == 0 else str(rows)


def million_store(backend: str, rows: int = 1_000_000, revision: str | None = None) -> str:
    """The URL of a store of `rows` items (and their mentions) at `revision` (default: head)."""
    wanted = revision or migrate.head()
    if backend == "sqlite":
        return _sqlite_store(rows, wanted)
    if backend == "postgresql":
        return _postgres_store(rows, wanted)
    raise ValueError(f"unknown back end {backend!r}: sqlite or postgresql")


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _sqlite_store(rows: int, revision: str) -> str:
    folder = cache_folder()
    path = folder / f"veille-{label(rows)}-r{revision}-g{GENERATOR}.db"
    with _file_lock(folder / f"{path.name}.lock"):
        if not path.exists():
            building = path.with_suffix(".building")
            for leftover in folder.glob(building.name + "*"):
                leftover.unlink()
            _schema(f"sqlite:///{building}", revision)
            _load_sqlite(building, rows)
            building.rename(path)
    return f"sqlite:///{path}"


def _schema(url: str, revision: str) -> None:
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            command.upgrade(migrate.config(conn), revision)
            conn.commit()
    finally:
        store.close()


def _columns(conn: Any, table: str) -> list[str]:
    return [c["name"] for c in sa.inspect(conn).get_columns(table)]


def _load_sqlite(path: Path, rows: int) -> None:
    began = time.monotonic()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as probe:
        item_columns = _columns(probe, "items")
        mention_columns = _columns(probe, "mentions")
    engine.dispose()

    def insert(table: str, columns: list[str], batch: list[dict[str, Any]]) -> None:
        wanted = [c for c in columns if c in batch[0]]
        sql = f"INSERT INTO {table} ({', '.join(wanted)}) VALUES ({', '.join('?' * len(wanted))})"
        conn.executemany(sql, [[_sqlite_value(row[c]) for c in wanted] for row in batch])

    for item_rows, mention_rows in generate(rows):
        conn.execute("BEGIN")
        insert("items", item_columns, item_rows)
        insert("mentions", mention_columns, mention_rows)
        conn.execute("COMMIT")
    # Revisions from 0008 on write the full-text index in batches, not by a trigger: the items the
    # index lacks (none at an older revision), at once. The statement is veille.store.fulltext's,
    # written out: `--before` workers import this module with an older package, which lacks it.
    conn.execute(
        "INSERT INTO items_fts(rowid, search_text) SELECT id, search_text FROM items"
        " WHERE id > (SELECT coalesce(max(id), 0) FROM items_fts_docsize)"
    )
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    print(f"built {path} ({rows:,} items) in {time.monotonic() - began:.0f} s")


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _admin_url() -> str:
    url = os.environ.get("VEILLE_TEST_POSTGRES_URL")
    if not url:
        raise RuntimeError("set VEILLE_TEST_POSTGRES_URL to a PostgreSQL server to build the store on")
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _postgres_store(rows: int, revision: str) -> str:
    admin = _admin_url()
    name = f"veille_bench_{label(rows)}" + ("" if revision == migrate.head() else f"_r{revision}")
    marker = f"veille bench rows={rows} revision={revision} generator={GENERATOR}"
    prefix = admin.rsplit("/", 1)[0]
    url = f"{prefix}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (name,))
        found = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if found is not None and found[0] == marker:
            return url
        building = f"{name}_building"
        conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{building}"')
        building_url = f"{prefix}/{building}"
        _schema(building_url.replace("postgresql://", "postgresql+psycopg://", 1), revision)
        _load_postgres(building_url, rows)
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{marker}'")
    return url


def _load_postgres(url: str, rows: int) -> None:
    """COPY with the secondary indexes dropped, then recreated as the migrations defined them."""
    began = time.monotonic()
    with psycopg.connect(url) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        indexes = conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN ('items', 'mentions')"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        ).fetchall()
        for index_name, _ in indexes:
            conn.execute(f'DROP INDEX "{index_name}"')
        columns = {
            table: [
                r[0]
                for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                    " AND is_generated = 'NEVER' ORDER BY ordinal_position",
                    (table,),
                )
            ]
            for table in ("items", "mentions")
        }
        for item_rows, mention_rows in generate(rows):
            for table, batch in (("items", item_rows), ("mentions", mention_rows)):
                wanted = [c for c in columns[table] if c in batch[0]]
                with conn.cursor().copy(f"COPY {table} ({', '.join(wanted)}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row([_postgres_value(row[c]) for c in wanted])
        conn.commit()
        for _, definition in indexes:
            conn.execute(definition)
        for table in ("items", "mentions"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE items")
        conn.execute("VACUUM ANALYZE mentions")
    print(f"built {url} ({rows:,} items) in {time.monotonic() - began:.0f} s")


def _postgres_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("backends", nargs="*", default=["sqlite", "postgresql"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--revision", default=None, help="schema revision (default: head)")
    args = parser.parse_args()
    for backend in args.backends:
        print(million_store(backend, args.rows, args.revision))


if __name__ == "__main__":
    main()
