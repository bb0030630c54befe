"""``newsframe diff`` on malformed results files: a clear error and exit 2, never a traceback.

A property test corrupts a valid results document at a random place (any value replaced by a
value of another JSON type) and asserts that ``diff`` either compares it (exit 0 or 1) or says
what is wrong (exit 2): no exception escapes the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsframe.cli import main
from newsframe.results import Results

from ._build import check


def _valid() -> dict[str, Any]:
    results = Results(
        checks=[
            check("fk-missing", "events", "target_actor_id", "failed", failing_rows=2, sample=[{"a": 1}]),
            check("span-mismatch", "mentions", None, "passed"),
        ],
        metrics={"tables": {"events": {"rows": 10, "null_rates": {"a": 0.1}, "distinct": {"a": 3}}}},
        run={"engine": "rules"},
    )
    return results.to_dict()


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "not a newsframe results document"),
        ('{"checks": "x"}', "checks: a str, not a list"),
        ('{"checks": [{"slug": 3}]}', "checks[0].slug: an int, not a string"),
        ('{"checks": [7]}', "checks[0]: a int, not an object"),
    ],
)
def test_malformed_results_is_exit_2_with_the_place(
    tmp_path: Path, content: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_valid()))
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert main(["diff", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert message in err and str(bad) in err and "Traceback" not in err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_diff_never_raises_on_a_corrupted_document(tmp_path: Path, data: st.DataObject) -> None:
    doc = _valid()
    path = data.draw(st.sampled_from(_paths(doc)))
    _set(doc, path, data.draw(JSON_VALUES))
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(_valid()))
    bad.write_text(json.dumps(doc))
    markdown = tmp_path / "c.md"
    assert main(["diff", str(good), str(bad), "--markdown", str(markdown)]) in (0, 1, 2)
