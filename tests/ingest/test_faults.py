"""Ingest under hostile or unlucky input: one bad record, file or folder costs exactly itself.

Each test plants one fault and asserts the reject (file, physical line, reason, detail) and that
every other record is kept, so that ``inputs == documents + rejects`` holds.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import polars as pl
import pytest

from newsframe.errors import InputError
from newsframe.ingest import derive_doc_id, list_inputs, read_documents


def _rejects(got) -> list[tuple[str, int | None, str]]:
    return [(Path(f).name, line, reason) for f, line, _doc, reason, _detail in got.rejects.rows()]


def _balanced(got, inputs: int) -> None:
    assert got.counts["inputs"] == inputs == got.documents.height + got.rejects.height


def test_lone_surrogates_in_json_are_rejects_not_tracebacks(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"id": "t", "text": "Joe \\ud800 Biden met Xi."}\n'
        '{"id": "ti", "text": "Fine.", "title": "caf\\udc00"}\n'
        '{"id": "\\ud83d", "text": "Other."}\n'
        '{"id": "ok", "text": "Emoji \\ud83d\\ude00 pairs are fine."}\n',
        encoding="utf-8",
    )
    got = read_documents([path])
    assert got.documents["doc_id"].to_list() == ["ok"]
    assert got.documents["text"].to_list() == ["Emoji \U0001f600 pairs are fine."]
    assert _rejects(got) == [
        ("s.jsonl", 1, "undecodable"),
        ("s.jsonl", 2, "undecodable"),
        ("s.jsonl", 3, "undecodable"),
    ]
    assert got.rejects["detail"].to_list() == [
        "text: lone surrogate U+D800 at character 4 is not valid Unicode",
        "title: lone surrogate U+DC00 at character 3 is not valid Unicode",
        "id: lone surrogate U+D83D at character 0 is not valid Unicode",
    ]
    # never a string that cannot be encoded: a bad id gives way to the content-derived one
    assert got.rejects["doc_id"].to_list() == ["t", "ti", derive_doc_id("Other.")]
    _balanced(got, 4)


def test_bad_field_types_are_rejects(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    rows = [
        {"id": "u", "text": "Url object.", "url": {"href": "https://x"}},
        {"id": True, "text": "Boolean id."},
        {"id": {"n": 1}, "text": "Object id."},
        {"id": "l", "text": "List title.", "title": ["a", "b"]},
        {"id": 7, "text": "Number seven."},
        {"id": "7", "text": "String seven."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    got = read_documents([path])
    assert got.documents["doc_id"].to_list() == ["7"]
    assert got.rejects.select("line", "reason", "detail").rows() == [
        (1, "bad-field", "url is an object, not a string"),
        (2, "bad-field", "id is a boolean (true), not a string or a whole number"),
        (3, "bad-field", "id is an object, not a string or a whole number"),
        (4, "bad-field", "title is a list, not a string"),
        (6, "duplicate-id", f"doc_id already used with different text at {path}:5"),
    ]
    _balanced(got, 6)


def test_jsonl_with_cr_only_and_mixed_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "cr.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": f"Record {i}."}) for i in range(5)]
    path.write_bytes(("\r".join(lines[:3]) + "\r\n" + lines[3] + "\n" + lines[4]).encode("utf-8"))
    got = read_documents([path])
    assert got.documents["doc_id"].to_list() == ["r0", "r1", "r2", "r3", "r4"]
    assert got.rejects.is_empty()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_jsonl_is_one_reject_per_record(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "w.jsonl"
    body = "".join(json.dumps({"id": f"w{i}", "text": f"Text {i}."}) + "\r\n" for i in range(3))
    data = body.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    got = read_documents([path])
    assert got.documents.is_empty()
    assert _rejects(got) == [("w.jsonl", n, "undecodable") for n in (1, 2, 3)]
    assert all("not UTF-8" in d and "UTF-" in d for d in got.rejects["detail"])
    _balanced(got, 3)


def test_csv_keeps_crlf_and_hashes_the_text_as_read(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b'id,text\r\nc1,"Line one.\r\nLine two."\r\nc2,Plain.\r\n')
    got = read_documents([path])
    texts = got.documents["text"].to_list()
    assert texts == ["Line one.\r\nLine two.", "Plain."]
    assert got.documents["text_sha256"].to_list() == [hashlib.sha256(t.encode()).hexdigest() for t in texts]


def test_one_malformed_csv_row_costs_one_record_with_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "id,text\n"  # 1
        'a,"A record\nover three\nlines."\n'  # 2-4
        "b,Extra field.,oops\n"  # 5
        "c,After the bad rows.\n"  # 6
        "d\n"  # 7: too few fields
        'e,"never closed\n'  # 8: unterminated quote
        "f,Still read.\n",  # 9
        encoding="utf-8",
    )
    got = read_documents([path])
    assert got.documents["doc_id"].to_list() == ["a", "c", "f"]
    assert got.rejects.select("line", "reason", "detail").rows() == [
        (5, "malformed-csv", "3 fields where the header has 2"),
        (7, "malformed-csv", "1 fields where the header has 2"),
        (8, "malformed-csv", "a quoted field never closes"),
    ]
    _balanced(got, 6)


def test_csv_real_replacement_character_is_kept_and_bad_bytes_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes(
        "id,title,text\nr,Real,The \ufffd sign is text.\n".encode() + b"b,caf\xe9,Bad title bytes.\n"
    )
    got = read_documents([path])
    assert got.documents["text"].to_list() == ["The \ufffd sign is text."]
    assert got.rejects.select("line", "doc_id", "reason", "detail").rows() == [
        (3, "b", "undecodable", "title: byte 0xE9 at character 3 is not UTF-8")
    ]


def test_in_a_folder_a_csv_without_the_text_column_is_one_reject(tmp_path: Path) -> None:
    pl.DataFrame({"id": ["x"], "body": ["t"]}).write_csv(tmp_path / "a_wrong.csv")
    (tmp_path / "b.txt").write_text("Kept.", encoding="utf-8")
    got = read_documents([tmp_path])
    assert got.documents["text"].to_list() == ["Kept."]
    assert got.rejects.select("line", "reason", "detail").rows() == [
        (None, "missing-column", "no text column 'text' (columns: id, body); use --text-column")
    ]
    with pytest.raises(InputError, match="no text column"):  # named by the user: exit 2, as before
        read_documents([tmp_path / "a_wrong.csv"])


def test_in_a_folder_an_unreadable_file_is_one_reject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("Locked.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Kept.", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    got = read_documents([tmp_path])
    assert got.documents["text"].to_list() == ["Kept."]
    assert got.rejects.select("source_file", "reason", "detail").rows() == [
        (str(tmp_path / "a.txt"), "unreadable-file", "cannot read: Permission denied")
    ]
    with pytest.raises(InputError, match="Permission denied"):
        read_documents([tmp_path / "a.txt"])


def test_unreadable_subfolder_is_a_reject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("Never listed.", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Kept.", encoding="utf-8")
    real = os.scandir

    def scandir(path: str | os.PathLike[str]):  # root ignores mode 000, so refuse like the kernel would
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    got = read_documents([tmp_path])
    assert got.documents["text"].to_list() == ["Kept."]
    assert got.rejects.select("source_file", "reason", "detail").rows() == [
        (str(locked), "unreadable-file", "cannot list folder: Permission denied")
    ]
    _balanced(got, 2)


@pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(), reason="needs root and setpriv"
)
def test_mode_000_subfolder_as_a_real_non_root_user(tmp_path: Path) -> None:
    import subprocess
    import sys

    base = tmp_path / "in"
    (base / "locked").mkdir(parents=True)
    (base / "locked" / "inside.txt").write_text("Never listed.")
    (base / "ok.txt").write_text("Kept.")
    os.chmod(base / "locked", 0)
    for p in (tmp_path, base):
        os.chmod(p, 0o755)
    (base / "ok.txt").chmod(0o644)
    code = (
        "import sys; from pathlib import Path; from newsframe.ingest import read_documents;"
        f"g = read_documents([Path({str(base)!r})]);"
        "print(g.documents.height, g.rejects.select('reason','detail').rows())"
    )
    parents = [p for p in tmp_path.parents if p != Path("/")]
    modes = {p: p.stat().st_mode for p in parents}
    try:
        for p in parents:
            os.chmod(p, modes[p] | 0o055)
        done = subprocess.run(
            [
                "/usr/bin/setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                sys.executable,
                "-c",
                code,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        for p in parents:
            os.chmod(p, modes[p])
        os.chmod(base / "locked", 0o755)
    if done.returncode != 0 and "newsframe" in done.stderr and "No module" in done.stderr:
        pytest.skip("the package is not importable as another user")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1 [('unreadable-file', 'cannot list folder: Permission denied')]"


def test_dangling_symlink_is_a_reject(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Kept.", encoding="utf-8")
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    got = read_documents([tmp_path])
    assert got.documents.height == 1
    assert got.rejects.select("source_file", "reason", "detail").rows() == [
        (str(tmp_path / "gone.jsonl"), "unreadable-file", f"dangling symlink to {tmp_path / 'nowhere.jsonl'}")
    ]
    with pytest.raises(InputError, match="dangling symlink"):
        read_documents([tmp_path / "gone.jsonl"])


def test_symlinked_folder_is_read_once_and_a_loop_is_reported(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text("Inside.", encoding="utf-8")
    (real / "loop").symlink_to(real)
    listing = list_inputs([real])
    assert [p.name for p, _ in listing.files] == ["a.txt"]
    assert [(p.name, why.split(":")[0]) for p, why in listing.unreadable] == [("loop", "symlink loop")]


def test_max_document_size_is_a_too_large_reject(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"id": "big", "text": "x" * 2_001})
        + "\n"
        + json.dumps({"id": "s", "text": "Small."})
        + "\n"
    )
    got = read_documents([path], max_document_chars=2_000)
    assert got.documents["doc_id"].to_list() == ["s"]
    assert got.rejects.select("line", "doc_id", "reason", "detail").rows() == [
        (1, "big", "too-large", "the text has 2,001 characters, more than max_document_chars (2,000)")
    ]
