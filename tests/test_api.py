"""The public Python API: the names it exports, what validate/contract/extract accept and return, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl
import pytest

import newsframe
from newsframe.errors import ContractError, NewsframeError, UsageError, ValidationError
from newsframe.tableio import read_tables

BYOE = newsframe.example_tables("byoe")

PUBLIC = [
    "CheckResult",
    "Column",
    "Contract",
    "ContractError",
    "InputError",
    "NewsframeError",
    "Results",
    "Rule",
    "Run",
    "Tables",
    "UsageError",
    "ValidationError",
    "__version__",
    "bundle_contracts",
    "contract",
    "contracts",
    "diff_contracts",
    "diff_results",
    "evaluate",
    "example_tables",
    "export_gx_suites",
    "extract",
    "lint_contracts",
    "run",
    "validate",
]


def test_all_lists_the_public_names() -> None:
    """Adding or removing a public name is an API change: update this list, the README and the version."""
    assert newsframe.__all__ == PUBLIC
    for name in newsframe.__all__:
        assert getattr(newsframe, name) is not None, name
    assert set(dir(newsframe)) >= set(PUBLIC)
    with pytest.raises(AttributeError):
        newsframe.no_such_name  # noqa: B018


def test_import_is_light_and_heavy_dependencies_load_lazily() -> None:
    code = (
        "import sys, newsframe\n"
        "for n in newsframe.__all__: getattr(newsframe, n)\n"
        "newsframe.contract('events').columns\n"
        "heavy = [m for m in ('great_expectations', 'spacy', 'pyspark') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_contracts_is_both_the_package_and_a_function() -> None:
    from newsframe import contracts

    assert callable(contracts) and hasattr(contracts, "load_contracts")
    found = newsframe.contracts()
    assert list(found) == sorted(found) and "events" in found
    assert isinstance(found["events"], newsframe.Contract)


# ------------------------------------------------------------------------------------------ validate


def test_validate_a_folder_a_mapping_lazyframes_and_one_frame() -> None:
    by_folder = newsframe.validate(BYOE)
    tables = read_tables(BYOE)
    by_mapping = newsframe.validate(tables)
    by_lazy = newsframe.validate({k: v.lazy() for k, v in tables.items()})
    ids = [(c.id, c.status, c.failing_rows) for c in by_folder.checks]
    assert ids == [(c.id, c.status, c.failing_rows) for c in by_mapping.checks]
    assert ids == [(c.id, c.status, c.failing_rows) for c in by_lazy.checks]
    assert not by_folder.ok and by_folder.status == "failed"
    assert by_folder.run["tables_dir"] == str(BYOE)
    quantity = by_folder.check("events.quantity.number-ungrounded")
    assert quantity.failing_rows == 1 and quantity.sample[0]["event_id"] == "evt-05"

    one = newsframe.validate(tables["events"].lazy(), table="events")
    assert {c.table for c in one.checks if c.status != "skipped"} == {"events"}
    assert one.check("documents.*.table-missing").status == "skipped"


def test_validate_passes_lazyframes_through_uncollected(monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's LazyFrame (a scan of a big dataset) reaches the lazy validator as it is: the API never
    collects it, and a folder is scanned, not read."""
    import newsframe.validation

    seen: list[dict[str, object]] = []
    real = newsframe.validation.validate

    def spy(tables: dict[str, object], **kwargs: object) -> object:
        seen.append(dict(tables))
        return real(tables, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(newsframe.validation, "validate", spy)
    lazy = {k: v.lazy() for k, v in read_tables(BYOE).items()}
    r = newsframe.validate(lazy)
    assert all(seen[0][k] is lazy[k] for k in lazy)  # the very same LazyFrames
    one = lazy["events"]
    newsframe.validate(one, table="events")
    assert seen[1]["events"] is one
    newsframe.validate(BYOE)
    assert seen[2] and all(isinstance(f, pl.LazyFrame) for f in seen[2].values())
    assert r.tables is not None and all(isinstance(f, pl.LazyFrame) for f in r.tables.values())
    assert "number-ungrounded" in r.to_html()  # the report collects what it shows from the lazy tables


def test_validate_a_parquet_scan_as_the_frames_and_keep_it_lazy(tmp_path: Path) -> None:
    """Scans of Parquet files give the results of the collected frames, and the results keep the scans."""
    tables = read_tables(BYOE)
    for name, frame in tables.items():
        frame.write_parquet(tmp_path / f"{name}.parquet")
    scans = {name: pl.scan_parquet(tmp_path / f"{name}.parquet") for name in tables}
    by_scan = newsframe.validate(scans)
    by_frame = newsframe.validate(tables)
    assert [(c.id, c.status, c.failing_rows) for c in by_scan.checks] == [
        (c.id, c.status, c.failing_rows) for c in by_frame.checks
    ]
    assert by_scan.tables is not None and by_scan.tables["events"] is scans["events"]


def test_validate_pandas_frame() -> None:
    frame = pl.DataFrame({"topic_id": ["t1", "t1"], "label": ["a", "b"], "parent_id": [None, None]})
    r = newsframe.validate(frame.to_pandas(), table="topics")
    assert [c.id for c in r.failures] == ["topics.topic_id.key-duplicate"]


@pytest.mark.parametrize(
    ("tables", "kwargs", "message"),
    [
        (pl.DataFrame({"a": [1]}), {}, "needs table=<name>"),
        ({"events": [1, 2]}, {}, "table 'events' is a list"),
        (42, {"table": "events"}, "table 'events' is a int"),
        (BYOE, {"table": "events"}, "table= names one DataFrame"),
        (BYOE, {"sample_size": 0}, "sample_size must be at least 1"),
    ],
)
def test_validate_bad_arguments_are_usage_errors(
    tables: object, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        newsframe.validate(tables, **kwargs)  # type: ignore[arg-type]


def test_validate_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(newsframe.InputError, match="tables folder not found"):
        newsframe.validate(tmp_path / "nope")


def test_spark_without_pyspark_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsframe.errors import SparkUnavailable
    from newsframe.spark import session

    real = session.spark_missing
    monkeypatch.setattr(
        session,
        "spark_missing",
        lambda: real() or "pyspark is not installed: `pip install 'newsframe[spark]'`",
    )
    with pytest.raises(SparkUnavailable, match=r"newsframe\[spark\]|Java"):
        newsframe.validate(BYOE, spark=True)


# ------------------------------------------------------------------------------------------ results


def test_raise_for_status_carries_the_results() -> None:
    r = newsframe.validate(BYOE)
    with pytest.raises(ValidationError) as info:
        r.raise_for_status()
    err = info.value
    assert isinstance(err, NewsframeError) and err.exit_code == 1
    assert err.results is r
    assert "events.quantity.number-ungrounded" in str(err) or "failed" in str(err)
    clean = newsframe.validate(
        newsframe.extract(["Olaf Scholz met Emmanuel Macron in Paris."], engine="rules")
    )
    assert clean.ok and clean.raise_for_status() is clean
    with pytest.raises(ValidationError):
        newsframe.validate(BYOE).raise_for_status(fail_on="warning")
    assert newsframe.validate(BYOE).raise_for_status(fail_on="never") is not None


def test_results_outputs(tmp_path: Path) -> None:
    r = newsframe.validate(BYOE)
    doc = json.loads(r.to_json(tmp_path / "r.json"))
    assert doc["status"] == "failed" and json.loads((tmp_path / "r.json").read_text()) == doc
    assert newsframe.Results.read(tmp_path / "r.json").counts() == r.counts()
    xml = r.to_junit(tmp_path / "j.xml")
    root = ET.fromstring(xml)
    assert int(root.get("failures", "0")) == r.counts()["failed"]
    assert (tmp_path / "j.xml").read_text(encoding="utf-8") == xml
    page = r.to_html(tmp_path / "r.html")
    assert page.startswith("<!DOCTYPE html>") and "number-ungrounded" in page
    assert "FAILED" in r.summary()


# ------------------------------------------------------------------------------------------ run


SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "documents"


def test_run_writes_a_validated_dataset_and_its_reports(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = newsframe.run(SEEDS, out=out, engine="rules", junit=tmp_path / "junit.xml")
    assert isinstance(done, newsframe.Run) and done.out == out
    assert done.tables_dir == out / "tables" and done.n_tables == 8
    assert done.facts["counts"]["documents"] == 1 and "1 documents" in done.summary()
    assert done.results is not None and done.results.ok
    assert done.reports == {
        "json": out / "results.json",
        "html": out / "report.html",
        "junit": tmp_path / "junit.xml",
    }
    assert all(p.is_file() for p in done.reports.values())
    assert newsframe.Results.read(out / "results.json").counts() == done.results.counts()
    assert done.results.tables is not None and all(  # lazy, and over the committed folder
        isinstance(f, pl.LazyFrame) for f in done.results.tables.values()
    )
    assert done.results.tables["documents"].collect().height == 1
    assert set(done.tables()) == set(done.results.tables)
    again = newsframe.run(SEEDS, out=out, engine="rules", validate=False)
    assert again.results is None and again.reports == {}
    assert not (out / "results.json").exists()  # the folder is replaced as a whole


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": 0}, "--batch-size must be at least 1"),
        ({"spark": True, "append": True}, "--append and --partition-by do not run with --spark"),
        ({"spark": True, "gx": True}, "--gx and --gx-docs do not run with --spark"),
    ],
)
def test_run_bad_options_are_usage_errors(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        newsframe.run(SEEDS, out=tmp_path / "out", engine="rules", **kwargs)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_the_tools_the_cli_uses(tmp_path: Path) -> None:
    assert newsframe.lint_contracts() == []
    written, drift = newsframe.export_gx_suites(out=tmp_path / "gx")
    assert drift == [] and {p.name for p in written} >= {"events.json", "documents.json"}
    d = newsframe.diff_contracts(newsframe.contract("events").path, newsframe.contract("events").path)
    assert d.exit_code(fail_on="breaking") == 0
    bundle = newsframe.bundle_contracts(tmp_path / "all.odcs.yaml")
    assert bundle.is_file() and "events" in bundle.read_text(encoding="utf-8")
    r = newsframe.validate(BYOE)
    r.to_json(tmp_path / "a.json")
    assert not newsframe.diff_results(tmp_path / "a.json", tmp_path / "a.json").regressed
    with pytest.raises(UsageError, match="unknown evaluation 'nope'"):
        newsframe.evaluate("nope")


def test_write_reports_names_the_file_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(newsframe.errors.OutputError, match="cannot write the results document") as info:
        newsframe.validate(BYOE).write_reports(json=tmp_path / "dir.json")
    assert info.value.path == str(tmp_path / "dir.json")


# ------------------------------------------------------------------------------------------ contracts


def test_contract_columns_keys_rules() -> None:
    c = newsframe.contract("events")
    assert c.name == "events" and c.version and c.path.name == "events.odcs.yaml"
    assert c.keys == ("event_id",)
    assert c.columns["quantity"].dtype == pl.Float64 and not c.columns["quantity"].required
    assert c.columns["event_id"].primary_key_position == 1
    slugs = {r.slug for r in c.rules}
    assert {"not-null", "enum-value", "fk-missing", "number-ungrounded"} <= slugs
    rule = next(r for r in c.rules if r.id == "events.modality.enum-value")
    assert set(rule.params["values"]) == {"asserted", "future", "hypothetical", "negated"}
    assert newsframe.contract("sentences").keys == ("doc_id", "sentence_id")
    with pytest.raises(ContractError, match="no contract for table 'nope'"):
        newsframe.contract("nope")
    with pytest.raises(ContractError):
        newsframe.contract("events", contracts=BYOE)  # a folder without contracts


def test_to_pandera_is_a_plain_schema_of_builtin_checks() -> None:
    import pandera.polars as pa

    schema = newsframe.contract("events").to_pandera()
    assert type(schema) is pa.DataFrameSchema
    checks = {name: [c.name for c in col.checks] for name, col in schema.columns.items()}
    assert checks["modality"] == ["isin"]
    assert checks["quantity"] == ["greater_than_or_equal_to"]
    assert checks["trigger"] == ["str_length"]
    assert all(len(v) <= 2 for v in checks.values()), checks  # one built-in per rule, nothing fused
    assert schema.columns["event_id"].unique and not schema.columns["event_id"].nullable

    events = read_tables(BYOE)["events"]
    bad = events.with_columns(
        pl.when(pl.col("event_id") == "evt-02")
        .then(pl.lit("rumoured"))
        .otherwise("modality")
        .alias("modality")
    )
    with pytest.raises(pa.errors.SchemaErrors) as info:
        schema.validate(bad, lazy=True)
    cases = info.value.failure_cases
    assert cases.filter(pl.col("column") == "modality")["failure_case"].to_list() == ["rumoured"]
    # the same row the newsframe engine reports for that rule
    ours = newsframe.validate(bad, table="events").check("events.modality.enum-value")
    assert ours.failing_rows == 1 and ours.sample[0]["modality"] == "rumoured"


def test_to_gx_suite_is_an_expectation_suite() -> None:
    import great_expectations as gx

    suite = newsframe.contract("topics").to_gx_suite()
    assert isinstance(suite, gx.ExpectationSuite)
    assert suite.name == "newsframe.topics"
    types = {e.expectation_type for e in suite.expectations}
    assert {"expect_column_to_exist", "expect_column_values_to_be_unique"} <= types


def test_contract_validate_one_frame() -> None:
    topics = pl.DataFrame({"topic_id": ["a"], "label": [""], "parent_id": [None]})
    r = newsframe.contract("topics").validate(topics)
    assert [c.slug for c in r.failures] == ["length-out-of-range"]


# ------------------------------------------------------------------------------------------ extract


def test_extract_texts_records_frames_and_paths() -> None:
    texts = ["Olaf Scholz met Emmanuel Macron in Paris on Monday.", "   "]
    t = newsframe.extract(texts, engine="rules")
    assert isinstance(t, newsframe.Tables) and "events" in t and len(t) == 8
    assert t["documents"].height == 1
    rejects = t["rejects"].to_dicts()
    assert [(r["source_file"], r["line"], r["reason"]) for r in rejects] == [("<python>", 2, "empty-text")]
    assert t.run["inputs"] == ["<python>"]

    frame = pl.DataFrame({"id": ["a1"], "text": [texts[0]], "published_at": ["2024-04-01"]})
    by_frame = newsframe.extract(frame, engine="rules")
    assert by_frame["documents"].select("doc_id", "published_at").row(0)[0] == "a1"
    by_records = newsframe.extract(
        [{"id": "a1", "text": texts[0], "published_at": "2024-04-01"}], engine="rules"
    )
    assert by_records["documents"]["doc_id"].to_list() == ["a1"]

    seed = newsframe.example_tables("byoe").parent / "documents"
    by_path = newsframe.extract(seed, engine="rules")
    assert by_path["documents"].height == 1 and by_path.validate().ok


def test_extract_bad_input() -> None:
    with pytest.raises(UsageError, match="list of texts"):
        newsframe.extract([1, 2])
    with pytest.raises(newsframe.InputError):
        newsframe.extract(Path("/no/such/folder"))


def test_tables_write(tmp_path: Path) -> None:
    t = newsframe.extract(["Olaf Scholz met Emmanuel Macron in Paris."], engine="rules")
    written = t.write(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.parquet" for n in t)
    assert newsframe.validate(tmp_path).ok
