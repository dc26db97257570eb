"""`relevance` and `relevance_threshold` on a brand: what a team writes is checked, and a mistake
is told in French and in English with what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.config import ConfigError, load_config

HEAD = """[veille]
default_channel = "#veille"
database = "veille.db"
health_port = 0

[[brands]]
name = "Orange"
terms = ["Orange"]
"""


def config_file(tmp_path: Path, brand_keys: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(HEAD + brand_keys, encoding="utf-8")
    return path


def problem(tmp_path: Path, brand_keys: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(config_file(tmp_path, brand_keys))
    return caught.value


def test_a_brand_shows_doubtful_mentions_unless_it_says_otherwise(tmp_path):
    (brand,) = load_config(config_file(tmp_path, "")).config.brands
    assert (brand.relevance, brand.relevance_threshold) == ("show", None)


def test_a_brand_can_set_doubtful_mentions_aside_below_its_own_threshold(tmp_path):
    (brand,) = load_config(
        config_file(tmp_path, 'relevance = "quiet"\nrelevance_threshold = 0.3\n')
    ).config.brands
    assert (brand.relevance, brand.relevance_threshold) == ("quiet", 0.3)


def test_an_unknown_mode_names_the_brand_and_the_three_modes_in_both_languages(tmp_path):
    error = problem(tmp_path, 'relevance = "hide"\n')

    assert error.key == "brands.relevance"
    assert str(error).endswith(
        'brand "Orange": relevance = "hide" will not do: write "show" (post with a warning),'
        ' "quiet" (set aside for the summary) or "drop" (keep without alerting)'
    )
    assert 'marque "Orange" : relevance = "hide" ne convient pas : écrivez "show"' in f"{error:fr}"


@pytest.mark.parametrize("value", ["0", "1", "1.5", "-0.2", '"0.5"', "true", "nan"])
def test_a_threshold_outside_zero_to_one_says_what_to_write(tmp_path, value):
    error = problem(tmp_path, f"relevance_threshold = {value}\n")

    assert error.key == "brands.relevance_threshold"
    assert "write a number strictly between 0 and 1 (for example 0.5)" in str(error)
    assert "écrivez un nombre strictement entre 0 et 1" in f"{error:fr}"
