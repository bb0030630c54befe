"""The pipeline: definition loading, the run on the seed, counts and timings, and the CLI exit code on a missing input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsframe import tables
from newsframe.errors import InputError
from newsframe.pipeline import PipelineConfig, load_pipeline, run_pipeline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "documents"


def test_default_definition_loads() -> None:
    cfg = load_pipeline(None)
    assert cfg.name == "default"
    assert cfg.steps == ("sentences", "actors", "events", "topics")
    assert cfg.engine == "auto"
    assert cfg.workers >= 1 and cfg.batch_size >= 1
    assert cfg.text_column == "text"
    assert cfg.topics.taxonomy.endswith("iptc_mediatopics.csv")


@pytest.mark.parametrize(
    ("yaml_text", "field"),
    [
        ("engine: fast\n", "engine"),
        ("workers: 0\n", "workers"),
        ("batch_size: many\n", "batch_size"),
        ("steps: [sentences, parse]\n", "steps"),
        ("steps: [events]\n", "steps"),
        ("colour: blue\n", "colour"),
        ("topics: {min_score: -1}\n", "topics.min_score"),
        ("topics: {taxonomy: 3}\n", "topics.taxonomy"),
        ("topics: {colour: blue}\n", "topics.colour"),
        ("version: 2\n", "version"),
        ("- a list\n", "(top level)"),
    ],
)
def test_bad_definition_names_file_and_field(tmp_path: Path, yaml_text: str, field: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(yaml_text)
    with pytest.raises(InputError) as err:
        load_pipeline(path)
    assert err.value.field == field
    assert err.value.path == str(path)
    assert err.value.exit_code == 2


def test_unparseable_yaml_and_missing_definition(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("steps: [sentences\nengine: rules\n")
    with pytest.raises(InputError, match="not valid YAML") as err:
        load_pipeline(path)
    assert err.value.line is not None
    with pytest.raises(InputError, match="not found"):
        load_pipeline(tmp_path / "nope.yaml")


def test_custom_definition(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: fast\nsteps: [topics, sentences]\nengine: rules\nworkers: 3\n")
    cfg = load_pipeline(path)
    assert (cfg.name, cfg.steps, cfg.engine, cfg.workers) == ("fast", ("sentences", "topics"), "rules", 3)


def test_run_on_seed_yields_every_table() -> None:
    out = run_pipeline([SEEDS], config=load_pipeline(None), engine="rules", workers=1, text_column=None)
    assert list(out.tables) == list(tables.TABLE_ORDER)
    for name, frame in out.tables.items():
        assert list(frame.columns[: len(tables.TABLES[name].columns)]) == list(tables.TABLES[name].columns), (
            name
        )
        for col, dtype in tables.TABLES[name].columns.items():
            assert frame.schema[col] == dtype, (name, col)
    assert out.tables["documents"]["doc_id"].to_list() == ["000_a51778374016c8c0"]
    assert out.tables["sentences"].height == 27
    run = out.run
    assert run["counts"]["inputs"] == 1 and run["counts"]["documents"] == 1 and run["counts"]["rejects"] == 0
    assert run["counts"]["sentences"] == 27
    assert {"ingest", "extract", "link", "total"} <= set(run["timings"])
    assert run["engine"]  # whatever ran ("none" until extract.annotate exists)
    assert run["inputs"] == [str(SEEDS)]
    json.dumps(run)  # results.json must be able to hold it
    summary = out.summary()
    assert "1 documents" in summary and "27 sentences" in summary and "\n" not in summary


def test_run_counts_reconcile_with_rejects(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "a", "text": "Fine."}\n{broken\n{"id": "b", "text": ""}\n', encoding="utf-8")
    out = run_pipeline(
        [path], config=PipelineConfig(steps=("sentences",)), engine=None, workers=None, text_column=None
    )
    counts = out.run["counts"]
    assert counts["inputs"] == 3 == counts["documents"] + counts["rejects"]
    assert out.run["rejects_by_reason"] == {"empty-text": 1, "malformed-json": 1}
    assert out.tables["rejects"]["line"].to_list() == [2, 3]
    assert out.tables["mentions"].is_empty() and out.tables["topics"].is_empty()


def test_steps_left_out_write_empty_tables(tmp_path: Path) -> None:
    cfg = PipelineConfig(steps=("sentences",))
    out = run_pipeline([SEEDS], config=cfg, engine="rules", workers=1, text_column=None)
    assert out.tables["sentences"].height == 27
    for name in ("mentions", "actors", "events", "topics", "document_topics"):
        assert out.tables[name].is_empty(), name
    assert out.run["engine"] == "none"


def test_missing_input_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        run_pipeline(
            [tmp_path / "missing.jsonl"],
            config=load_pipeline(None),
            engine=None,
            workers=None,
            text_column=None,
        )


def test_cli_missing_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util
    import sys
    import types

    from newsframe.cli import main

    if importlib.util.find_spec("newsframe.tableio") is None:  # until H-contracts' module lands
        stub = types.ModuleType("newsframe.tableio")
        stub.write_tables = lambda tables, directory: []  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "newsframe.tableio", stub)

    code = main(["run", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert "missing.jsonl" in err and "not found" in err
    assert not (tmp_path / "out" / "tables").exists()


def test_text_column_override_and_csv_input(tmp_path: Path) -> None:
    path = tmp_path / "docs.csv"
    path.write_text('id,body,published_at\nc1,"Biden called Xi. They spoke.",2024-04-02\n', encoding="utf-8")
    cfg = PipelineConfig(steps=("sentences",))
    out = run_pipeline([path], config=cfg, engine=None, workers=None, text_column="body")
    assert out.tables["documents"]["doc_id"].to_list() == ["c1"]
    assert out.tables["sentences"].height == 2
    with pytest.raises(InputError) as err:
        run_pipeline([path], config=cfg, engine=None, workers=None, text_column=None)
    assert err.value.field == "text"


def test_bad_overrides_are_input_errors() -> None:
    cfg = PipelineConfig(steps=("sentences",))
    with pytest.raises(InputError, match="engine"):
        run_pipeline([SEEDS], config=cfg, engine="magic", workers=None, text_column=None)
    with pytest.raises(InputError, match="workers"):
        run_pipeline([SEEDS], config=cfg, engine=None, workers=0, text_column=None)


def test_no_progress_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    run_pipeline(
        [SEEDS], config=PipelineConfig(steps=("sentences",)), engine=None, workers=None, text_column=None
    )
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_without_the_model_auto_runs_on_rules_and_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The model package missing: `auto` falls back to rules, the run is still valid, the report names the engine."""
    from newsframe.extract import nlp
    from newsframe.report.html import write_html
    from newsframe.validation import validate

    monkeypatch.setattr(nlp, "model_available", lambda: False)
    out = run_pipeline([SEEDS], config=load_pipeline(None), engine="auto", workers=1, text_column=None)
    assert out.run["engine"] == "rules"
    assert out.tables["mentions"].height > 0 and out.tables["events"].height > 0
    results = validate(out.tables)
    results.run.update(out.run)
    assert results.exit_code(fail_on="error") == 0, [c.id for c in results.checks if c.status == "failed"]
    write_html(results, out.tables, tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert re.search(r"Extraction engine: <code[^>]*>rules</code>", html)


def test_annotate_reports_progress_per_batch() -> None:
    import polars as pl

    from newsframe.extract import annotate
    from newsframe.extract.sentences import split

    docs = pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(120)],
            "text": [f"President Joe Biden met {i} officials." for i in range(120)],
        }
    )
    seen: list[tuple[int, int]] = []
    annotate(
        docs, split(docs), engine="rules", workers=1, progress=lambda done, total: seen.append((done, total))
    )
    assert len(seen) >= 2  # a bar that moves, not one jump at the end
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1] == (120, 120)


