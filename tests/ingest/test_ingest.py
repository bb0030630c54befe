"""Ingest: every format, every reject reason (file, line, reason), doc_id stability, counts that reconcile."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from newsframe import tables
from newsframe.errors import InputError
from newsframe.ingest import REJECT_REASONS, derive_doc_id, parse_date, read_documents

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT / "seeds" / "documents"


def _jsonl(path: Path, *lines: str | dict) -> Path:
    path.write_text(
        "".join((json.dumps(x) if isinstance(x, dict) else x) + "\n" for x in lines),
        encoding="utf-8",
    )
    return path


def _rejects(got) -> list[tuple[str, int | None, str | None, str]]:
    return [(Path(f).name, line, doc, reason) for f, line, doc, reason, _detail in got.rejects.rows()]


def test_jsonl_reads_all_fields(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "a.jsonl",
        {
            "id": "a1",
            "text": "Biden called Xi.",
            "title": "Call",
            "url": "https://example.org/a1",
            "source": "Example",
            "published_at": "2024-04-02T09:00:00Z",
            "language": "EN",
        },
    )
    got = read_documents([path])
    assert got.documents.schema == tables.TABLES["documents"].schema
    assert got.documents.row(0, named=True) | {"text_sha256": None} == {
        "doc_id": "a1",
        "title": "Call",
        "source": "Example",
        "url": "https://example.org/a1",
        "published_at": date(2024, 4, 2),
        "language": "en",
        "text": "Biden called Xi.",
        "text_sha256": None,
    }
    assert got.documents["text_sha256"][0] == hashlib.sha256(b"Biden called Xi.").hexdigest()
    assert got.rejects.is_empty()


def test_jsonl_aliases_and_numeric_id(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "a.jsonl", {"doc_id": 7, "text": "One.", "date": "2024-01-05"})
    row = read_documents([path]).documents.row(0, named=True)
    assert (row["doc_id"], row["published_at"], row["language"]) == ("7", date(2024, 1, 5), "en")


def test_txt_with_sidecar_and_without(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Xi spoke to Biden.\r\nThey agreed.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"id": "A", "published_at": "2024-04-02", "title": "T"}))
    (tmp_path / "b.txt").write_text("\ufeffNo metadata here.", encoding="utf-8")
    got = read_documents([tmp_path])
    docs = {r["doc_id"]: r for r in got.documents.iter_rows(named=True)}
    assert docs["A"]["text"] == "Xi spoke to Biden.\r\nThey agreed."  # line endings kept as read
    assert docs["A"]["published_at"] == date(2024, 4, 2)
    assert docs["A"]["title"] == "T"
    derived = derive_doc_id("No metadata here.")
    assert docs[derived]["text"] == "No metadata here."
    assert docs[derived]["published_at"] is None
    assert docs[derived]["language"] == "en"
    assert [p.name for p in got.files] == ["a.txt", "b.txt"]


def test_csv_and_parquet_with_text_column(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "id": ["c1", "c2", "c3"],
            "body": ["First doc.", "", "Third doc."],
            "published_at": ["2024-04-02", None, "x"],
        }
    )
    frame.write_csv(tmp_path / "d.csv")
    frame.write_parquet(tmp_path / "d.parquet")
    for name, lines in (("d.csv", [3, 4]), ("d.parquet", [2, 3])):
        got = read_documents([tmp_path / name], text_column="body")
        assert got.documents["doc_id"].to_list() == ["c1"]
        assert got.documents["published_at"].to_list() == [date(2024, 4, 2)]
        # CSV: the empty string reads as null (missing), Parquet keeps it as empty text.
        reasons = _rejects(got)
        assert [r[1] for r in reasons] == lines
        assert reasons[1][3] == "bad-date"
        assert reasons[0][3] in {"empty-text", "missing-field"}


def test_parquet_with_typed_dates(tmp_path: Path) -> None:
    from datetime import datetime

    pl.DataFrame(
        {"text": ["One.", "Two."], "published_at": [datetime(2024, 4, 2, 23, 0), None]},
    ).write_parquet(tmp_path / "t.parquet")
    got = read_documents([tmp_path / "t.parquet"])
    assert got.documents["published_at"].to_list() == [date(2024, 4, 2), None]


def test_corrupt_parquet_in_a_folder_is_rejected_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "bad.parquet").write_bytes(b"not parquet at all")
    (tmp_path / "ok.txt").write_text("Fine.")
    got = read_documents([tmp_path])
    assert got.documents.height == 1
    assert _rejects(got) == [("bad.parquet", None, None, "unreadable-file")]


def test_csv_without_text_column_is_an_input_error(tmp_path: Path) -> None:
    pl.DataFrame({"id": ["x"], "body": ["t"]}).write_csv(tmp_path / "d.csv")
    with pytest.raises(InputError) as err:
        read_documents([tmp_path / "d.csv"])
    assert err.value.field == "text"
    assert "d.csv" in str(err.value)


def test_every_reject_reason_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    lines = [
        json.dumps({"id": "ok", "text": "Good text."}),  # 1 kept
        json.dumps({"id": "e", "text": "   \n "}),  # 2 empty-text
        '{"id": "m", "text": ',  # 3 malformed-json
        json.dumps(["not", "an", "object"]),  # 4 malformed-json
        json.dumps({"id": "d", "text": "Dated.", "published_at": "the day after"}),  # 5 bad-date
        json.dumps({"id": "ok", "text": "Other text."}),  # 6 duplicate-id
        json.dumps({"id": "ok", "text": "Good  text."}),  # 7 duplicate (same normalised text)
        json.dumps({"id": "n"}),  # 8 missing-field
        json.dumps({"id": "b", "text": 42}),  # 9 bad-field
        "",  # 10 blank line: not a record
    ]
    data = "\n".join(lines).encode("utf-8") + b'\n{"id": "u", "text": "caf\xe9"}\n'  # 11 undecodable
    path.write_bytes(data)
    got = read_documents([path])
    assert got.documents["doc_id"].to_list() == ["ok"]
    assert got.documents["text"].to_list() == ["Good text."]
    assert _rejects(got) == [
        ("bad.jsonl", 2, "e", "empty-text"),
        ("bad.jsonl", 3, None, "malformed-json"),
        ("bad.jsonl", 4, None, "malformed-json"),
        ("bad.jsonl", 5, "d", "bad-date"),
        ("bad.jsonl", 6, "ok", "duplicate-id"),
        ("bad.jsonl", 7, "ok", "duplicate"),
        ("bad.jsonl", 8, "n", "missing-field"),
        ("bad.jsonl", 9, "b", "bad-field"),
        ("bad.jsonl", 11, None, "undecodable"),
    ]
    assert set(got.rejects["reason"]) <= set(REJECT_REASONS)
    assert got.counts == {"input_files": 1, "inputs": 10, "documents": 1, "rejects": 9}
    assert got.rejects_by_reason["malformed-json"] == 2
    public = tables.TABLES["rejects"].schema
    assert got.rejects.select(list(public)).schema == public
    assert got.rejects.schema["detail"] == pl.String and got.rejects["detail"].null_count() == 0


def test_undecodable_txt_and_bad_sidecar(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 news.".encode("latin-1"))
    (tmp_path / "side.txt").write_text("Fine text.", encoding="utf-8")
    (tmp_path / "side.meta.json").write_text("{not json", encoding="utf-8")
    got = read_documents([tmp_path])
    assert got.documents.is_empty()
    assert _rejects(got) == [
        ("latin.txt", None, None, "undecodable"),
        ("side.meta.json", None, None, "malformed-json"),
    ]


def test_duplicates_across_files_first_wins(tmp_path: Path) -> None:
    _jsonl(tmp_path / "1.jsonl", {"text": "Same article."})
    (tmp_path / "2.txt").write_text("Same   article.\n", encoding="utf-8")
    got = read_documents([tmp_path / "1.jsonl", tmp_path / "2.txt"])
    assert got.documents.height == 1
    assert _rejects(got) == [("2.txt", None, derive_doc_id("Same article."), "duplicate")]
    assert got.rejects["detail"].to_list() == [f"same text as {tmp_path / '1.jsonl'}:1"]


def test_every_reject_says_why_in_words(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "d.jsonl",
        {"id": "a", "text": "One."},
        {"id": "a", "text": "Two."},
        {"id": "b", "text": "x", "published_at": "31/02/2024"},
        "{oops",
        "[1, 2]",
        {"id": "e", "text": "  "},
    )
    got = read_documents([path])
    assert got.rejects.select("line", "reason", "detail").rows() == [
        (2, "duplicate-id", f"doc_id already used with different text at {path}:1"),
        (3, "bad-date", "published_at '31/02/2024' is not a date"),
        (4, "malformed-json", "not JSON: Expecting property name enclosed in double quotes (column 2)"),
        (5, "malformed-json", "a JSON list, not an object"),
        (6, "empty-text", "the text is empty or whitespace only"),
    ]


def test_doc_id_is_stable_and_content_derived(tmp_path: Path) -> None:
    assert derive_doc_id("A b.\r\n") == derive_doc_id("A  b.") == derive_doc_id(" A b. ")
    assert derive_doc_id("A b.") != derive_doc_id("A c.")
    assert (
        derive_doc_id("Hello world.") == "doc-aa3ec16e6acc809d"
    )  # frozen: ids must not change between versions
    _jsonl(tmp_path / "x.jsonl", {"text": "Hello world."})
    first = read_documents([tmp_path / "x.jsonl"]).documents["doc_id"].to_list()
    second = read_documents([tmp_path / "x.jsonl"]).documents["doc_id"].to_list()
    assert first == second == ["doc-aa3ec16e6acc809d"]


def test_missing_input_and_empty_folder_and_bad_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found") as err:
        read_documents([tmp_path / "missing.jsonl"])
    assert err.value.exit_code == 2
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no input files"):
        read_documents([tmp_path / "empty"])
    (tmp_path / "notes.md").write_text("x")
    with pytest.raises(InputError, match="unsupported"):
        read_documents([tmp_path / "notes.md"])


def test_folder_skips_other_files_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A text.")
    (tmp_path / "README.md").write_text("not a document")
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    got = read_documents([tmp_path])
    assert got.documents.height == 1
    assert [p.name for p in got.skipped] == ["README.md"]


def test_parse_date_formats() -> None:
    expected = date(2024, 4, 2)
    for text in ("2024-04-02", "2024-04-02T23:59:00+09:00", "2024/04/02", "2 April 2024", "Apr 2, 2024"):
        assert parse_date(text) == expected, text
    assert parse_date("Tue, 02 Apr 2024 09:30:00 GMT") == expected
    assert parse_date(None) is None and parse_date("  ") is None
    with pytest.raises(ValueError):
        parse_date("soon")


def test_seed_document_layout() -> None:
    got = read_documents([SEED_DIR])
    assert got.rejects.is_empty()
    row = got.documents.row(0, named=True)
    assert row["doc_id"] == "000_a51778374016c8c0"
    assert row["published_at"] == date(2024, 4, 2)
    assert row["language"] == "en"
    assert row["text"].startswith("President Joe Biden held a phone call")


def test_bbc_corpus_reads_without_rejects(shared: Path) -> None:
    got = read_documents([_corpus(shared)])
    assert got.counts["documents"] == 417
    assert got.rejects.is_empty()
    assert got.documents["doc_id"].n_unique() == 417


def _corpus(shared: Path) -> Path:
    path = shared / "corpora" / "bbc_politics" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path
