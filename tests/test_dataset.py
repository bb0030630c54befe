"""`newsframe run` as a streaming writer of Parquet datasets: same rows as in memory, --append, atomic outputs."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from newsframe.cli import main
from newsframe.dataset import MARKER, RUN_ID_KEY, run_id_of
from newsframe.pipeline import load_pipeline, run_pipeline
from newsframe.tableio import read_tables
from newsframe.tables import TABLES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "documents"
BBC = ROOT.parent / "shared" / "corpora" / "bbc_politics" / "articles.jsonl"
NEWSFRAME = Path(sys.executable).with_name("newsframe")


def _bbc(tmp_path: Path, name: str, lines: slice) -> Path:
    if not BBC.is_file():
        pytest.skip("../shared corpora not present")
    path = tmp_path / name
    path.write_text("\n".join(BBC.read_text(encoding="utf-8").splitlines()[lines]) + "\n", encoding="utf-8")
    return path


def _sorted(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    key = list(TABLES[name].key) or list(TABLES[name].columns)
    return frame.select(list(TABLES[name].columns)).sort(key)


def _same_tables(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> None:
    for name in TABLES:
        left, right = _sorted(a[name], name), _sorted(b[name], name)
        assert left.equals(right), (name, left.height, right.height)


def _run(*args: str) -> int:
    return main(["run", *args, "--engine", "rules", "--no-github", "-q"])


def test_streaming_run_equals_the_in_memory_pipeline_with_spawned_workers(tmp_path: Path) -> None:
    docs = _bbc(tmp_path, "a.jsonl", slice(0, 40))
    assert _run(str(docs), "--out", str(tmp_path / "out"), "--batch-size", "9", "--workers", "2") in (0, 1)
    streamed = read_tables(tmp_path / "out" / "tables")
    memory = run_pipeline([docs], config=load_pipeline(None), engine="rules", workers=1, text_column=None)
    _same_tables(streamed, memory.tables)
    parts = sorted((tmp_path / "out" / "tables" / "sentences").glob("part-*.parquet"))
    assert len(parts) == 5  # 40 documents in batches of 9
    marker = json.loads((tmp_path / "out" / MARKER).read_text())
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert marker["run_id"] == results["run"]["run_id"]
    for part in (tmp_path / "out" / "tables").rglob("*.parquet"):
        assert run_id_of(part) == marker["run_id"], part


def test_partition_by_publication_date_reads_back_as_the_same_tables(tmp_path: Path) -> None:
    lines = [
        '{"id": "a", "text": "Joe Biden called Xi Jinping.", "published_at": "2024-04-02"}',
        '{"id": "b", "text": "Xi Jinping met Joe Biden in Lima.", "published_at": "2024-11-16"}',
        '{"id": "c", "text": "Joe Biden spoke to Xi Jinping."}',
    ]
    src = tmp_path / "d.jsonl"
    src.write_text("\n".join(lines) + "\n")
    assert _run(str(src), "--out", str(tmp_path / "flat")) == 0
    assert _run(str(src), "--out", str(tmp_path / "hive"), "--partition-by", "published_at") == 0
    hive = tmp_path / "hive" / "tables"
    dirs = sorted(p.name for p in (hive / "documents").iterdir())
    assert dirs == [
        "published_date=2024-04-02",
        "published_date=2024-11-16",
        "published_date=__HIVE_DEFAULT_PARTITION__",
    ]
    assert (hive / "mentions" / "published_date=2024-11-16").is_dir()
    _same_tables(read_tables(tmp_path / "flat" / "tables"), read_tables(hive))


def test_append_equals_one_run_over_the_union(tmp_path: Path) -> None:
    a = _bbc(tmp_path, "a.jsonl", slice(0, 25))
    b = _bbc(tmp_path, "b.jsonl", slice(20, 45))  # 5 documents of b are already in a: duplicates
    both = tmp_path / "both"
    assert _run(str(a), str(b), "--out", str(both), "--batch-size", "10") in (0, 1)
    inc = tmp_path / "inc"
    assert _run(str(a), "--out", str(inc), "--batch-size", "7") in (0, 1)
    old_parts = {
        p.relative_to(inc): p.stat().st_ino for p in (inc / "tables" / "sentences").rglob("*.parquet")
    }
    assert _run(str(b), "--out", str(inc), "--append", "--batch-size", "7") in (0, 1)
    _same_tables(read_tables(both / "tables"), read_tables(inc / "tables"))
    # the old documents were not processed again: their parts are the same files
    for rel, ino in old_parts.items():
        assert (inc / rel).stat().st_ino == ino, rel
    r_both = json.loads((both / "results.json").read_text())
    r_inc = json.loads((inc / "results.json").read_text())
    checks = {c["id"]: (c["status"], c.get("failed_rows")) for c in r_both["checks"]}
    assert checks == {c["id"]: (c["status"], c.get("failed_rows")) for c in r_inc["checks"]}
    assert r_inc["run"]["counts"] == r_both["run"]["counts"]
    assert r_inc["run"]["rejects_by_reason"] == r_both["run"]["rejects_by_reason"] == {"duplicate": 5}
    marker = json.loads((inc / MARKER).read_text())
    assert marker["appended"] is True and len(marker["input_files"]) == 2


def test_append_refuses_other_settings_and_foreign_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _run(str(SEEDS), "--out", str(out)) == 0
    before = (out / "results.json").read_bytes()
    assert (
        main(
            [
                "run",
                str(SEEDS),
                "--out",
                str(out),
                "--append",
                "--engine",
                "rules",
                "--partition-by",
                "published_at",
                "-q",
                "--no-github",
            ]
        )
        == 2
    )
    assert "partition_by" in capsys.readouterr().err
    assert (out / "results.json").read_bytes() == before
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    assert _run(str(SEEDS), "--out", str(foreign)) == 2
    assert "not a newsframe output folder" in capsys.readouterr().err
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_a_second_run_into_a_locked_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    with open(tmp_path / ".out.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert _run(str(SEEDS), "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "another newsframe run is writing to this folder" in err and "Traceback" not in err
    assert not out.exists()
    assert _run(str(SEEDS), "--out", str(out)) == 0  # once released, a run goes ahead


def _state(out: Path) -> str:
    """The run id the folder holds, after checking that every file of the set says the same and reads."""
    marker = json.loads((out / MARKER).read_text())
    results = json.loads((out / "results.json").read_text())
    assert results["run"]["run_id"] == marker["run_id"]
    assert "<html" in (out / "report.html").read_text().lower()
    tables = read_tables(out / "tables")
    assert set(TABLES) <= set(tables)
    for part in (out / "tables").rglob("*.parquet"):
        assert run_id_of(part) == marker["run_id"], part
    return str(marker["run_id"])


def test_kill_9_at_random_moments_leaves_the_old_set_or_the_new_one(tmp_path: Path) -> None:
    """A run replacing an older one, killed at random moments: the folder holds one whole run, never a mix."""
    exe = [str(NEWSFRAME)] if NEWSFRAME.exists() else [sys.executable, "-m", "newsframe"]
    out = tmp_path / "out"
    cmd = [*exe, "run", str(SEEDS), "--out", str(out), "--engine", "rules", "--no-github", "-q"]
    start = time.perf_counter()
    assert subprocess.run(cmd, capture_output=True, timeout=300).returncode == 0
    duration = time.perf_counter() - start
    rng = random.Random(11)
    outcomes = []
    for _ in range(6):
        before = _state(out)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, duration * 1.1))
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        after = _state(out)
        outcomes.append("old" if after == before else "new")
        assert not (out.parent / ".out.staging").exists()
    # the next run repairs what a killed one left beside the folder, and succeeds
    assert subprocess.run(cmd, capture_output=True, timeout=300).returncode == 0
    _state(out)
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name or ".old-" in p.name]
    assert "old" in outcomes  # the kills did land before the swap at least once


@contextlib.contextmanager
def _tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    ).returncode:
        pytest.skip("mount -t tmpfs is not allowed here")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_disk_full_is_exit_2_and_the_old_set_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _tmpfs(tmp_path / "mnt", "400k") as mnt:
        out = mnt / "out"
        assert _run(str(SEEDS), "--out", str(out)) == 0
        before = _state(out)
        assert _run(str(SEEDS), "--out", str(out)) == 2  # the new set does not fit beside the old one
        err = capsys.readouterr().err
        assert "No space left on device" in err and "Traceback" not in err
        assert _state(out) == before
        assert not [p for p in mnt.iterdir() if ".staging-" in p.name]


def test_simulated_enospc_on_the_html_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert _run(str(SEEDS), "--out", str(out)) == 0
    before = _state(out)
    from newsframe.report import html

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(html, "write_html", full)
    assert _run(str(SEEDS), "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert f"{out / 'report.html'}: cannot write the HTML report: No space left on device" in err
    assert _state(out) == before


def test_read_only_folder_is_exit_2_and_nothing_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _tmpfs(tmp_path / "mnt", "4m") as mnt:
        out = mnt / "out"
        assert _run(str(SEEDS), "--out", str(out)) == 0
        before = _state(out)
        assert subprocess.run(["mount", "-o", "remount,ro", str(mnt)], capture_output=True).returncode == 0
        assert _run(str(SEEDS), "--out", str(out)) == 2
        err = capsys.readouterr().err
        assert "Read-only file system" in err and "Traceback" not in err
        assert _state(out) == before


def test_bad_report_paths_are_exit_2_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _run(str(SEEDS), "--out", str(out)) == 0
    before = _state(out)
    (tmp_path / "adir").mkdir()
    cases = [
        ("--junit", str(tmp_path / "nowhere" / "junit.xml"), "its folder does not exist"),
        ("--junit", str(tmp_path / "adir"), "is a folder"),
        ("--json", str(tmp_path / "adir"), "is a folder"),
    ]
    for flag, value, message in cases:
        assert _run(str(SEEDS), "--out", str(out), flag, value) == 2, (flag, value)
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
        assert _state(out) == before
    # a junit file outside the folder is written only with the set
    assert _run(str(SEEDS), "--out", str(out), "--junit", str(tmp_path / "j.xml")) == 0
    assert (tmp_path / "j.xml").is_file() and not list(tmp_path.glob(".j.xml.*"))


def test_validate_with_results_json_a_folder_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _run(str(SEEDS), "--out", str(out)) == 0
    (tmp_path / "r.json").mkdir()
    assert (
        main(["validate", str(out / "tables"), "--json", str(tmp_path / "r.json"), "--no-github", "-q"]) == 2
    )
    err = capsys.readouterr().err
    assert "cannot write the results document" in err and "Traceback" not in err


def test_no_validate_writes_tables_and_marker_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(str(SEEDS), "--out", str(out), "--no-validate") == 0
    assert (out / MARKER).is_file() and not (out / "results.json").exists()
    assert pl.read_parquet_metadata(next((out / "tables" / "events").glob("*.parquet")))[RUN_ID_KEY]
