"""Actor sectors: generic actors with a country and a CAMEO sector, and the sector of named actors."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from newsframe.extract import annotate
from newsframe.extract.sectors import find_generic, load_agents, load_sectors, sector_for
from newsframe.extract.sentences import split


def _actors(text: str, engine: str = "rules") -> dict[str, tuple[str | None, str | None, str]]:
    docs = pl.DataFrame({"doc_id": ["d"], "text": [text]}).with_columns(published_at=pl.lit(date(2024, 4, 2)))
    ann = annotate(docs, split(docs), engine=engine)
    return {r["name"]: (r["country"], r["sector"], r["type"]) for r in ann.actors.iter_rows(named=True)}


def test_the_dictionary_is_loaded_and_every_sector_is_in_the_code_list() -> None:
    agents, sectors = load_agents(), load_sectors()
    assert len(agents) > 4000
    assert agents["riot police"] == "COP" and agents["protesters"] == "OPP" and agents["troops"] == "MIL"
    assert set(agents.values()) <= set(sectors)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Kenyan police arrested 12 protesters in Nairobi.", "Kenya police", ("KEN", "COP", "ORG")),
        ("Iraqi troops attacked the town, officials said.", "Iraq military", ("IRQ", "MIL", "ORG")),
        ("Police in Kenya fired tear gas at protesters.", "Kenya police", ("KEN", "COP", "ORG")),
        (
            "Senior Hungarian and Romanian officials agreed to cooperate.",
            "Romania government",
            ("ROU", "GOV", "ORG"),
        ),
    ],
)
def test_generic_actors_get_country_and_sector(text: str, name: str, expected: tuple[str, str, str]) -> None:
    assert _actors(text)[name] == expected


def test_a_generic_actor_takes_the_country_the_document_names_most() -> None:
    got = _actors("Kenya held elections. Kenya counted the votes. The police arrested protesters in Kenya.")
    assert got["Kenya police"][:2] == ("KEN", "COP")
    assert got["Kenya opposition"][:2] == ("KEN", "OPP")


def test_modifiers_titles_and_names_are_not_generic_actors() -> None:
    found = [
        g.text
        for g in find_generic("The military offensive began near a police station, Border Police said.")
    ]
    assert found == []
    assert [
        g.text for g in find_generic("Treasury Secretary Janet Yellen met officials.", blocked=[(19, 31)])
    ] == [
        "Treasury Secretary",
        "officials",
    ]  # the caller drops the title before a person's name
    assert "Treasury Secretary" not in str(_actors("Treasury Secretary Janet Yellen will travel to China."))


def test_named_actors_get_a_sector_from_role_or_name() -> None:
    assert sector_for("PERSON", "Joe Biden", "President") == "GOV"
    assert sector_for("PERSON", "John Smith", "Senator") == "LEG"
    assert sector_for("PERSON", "Jane Doe", None) is None
    assert sector_for("ORG", "Ministry of Defence", None) == "GOV"
    assert sector_for("ORG", "Chick-fil-A", None) is None


def test_a_generic_trigger_stays_the_event() -> None:
    docs = pl.DataFrame(
        {"doc_id": ["d"], "text": ["Last month 32 Chinese warplanes were detected over Taiwan."]}
    )
    ann = annotate(docs.with_columns(published_at=pl.lit(date(2024, 4, 2))), split(docs), engine="rules")
    assert ann.events.filter(pl.col("trigger") == "warplanes")["event_type"].to_list() == ["MOBILIZE"]


def test_the_contract_rejects_a_sector_outside_the_code_list() -> None:
    from conftest import ROOT
    from newsframe.pipeline import load_pipeline, run_pipeline
    from newsframe.validation import validate

    out = run_pipeline(
        [ROOT / "seeds" / "documents"],
        config=load_pipeline(None),
        engine="rules",
        workers=1,
        text_column=None,
    )
    tables = dict(out.tables)
    assert tables["actors"]["sector"].drop_nulls().len() > 0  # the seed's President, ministry, officials
    ok = {c.id: c.status for c in validate(tables).checks if c.column == "sector"}
    assert ok and set(ok.values()) == {"passed"}, ok
    tables["actors"] = tables["actors"].with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("XYZ")).otherwise(pl.col("sector")).alias("sector")
    )
    bad = [c for c in validate(tables).checks if c.column == "sector" and c.status == "failed"]
    assert len(bad) == 1 and bad[0].failing_rows == 1 and bad[0].table == "actors"
