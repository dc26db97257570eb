"""How soon a brand's relevance model, learned from the team's triage, sets aside false positives.

Data: every CSV in the `--data` folders with the columns id, entity, entity_query, text, label
(relevant|irrelevant), lang; by default the shared folder relevance/ (WePS-3 tweets about
ambiguous company names: 25 entities) and tests/data/relevance/ (short French texts about Orange,
Free, Total, Mention, Leclerc…, written for this benchmark). The row order is taken as time.

Replay (prequential): for each entity, each text in turn is judged by the model trained on that
entity's earlier texts, then learned with its label, as if the team had triaged it (the model is
refitted on all earlier texts before each judgement, as the product rebuilds it whenever a
decision is taken). The entities of each file are sorted by name and split every other one:
settings (L2, gradient steps, folds, the cost of a relevant text set aside) are chosen on the dev
split only (`--tune` prints the grid), and the test split, never tuned on, says how well they
carry over. Each brand's cut is learned by the model from its own decisions; `--threshold` moves
it (THRESHOLD is the brand's own cut).

Printed per split and per entity, for checkpoints after 10, 25, 50, 100 and 200 decisions: the
share of irrelevant texts set aside (its recall) and the share of relevant texts set aside, over
the texts judged after that checkpoint, with their micro-average over the entities (pooled
counts, where the entities with many texts of one kind weigh most) and their macro-average (the
mean over the entities having texts of both kinds after the checkpoint); then how many
decisions an entity takes to first reach the target (≥ 60 % of irrelevant set aside with ≤ 5 % of
relevant set aside, over the rest of its texts, with at least 5 irrelevant texts left), and how
many entities meet it over their texts judged after 50 decisions. Last, the speed: judgements per
second, and the time to train a model on 1,000 decisions.

Run: .venv/bin/python -m benchmarks.relevance [--data DIR ...] [--threshold 0.3] [--tune]
     [--json FILE]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, shared_data
from veille.relevance import DEFAULTS, THRESHOLD, BrandModel, Example, Settings

COLUMNS = {"id", "entity", "entity_query", "text", "label", "lang"}
CHECKPOINTS = (10, 25, 50, 100, 200)
TARGET_IRRELEVANT = 0.60
TARGET_RELEVANT = 0.05
MIN_LEFT = 5
FRENCH_SET = REPO / "tests" / "data" / "relevance"


@dataclass
class Entity:
    name: str
    query: str
    origin: str  # the CSV file it comes from
    rows: list[tuple[Example, bool]] = field(default_factory=list)


@dataclass
class Replay:
    """One entity's replay: for the text judged after i decisions, its probability and label."""

    name: str
    probabilities: list[float]
    learned: list[bool]
    relevant: list[bool]

    def aside(self, threshold: float) -> list[bool]:
        return [k and p < threshold for p, k in zip(self.probabilities, self.learned, strict=True)]


def default_folders() -> list[Path]:
    folders = [shared_data() / "relevance", FRENCH_SET]
    return [folder for folder in folders if folder.is_dir()]


def load(folders: Iterable[Path]) -> list[Entity]:
    entities: dict[str, Entity] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                if not set(reader.fieldnames or ()) >= COLUMNS:
                    continue
                for row in reader:
                    entity = entities.setdefault(
                        row["entity"], Entity(row["entity"], row["entity_query"], path.name)
                    )
                    example = Example(
                        brand=row["entity_query"],
                        text=row["text"],
                        terms=(row["entity_query"],),
                        language=row["lang"] or "en",
                    )
                    entity.rows.append((example, row["label"].strip() == "relevant"))
    return sorted(entities.values(), key=lambda e: (e.name.casefold(), e.name))


def split(entities: Sequence[Entity]) -> dict[str, list[Entity]]:
    """Every other entity of each file, sorted by name: dev (1st, 3rd…) and test (2nd, 4th…), so
    that adding a file does not move the entities of another."""
    splits: dict[str, list[Entity]] = {"dev": [], "test": []}
    for _, group in itertools.groupby(sorted(entities, key=lambda e: e.origin), key=lambda e: e.origin):
        members = sorted(group, key=lambda e: (e.name.casefold(), e.name))
        splits["dev"].extend(members[0::2])
        splits["test"].extend(members[1::2])
    return splits


def replay(entity: Entity, settings: Settings = DEFAULTS) -> Replay:
    model = BrandModel(settings)
    probabilities: list[float] = []
    learned: list[bool] = []
    for example, relevant in entity.rows:
        judgement = model.judge(example)
        probabilities.append(judgement.probability)
        learned.append(judgement.learned)
        model.learn(example, relevant)
    return Replay(entity.name, probabilities, learned, [relevant for _, relevant in entity.rows])


