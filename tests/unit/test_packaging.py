"""What gets installed: one package, `veille`, made of bot/ (the core) and handlers/ (the Slack side)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
FOLDERS = {"veille": "bot", "veille.handlers": "handlers"}


def _package_folders() -> set[str]:
    """Every folder with an __init__.py under bot/ and handlers/, as the package it installs as."""
    found: set[str] = set()
    for package, folder in FOLDERS.items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            parts = init.parent.relative_to(base).parts
            if package == "veille" and parts[:1] == (FOLDERS["veille.handlers"],):
                continue
            found.add(".".join([package, *parts]))
    return found


def test_the_package_list_is_every_package_folder():
    assert sorted(SETUPTOOLS["packages"]) == sorted(_package_folders())


def test_the_folders_map_to_the_one_top_level_package():
    assert SETUPTOOLS["package-dir"] == FOLDERS
    assert {name.split(".")[0] for name in SETUPTOOLS["packages"]} == {"veille"}


def test_the_command_line_entry_point_is_in_the_package():
    assert PYPROJECT["project"]["scripts"] == {"veille": "veille.cli.main:main"}


def _setuptools_can_build() -> bool:
    wanted = next(
        Requirement(r) for r in PYPROJECT["build-system"]["requires"] if Requirement(r).name == "setuptools"
    )
    return wanted.specifier.contains(version("setuptools"))


@pytest.mark.skipif(
    not _setuptools_can_build(), reason="the setuptools in this environment is older than the build needs"
)
def test_the_wheel_holds_one_top_level_package(tmp_path: Path):
    source = tmp_path / "source"
    ignored = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", ".*")
    shutil.copytree(ROOT, source, ignore=lambda d, names: ignored(d, names) | _outside_build(d, names))
    built = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(built), "."],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = built.glob("veille-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        top = {name.split("/")[0] for name in archive.namelist()}
    assert {name for name in top if not name.endswith(".dist-info")} == {"veille"}


def _outside_build(directory: str, names: list[str]) -> set[str]:
    """At the top of the tree, only what the build reads: the tests, benchmarks… stay out."""
    if Path(directory) != ROOT:
        return set()
    return {
        n for n in names if n not in {"pyproject.toml", "README.md", "LICENSE", "tools", *FOLDERS.values()}
    }


def test_python_dash_m_veille_answers_help():
    done = subprocess.run(
        [sys.executable, "-m", "veille", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))} | {"LANG": "C.UTF-8"},
    )
    assert done.stdout.startswith("usage: veille")
