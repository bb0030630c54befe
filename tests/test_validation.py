"""validation.validate: every engine into one result model; factual checks via newsframe.checks; absent tables."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from contracts.tablesets import build_tables
from newsframe import validation
from newsframe.checks import OFF_BY_DEFAULT, REGISTRY
from newsframe.cli import main
from newsframe.results import CheckResult
from newsframe.tableio import write_tables
from newsframe.validation import validate

FACTUAL = set(REGISTRY) - OFF_BY_DEFAULT  # the declared slugs, pinned in tests/checks/test_registry.py


@pytest.fixture()
def tables() -> dict[str, pl.DataFrame]:
    return build_tables()


@pytest.fixture()
def fake_checks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any], str | None, int]]:
    """Replace newsframe.checks.run_check by a recorder that passes everything."""
    calls: list[tuple[str, dict[str, Any], str | None, int]] = []

    def run_check(
        slug: str,
        tables: Mapping[str, pl.DataFrame],
        *,
        params: Mapping[str, Any],
        severity: str | None,
        sample_size: int,
        dimension: str | None = None,
        description: str | None = None,
    ) -> list[CheckResult]:
        calls.append((slug, dict(params), severity, sample_size))
        return [
            CheckResult.from_failures(
                slug=slug,
                table="events",
                column=None,
                rule=slug,
                severity="error",
                dimension="accuracy",
                engine="newsframe",
                failures=pl.DataFrame(),
            )
        ]

    import newsframe.checks

    monkeypatch.setattr(newsframe.checks, "run_check", run_check)
    return calls


def test_valid_tables_pass(tables: dict[str, pl.DataFrame], fake_checks: list[Any]) -> None:
    results = validate(tables)
    assert results.status == "passed", [c for c in results.checks if c.status != "passed"]
    engines = {c.engine for c in results.checks}
    assert {"pandera", "polars", "newsframe"} <= engines
    assert len({c.id for c in results.checks}) == len(results.checks)
    assert set(results.metrics["tables"]) == set(tables)
    assert results.metrics["tables"]["mentions"]["rows"] == 4
    assert set(results.run["contracts"]) == set(tables)


def test_every_declared_factual_check_is_called(
    tables: dict[str, pl.DataFrame], fake_checks: list[Any]
) -> None:
    validate(tables, sample_size=7)
    assert {c[0] for c in fake_checks} == FACTUAL and len(fake_checks) == len(FACTUAL)
    by_slug = {c[0]: c for c in fake_checks}
    assert by_slug["duplicate-event"][2] == "warning"
    assert by_slug["actor-ungrounded"][1] == {"window": 6}
    assert all(c[3] == 7 for c in fake_checks)


def test_factual_checks_never_crash_validation(
    tables: dict[str, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsframe.checks

    def boom(slug: str, *args: Any, **kwargs: Any) -> list[CheckResult]:
        raise RuntimeError("kaput")

    monkeypatch.setattr(newsframe.checks, "run_check", boom)
    results = validate(tables)
    broken = [c for c in results.checks if c.slug in FACTUAL]
    assert len(broken) == len(FACTUAL) and all(c.status == "error" for c in broken)
    assert "RuntimeError: kaput" in broken[0].message
    assert results.exit_code(fail_on="error") == 1


def test_a_check_that_raises_is_an_error_result_and_the_others_run(
    tables: dict[str, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsframe.checks

    real = newsframe.checks.run_check

    def flaky(slug: str, *args: Any, **kwargs: Any) -> Any:
        if slug == "number-ungrounded":
            raise KeyError("quantity")
        return real(slug, *args, **kwargs)

    monkeypatch.setattr(newsframe.checks, "run_check", flaky)
    results = validate(tables)
    (bad,) = [c for c in results.checks if c.slug == "number-ungrounded"]
    assert bad.status == "error" and "check failed to run: KeyError" in bad.message
    others = [c for c in results.checks if c.slug in FACTUAL and c.slug != "number-ungrounded"]
    assert others and {c.status for c in others} <= {"passed", "skipped"}
    assert results.status == "error"


def test_unknown_slug_is_an_error_result(
    tables: dict[str, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsframe.checks
    from newsframe.contracts import load_contracts

    # The contracts are parsed while the check is registered (parsing an unknown slug is a contract
    # error, tested in tests/contracts); it is unknown only when the checks run. Parse them here, not
    # in whichever test happened to run before (this test used to fail when run alone).
    load_contracts(None)
    registry = {k: v for k, v in newsframe.checks.REGISTRY.items() if k != "date-conflict"}
    monkeypatch.setattr(newsframe.checks, "REGISTRY", registry)
    results = validate(tables)
    (bad,) = [c for c in results.checks if c.slug == "date-conflict"]
    assert bad.status == "error" and "unknown check 'date-conflict'" in bad.message


def test_absent_tables_skip_their_checks_but_documents_fails(
    tables: dict[str, pl.DataFrame], fake_checks: list[Any]
) -> None:
    # topics is referred to by document_topics: absent, it fails the gate (issue 11: it used to pass)
    del tables["topics"]
    results = {c.id: c for c in validate(tables).checks}
    missing_topics = results["topics.*.table-missing"]
    assert missing_topics.status == "failed" and "document_topics refer to it" in missing_topics.message
    assert results["document_topics.topic_id.fk-missing"].status == "skipped"
    # declared optional (the flag, or requiredTable: false): a skip with its reason
    optional = {c.id: c for c in validate(tables, optional_tables={"topics"}).checks}
    assert optional["topics.*.table-missing"].status == "skipped"
    assert "declared optional" in (optional["topics.*.table-missing"].message or "")
    del tables["documents"]
    results = {c.id: c for c in validate(tables).checks}
    missing = results["documents.*.table-missing"]
    assert missing.status == "failed" and "relation and factual checks" in missing.message
    assert results["events.doc_id.fk-missing"].status == "skipped"


def test_a_table_nothing_refers_to_may_be_absent(tables: dict[str, pl.DataFrame]) -> None:
    del tables["rejects"]
    (missing,) = [c for c in validate(tables).checks if c.id == "rejects.*.table-missing"]
    assert missing.status == "skipped" and "no present table refers to it" in (missing.message or "")


def test_missing_mentions_fails_the_validate_gate_and_fail_on_skipped(
    tables: dict[str, pl.DataFrame], tmp_path: Path
) -> None:
    """The reproduction of issue 11: validate without mentions was PASSED, exit 0, 7 checks skipped."""
    from newsframe.cli import main

    folder = tmp_path / "tables"
    folder.mkdir()
    for name, frame in tables.items():
        frame.write_parquet(folder / f"{name}.parquet")
    assert main(["validate", str(folder), "-q"]) == 0
    (folder / "mentions.parquet").unlink()
    assert main(["validate", str(folder), "-q"]) == 1
    assert main(["validate", str(folder), "-q", "--optional-table", "mentions"]) == 0
    assert main(["validate", str(folder), "-q", "--optional-table", "mentions", "--fail-on", "skipped"]) == 1


def test_faults_from_all_engines_in_one_result(
    tables: dict[str, pl.DataFrame], fake_checks: list[Any]
) -> None:
    tables["events"] = tables["events"].with_columns(
        pl.lit("DEMAND").alias("event_type"), pl.lit("a_x").alias("source_actor_id")
    )
    failed = {c.id: c for c in validate(tables).checks if c.status == "failed"}
    assert failed["events.event_type.enum-value"].failing_rows == 2
    assert failed["events.source_actor_id.fk-missing"].failing_rows == 2
    assert failed["events.source_actor_id.fk-missing"].sample[0] == {
        "row": 0,
        "event_id": "e1",
        "source_actor_id": "a_x",
    }


def test_string_tables_are_converted_and_bad_values_reported(
    tables: dict[str, pl.DataFrame], fake_checks: list[Any]
) -> None:
    as_text = tables["sentences"].with_columns(pl.col("start", "end", "sentence_id").cast(pl.String))
    as_text = as_text.with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(pl.lit("x")).otherwise("end").alias("end")
    )
    tables["sentences"] = as_text
    failed = {c.id: c for c in validate(tables).checks if c.failed}
    dtype = failed["sentences.end.dtype-mismatch"]
    assert dtype.failing_rows == 1 and dtype.sample == [
        {"row": 1, "doc_id": "d1", "sentence_id": 1, "end": "x"}
    ]
    assert "sentences.start.dtype-mismatch" not in failed  # converted losslessly


def test_file_stems_map_to_contracts_by_pattern(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "things.odcs.yaml").write_text(
        "apiVersion: v3.2.0\nkind: DataContract\nid: t\nversion: 1.0.0\nstatus: active\n"
        "schema:\n- name: things\n  customProperties:\n  - property: filePattern\n    value: [thing_export*]\n"
        "  properties:\n  - name: code\n    logicalType: string\n    required: true\n"
        "    logicalTypeOptions: {pattern: '^[0-9]{3}$'}\n"
    )
    results = validate({"thing_export_2024": pl.DataFrame({"code": ["040", "40"]})}, contracts_dir=folder)
    (bad,) = [c for c in results.checks if c.failed]
    assert (bad.table, bad.slug, bad.failing_rows, bad.sample) == (
        "things",
        "pattern-mismatch",
        1,
        [{"row": 1, "code": "40"}],
    )


def test_cli_validate_exit_codes(
    tmp_path: Path, tables: dict[str, pl.DataFrame], fake_checks: list[Any]
) -> None:
    write_tables(tables, tmp_path / "ok")
    assert main(["validate", str(tmp_path / "ok"), "-q", "--json", str(tmp_path / "ok.json")]) == 0
    doc = json.loads((tmp_path / "ok.json").read_text())
    assert doc["status"] == "passed" and {
        "slug",
        "table",
        "column",
        "severity",
        "status",
        "failing_rows",
        "sample",
    } <= set(doc["checks"][0])
    tables["mentions"] = tables["mentions"].with_columns(pl.lit("PER").alias("label"))
    write_tables(tables, tmp_path / "bad")
    assert main(["validate", str(tmp_path / "bad"), "-q"]) == 1
    assert main(["validate", str(tmp_path / "nope"), "-q"]) == 2
    (tmp_path / "bad" / "events.parquet").write_bytes(b"not parquet")
    assert main(["validate", str(tmp_path / "bad"), "-q"]) == 2


def test_module_exports() -> None:
    assert validation.__all__ == [
        "assign_tables",
        "conform_tables",
        "run_factual",
        "uncontracted_results",
        "validate",
    ]


def _faulty(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The valid tables with one span shifted, one orphan foreign key and one duplicate key."""
    mentions = tables["mentions"].with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.col(c) + 1).otherwise(pl.col(c)).alias(c)
        for c in ("start", "end")
    )
    events = pl.concat([tables["events"], tables["events"].head(1)])
    return {**tables, "mentions": mentions, "events": events}


