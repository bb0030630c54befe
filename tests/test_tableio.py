"""tableio: Parquet, CSV and JSON Lines folders; codes stay text; bad files are clear errors (exit 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from contracts.tablesets import build_tables
from newsframe.cli import main
from newsframe.errors import InputError
from newsframe.tableio import read_table, read_tables, scan_tables, write_tables
from newsframe.tables import TABLES


def test_parquet_round_trip_keeps_every_table(tmp_path: Path) -> None:
    tables = build_tables()
    written = write_tables(tables, tmp_path / "out" / "tables")
    assert [p.name for p in written] == [f"{n}.parquet" for n in tables]
    back = read_tables(tmp_path / "out" / "tables")
    assert list(back) == list(TABLES)
    for name, frame in tables.items():
        assert back[name].equals(frame), name


def test_csv_codes_keep_leading_zeros_and_v1_columns_get_their_dtypes(tmp_path: Path) -> None:
    (tmp_path / "gdelt_events.csv").write_text("GLOBALEVENTID,EventCode,EventRootCode\n1,040,04\n2,0211,02\n")
    (tmp_path / "events.csv").write_text(
        "event_id,doc_id,sentence_id,event_type,source_actor_id,target_actor_id,trigger,trigger_start,trigger_end,"
        "quantity,date_text,date_start,date_end,date_precision,modality\n"
        "e1,007,0,CONSULT,a1,,spoke,10,15,32,last month,2024-03-01,2024-03-31,month,asserted\n"
    )
    tables = read_tables(tmp_path)
    assert tables["gdelt_events"]["EventCode"].to_list() == ["040", "0211"]
    assert tables["gdelt_events"].schema["GLOBALEVENTID"] == pl.String  # no contract known here: text
    events = tables["events"]
    assert events.schema == TABLES["events"].schema
    assert events.row(0, named=True)["doc_id"] == "007"
    assert events.row(0, named=True)["date_end"] == dt.date(2024, 3, 31)
    assert events.row(0, named=True)["target_actor_id"] is None


def test_jsonl_tables_and_unparsable_values_stay_text(tmp_path: Path) -> None:
    (tmp_path / "sentences.jsonl").write_text(
        '{"doc_id": "d1", "sentence_id": 0, "start": 0, "end": 5, "text": "Hello"}\n'
        '{"doc_id": "d1", "sentence_id": 1, "start": 6, "end": "ten", "text": "World"}\n'
    )
    frame = read_tables(tmp_path)["sentences"]
    assert frame.schema["start"] == pl.Int64
    assert frame.schema["end"] == pl.String  # kept as read: validation reports the bad value


def test_extra_columns_are_kept(tmp_path: Path) -> None:
    (tmp_path / "topics.csv").write_text("topic_id,label,parent_id,confidence\nmedtop:1,politics,,0.5\n")
    assert read_tables(tmp_path)["topics"].columns == ["topic_id", "label", "parent_id", "confidence"]


@pytest.mark.parametrize(
    ("name", "content", "line", "reason"),
    [
        ("events.jsonl", '{"event_id": "e1"}\n{"event_id": \n', 2, "malformed JSON"),
        ("events.jsonl", '{"event_id": "e1"}\n[1, 2]\n', 2, "one JSON object per line"),
        ("events.parquet", "not parquet at all", None, "not a readable Parquet file"),
        ("events.csv", b"event_id\n\xff\xfe\n", None, "malformed CSV"),
    ],
)
def test_unreadable_file_is_an_input_error(
    tmp_path: Path, name: str, content: str | bytes, line: int | None, reason: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(InputError) as exc:
        read_tables(tmp_path)
    assert exc.value.path == str(path) and exc.value.line == line and reason in exc.value.message
    assert exc.value.exit_code == 2


def test_folder_problems_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="tables folder not found"):
        read_tables(tmp_path / "nope")
    with pytest.raises(InputError, match="no table files"):
        read_tables(tmp_path)
    (tmp_path / "events.csv").write_text("event_id\ne1\n")
    (tmp_path / "events.jsonl").write_text('{"event_id": "e1"}\n')
    with pytest.raises(InputError, match="two sources for table 'events'"):
        read_tables(tmp_path)
    with pytest.raises(InputError, match="not a table file"):
        read_table(tmp_path / "notes.txt")


def test_missing_required_column_is_a_failure_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tables = build_tables()
    tables["mentions"] = tables["mentions"].drop("label")
    write_tables(tables, tmp_path)
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "schema-column-missing" in out and "mentions.label" in out


def test_cli_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "events.jsonl").write_text("{oops\n")
    assert main(["validate", str(tmp_path)]) == 2
    assert f"{tmp_path / 'events.jsonl'}:1: malformed JSON" in capsys.readouterr().err


def test_empty_files_are_empty_tables(tmp_path: Path) -> None:
    (tmp_path / "rejects.jsonl").write_text("")
    (tmp_path / "custom.jsonl").write_text("")
    tables = read_tables(tmp_path)
    assert tables["rejects"].schema == TABLES["rejects"].schema and tables["rejects"].height == 0
    assert tables["custom"].shape == (0, 0)


def _events(n: int, start: int = 0) -> pl.DataFrame:
    return pl.DataFrame({"event_id": [f"e{i}" for i in range(start, start + n)], "doc_id": ["d"] * n})


def test_a_folder_of_parts_is_one_table_not_a_missing_one(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    _events(3).write_parquet(tmp_path / "events" / "part-00000.parquet")
    _events(2, 3).write_parquet(tmp_path / "events" / "part-00001.parquet")
    got = read_tables(tmp_path)
    assert list(got) == ["events"] and got["events"]["event_id"].to_list() == ["e0", "e1", "e2", "e3", "e4"]
    assert isinstance(scan_tables(tmp_path)["events"], pl.LazyFrame)


def test_hive_partitions_are_one_table_and_our_key_is_not_a_column(tmp_path: Path) -> None:
    for day, start in (("2024-04-02", 0), ("__HIVE_DEFAULT_PARTITION__", 2)):
        folder = tmp_path / "events" / f"published_date={day}"
        folder.mkdir(parents=True)
        _events(2, start).write_parquet(folder / "part-00000.parquet")
    got = read_tables(tmp_path)["events"]
    assert sorted(got["event_id"]) == ["e0", "e1", "e2", "e3"] and "published_date" not in got.columns


@pytest.mark.parametrize("name", ["events_2.parquet", "events-2.parquet"])
def test_a_file_named_like_a_part_is_an_error_not_ignored(tmp_path: Path, name: str) -> None:
    _events(3).write_parquet(tmp_path / "events.parquet")
    _events(2, 3).write_parquet(tmp_path / name)
    with pytest.raises(InputError, match=r"looks like a part of table 'events'") as exc:
        read_tables(tmp_path)
    assert exc.value.path == str(tmp_path / name) and exc.value.exit_code == 2


def test_a_file_beside_a_folder_of_the_same_table_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    _events(1).write_parquet(tmp_path / "events" / "part-00000.parquet")
    _events(1).write_parquet(tmp_path / "events.parquet")
    with pytest.raises(InputError, match="two sources for table 'events'"):
        read_tables(tmp_path)


def test_a_bad_part_is_named_and_parts_must_agree(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    _events(1).write_parquet(tmp_path / "events" / "part-00000.parquet")
    (tmp_path / "events" / "part-00001.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match="not a readable Parquet file") as exc:
        scan_tables(tmp_path)
    assert exc.value.path == str(tmp_path / "events" / "part-00001.parquet")
    _events(1).with_columns(pl.lit(1).alias("extra")).write_parquet(
        tmp_path / "events" / "part-00001.parquet"
    )
    with pytest.raises(InputError, match="columns differ"):
        scan_tables(tmp_path)


def test_validate_reads_a_folder_of_parts_through_the_cli(tmp_path: Path) -> None:
    tables = build_tables()
    for name, frame in tables.items():
        (tmp_path / name).mkdir()
        half = frame.height // 2
        frame.slice(0, half).write_parquet(tmp_path / name / "part-00000.parquet")
        frame.slice(half).write_parquet(tmp_path / name / "part-00001.parquet")
    assert main(["validate", str(tmp_path), "--json", str(tmp_path / "r.json"), "--no-github", "-q"]) == 0
