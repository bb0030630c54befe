"""The ``newsframe`` command line: the only place that wires the stages together.

Commands
--------
``run``        ingest documents, extract the tables, validate, write tables and reports.
``validate``   validate any directory of tables against the contracts (the CI gate).
``contracts``  ``lint`` the ODCS contracts; ``export`` them as Great Expectations suites;
               ``diff`` two versions of them (breaking changes, semver bumps).
``diff``       compare two results documents for a pull request.
``eval``       score extraction against gold data (CoNLL-2003, PLOVER, dates).

Exit codes: 0 when valid, 1 when a check reaches ``--fail-on``, 2 on a usage
error or an unreadable input or contract. Nothing imports this module; heavy
dependencies are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from newsframe import __version__
from newsframe.errors import NewsframeError, UsageError

if TYPE_CHECKING:
    import polars as pl

    from newsframe.results import Results

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
    """``--spark`` (or ``--spark-master``) was given; GX has no Spark path here yet."""
    wanted = bool(getattr(args, "spark", False) or getattr(args, "spark_master", None))
    if wanted and (args.gx or args.gx_docs):
        raise UsageError("--gx and --gx-docs do not run with --spark: run GX without --spark")
    return wanted


def _write(path: Path | None, what: str, writer: Callable[[Path], object]) -> None:
    """Write one output; an OS error (no space, read-only, a folder in the way) is exit 2 naming the file."""
    from newsframe.errors import OutputError

    if path is None:
        return
    try:
        writer(path)
    except OSError as exc:
        raise OutputError(f"cannot write {what}: {exc.strerror or exc}", path=path) from None


def _report_tables(
    tables: Mapping[str, pl.DataFrame | pl.LazyFrame], results: Results
) -> dict[str, pl.DataFrame]:
    """What the HTML report reads, collected from lazy tables without collecting the corpus.

    The report draws events, actors and topics whole (small per document), and shows source text only for
    the failing sample rows: documents, sentences and mentions are collected for those documents only.
    """
    import polars as pl

    lazy = {n: f.lazy() for n, f in tables.items()}
    big = ("documents", "sentences", "mentions")
    out = {n: f.collect() for n, f in lazy.items() if n not in big}
    rows = [r for c in results.checks for r in c.sample]
    docs = {str(r["doc_id"]) for r in rows if r.get("doc_id") is not None}
    if "mentions" in lazy and "mention_id" in lazy["mentions"].collect_schema():
        ids = sorted({str(r["mention_id"]) for r in rows if r.get("mention_id") is not None})
        out["mentions"] = lazy["mentions"].filter(pl.col("mention_id").cast(pl.String).is_in(ids)).collect()
    events = out.get("events")
    if events is not None and {"event_id", "doc_id"} <= set(events.columns):
        ids = sorted({str(r["event_id"]) for r in rows if r.get("event_id") is not None})
        docs |= set(events.filter(pl.col("event_id").cast(pl.String).is_in(ids))["doc_id"].cast(pl.String))
    if "mentions" in out and "doc_id" in out["mentions"].columns:
        docs |= set(out["mentions"]["doc_id"].cast(pl.String).drop_nulls())
    for name in ("documents", "sentences"):
        if name in lazy:
            frame = lazy[name]
            if "doc_id" in frame.collect_schema():
                frame = frame.filter(pl.col("doc_id").cast(pl.String).is_in(sorted(docs)))
            out[name] = frame.collect()
    if "mentions" in lazy and "mentions" not in out:
        out["mentions"] = lazy["mentions"].collect()
    return {n: out[n] for n in tables}


def _gate(
    args: argparse.Namespace,
    tables: Mapping[str, pl.DataFrame | pl.LazyFrame],
    *,
    run_info: Mapping[str, Any],
    spark_tables: Path | None = None,
) -> int:
    """Validate tables, write every requested output, print the summary, return the exit code.

    With ``--spark``, Spark validates ``spark_tables`` (a folder) when given, else ``tables``.
    """
    from newsframe.report import github, html, junit, text
    from newsframe.validation import validate

    if args.sample_size < 1:
        raise UsageError(f"--sample-size must be at least 1, not {args.sample_size}")
    results: Results
    if _spark_wanted(args):
        from newsframe.spark.validate import validate_spark

        results = validate_spark(
            spark_tables if spark_tables is not None else tables,
            master=args.spark_master,
            contracts_dir=args.contracts,
            sample_size=args.sample_size,
        )
    else:
        results = validate(
            tables,
            optional_tables=frozenset(args.optional_table),
            contracts_dir=args.contracts,
            gx=bool(args.gx or args.gx_docs),
            gx_docs=args.gx_docs,
            sample_size=args.sample_size,
        )
    results.run.update(run_info)
    _write(args.json, "the results document", lambda p: results.to_json(p))
    _write(args.junit, "the JUnit report", lambda p: junit.write_junit(results, p, fail_on=args.fail_on))
    if args.html:
        shown = _report_tables(tables, results)
        _write(args.html, "the HTML report", lambda p: html.write_html(results, shown, p))
    if _github_enabled(args.github):
        github.emit(
            results,
            stream=sys.stdout,
            summary_path=os.environ.get("GITHUB_STEP_SUMMARY"),
            fail_on=args.fail_on,
        )
    _print(args, text.summary(results, fail_on=args.fail_on))
    return results.exit_code(fail_on=args.fail_on)


_APPEND_KEEP = ("tables/documents", "tables/sentences", "tables/document_topics", "tables/rejects", "link")
"""What ``--append`` keeps of the dataset (hard links): the per-document tables and the linking state."""


def _cmd_run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    import polars as pl

    from newsframe.dataset import Output, read_marker
    from newsframe.errors import OutputError
    from newsframe.pipeline import load_pipeline, run_dataset
    from newsframe.tableio import scan_tables

    config = load_pipeline(args.pipeline)
    spark = _spark_wanted(args)
    if spark and (args.append or args.partition_by):
        raise UsageError("--append and --partition-by do not run with --spark yet: run them without --spark")
    if args.batch_size is not None:
        if args.batch_size < 1:
            raise UsageError(f"--batch-size must be at least 1, not {args.batch_size}")
        config = replace(config, batch_size=args.batch_size)
    out: Path = args.out
    previous = read_marker(out) if args.append else None
    if (
        args.append
        and out.exists()
        and any(out.iterdir())
        and (previous is None or "next_batch" not in previous)
    ):
        raise UsageError(
            f"--append: {out} is not a dataset written by newsframe run (no appendable {out}/.newsframe-run.json)"
        )
    with Output(out, keep=_APPEND_KEEP if previous else ()) as output:
        previous = read_marker(out) if args.append else None  # again, now that the lock is held
        json_path, html_path = args.json or out / "results.json", args.html or out / "report.html"
        shown: dict[str, Path] = {}
        if args.no_validate:
            args.json = args.html = args.junit = None
        else:
            for attr, path in (("json", json_path), ("html", html_path), ("junit", args.junit)):
                if path is not None:
                    setattr(args, attr, output.path_for(path))
                    shown[str(getattr(args, attr))] = path
        try:
            if spark:
                from newsframe.spark.extract import run_dataset_spark

                ds = run_dataset_spark(
                    args.inputs,
                    staging=output.staging,
                    run_id=output.run_id,
                    config=config,
                    engine=args.engine,
                    text_column=args.text_column,
                    master=args.spark_master,
                )
            else:
                ds = run_dataset(
                    args.inputs,
                    staging=output.staging,
                    run_id=output.run_id,
                    config=config,
                    engine=args.engine,
                    workers=args.workers,
                    text_column=args.text_column,
                    partition_by=args.partition_by,
                    previous=previous,
                )
            _print(
                args,
                f"wrote {len(list(ds.tables_dir.iterdir()))} tables to {out / 'tables'}  ({ds.summary()})",
            )
            code = 0
            if not args.no_validate and spark:  # Spark reads the written dataset itself
                code = _gate(args, {}, run_info=ds.run, spark_tables=ds.tables_dir)
            elif not args.no_validate:
                # validation reads the written dataset back (lazily; collected while the validators want DataFrames)
                tables = {name: frame.collect() for name, frame in scan_tables(ds.tables_dir).items()}
                code = _gate(args, tables, run_info=ds.run)
            output.write_marker(ds.run)
        except OutputError as exc:  # name the file the user asked for, not its staging copy
            raise OutputError(exc.message, path=shown.get(str(exc.path), exc.path)) from None
        except OSError as exc:
            raise OutputError(f"cannot write the output: {exc.strerror or exc}", path=out) from None
        except pl.exceptions.PolarsError as exc:
            if "os error" not in str(exc).lower():
                raise
            raise OutputError(f"cannot write the tables: {str(exc).splitlines()[0]}", path=out) from None
        output.commit()
    if not args.no_validate:
        _print(args, f"report: {html_path}  results: {json_path}")
    return code


def _cmd_validate(args: argparse.Namespace) -> int:
    from newsframe.tableio import scan_tables

    if _spark_wanted(args):  # Spark reads the folder itself
        info = {"command": "validate", "tables_dir": str(args.tables)}
        return _gate(args, {}, run_info=info, spark_tables=args.tables)
    tables = scan_tables(
        args.tables
    )  # lazy: validate reads one table, and the columns a check reads, at a time
    return _gate(args, tables, run_info={"command": "validate", "tables_dir": str(args.tables)})


def _cmd_contracts(args: argparse.Namespace) -> int:
    if args.contracts_command not in ("lint", "export", "diff", "bundle"):
        raise UsageError("newsframe contracts: choose an action, 'lint', 'export', 'diff' or 'bundle'")
    from newsframe import contracts

    if args.contracts_command == "diff":
        return _contracts_diff(args)
    if args.contracts_command == "bundle":
        from newsframe.contracts.interop import write_bundle

        print(f"wrote {write_bundle(args.out, args.dir, tables=args.tables, fmt=args.format)}")
        return 0

    if args.contracts_command == "lint":
        problems = contracts.lint(args.dir)
        for problem in problems:
            print(_printable(str(problem)), file=sys.stderr)
        if problems:
            return 2
        print("contracts: all valid ODCS v3")
        return 0
    written, drift = contracts.export_gx(args.dir, out=args.out, check=args.check)
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
    from newsframe.contracts.diff import diff_contracts

    result = diff_contracts(args.old, args.new)
    print(result.to_text())
    for path, text in ((args.markdown, result.to_markdown), (args.json, result.to_json)):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text() + "\n", encoding="utf-8")
    return result.exit_code(fail_on=args.fail_on)


def _cmd_diff(args: argparse.Namespace) -> int:
    from newsframe.results import Results

    old, new = Results.read(args.old), Results.read(args.new)
    from newsframe.report.diff import diff_results

    result = diff_results(old, new, tolerance=args.tolerance)
    print(result.to_text())
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(result.to_markdown(), encoding="utf-8")
    return 1 if result.regressed else 0


def _cmd_eval(args: argparse.Namespace) -> int:
    metrics: dict[str, Any]
    if args.eval_command == "conll":
        from newsframe.eval import conll

        metrics = conll.evaluate(args.path, engine=args.engine, baseline=args.baseline)
    elif args.eval_command == "plover":
        from newsframe.eval import plover

        metrics = plover.evaluate(args.path, engine=args.engine)
    elif args.eval_command == "dates":
        from newsframe.eval import dates

        metrics = dates.evaluate(args.path)
    elif args.eval_command == "corpus":
        from newsframe.eval import corpus

        metrics = corpus.evaluate(
            args.path, engine=args.engine, top=args.top, dates=not args.no_dates, published=args.published
        )
    elif args.eval_command == "judged":
        from newsframe.eval import judged

        metrics = judged.evaluate(args.path)
    elif args.eval_command == "table":
        from newsframe.eval import table

        print(table.render(args.files))
        return 0
    else:
        raise UsageError("newsframe eval: choose a set: conll, plover, dates, corpus, judged or table")
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