def rates_after(run: Replay, threshold: float, start: int) -> tuple[int, int, int, int]:
    """Irrelevant set aside, irrelevant, relevant set aside, relevant: over texts judged after
    `start` decisions."""
    aside = run.aside(threshold)[start:]
    labels = run.relevant[start:]
    irrelevant = sum(1 for r in labels if not r)
    relevant = len(labels) - irrelevant
    irrelevant_aside = sum(1 for a, r in zip(aside, labels, strict=True) if a and not r)
    relevant_aside = sum(1 for a, r in zip(aside, labels, strict=True) if a and r)
    return irrelevant_aside, irrelevant, relevant_aside, relevant


def decisions_to_target(run: Replay, threshold: float) -> int | None:
    """The fewest decisions after which the rest of the texts meet the target."""
    aside = run.aside(threshold)
    n = len(aside)
    # suffix counts, from the end
    irr_aside = irr = rel_aside = rel = 0
    suffix: list[tuple[int, int, int, int]] = [(0, 0, 0, 0)] * (n + 1)
    for i in range(n - 1, -1, -1):
        if run.relevant[i]:
            rel += 1
            rel_aside += aside[i]
        else:
            irr += 1
            irr_aside += aside[i]
        suffix[i] = (irr_aside, irr, rel_aside, rel)
    for i in range(n):
        a, b, c, d = suffix[i]
        if b < MIN_LEFT:
            return None
        if a >= TARGET_IRRELEVANT * b and c <= TARGET_RELEVANT * d:
            return i
    return None


def meets_target(counts: tuple[int, int, int, int]) -> bool:
    irrelevant_aside, irrelevant, relevant_aside, relevant = counts
    return (
        irrelevant >= MIN_LEFT
        and irrelevant_aside >= TARGET_IRRELEVANT * irrelevant
        and relevant_aside <= TARGET_RELEVANT * relevant
    )


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def figures(runs: Sequence[Replay], threshold: float) -> dict[str, Any]:
    per_entity: dict[str, Any] = {}
    pooled = {c: [0, 0, 0, 0] for c in CHECKPOINTS}
    for run in runs:
        row: dict[str, Any] = {"texts": len(run.relevant), "irrelevant": run.relevant.count(False)}
        for c in CHECKPOINTS:
            if c >= len(run.relevant):
                row[str(c)] = None
                continue
            counts = rates_after(run, threshold, c)
            pooled[c] = [p + q for p, q in zip(pooled[c], counts, strict=True)]
            row[str(c)] = {
                "irrelevant_set_aside": share(counts[0], counts[1]),
                "relevant_set_aside": share(counts[2], counts[3]),
            }
        row["decisions_to_target"] = decisions_to_target(run, threshold)
        per_entity[run.name] = row
    micro = {
        str(c): {
            "irrelevant_set_aside": share(pooled[c][0], pooled[c][1]),
            "relevant_set_aside": share(pooled[c][2], pooled[c][3]),
        }
        for c in CHECKPOINTS
    }
    macro: dict[str, Any] = {}
    for c in CHECKPOINTS:
        rows = [r[str(c)] for r in per_entity.values() if r[str(c)] is not None]
        both = [
            r for r in rows if r["irrelevant_set_aside"] is not None and r["relevant_set_aside"] is not None
        ]
        macro[str(c)] = {
            key: sum(r[key] for r in both) / len(both) if both else None
            for key in ("irrelevant_set_aside", "relevant_set_aside")
        }
    reached = [r["decisions_to_target"] for r in per_entity.values() if r["decisions_to_target"] is not None]
    at_50 = [run for run in runs if meets_target(rates_after(run, threshold, 50))]
    return {
        "meet_target_after_50": len(at_50),
        "entities": per_entity,
        "micro": micro,
        "macro": macro,
        "reached_target": len(reached),
        "median_decisions_to_target": sorted(reached)[len(reached) // 2] if reached else None,
    }


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}"


def cell(rates: dict[str, float | None] | None) -> str:
    if rates is None:
        return "—"
    return f"{percent(rates['irrelevant_set_aside'])}/{percent(rates['relevant_set_aside'])}"


