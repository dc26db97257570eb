"""What a newcomer reads first: a short README whose links lead into the documentation site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from veille.config.loading import load_config

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """The anchor GitHub and MkDocs give a heading (for the headings these pages use)."""
    text = re.sub(r"[^\w\s-]", "", heading.strip().lower())
    return re.sub(r"\s+", "-", text)


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {_slug(line.lstrip("#")) for line in text.splitlines() if re.match(r"#{1,6} ", line)}


def _pages_in_nav(nav: object) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, list):
        return set().union(*(_pages_in_nav(entry) for entry in nav))
    if isinstance(nav, dict):
        return set().union(*(_pages_in_nav(entry) for entry in nav.values()))
    return set()


def _site_pages() -> set[str]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return _pages_in_nav(config["nav"])


def test_the_readme_says_what_a_newcomer_needs_in_a_few_screens():
    headings = [line[3:] for line in README.splitlines() if line.startswith("## ")]

    assert headings[:5] == [
        "Start here",
        "What an alert looks like",
        "Connect it to Slack",
        "Configure",
        "Docker",
    ]
    assert "make run" in README and "make test" in README
    assert len(README) < 12_000


def test_every_documentation_page_is_in_the_site_and_every_readme_link_leads_somewhere():
    pages = {page.name for page in (ROOT / "docs").glob("*.md")}
    assert _site_pages() == pages

    for target in LINK.findall(README):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        page = ROOT / path if path else ROOT / "README.md"
        assert page.exists(), target
        if page.is_file() and page.suffix == ".md" and anchor:
            assert anchor in _anchors(page), target
        if page.parent == ROOT / "docs":
            assert page.name in _site_pages(), target


def test_the_readme_configuration_example_is_one_veille_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("VEILLE_DATABASE_URL", raising=False)
    example = re.search(r"^## Configure$.*?^```toml\n(.*?)^```", README, flags=re.M | re.S)
    assert example is not None
    (tmp_path / "config.toml").write_text(example.group(1), encoding="utf-8")

    loaded = load_config(tmp_path / "config.toml")

    assert [brand.name for brand in loaded.config.brands] == ["Orange"]
    assert [source.type for source in loaded.config.sources] == ["google_news"]
