"""Command-line behaviour that needs no extraction: usage errors, help, version, and that it only calls the API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


# The CLI is argument parsing and output over the public API: of newsframe, it may import these only.
_CLI_MAY_IMPORT = {"newsframe", "newsframe.api", "newsframe.errors"}


def _newsframe_imports(source: str) -> set[str]:
    """Every newsframe module a source imports, at the top or inside a function (lazy imports too)."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "newsframe"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "newsframe":
            found.add(node.module)
            if node.module == "newsframe":  # `from newsframe import api` imports the submodule
                found |= {f"newsframe.{a.name}" for a in node.names if a.name != "__version__"}
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
        ):
            found.add("<dynamic import>")
    return found


def test_the_cli_calls_the_public_api_and_nothing_else() -> None:
    import newsframe.cli

    source = Path(newsframe.cli.__file__).read_text(encoding="utf-8")
    assert _newsframe_imports(source) - _CLI_MAY_IMPORT == set()


def test_the_import_guard_sees_lazy_and_aliased_imports() -> None:
    """The guard itself can fail: internals imported inside a function, or through ``from newsframe``."""
    source = (
        "from newsframe import api\n"
        "def f():\n"
        "    from newsframe.validation import validate\n"
        "    import newsframe.pipeline as p\n"
        "    from newsframe import tableio\n"
    )
    assert _newsframe_imports(source) - _CLI_MAY_IMPORT == {
        "newsframe.validation",
        "newsframe.pipeline",
        "newsframe.tableio",
    }


def test_help_imports_neither_the_api_nor_polars() -> None:
    """``newsframe --help`` stays fast: the API (and Polars, Pandera, GX) load inside the commands."""
    code = (
        "import sys\n"
        "from newsframe.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('newsframe.api', 'polars', 'pandera', 'great_expectations', 'pyspark', 'spacy')\n"
        "print(','.join(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == ""
    assert "usage: newsframe" in done.stdout