def print_split(name: str, result: dict[str, Any]) -> None:
    head = ["entity", "texts", "irr", *(f"after {c}" for c in CHECKPOINTS), "to target"]
    rows = [
        [
            entity,
            str(row["texts"]),
            str(row["irrelevant"]),
            *(cell(row[str(c)]) for c in CHECKPOINTS),
            "—" if row["decisions_to_target"] is None else str(row["decisions_to_target"]),
        ]
        for entity, row in result["entities"].items()
    ]
    rows.append(["micro-average", "", "", *(cell(result["micro"][str(c)]) for c in CHECKPOINTS), ""])
    rows.append(["macro-average", "", "", *(cell(result["macro"][str(c)]) for c in CHECKPOINTS), ""])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print(f"\n{name} split — % of irrelevant set aside / % of relevant set aside, over texts judged after")
    for r in [head, *rows]:
        print(
            "  ".join(
                v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    median = result["median_decisions_to_target"]
    print(
        f"target (≥ {TARGET_IRRELEVANT:.0%} irrelevant, ≤ {TARGET_RELEVANT:.0%} relevant set aside) "
        f"reached by {result['reached_target']} of {len(result['entities'])} entities"
        + (f", median {median} decisions" if median is not None else "")
        + f"; met over the texts after 50 decisions by {result['meet_target_after_50']}"
    )


def objective(result: dict[str, Any]) -> float:
    """What tuning maximises on dev, brand by brand: the macro-average of irrelevant set aside
    after 50 decisions, with a heavy penalty for each point of relevant set aside above the
    target."""
    rates = result["macro"]["50"]
    irrelevant = rates["irrelevant_set_aside"] or 0.0
    relevant = rates["relevant_set_aside"] or 0.0
    return irrelevant - 10 * max(0.0, relevant - TARGET_RELEVANT) - 0.5 * relevant


def tune(entities: Sequence[Entity]) -> tuple[Settings, float]:
    best: tuple[float, Settings, float] | None = None
    grid = itertools.product((1e-4, 1e-3, 1e-2), (30, 40), (8.0, 15.0, 25.0))
    for l2, steps, cost in grid:
        settings = replace(DEFAULTS, l2=l2, steps=steps, cost=cost)
        runs = [replay(entity, settings) for entity in entities]
        result = figures(runs, THRESHOLD)
        score = objective(result)
        print(
            f"  l2 {l2} steps {steps} cost {cost}: {score:.3f} "
            f"(reached {result['reached_target']}, met after 50 {result['meet_target_after_50']})",
            flush=True,
        )
        if best is None or score > best[0]:
            best = (score, settings, THRESHOLD)
    assert best is not None
    return best[1], best[2]


def speed(entities: Sequence[Entity], settings: Settings) -> dict[str, float]:
    rows = [row for entity in entities for row in entity.rows]
    decisions = rows[:1000]
    started = time.perf_counter()
    model = BrandModel.trained(decisions, settings)
    train_seconds = time.perf_counter() - started
    examples = [example for example, _ in rows[:2000]]
    rounds = 3
    started = time.perf_counter()
    for _ in range(rounds):
        for example in examples:
            model.judge(example)
    elapsed = time.perf_counter() - started
    return {
        "judgements_per_second": rounds * len(examples) / elapsed,
        "train_1000_seconds": train_seconds,
        "train_decisions": len(decisions),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, action="append", help="folder of CSV files (repeatable)")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--tune", action="store_true", help="grid-search the settings on the dev split")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    folders = args.data or default_folders()
    entities = load(folders)
    if not entities:
        print(f"skipped: no relevance CSV in {', '.join(str(f) for f in folders)}")
        return
    splits = split(entities)
    settings, threshold = DEFAULTS, args.threshold
    if args.tune:
        settings, threshold = tune(splits["dev"])
        print(f"best on dev: {settings}, threshold {threshold}")
    print(f"data: {', '.join(str(f) for f in folders)}")
    for name, members in splits.items():
        print(f"{name}: {', '.join(e.name for e in members)}")
    print(f"settings: {settings}, threshold {threshold}")
    report: dict[str, Any] = {"settings": vars(settings) | {"threshold": threshold}, "splits": {}}
    for name, members in splits.items():
        result = figures([replay(entity, settings) for entity in members], threshold)
        result["members"] = [e.name for e in members]
        report["splits"][name] = result
        print_split(name, result)
    report["speed"] = speed(entities, settings)
    fast = report["speed"]
    print(
        f"\nspeed: {fast['judgements_per_second']:,.0f} judgements/s; "
        f"trained() on {fast['train_decisions']} decisions in {fast['train_1000_seconds'] * 1000:.0f} ms"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
