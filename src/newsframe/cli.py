"""The ``newsframe`` command line: argument parsing and output over the public API (:mod:`newsframe.api`).

Commands
--------
``run``        ingest documents, extract the tables, validate, write tables and reports.
``validate``   validate any directory of tables against the contracts (the CI gate).
``contracts``  ``lint`` the ODCS contracts; ``export`` them as Great Expectations suites;
               ``diff`` two versions of them (breaking changes, semver bumps).
``diff``       compare two results documents for a pull request.
``eval``       score extraction against gold data (CoNLL-2003, PLOVER, dates).

Exit codes: 0 when valid, 1 when a check reaches ``--fail-on``, 2 on a usage
error or an unreadable input or contract. Every command calls :mod:`newsframe.api` and nothing
else of newsframe (``tests/test_cli.py`` guards it). Nothing imports this module; the API and its
heavy dependencies are imported inside the commands that need them, so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from newsframe import __version__
from newsframe.errors import NewsframeError, UsageError

if TYPE_CHECKING:
    from newsframe.api import Results

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors raise :class:`UsageError` (exit code 2) instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _add_gate_options(p: argparse.ArgumentParser) -> None:
    """Options shared by ``run`` and ``validate``: contracts, gate level and outputs."""
    p.add_argument(
        "--contracts", type=Path, default=None, help="folder of *.odcs.yaml contracts (default: built-in)"
    )
    p.add_argument(
        "--fail-on",
        choices=("error", "warning", "skipped", "never"),
        default="error",
        help="lowest check level that fails the gate with exit 1 (default: error; skipped: also a check "
        "that could not run)",
    )
    p.add_argument(
        "--optional-table",
        action="append",
        default=[],
        metavar="TABLE",
        help="a table that may be absent although other tables refer to it (repeatable)",
    )
    p.add_argument("--junit", type=Path, default=None, metavar="FILE", help="write JUnit XML here")
    p.add_argument("--json", type=Path, default=None, metavar="FILE", help="write the results document here")
    p.add_argument(
        "--html", type=Path, default=None, metavar="FILE", help="write the HTML data-quality report here"
    )
    p.add_argument(
        "--github",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="emit GitHub workflow commands and a step summary (default: on when GITHUB_ACTIONS=true)",
    )
    p.add_argument("--gx", action="store_true", help="also run the Great Expectations suites (slower)")
    p.add_argument(
        "--gx-docs", type=Path, default=None, metavar="DIR", help="build GX Data Docs here (implies --gx)"
    )
    p.add_argument(
        "--sample-size", type=int, default=20, metavar="N", help="failing rows kept per check (default: 20)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    p.add_argument(
        "--spark",
        action="store_true",
        help="run on Apache Spark (needs the [spark] extra and Java: make spark)",
    )
    p.add_argument(
        "--spark-master",
        default=None,
        metavar="URL",
        help="Spark master of a new session (default: local[*]; implies --spark)",
    )


def _build_parser() -> _Parser:
    parser = _Parser(prog="newsframe", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"newsframe {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser(
        "run", help="extract the tables from documents, validate them, write tables and reports"
    )
    run.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help=".txt, .jsonl, .csv, .parquet or a folder"
    )
    run.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    run.add_argument(
        "--pipeline", type=Path, default=None, help="pipeline definition YAML (default: built-in)"
    )
    run.add_argument(
        "--engine",
        choices=("auto", "spacy", "rules"),
        default=None,
        help="NER engine: spacy model, rules only, or auto (spacy when installed)",
    )
    run.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: from the pipeline)"
    )
    run.add_argument("--text-column", default=None, help="text column of CSV/Parquet inputs (default: text)")
    run.add_argument(
        "--batch-size",
        type=int,
        default=None,
        metavar="N",
        help="documents per batch (default: from the pipeline)",
    )
    run.add_argument(
        "--partition-by",
        choices=("published_at",),
        default=None,
        help="hive-partition the per-document tables by publication date (published_date=YYYY-MM-DD/)",
    )
    run.add_argument(
        "--append",
        action="store_true",
        help="add the inputs' documents to the dataset in --out without reprocessing its documents",
    )
    run.add_argument(
        "--no-validate",
        action="store_true",
        help="write the tables only (validate later with newsframe validate)",
    )
    _add_gate_options(run)

    val = sub.add_parser("validate", help="validate a folder of tables (Parquet, CSV or JSON Lines)")
    val.add_argument("tables", type=Path, metavar="DIR", help="folder holding <table>.parquet|.csv|.jsonl")
    _add_gate_options(val)

    con = sub.add_parser("contracts", help="work with the ODCS contracts")
    con_sub = con.add_subparsers(dest="contracts_command", metavar="ACTION", parser_class=_Parser)
    lint = con_sub.add_parser("lint", help="check every contract against ODCS v3")
    lint.add_argument("dir", type=Path, nargs="?", default=None, help="contracts folder (default: built-in)")
    export = con_sub.add_parser("export", help="export the contracts as Great Expectations suites (JSON)")
    export.add_argument(
        "dir", type=Path, nargs="?", default=None, help="contracts folder (default: built-in)"
    )
    export.add_argument(
        "--out", type=Path, default=None, help="where to write the suites (default: <dir>/gx)"
    )
    export.add_argument(
        "--check", action="store_true", help="exit 1 if the exported suites differ from the contracts"
    )
    cdiff = con_sub.add_parser(
        "diff",
        help="classify the changes between two versions of the contracts (breaking or not, semver bump)",
    )
    cdiff.add_argument("old", type=Path, metavar="OLD", help="old contracts: a folder or one .odcs.yaml file")
    cdiff.add_argument("new", type=Path, metavar="NEW", help="new contracts: a folder or one .odcs.yaml file")
    cdiff.add_argument(
        "--markdown", type=Path, default=None, metavar="FILE", help="write a Markdown PR comment"
    )
    cdiff.add_argument("--json", type=Path, default=None, metavar="FILE", help="write the diff as JSON")
    cdiff.add_argument(
        "--fail-on",
        choices=("breaking", "version", "never"),
        default="breaking",
        help="exit 1 on any breaking change or version problem (breaking, default), only on a version "
        "that did not move enough for the changes (version), or never",
    )
    cbundle = con_sub.add_parser(
        "bundle",
        help="every contract in one ODCS file, for datacontract-cli (checks foreign keys across tables)",
    )
    cbundle.add_argument(
        "dir", type=Path, nargs="?", default=None, help="contracts folder (default: built-in)"
    )
    cbundle.add_argument("--out", type=Path, required=True, metavar="FILE", help="the ODCS YAML to write")
    cbundle.add_argument(
        "--tables",
        type=Path,
        default=None,
        metavar="DIR",
        help="add a local server reading DIR/<table>.<format>",
    )
    cbundle.add_argument("--format", choices=("parquet", "csv", "json"), default="parquet")

    diff = sub.add_parser("diff", help="compare two results documents (for pull requests)")
    diff.add_argument("old", type=Path, metavar="OLD.json")
    diff.add_argument("new", type=Path, metavar="NEW.json")
    diff.add_argument(
        "--markdown", type=Path, default=None, metavar="FILE", help="also write a Markdown PR comment"
    )
    diff.add_argument(
        "--tolerance", type=float, default=0.05, help="relative metric drift that counts (default 0.05)"
    )

    ev = sub.add_parser("eval", help="score extraction against gold data; prints one JSON line of metrics")
    ev_sub = ev.add_subparsers(dest="eval_command", metavar="SET", parser_class=_Parser)
    conll = ev_sub.add_parser("conll", help="actors/mentions against CoNLL-2003 (JSON lines or IOB2)")
    conll.add_argument("path", type=Path)
    conll.add_argument("--engine", choices=("auto", "spacy", "rules"), default="auto")
    conll.add_argument(
        "--baseline", action="store_true", help="also score en_core_web_sm alone, in the same run"
    )
    plover = ev_sub.add_parser("plover", help="event category and actor countries against PLOVER records")
    plover.add_argument("path", type=Path)
    plover.add_argument("--engine", choices=("auto", "spacy", "rules"), default="auto")
    dates = ev_sub.add_parser("dates", help="temporal expressions against their expected intervals")
    dates.add_argument("path", type=Path, nargs="?", default=None, help="JSON lines (default: built-in set)")
    corpus = ev_sub.add_parser(
        "corpus", help="run on a corpus; per-article counts, top actors and events, and our own gate"
    )
    corpus.add_argument("path", type=Path)
    corpus.add_argument("--engine", choices=("auto", "spacy", "rules"), default="auto")
    corpus.add_argument("--top", type=int, default=10)
    corpus.add_argument(
        "--no-dates", action="store_true", help="ignore the records' dates (placeholders, as in PLOVER)"
    )
    corpus.add_argument(
        "--published",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="publication date for the documents that have none (a stress test of the date checks)",
    )
    judged = ev_sub.add_parser("judged", help="precision of the hand-judged events (default: built-in set)")
    judged.add_argument("path", type=Path, nargs="?", default=None)
    table = ev_sub.add_parser("table", help="one table of the JSON metrics files written by 'make eval'")
    table.add_argument("files", type=Path, nargs="+")
    return parser


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _print(args: argparse.Namespace, text: str) -> None:
    if not getattr(args, "quiet", False):
        print(text)


def _github_enabled(flag: bool | None) -> bool:
    return flag if flag is not None else os.environ.get("GITHUB_ACTIONS") == "true"


def _spark_wanted(args: argparse.Namespace) -> bool:
    """``--spark`` (or ``--spark-master``) was given (``--gx`` then runs on GX's Spark datasource)."""
    wanted = bool(getattr(args, "spark", False) or getattr(args, "spark_master", None))
    if wanted and args.gx_docs:
        raise UsageError("--gx-docs does not run with --spark (GX on Spark builds no Data Docs): drop one")
    return wanted


def _output(args: argparse.Namespace, results: Results) -> int:
    """Print what the gate found (GitHub commands when enabled, then the summary); return the exit code."""
    if _github_enabled(args.github):
        results.to_github(
            sys.stdout, summary_path=os.environ.get("GITHUB_STEP_SUMMARY"), fail_on=args.fail_on
        )
    _print(args, results.summary(fail_on=args.fail_on))
    return results.exit_code(fail_on=args.fail_on)


def _check_sample_size(args: argparse.Namespace) -> None:
    if args.sample_size < 1:
        raise UsageError(f"--sample-size must be at least 1, not {args.sample_size}")


def _cmd_run(args: argparse.Namespace) -> int:
    from newsframe import api

    spark = _spark_wanted(args)
    if not args.no_validate:
        _check_sample_size(args)
    done = api.run(
        args.inputs,
        out=args.out,
        pipeline=args.pipeline,
        engine=args.engine,
        workers=args.workers,
        text_column=args.text_column,
        batch_size=args.batch_size,
        partition_by=args.partition_by,
        append=args.append,
        spark=spark,
        spark_master=args.spark_master,
        validate=not args.no_validate,
        contracts=args.contracts,
        gx=bool(args.gx or args.gx_docs),
        gx_docs=args.gx_docs,
        optional_tables=args.optional_table,
        sample_size=args.sample_size,
        fail_on=args.fail_on,
        json=args.json,
        html=args.html,
        junit=args.junit,
    )
    _print(args, f"wrote {done.n_tables} tables to {done.tables_dir}  ({done.summary()})")
    if done.results is None:
        return 0
    code = _output(args, done.results)
    _print(args, f"report: {done.reports['html']}  results: {done.reports['json']}")
    return code


def _cmd_validate(args: argparse.Namespace) -> int:
    from newsframe import api

    spark = _spark_wanted(args)
    _check_sample_size(args)
    results = api.validate(
        args.tables,  # a folder: scanned lazily (Spark reads it itself)
        contracts=args.contracts,
        gx=bool(args.gx or args.gx_docs),
        gx_docs=args.gx_docs,
        spark=spark,
        spark_master=args.spark_master,
        sample_size=args.sample_size,
        optional_tables=args.optional_table,
    )
    results.run.pop("tables_dir", None)
    results.run.update({"command": "validate", "tables_dir": str(args.tables)})
    results.write_reports(json=args.json, junit=args.junit, html=args.html, fail_on=args.fail_on)
    return _output(args, results)


def _cmd_contracts(args: argparse.Namespace) -> int:
    if args.contracts_command not in ("lint", "export", "diff", "bundle"):
        raise UsageError("newsframe contracts: choose an action, 'lint', 'export', 'diff' or 'bundle'")
    from newsframe import api

    if args.contracts_command == "diff":
        return _contracts_diff(args)
    if args.contracts_command == "bundle":
        print(f"wrote {api.bundle_contracts(args.out, args.dir, tables=args.tables, fmt=args.format)}")
        return 0

    if args.contracts_command == "lint":
        problems = api.lint_contracts(args.dir)
        for problem in problems:
            print(_printable(str(problem)), file=sys.stderr)
        if problems:
            return 2
        print("contracts: all valid ODCS v3")
        return 0
    written, drift = api.export_gx_suites(args.dir, out=args.out, check=args.check)
    for path in drift:
        print(f"{path}: out of date with its contract", file=sys.stderr)
    if args.check:
        if drift:
            return 1
        print(f"GX suites up to date ({len(written)})")
        return 0
    for path in written:
        print(f"wrote {path}")
    return 0


def _contracts_diff(args: argparse.Namespace) -> int:
    from newsframe import api

    result = api.diff_contracts(args.old, args.new)
    print(result.to_text())
    for path, text in ((args.markdown, result.to_markdown), (args.json, result.to_json)):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text() + "\n", encoding="utf-8")
    return result.exit_code(fail_on=args.fail_on)


