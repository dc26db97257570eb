"""Texts per second through the matcher: 1,000 brand queries against the texts of the shared feeds.

Compares, in the same run and on the same texts:
- the compiled matcher (one pass of word look-ups for every brand, then the boolean part of the
  queries whose words were found) on 1,000 queries of the full language;
- a naive baseline, one regular expression per query, on the same 1,000 queries (it must find
  exactly the same mentions: the script says how many disagree);
- the previous matcher (one regular expression per brand, terms only) against the compiled one,
  on 1,000 term-only brands and on the 18 brands of benchmarks/pipeline.py.
Timings are the best of several runs (the machine may be busy). Run:
    .venv/bin/python -m benchmarks.matching [--queries 1000] [--seed 4]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import feed_files
from benchmarks.pipeline import BRANDS
from veille.matching.matcher import BrandRule, Matcher, words_of
from veille.matching.query import And, Language, Node, Not, Or, Site, Source, Term, all_terms, parse_query
from veille.model import BrandMatch, Item
from veille.sources.base import FetchError
from veille.sources.feed import parse_feed
from veille.text.clean import fold
from veille.text.urls import host_of

_WORD = r"[^\W_]"


def load_items(files: Iterable[Path]) -> list[Item]:
    items: list[Item] = []
    for path in files:
        with contextlib.suppress(FetchError):
            items.extend(parse_feed(path.read_bytes(), path.name))
    return items


# -- 1,000 queries a team might write, built from the corpus's own words ------------------------


def vocabulary(items: Sequence[Item]) -> list[str]:
    """Words as rare as brand names: in a few texts each (2 to 8 of them), not "the" nor one-offs."""
    counts: Counter[str] = Counter()
    for item in items:
        counts.update(set(words_of(f"{item.title} {item.text}")))
    return sorted(w for w, n in counts.items() if len(w) >= 4 and not w.isdigit() and 2 <= n <= 8)


def make_queries(words: Sequence[str], hosts: Sequence[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)

    def word() -> str:
        return rng.choice(words)

    def stem(text: str) -> str:  # the wildcards people write: forfait*, veill*, not comp*
        return text[: max(5, len(text) - 2)]

    shapes: list[Callable[[], str]] = [
        lambda: word(),
        lambda: f'"{word()} {word()}"',
        lambda: f"{word()} ({word()} OR {word()} OR {word()})",
        lambda: f'{word()} -{word()} -"{word()} {word()}"',
        lambda: f"{stem(word())}* {word()}",
        lambda: f'("{word()} {word()}" OR {word()}) NOT {word()}',
        lambda: f"title:{word()} OR {word()}",
        lambda: f"{word()} site:{rng.choice(hosts)}" if hosts else word(),
        lambda: f"({word()} OR {word()}) ({word()} OR {word()}*)",
        lambda: f"{word()} OR {word()} OR {word()} OR {word()}",
    ]
    return [rng.choice(shapes)() for _ in range(count)]


# -- the naive baseline: one regular expression per query ---------------------------------------


@dataclass
class NaiveQuery:
    brand: str
    tree: Node
    pattern: re.Pattern[str]
    groups: dict[tuple[tuple[str, ...], tuple[bool, ...]], str]

    @classmethod
    def build(cls, brand: str, query: str) -> NaiveQuery:
        tree = parse_query(query)
        groups: dict[tuple[tuple[str, ...], tuple[bool, ...]], str] = {}
        parts = []
        for term in all_terms(tree):
            if term.key in groups:
                continue
            name = f"g{len(groups)}"
            groups[term.key] = name
            words = [
                re.escape(w) + (_WORD + "*" if p else "")
                for w, p in zip(term.words, term.prefixes, strict=True)
            ]
            body = r"[\s\-'_./·]+".join(words)
            parts.append(f"(?P<{name}>{body})")
        return cls(brand, tree, re.compile("|".join(parts)), groups)

    def found(self, folded: str) -> set[str]:
        # Alternatives may overlap ("orange" and "orange fibre"): search from every start.
        seen: set[str] = set()
        position = 0
        while (m := self.pattern.search(folded, position)) is not None:
            if _whole(folded, m.start(), m.end()):
                seen.add(m.lastgroup or "")
            position = m.start() + 1
        return seen

    def matches(self, item: Item, folded_title: str, folded_text: str) -> bool:
        title, text = self.found(folded_title), self.found(folded_text)
        return self._eval(self.tree, item, title, text)

    def _eval(self, node: Node, item: Item, title: set[str], text: set[str]) -> bool:
        if isinstance(node, Term):
            name = self.groups[node.key]
            return (
                name in title
                if node.where == "title"
                else name in text
                if node.where
                else name in title | text
            )
        if isinstance(node, Site):
            host = (host_of(item.url) or "").removeprefix("www.")
            return host == node.host or host.endswith("." + node.host)
        if isinstance(node, Source | Language):
            raise NotImplementedError
        if isinstance(node, Not):
            return not self._eval(node.child, item, title, text)
        if isinstance(node, And):
            return all(self._eval(c, item, title, text) for c in node.children)
        assert isinstance(node, Or)
        return any(self._eval(c, item, title, text) for c in node.children)


def naive_match(queries: Sequence[NaiveQuery], items: Sequence[Item]) -> list[set[str]]:
    out = []
    for item in items:
        folded_title, folded_text = fold(item.title), fold(item.text)
        out.append({q.brand for q in queries if q.matches(item, folded_title, folded_text)})
    return out


# -- the previous matcher: one alternation per brand, terms only ---------------------------------


class PreviousMatcher:
    """The matcher before queries (commit 2488a3c), kept here as the reference for its speed."""

    def __init__(self, rules: Sequence[tuple[str, Sequence[str]]]) -> None:
        self.rules = []
        for brand, terms in rules:
            parts = [
                r"[\s\-'_./·]+".join(re.escape(w) for w in re.findall(r"[^\W_]+", fold(t))) for t in terms
            ]
            self.rules.append((brand, re.compile("|".join(parts))))

    def match(self, item: Item) -> list[str]:
        fields = [fold(item.title), fold(item.text)]
        found = []
        for brand, pattern in self.rules:
            if any(_whole(folded, m.start(), m.end()) for folded in fields for m in pattern.finditer(folded)):
                found.append(brand)
        return found


def _whole(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


# -- measuring ------------------------------------------------------------------------------------


def match_all(matcher: Matcher, items: Sequence[Item]) -> list[list[BrandMatch]]:
    return [matcher.match(item) for item in items]


def best_rate(run: Callable[[], object], count: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return count / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure; the best one counts")
    parser.add_argument("--naive-sample", type=int, default=300, help="texts the slow baseline runs on")
    args = parser.parse_args()

    items = load_items(feed_files())
    hosts = sorted({h.removeprefix("www.") for i in items if (h := host_of(i.url))})
    words = vocabulary(items)
    queries = make_queries(words, hosts, args.queries, args.seed)
    rules = [BrandRule(f"brand{n}", query=q) for n, q in enumerate(queries)]
    chars = sum(len(i.title) + len(i.text) for i in items) / max(1, len(items))
    print(f"{len(items)} texts from the shared feeds (mean {chars:.0f} characters), {len(queries)} queries")
    print("  e.g. " + " | ".join(queries[:4]))

    start = time.process_time()
    matcher = Matcher(rules)
    print(f"compiled {len(rules)} queries in {time.process_time() - start:.2f} s")
    # A fresh matcher for every run: what it learns about words while matching counts as work.
    fresh = [Matcher(rules) for _ in range(args.repeat)]
    rate = best_rate(lambda: match_all(fresh.pop(), items), len(items), args.repeat)
    mentions = sum(len(matcher.match(i)) for i in items)
    print(
        f"compiled matcher: {rate:>10,.0f} texts/s, {rate * mentions / len(items):>10,.0f} mentions/s"
        f" ({mentions / len(items):.2f} mentions per text)"
    )

    sample = items[: args.naive_sample]
    naive = [NaiveQuery.build(r.brand, q) for r, q in zip(rules, queries, strict=True)]
    naive_rate = best_rate(lambda: naive_match(naive, sample), len(sample), max(1, args.repeat // 2))
    print(f"naive, one regex per query: {naive_rate:>8,.0f} texts/s (on {len(sample)} texts)")
    print(f"  → compiled matcher is {rate / naive_rate:,.0f}× faster")
    expected = naive_match(naive, sample)
    got = [{m.brand for m in matcher.match(i)} for i in sample]
    disagree = sum(1 for a, b in zip(expected, got, strict=True) if a != b)
    found = sum(len(s) for s in expected)
    print(f"  same mentions: {found} found by both, {disagree} of {len(sample)} texts disagree")

    print("\nterm-only brands, previous matcher (one regex per brand) vs compiled:")
    term_rules = [
        (f"brand{n}", [w]) for n, w in enumerate(random.Random(args.seed).sample(words, args.queries))
    ]
    for label, brands in (
        (f"{len(term_rules)} brands", term_rules),
        (f"{len(BRANDS)} brands of pipeline.py", [(b, [b]) for b in BRANDS]),
    ):
        old = PreviousMatcher(brands)
        new = Matcher([BrandRule(b, tuple(t)) for b, t in brands])
        old_rate = best_rate(lambda old=old: [old.match(i) for i in items], len(items), args.repeat)
        new_rate = best_rate(lambda new=new: [new.match(i) for i in items], len(items), args.repeat)
        assert [sorted(old.match(i)) for i in items] == [sorted(m.brand for m in new.match(i)) for i in items]
        print(
            f"  {label:>28}: previous {old_rate:>9,.0f} texts/s, compiled {new_rate:>9,.0f} texts/s"
            f" → {new_rate / old_rate:.1f}×"
        )


if __name__ == "__main__":
    main()