def test_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsframe.pipeline import _Stages

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert not _Stages.terminal()  # pytest captures stderr: not a terminal, so no bar
    run_pipeline([SEEDS], config=load_pipeline(None), engine="rules", workers=1, text_column=None)
    assert capsys.readouterr().err == ""
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.setenv("CI", "true")
    assert not _Stages.terminal()  # a terminal in CI: still no bar
    draw = _Stages(enabled=True).progress("annotate")
    assert draw is not None
    draw(50, 200)
    assert "annotate [#######" in capsys.readouterr().err
    assert _Stages(enabled=False).progress("annotate") is None


_SCRIPT_CALLS = {
    "extract": "tables = newsframe.extract({docs!r}, engine='rules', workers=2)\n"
    "print('documents', tables['documents'].height)",
    "run": "run = newsframe.run({docs!r}, out={out!r}, engine='rules', workers=2, batch_size=4, validate=False)\n"
    "print('documents', run.tables()['documents'].select(pl.len()).collect().item())",
}


def _worker_script(tmp_path: Path, api: str, *, guarded: bool) -> Path:
    """A user script calling ``newsframe.<api>`` on 24 short news texts with 2 workers (2+ batches)."""
    actors = ["Olaf Scholz", "Emmanuel Macron", "Joe Biden", "Xi Jinping", "Narendra Modi", "Lula da Silva"]
    places = ["Paris", "Berlin", "Washington", "Beijing", "New Delhi", "Brasilia"]
    docs = tmp_path / "docs.jsonl"
    with docs.open("w", encoding="utf-8") as fh:
        for i in range(24):
            a, b, where = actors[i % 6], actors[(i + 1) % 6], places[(i + 2) % 6]
            text = (
                f"{a} met {b} in {where} on Monday. They signed a trade agreement and condemned the attack."
            )
            fh.write(json.dumps({"id": f"doc-{i:02d}", "text": text}) + "\n")
    call = _SCRIPT_CALLS[api].format(docs=str(docs), out=str(tmp_path / "out"))
    body = (
        call
        if not guarded
        else 'if __name__ == "__main__":\n' + "".join(f"    {line}\n" for line in call.splitlines())
    )
    script = tmp_path / f"user_{api}_{'guarded' if guarded else 'unguarded'}.py"
    script.write_text("import newsframe\nimport polars as pl\n\n" + body + "\n", encoding="utf-8")
    return script


@pytest.mark.parametrize("api", ["extract", "run"])
def test_script_without_main_guard_fails_fast_with_the_hint(tmp_path: Path, api: str) -> None:
    """Spawned workers re-import an unguarded script and die while starting: a clear error, not a hang.

    (A ``multiprocessing.Pool`` restarted the dead workers for ever; the timeout fails this test then.)
    """
    script = _worker_script(tmp_path, api, guarded=False)
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=180, cwd=tmp_path
    )
    assert proc.returncode != 0
    assert "newsframe.errors.InputError" in proc.stderr
    assert 'if __name__ == "__main__":' in proc.stderr
    assert "workers=1" in proc.stderr

    guarded = _worker_script(tmp_path, api, guarded=True)
    ok = subprocess.run(
        [sys.executable, str(guarded)], capture_output=True, text=True, timeout=180, cwd=tmp_path
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "documents 24"