def _outcomes(results: Any) -> dict[str, tuple[str, int, list[dict[str, Any]]]]:
    return {c.id: (c.status, c.failing_rows, c.sample) for c in results.checks}


def test_lazy_tables_give_the_results_of_eager_ones(tables: dict[str, pl.DataFrame]) -> None:
    faulty = _faulty(tables)
    eager = validate(faulty)
    lazy = validate({name: frame.lazy() for name, frame in faulty.items()})
    assert _outcomes(lazy) == _outcomes(eager)
    assert lazy.metrics["tables"] == eager.metrics["tables"]
    assert {"mentions.text.span-mismatch", "events.event_id.key-duplicate"} <= {
        c.id for c in lazy.checks if c.failed
    }


def test_cli_validates_a_folder_of_parquet_parts(tables: dict[str, pl.DataFrame], tmp_path: Path) -> None:
    faulty = _faulty(tables)
    for name, frame in faulty.items():
        (tmp_path / "t" / name).mkdir(parents=True)
        for i in range(2):  # two parts per table, split at the middle row
            half = frame.height // 2
            part = frame.head(half) if i == 0 else frame.slice(half)
            part.write_parquet(tmp_path / "t" / name / f"part-{i:05d}.parquet")
    out = tmp_path / "results.json"
    assert main(["validate", str(tmp_path / "t"), "--json", str(out)]) == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    by_id = {c["id"]: c for c in doc["checks"]}
    expected = _outcomes(validate(faulty))
    for rid in (
        "mentions.text.span-mismatch",
        "events.event_id.key-duplicate",
        "topics.*.schema-column-missing",
    ):
        assert (by_id[rid]["status"], by_id[rid]["failing_rows"]) == expected[rid][:2], rid


def test_a_lazy_table_that_cannot_be_read_is_an_input_error(
    tables: dict[str, pl.DataFrame], tmp_path: Path
) -> None:
    from newsframe.errors import InputError

    path = tmp_path / "topics.parquet"
    tables["topics"].write_parquet(path)
    lazy = pl.scan_parquet(path)
    lazy.collect_schema()
    path.unlink()  # gone after the scan: the read fails inside validation
    with pytest.raises(InputError, match="cannot read the tables topics while validating"):
        validate({**tables, "topics": lazy})