def _cmd_diff(args: argparse.Namespace) -> int:
    from newsframe import api

    result = api.diff_results(args.old, args.new, tolerance=args.tolerance)
    print(result.to_text())
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(result.to_markdown(), encoding="utf-8")
    return 1 if result.regressed else 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from newsframe import api

    options: dict[str, Any]
    if args.eval_command == "conll":
        options = {"engine": args.engine, "baseline": args.baseline}
    elif args.eval_command in ("plover",):
        options = {"engine": args.engine}
    elif args.eval_command in ("dates", "judged"):
        options = {}
    elif args.eval_command == "corpus":
        options = {
            "engine": args.engine,
            "top": args.top,
            "dates": not args.no_dates,
            "published": args.published,
        }
    elif args.eval_command == "table":
        print(api.evaluate("table", args.files))
        return 0
    else:
        raise UsageError("newsframe eval: choose a set: conll, plover, dates, corpus, judged or table")
    metrics = api.evaluate(args.eval_command, args.path, **options)
    print(json.dumps(metrics, ensure_ascii=False, sort_keys=True))
    return 0


def _printable(text: str) -> str:
    """``text`` with control characters (newlines too) shown as escapes: a file name holding a newline
    cannot start a line of its own (a forged ``::error::`` workflow command, a fake log line).

    Examples
    --------
    >>> _printable("in\\n::error::forged.jsonl: not found")
    'in\\\\n::error::forged.jsonl: not found'
    """
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode() for ch in text
    )


_COMMANDS = {
    "run": _cmd_run,
    "validate": _cmd_validate,
    "contracts": _cmd_contracts,
    "diff": _cmd_diff,
    "eval": _cmd_eval,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (also the process's, via the console script)."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return 2
        return _COMMANDS[args.command](args)
    except NewsframeError as exc:
        print(f"newsframe: error: {_printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("newsframe: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
