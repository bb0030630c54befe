"""Property-based tests (hypothesis): the invariants that must hold for any input, however hostile.

Texts are drawn with astral characters, combining marks, CRLF and lone CR, NUL, bidi controls,
zero-width characters and long runs of punctuation; records with any JSON value in any field;
files in every input format. The invariants:

* ``documents + rejects == inputs``: every record is accounted for, exactly once;
* every span equals ``text[start:end]`` (sentences and mentions index the document text);
* the tables extraction writes validate, or fail only with the check planted in them;
* no exception escapes the CLI: exit 0, 1 or 2.

Examples are bounded (``max_examples``, sizes) so that the suite stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsframe.cli import main
from newsframe.extract.sentences import bound, split_text
from newsframe.ingest import read_documents
from newsframe.pipeline import extract_batch, load_pipeline

HOSTILE_CHARS = st.sampled_from(
    [
        "\U0001f600",  # astral (emoji)
        "\U00010348",  # astral letter
        "e\u0301",  # combining acute
        "\r\n",
        "\r",
        "\n",
        "\x00",
        "\u202e",  # right-to-left override
        "\u2066",  # left-to-right isolate
        "\u200b",  # zero-width space
        "\ufeff",
        "\ufffd",
        '"',
        "(",
        ".",
        " ",
    ]
)
WORDS = st.sampled_from(
    ["Joe", "Biden", "met", "Xi", "Jinping", "in", "Beijing", "on", "Tuesday", "said", "U.S."]
)
TEXTS = st.lists(st.one_of(WORDS, HOSTILE_CHARS, st.text(max_size=4)), min_size=0, max_size=40).map(" ".join)
JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 10),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXTS,
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["a", "href"]), st.integers(), max_size=1),
)
RECORDS = st.dictionaries(
    st.sampled_from(["id", "doc_id", "text", "title", "url", "source", "published_at", "date", "language"]),
    JSON_VALUES,
    max_size=6,
)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _write_jsonl(path: Path, records: list[dict[str, Any]], junk: list[bytes]) -> int:
    """Write records (and junk lines) to a JSON Lines file; return the number of non-blank lines."""
    lines = [json.dumps(r).encode("utf-8") for r in records] + junk
    path.write_bytes(b"\n".join(lines) + b"\n")
    return sum(1 for line in lines if line.strip())


@SETTINGS
@given(
    records=st.lists(RECORDS, max_size=8),
    # junk lines; none may start with a UTF-16/32 byte-order mark (the file would then be UTF-16, whose
    # records are counted in its own encoding: tested in tests/ingest/test_faults.py)
    junk=st.lists(
        st.binary(max_size=12).filter(
            lambda b: (
                b"\n" not in b
                and b"\r" not in b
                and not b.startswith((b"\xfe\xff", b"\xff\xfe", b"\x00\x00"))
            )
        ),
        max_size=3,
    ),
)
def test_jsonl_every_line_is_a_document_or_a_reject(
    tmp_path: Path, records: list[dict[str, Any]], junk: list[bytes]
) -> None:
    path = tmp_path / "in.jsonl"
    inputs = _write_jsonl(path, records, junk)
    got = read_documents([path])
    assert got.counts["inputs"] == inputs == got.documents.height + got.rejects.height
    assert got.rejects["reason"].null_count() == 0 and got.rejects["detail"].null_count() == 0
    for text in got.documents["text"]:
        text.encode("utf-8")  # valid Unicode: no lone surrogate reaches a table


@SETTINGS
@given(rows=st.lists(st.tuples(TEXTS, TEXTS), min_size=1, max_size=6))
def test_csv_every_record_is_a_document_or_a_reject(tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    path = tmp_path / "in.csv"
    frame = pl.DataFrame({"title": [r[0] for r in rows], "text": [r[1] for r in rows]})
    frame.write_csv(path)
    got = read_documents([path])
    assert got.documents.height + got.rejects.height == len(rows)
    # what is kept is the text exactly as written (line endings too)
    kept = {t for t in got.documents["text"]}
    assert kept <= {r[1] for r in rows}


@SETTINGS
@given(text=TEXTS, limit=st.integers(min_value=1, max_value=30))
def test_sentences_index_the_text_and_respect_the_limit(text: str, limit: int) -> None:
    spans = bound(text, split_text(text), limit)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert end - start <= limit
        piece = text[start:end]
        assert piece == piece.strip()
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)


@settings(max_examples=15, deadline=None)
@given(texts=st.lists(TEXTS.filter(lambda t: t.strip() != ""), min_size=1, max_size=3))
def test_extraction_spans_equal_the_text(texts: list[str]) -> None:
    docs = pl.DataFrame(
        {"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts, "published_at": [None] * len(texts)}
    )
    out = extract_batch(docs, config=load_pipeline(None), engine="rules")
    by_id = dict(zip(docs["doc_id"], docs["text"], strict=True))
    for doc_id, start, end, piece in out["sentences"].select("doc_id", "start", "end", "text").iter_rows():
        assert by_id[doc_id][start:end] == piece
    cands = out["mention_candidates"]
    if cands.height:
        for doc_id, start, end, piece in cands.select("doc_id", "start", "end", "text").iter_rows():
            assert by_id[doc_id][start:end] == piece


@pytest.mark.parametrize("kind", ["jsonl", "csv", "txt"])
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
def test_no_exception_escapes_the_cli_and_the_tables_validate(
    tmp_path_factory: pytest.TempPathFactory, kind: str, texts: list[str]
) -> None:
    base = tmp_path_factory.mktemp("prop")
    inputs = base / "in"
    inputs.mkdir()
    if kind == "jsonl":
        (inputs / "a.jsonl").write_text(
            "".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8"
        )
    elif kind == "csv":
        pl.DataFrame({"text": texts}).write_csv(inputs / "a.csv")
    else:
        for i, t in enumerate(texts):
            (inputs / f"{i}.txt").write_text(t, encoding="utf-8", newline="")
    out = base / "out"
    code = main(["run", str(inputs), "--out", str(out), "--engine", "rules", "--workers", "1", "-q"])
    assert code in (0, 1, 2)
    if code == 2:
        return
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    counts = results["run"]["counts"]
    assert counts["inputs"] == counts["documents"] + counts["rejects"]
    # our own tables pass our own error-level checks (a producer emitting rows its contract rejects is a bug)
    bad = [c["id"] for c in results["checks"] if c["status"] in ("failed", "error")]
    assert not bad, bad
