"""The layers hold: read from the source with `ast`, so a forbidden edge fails here before it bites.

The core (bot/, installed as `veille`) knows nothing of Slack; the Slack side (handlers/, installed
as `veille.handlers`) sits above it, and only the composition root and the command line sit above
that. Between packages, imports point down one explicit order, so there is no cycle to untangle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = {"veille": ROOT / "bot", "veille.handlers": ROOT / "handlers"}
MAX_LINES = 600

# From the bottom up: a module may import from its own package and from those before it, never
# from one after it. `veille` alone is the root package (its version).
ORDER = [
    "veille",
    "metrics",
    "logs",
    "model",
    "i18n",
    "text",
    "sources",
    "matching",
    "config",
    "tone",
    "relevance",
    "store",
    "pipeline",
    "delivery",
    "reports",
    "search",
    "status",
    "triage",
    "services",
    "handlers",
    "app",
    "cli",
    "__main__",
]
SLACK_LIBRARIES = ("slack_bolt", "slack_sdk")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, veille.…
    path: Path
    line: int
    target: str  # the imported module (`from M import n, f`: M.n when n is a module, and M for f)
    names: tuple[str, ...]  # for `from M import a, b`: ("a", "b")
    in_function: bool


def _module_name(package: str, folder: Path, path: Path) -> str:
    parts = list(path.relative_to(folder).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def _sources() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in FOLDERS.items():
        for path in sorted(folder.rglob("*.py")):
            if package == "veille" and path.is_relative_to(FOLDERS["veille.handlers"]):
                continue
            found[_module_name(package, folder, path)] = path
    return found


MODULES = _sources()


def _walk(node: ast.AST, in_function: bool = False) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_function
        inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from _walk(child, inside)


def _imports_of(module: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node, in_function in _walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, path, node.lineno, alias.name, (), in_function)
            continue
        base = node.module or ""
        if node.level:
            anchor = module.split(".")
            anchor = anchor if is_package else anchor[:-1]
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        names = tuple(alias.name for alias in node.names)
        submodules = {name: f"{base}.{name}" for name in names if f"{base}.{name}" in MODULES}
        targets = [*submodules.values(), *([base] if len(submodules) < len(names) else [])]
        for target in targets:
            yield Import(module, path, node.lineno, target, names, in_function)


IMPORTS = [found for module, path in MODULES.items() for found in _imports_of(module, path)]


def _where(found: Import) -> str:
    return f"{found.path.relative_to(ROOT)}:{found.line} imports {found.target}"


def _is_veille(target: str) -> bool:
    return target == "veille" or target.startswith("veille.")


def _within(target: str, package: str) -> bool:
    return target == package or target.startswith(package + ".")


def _layer(module: str) -> str:
    """The package of ORDER a module belongs to: veille.store.fulltext → store."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_the_layer_of_every_module_is_in_the_order():
    assert sorted({_layer(m) for m in MODULES} - set(ORDER)) == []


def test_the_core_never_imports_slack_libraries():
    core = [f for f in IMPORTS if not _within(f.module, "veille.handlers")]
    wrong = [_where(f) for f in core if f.target.split(".")[0] in SLACK_LIBRARIES]
    assert not wrong, "\n".join(wrong)


def test_only_the_composition_root_and_the_command_line_import_the_slack_side():
    allowed = ("veille.app", "veille.cli")
    core = [f for f in IMPORTS if not _within(f.module, "veille.handlers")]
    wrong = [
        _where(f)
        for f in core
        if _within(f.target, "veille.handlers") and not any(_within(f.module, a) for a in allowed)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_slack_side_never_imports_the_composition_root_or_the_command_line():
    handlers = [f for f in IMPORTS if _within(f.module, "veille.handlers")]
    above = ("veille.app", "veille.cli")
    wrong = [_where(f) for f in handlers if any(_within(f.target, a) for a in above)]
    assert not wrong, "\n".join(wrong)


def test_no_function_imports_a_veille_module():
    wrong = [_where(f) for f in IMPORTS if f.in_function and _is_veille(f.target)]
    assert not wrong, "\n".join(wrong)


def test_no_private_name_is_imported_from_another_module():
    def private(name: str) -> bool:
        return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))

    wrong = [
        f"{_where(f)}: {name}"
        for f in IMPORTS
        if _is_veille(f.target) and f.target != f.module
        for name in f.names
        if private(name)
    ]
    assert not wrong, "\n".join(wrong)


def test_sources_know_neither_the_store_nor_slack():
    sources = [f for f in IMPORTS if _within(f.module, "veille.sources")]
    wrong = [
        _where(f)
        for f in sources
        if _within(f.target, "veille.store")
        or _within(f.target, "veille.handlers")
        or f.target.split(".")[0] in SLACK_LIBRARIES
    ]
    assert not wrong, "\n".join(wrong)


def test_imports_point_down_the_package_order():
    rank = {layer: position for position, layer in enumerate(ORDER)}
    upward = [
        f"{_where(f)} ({_layer(f.module)} must not reach up to {_layer(f.target)})"
        for f in IMPORTS
        if _is_veille(f.target)
        and _layer(f.target) != _layer(f.module)
        and rank[_layer(f.target)] > rank[_layer(f.module)]
    ]
    assert not upward, "\n".join(upward)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_the_line_limit(module: str):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(ROOT)} has {lines} lines"


def test_starting_the_app_loads_neither_matplotlib_nor_scikit_learn():
    heavy = "('matplotlib', 'sklearn')"
    code = f"import veille.app, sys; print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, timeout=60
    )
    assert done.stdout.strip() == "[]"
