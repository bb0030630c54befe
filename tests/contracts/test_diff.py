"""`newsframe contracts diff`: every kind of change classified, the semver check, the outputs, the CLI."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsframe.assets import asset_dir
from newsframe.cli import main
from newsframe.contracts.diff import ContractsDiff, diff_contracts, diff_documents, read_contract_documents

CONTRACTS = asset_dir("contracts")
RELEASED = CONTRACTS / "released"


def _docs() -> dict[str, dict[str, Any]]:
    return read_contract_documents(CONTRACTS)


def _prop(doc: dict[str, Any], column: str) -> dict[str, Any]:
    return next(p for p in doc["schema"][0]["properties"] if p["name"] == column)


def _rule(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return next(q for q in doc["schema"][0]["quality"] if q["name"] == name)


def _change(mutate: Callable[[dict[str, dict[str, Any]]], None]) -> ContractsDiff:
    old = _docs()
    for doc in old.values():
        doc["version"] = "1.0.0"  # the tests below bump from a known version
    new = copy.deepcopy(old)
    mutate(new)
    return diff_documents(old, new)


def _kinds(d: ContractsDiff) -> list[tuple[str, str, str, bool, str]]:
    return [(c.table, c.field, c.kind, c.breaking, c.bump) for c in d.changes]


def _set(doc: dict[str, Any], column: str, **values: Any) -> None:
    _prop(doc, column).update(values)


# ------------------------------------------------------------------------------------------ breaking kinds

BREAKING_CASES: dict[str, tuple[Callable[[dict[str, dict[str, Any]]], None], tuple[str, str, str]]] = {
    "table removed": (lambda d: d.pop("topics"), ("topics", "*", "table-removed")),
    "column removed": (
        lambda d: d["events"]["schema"][0]["properties"].remove(_prop(d["events"], "trigger")),
        ("events", "trigger", "column-removed"),
    ),
    "type change": (
        lambda d: _set(d["events"], "sentence_id", logicalType="string", physicalType="String"),
        ("events", "sentence_id", "type-changed"),
    ),
    "physical type change": (
        lambda d: _set(d["events"], "sentence_id", physicalType="Int32"),
        ("events", "sentence_id", "type-changed"),
    ),
    "optional to required": (
        lambda d: _set(d["events"], "quantity", required=True),
        ("events", "quantity", "required-added"),
    ),
    "new required column": (
        lambda d: d["events"]["schema"][0]["properties"].append(
            {"name": "confidence", "logicalType": "number", "required": True}
        ),
        ("events", "confidence", "column-added-required"),
    ),
    "narrowed enum": (
        lambda d: _prop(d["events"], "modality")["enum"].pop(),
        ("events", "modality", "enum-narrowed"),
    ),
    "raised minimum": (
        lambda d: _set(d["events"], "sentence_id", logicalTypeOptions={"minimum": 1}),
        ("events", "sentence_id", "range-narrowed"),
    ),
    "new maximum": (
        lambda d: _set(d["events"], "quantity", logicalTypeOptions={"minimum": 0, "maximum": 1e6}),
        ("events", "quantity", "range-narrowed"),
    ),
    "new primary key": (
        lambda d: _set(d["document_topics"], "doc_id", primaryKey=True, primaryKeyPosition=1),
        ("document_topics", "*", "key-added"),
    ),
    "new foreign key": (
        lambda d: _set(d["actors"], "name", relationships=[{"type": "foreignKey", "to": "mentions.text"}]),
        ("actors", "name", "relationship-added"),
    ),
    "new error rule": (
        lambda d: d["events"]["schema"][0]["quality"].append(
            {"name": "x", "type": "custom", "engine": "newsframe", "implementation": "span-mismatch"}
        ),
        ("events", "x", "rule-added"),
    ),
    "rule parameter": (
        lambda d: _rule(d["events"], "actor-ungrounded")["customProperties"][0].update(value=0),
        ("events", "actor-ungrounded", "rule-changed"),
    ),
    "strict": (
        lambda d: d["events"]["schema"][0]["customProperties"][0].update(value=True),
        ("events", "*", "strict-added"),
    ),
    "codebook values narrowed": (
        lambda d: _prop(d["events"], "event_type")["quality"][0].update(
            arguments={"validValues": ["CONSULT", "AID"]}
        ),
        ("events", "event_type.event-type-in-codebook", "enum-narrowed"),
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKING_CASES))
def test_breaking_changes_are_breaking_and_need_a_major_bump(case: str) -> None:
    mutate, (table, field, kind) = BREAKING_CASES[case]
    d = _change(mutate)
    assert (table, field, kind, True, "major") in _kinds(d), _kinds(d)
    assert d.breaking
    assert d.required_bump == "major"
    assert d.exit_code() == 1


NON_BREAKING_CASES: dict[
    str, tuple[Callable[[dict[str, dict[str, Any]]], None], tuple[str, str, str, str]]
] = {
    "new optional column": (
        lambda d: d["events"]["schema"][0]["properties"].append(
            {"name": "confidence", "logicalType": "number", "required": False}
        ),
        ("events", "confidence", "column-added-optional", "minor"),
    ),
    "widened enum": (
        lambda d: _prop(d["events"], "modality")["enum"].append({"value": "reported"}),
        ("events", "modality", "enum-widened", "minor"),
    ),
    "lowered minimum": (
        lambda d: _set(d["events"], "sentence_id", logicalTypeOptions={"minimum": -1}),
        ("events", "sentence_id", "range-widened", "minor"),
    ),
    "dropped bound": (
        lambda d: _prop(d["events"], "quantity").pop("logicalTypeOptions"),
        ("events", "quantity", "range-widened", "minor"),
    ),
    "required to optional": (
        lambda d: _set(d["events"], "trigger", required=False),
        ("events", "trigger", "required-removed", "minor"),
    ),
    "new table": (
        lambda d: d.update(
            quotes={**d["topics"], "schema": [{**d["topics"]["schema"][0], "name": "quotes"}]}
        ),
        ("quotes", "*", "table-added", "minor"),
    ),
    "warning rule": (
        lambda d: d["events"]["schema"][0]["quality"].append(
            {
                "name": "w",
                "type": "custom",
                "engine": "newsframe",
                "implementation": "x",
                "severity": "warning",
            }
        ),
        ("events", "w", "rule-added-warning", "minor"),
    ),
    "severity lowered": (
        lambda d: _rule(d["events"], "number-ungrounded").update(severity="warning"),
        ("events", "number-ungrounded", "rule-relaxed", "minor"),
    ),
    "description": (
        lambda d: _set(d["events"], "trigger", description="The trigger <b>|words|</b>."),
        ("events", "trigger", "description-changed", "patch"),
    ),
    "purpose": (
        lambda d: d["events"]["description"].update(purpose="Who did what."),
        ("events", "*", "description-changed", "patch"),
    ),
    "status": (
        lambda d: d["events"].update(status="deprecated"),
        ("events", "*", "metadata-changed", "patch"),
    ),
}


@pytest.mark.parametrize("case", sorted(NON_BREAKING_CASES))
def test_non_breaking_changes_pass_and_name_their_bump(case: str) -> None:
    mutate, (table, field, kind, bump) = NON_BREAKING_CASES[case]
    d = _change(mutate)
    assert _kinds(d) == [(table, field, kind, False, bump)]
    assert not d.breaking
    assert d.exit_code(fail_on="version") == (0 if table == "quotes" else 1)  # same version: a problem


def test_same_values_in_another_form_are_no_change() -> None:
    """The PLOVER codebook given inline instead of by reference, a physical type spelt in lower case."""
    from newsframe.contracts.model import load_reference_values

    values = load_reference_values("seeds/reference/plover_codebook.csv#event_type", base=CONTRACTS)

    def mutate(d: dict[str, dict[str, Any]]) -> None:
        _prop(d["events"], "event_type")["quality"][0]["arguments"] = {"validValues": list(reversed(values))}
        _set(d["events"], "trigger_start", physicalType="int64")

    assert _change(mutate).changes == []


def test_every_kind_has_a_bump_and_a_doc_line() -> None:
    from newsframe.contracts import diff

    doc = diff.__doc__ or ""
    for kind in diff._BREAKING:
        assert f"\n{kind} " in doc, f"{kind} is not documented in the module table"


# ------------------------------------------------------------------------------------------ versions


def test_version_bump_fits_the_changes() -> None:
    def mutate(d: dict[str, dict[str, Any]]) -> None:
        _prop(d["events"], "modality")["enum"].pop()
        d["events"]["version"] = "1.1.0"

    d = _change(mutate)
    assert d.version_problems() == [
        "events: version 1.0.0 → 1.1.0, but the changes need a major bump (to 2.0.0)"
    ]
    assert d.exit_code(fail_on="version") == 1

    def mutate_ok(d: dict[str, dict[str, Any]]) -> None:
        _prop(d["events"], "modality")["enum"].pop()
        d["events"]["version"] = "2.0.0"

    ok = _change(mutate_ok)
    assert ok.version_problems() == []
    assert ok.exit_code(fail_on="version") == 0
    assert ok.exit_code() == 1  # still breaking: the default gate fails


@pytest.mark.parametrize(("version", "problem"), [("0.9.0", "went backwards"), ("v2", "not semver")])
def test_bad_versions_are_problems(version: str, problem: str) -> None:
    d = _change(lambda d: d["events"].update(version=version))
    (only,) = d.version_problems()
    assert problem in only


def test_shipped_contracts_follow_semver_against_the_released_baseline() -> None:
    """contracts/released/ holds the contracts as last released; every change since needs its bump.

    When this fails: raise the ``version`` of the contract named in the message as it says. After a
    release, copy the contracts into contracts/released/ (``cp contracts/*.odcs.yaml contracts/released/``).
    """
    d = diff_contracts(RELEASED, CONTRACTS)
    assert sorted(read_contract_documents(RELEASED)) == sorted(read_contract_documents(CONTRACTS))
    assert d.version_problems() == [], d.to_text()


def test_the_semver_test_fails_on_an_unbumped_change(tmp_path: Path) -> None:
    """The test above can fail: a narrowed enum without a bump is caught against the baseline."""
    new = tmp_path / "contracts"
    shutil.copytree(CONTRACTS, new, ignore=shutil.ignore_patterns("released", "gx", "examples"))
    path = new / "events.odcs.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    - value: negated\n", ""), encoding="utf-8")
    d = diff_contracts(RELEASED, new)
    assert [p.split(":")[0] for p in d.version_problems()] == ["events"]


# ------------------------------------------------------------------------------------------ outputs, CLI


def test_markdown_escapes_cells() -> None:
    def mutate(d: dict[str, dict[str, Any]]) -> None:
        _prop(d["events"], "modality")["enum"].append({"value": "<img src=x onerror=alert(1)>|x"})

    md = _change(mutate).to_markdown()
    assert "<img" not in md
    assert "&lt;img src=x onerror=alert(1)&gt;\\|x" in md
    assert md.startswith("<!-- newsframe-contracts-diff -->")
    rows = [line for line in md.splitlines() if line.startswith("| `events`")]
    assert rows and all(line.count(" | ") == 5 for line in rows[:1])


def test_cli_exit_codes_and_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "new"
    shutil.copytree(CONTRACTS, new, ignore=shutil.ignore_patterns("released", "gx", "examples"))
    assert main(["contracts", "diff", str(CONTRACTS), str(new)]) == 0
    assert "no change" in capsys.readouterr().out

    doc = yaml.safe_load((new / "topics.odcs.yaml").read_text(encoding="utf-8"))
    doc["schema"][0]["properties"] = [p for p in doc["schema"][0]["properties"] if p["name"] != "label"]
    (new / "topics.odcs.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    md, js = tmp_path / "out" / "c.md", tmp_path / "out" / "c.json"
    code = main(["contracts", "diff", str(CONTRACTS), str(new), "--markdown", str(md), "--json", str(js)])
    assert code == 1
    out = capsys.readouterr().out
    assert "BREAKING column-removed" in out and "topics.label" in out
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["breaking"] is True and data["required_bump"] == "major"
    assert data["changes"][0] == {
        "table": "topics",
        "field": "label",
        "kind": "column-removed",
        "breaking": True,
        "bump": "major",
        "detail": "column label was removed",
    }
    assert data["versions"][-1]["suggested"] == "2.0.0" and data["versions"][-1]["ok"] is False
    assert "`column-removed`" in md.read_text(encoding="utf-8")
    assert main(["contracts", "diff", str(CONTRACTS), str(new), "--fail-on", "never"]) == 0

    # single files work too
    assert (
        main(["contracts", "diff", str(CONTRACTS / "topics.odcs.yaml"), str(new / "topics.odcs.yaml")]) == 1
    )


def test_cli_unreadable_input_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.odcs.yaml"
    bad.write_text("schema: [\n", encoding="utf-8")
    assert main(["contracts", "diff", str(CONTRACTS), str(bad)]) == 2
    assert "bad.odcs.yaml" in capsys.readouterr().err
    assert main(["contracts", "diff", str(CONTRACTS), str(tmp_path / "missing")]) == 2


def test_the_workflow_step_diffs_against_the_base_branch(tmp_path: Path) -> None:
    """Run ci/newsframe.yml's contracts step in a git repository whose pull request narrows an enum."""
    import os
    import subprocess
    import sys

    git, bash = shutil.which("git"), shutil.which("bash")
    if git is None or bash is None:
        pytest.skip("needs git and bash")
    wf = yaml.safe_load((CONTRACTS.parent / "ci" / "newsframe.yml").read_text(encoding="utf-8"))
    (step,) = [
        s
        for job in wf["jobs"].values()
        for s in job["steps"]
        if "newsframe contracts diff" in s.get("run", "")
    ]
    repo = tmp_path / "repo"
    shutil.copytree(
        CONTRACTS, repo / "contracts", ignore=shutil.ignore_patterns("released", "gx", "examples")
    )
    shutil.copytree(CONTRACTS.parent / "seeds" / "reference", repo / "seeds" / "reference")
    env = {
        **os.environ,
        **{k: str(v) for k, v in wf["env"].items()},
        "GITHUB_BASE_REF": "main",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }

    def sh(*argv: str) -> None:
        subprocess.run(argv, cwd=repo, env=env, check=True, capture_output=True)

    sh(git, "init", "-q", "-b", "main")
    sh(git, "add", ".")
    sh(git, "commit", "-q", "-m", "base")
    sh(git, "remote", "add", "origin", str(repo))
    events = repo / "contracts" / "events.odcs.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace("    - value: negated\n", ""), encoding="utf-8"
    )
    done = subprocess.run([bash, "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "BREAKING enum-narrowed" in done.stdout
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "<!-- newsframe-contracts-diff -->" in summary and "`enum-narrowed`" in summary
    data = json.loads((repo / env["OUT"] / "contracts-diff.json").read_text(encoding="utf-8"))
    version = yaml.safe_load(events.read_text(encoding="utf-8"))["version"]
    major = int(version.split(".")[0])
    assert data["version_problems"] == [
        f"events: version {version} → {version}, but the changes need a major bump (to {major + 1}.0.0)"
    ]
