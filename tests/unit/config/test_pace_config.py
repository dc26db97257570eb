"""`delivery` and `break_through`, on a brand or in [veille]: what a team writes is checked, and a
mistake is told in French and in English with what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.config import ConfigError, load_config

HEAD = """[veille]
default_channel = "#veille"
database = "veille.db"
health_port = 0
{veille}
[[brands]]
name = "Orange"
terms = ["Orange"]
"""


def config_file(tmp_path: Path, brand_keys: str, veille_keys: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(HEAD.format(veille=veille_keys) + brand_keys, encoding="utf-8")
    return path


def problem(tmp_path: Path, brand_keys: str, veille_keys: str = "") -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(config_file(tmp_path, brand_keys, veille_keys))
    return caught.value


def test_a_brand_is_alerted_at_once_unless_it_says_otherwise(tmp_path):
    (brand,) = load_config(config_file(tmp_path, "")).config.brands
    assert (brand.delivery, brand.break_through) == (None, None)


def test_a_brand_can_be_delivered_hourly_letting_negative_mentions_and_spikes_through(tmp_path):
    loaded = load_config(
        config_file(tmp_path, 'delivery = "hourly"\nbreak_through = ["negative", "spike"]\n')
    )
    (brand,) = loaded.config.brands
    assert (brand.delivery, brand.break_through) == ("hourly", ("negative", "spike"))


def test_an_unknown_pace_names_the_brand_and_the_three_paces_in_both_languages(tmp_path):
    error = problem(tmp_path, 'delivery = "weekly"\n')

    assert error.key == "brands.delivery"
    assert str(error).endswith(
        'brand "Orange": delivery = "weekly" will not do: write "instant" (one alert per mention, at'
        ' once), "hourly" (one digest an hour per channel) or "daily" (only in the daily summary)'
    )
    assert 'marque "Orange" : delivery = "weekly" ne convient pas : écrivez "instant"' in f"{error:fr}"


@pytest.mark.parametrize("value", ['"negative"', '["positive"]', "[1]", '["negative", "loud"]'])
def test_break_through_takes_only_negative_and_spike(tmp_path, value):
    error = problem(tmp_path, f'delivery = "daily"\nbreak_through = {value}\n')

    assert error.key == "brands.break_through"
    assert 'write a list taken from ["negative", "spike"]' in str(error)
    assert 'écrivez une liste prise dans ["negative", "spike"]' in f"{error:fr}"


def test_the_veille_table_gives_the_default_pace_and_its_mistakes_name_it(tmp_path):
    loaded = load_config(config_file(tmp_path, "", 'delivery = "daily"\nbreak_through = ["spike"]\n'))
    assert (loaded.config.veille.delivery, loaded.config.veille.break_through) == ("daily", ("spike",))

    error = problem(tmp_path, "", 'delivery = "sometimes"\n')
    assert error.key == "veille.delivery"
    assert 'delivery = "sometimes" will not do: write "instant"' in str(error)
    assert 'delivery = "sometimes" ne convient pas' in f"{error:fr}"
