"""codebook-mismatch: PLOVER categories and recipients; CAMEO root, quad class and Goldstein."""

from __future__ import annotations

import polars as pl

from conftest import shared_path
from newsframe.checks import run_check

from .conftest import run_all, update

GDELT = pl.DataFrame(
    {
        "GLOBALEVENTID": ["1", "2", "3", "4", "5", "6"],
        "EventCode": ["040", "190", "0211", "999", "112", "112"],
        "EventRootCode": ["04", "19", "02", "99", "11", "12"],
        "QuadClass": [1, 1, 1, 4, 3, 3],
        "GoldsteinScale": [1.0, -10.0, 3.0, 0.0, 2.5, -2.0],
    }
)


def test_plover_type_and_required_target(seed_tables: dict[str, pl.DataFrame]) -> None:
    ev = update(seed_tables["events"], "event_id", "e05", event_type="DEMAND")
    ev = update(ev, "event_id", "e03", target_actor_id=None)
    assert run_all({**seed_tables, "events": ev}) == {
        ("codebook-mismatch", "events", "event_type"): {"e05"},
        ("codebook-mismatch", "events", "target_actor_id"): {"e03"},
    }


def test_cameo_rules_on_a_gdelt_like_table() -> None:
    res = {r.column: r for r in run_check("codebook-mismatch", {"gdelt_events": GDELT}, params={})}
    assert {c: [s["GLOBALEVENTID"] for s in r.sample] for c, r in res.items()} == {
        "EventCode": ["4"],
        "EventRootCode": ["6"],
        "QuadClass": ["2"],  # 190 is material conflict (4)
        "GoldsteinScale": ["3", "5"],  # 0211 is 3.4; 112 is -2.0
    }
    assert res["GoldsteinScale"].sample[1]["expected_goldstein"] == -2.0


def test_cameo_with_the_shared_reference_table() -> None:
    tsv = shared_path("reference", "cameo_event_codes.tsv")
    res = {
        r.column: r.failing_rows
        for r in run_check("codebook-mismatch", {"g": GDELT}, params={"cameo_reference": str(tsv)})
    }
    assert res == {"EventCode": 1, "EventRootCode": 1, "QuadClass": 1, "GoldsteinScale": 2}


def test_no_codes_at_all_is_skipped() -> None:
    (r,) = run_check("codebook-mismatch", {"actors": pl.DataFrame({"actor_id": ["a"]})}, params={})
    assert r.status == "skipped"


def test_events_without_event_id_are_sampled_by_row_number() -> None:
    ev = pl.DataFrame({"event_type": ["CONSULT", "DEMAND", "ACCUSE"], "target_actor_id": ["CHN", "x", None]})
    res = {r.column: r.sample for r in run_check("codebook-mismatch", {"events": ev}, params={})}
    assert res == {
        "event_type": [{"row": 1, "event_type": "DEMAND"}],
        "target_actor_id": [{"row": 2, "event_type": "ACCUSE", "target_actor_id": None}],
    }


def test_recipient_rule_names_the_codebook_column_and_its_skip_names_the_table() -> None:
    ev = pl.DataFrame({"event_id": ["e1"], "event_type": ["ACCUSE"]})
    (_, r) = run_check("codebook-mismatch", {"events": ev}, params={})
    assert (
        r.rule == "target_actor_id is set for categories that require a recipient (codebook requires_target)"
    )
    assert (r.status, r.message) == ("skipped", "skipped: table 'events' has no column 'target_actor_id'")
