"""The country gazetteer: ISO-3 codes, names, demonyms (duplicates resolved by population), titles."""

from __future__ import annotations

import csv

import pytest

from newsframe.assets import asset_path
from newsframe.extract.gazetteer import load_gazetteer, normalise


def test_countries_csv_is_complete_and_unique() -> None:
    with asset_path("seeds", "reference", "countries.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 240
    codes = [r["iso3"] for r in rows]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 3 and c.isupper() for c in codes)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Chinese", "CHN"),  # also Hong Kong's demonym: the larger population wins
        ("American", "USA"),  # also American Samoa's
        ("the Philippines", "PHL"),
        ("Taiwan's", "TWN"),
        ("U.S.", "USA"),
        ("Britain", "GBR"),
        ("Russians", "RUS"),
        ("Japanese", "JPN"),
        ("Beijing", "CHN"),
        ("White House", "USA"),
    ],
)
def test_country_of(text: str, iso: str) -> None:
    assert load_gazetteer().country_of(text) == iso


def test_unknown_words_have_no_country() -> None:
    gaz = load_gazetteer()
    assert gaz.country_of("Treasury") is None
    assert gaz.country_of("") is None
    assert not gaz.is_demonym("China")
    assert gaz.is_demonym("Filipinos")


def test_titles_and_fragments() -> None:
    gaz = load_gazetteer()
    assert gaz.titles["Treasury Secretary"] == "Treasury Secretary"
    assert gaz.titles["Secretary of the Treasury"] == "Treasury Secretary"
    assert list(gaz.titles).index("Secretary of State") < list(gaz.titles).index("Secretary")
    assert {"Treasury", "State"} <= gaz.title_parts


def test_normalise() -> None:
    assert normalise("  the  United States' ") == "united states"
    assert normalise("Taiwan’s") == "taiwan"
