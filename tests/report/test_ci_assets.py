"""ci/newsframe.yml and .pre-commit-hooks.yaml: well formed, and every newsframe command in them parses.

The slow test runs the workflow's own shell steps locally, as GitHub would, on seeds/documents.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsframe import cli
from newsframe.report.diff import MARKER

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "ci" / "newsframe.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def _workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps() -> list[dict[str, Any]]:
    jobs = _workflow()["jobs"]
    assert len(jobs) == 1
    return list(next(iter(jobs.values()))["steps"])


def _newsframe_commands(script: str) -> list[list[str]]:
    """Every `newsframe ...` invocation in a step's shell script, as argv (without 'newsframe')."""
    out = []
    for line in script.replace("\\\n", " ").splitlines():
        line = line.strip()
        if line.startswith("newsframe "):
            line = line.split("||")[0]
            out.append(shlex.split(line)[1:])
    return out


def test_workflow_shape() -> None:
    wf = _workflow()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    assert wf["permissions"] == {"contents": "read"}
    steps = _steps()
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "${{ always() }}"  # reports are published when the gate fails too
    paths = upload["with"]["path"]
    assert "${{ env.OUT }}/junit.xml" in paths and "${{ env.OUT }}/report.html" in paths
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert '"$NEWSFRAME_PACKAGE"' in install["run"]


def test_workflow_commands_parse_with_the_cli() -> None:
    env = {k: str(v) for k, v in _workflow()["env"].items()}
    parser = cli._build_parser()
    seen = set()
    for step in _steps():
        script = step.get("run", "")
        assert "${{ github.event" not in script  # no untrusted expressions inside scripts
        for argv in _newsframe_commands(script):
            expanded = [re.sub(r"\$(\w+)", lambda m: env.get(m.group(1), m.group(0)), a) for a in argv]
            args = parser.parse_args(expanded)  # raises UsageError when an option is wrong
            seen.add(args.command)
            if args.command in ("run", "validate"):
                assert args.fail_on == env["FAIL_ON"]
                assert args.junit == Path(env["OUT"]) / "junit.xml"
                assert args.html == Path(env["OUT"]) / "report.html"
    assert seen == {"run", "diff", "contracts"}


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert hook["id"] == "newsframe-validate"
    assert hook["entry"] == "newsframe validate"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "out/tables/events.parquet")
    args = cli._build_parser().parse_args([*hook["entry"].split()[1:], *hook["args"]])
    assert args.command == "validate" and args.fail_on == "error" and args.github is False


def test_readme_documents_both() -> None:
    text = (ROOT / "ci" / "README.md").read_text(encoding="utf-8")
    assert "ci/newsframe.yml" in text and ".pre-commit-hooks.yaml" in text and "newsframe-validate" in text


@pytest.mark.slow
def test_workflow_steps_run_locally(tmp_path: Path) -> None:
    """Run the workflow's shell steps (not the `uses:` actions, not the install) as the runner would."""
    docs = ROOT / "seeds" / "documents"
    bash = shutil.which("bash")
    if bash is None or not any(docs.iterdir()):
        pytest.skip("needs bash and seeds/documents")
    wf = _workflow()
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        **{k: str(v) for k, v in wf["env"].items()},
        "DOCUMENTS": str(docs),
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    steps = [s for s in _steps() if "run" in s and "pip install" not in s["run"]]
    gate, compare, _contracts_diff = steps
    done = subprocess.run(
        [bash, "-e", "-c", gate["run"]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stderr
    out = tmp_path / env["OUT"]
    root = ET.parse(out / "junit.xml").getroot()
    assert int(root.get("tests", "0")) > 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["run"].get("engine")
    assert (done.returncode == 1) == (results["status"] in ("failed", "error"))
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "newsframe data quality" in summary.read_text(encoding="utf-8")
    for line in done.stdout.splitlines():
        if line.startswith("::"):
            assert re.match(r"^::(error|warning|notice) title=[^:,]+::", line), line
    # the pull-request comparison, against a baseline equal to this run: no regression
    baseline = tmp_path / wf["env"]["BASELINE"]
    baseline.parent.mkdir(parents=True)
    shutil.copy(out / "results.json", baseline)
    done = subprocess.run(
        [bash, "-e", "-c", compare["run"]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert MARKER in summary.read_text(encoding="utf-8")
