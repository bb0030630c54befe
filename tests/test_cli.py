"""Command-line behaviour that needs no extraction: usage errors, help, version."""

from __future__ import annotations

import pytest

from newsframe import __version__
from newsframe.cli import main


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["run"],
        ["validate"],
        ["validate", "x", "--fail-on", "sometimes"],
        ["contracts"],
        ["eval"],
        ["diff", "only-one.json"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out


def test_usage_error_message_names_the_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "x", "--fail-on", "sometimes"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsframe: error:")
    assert "--fail-on" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_diff_of_missing_files_exits_2(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "nope-old.json", "nope-new.json"]) == 2
    assert "nope-old.json: results file not found" in capsys.readouterr().err
