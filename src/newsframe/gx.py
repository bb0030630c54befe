"""Run the exported Great Expectations suites (``contracts/gx/*.json``) in your own GX 1.x project.

The suites check more than one table can tell on its own: foreign keys
compare with another table (``"value_set": {"$PARAMETER": "documents__doc_id"}``),
and the factual mirrors read columns derived from the source text and the
codebook (``nf__document_span``, ``nf__quantity_grounded``,
``nf__event_type_known``...), each by the check's own derivation in
:mod:`newsframe.checks`. :func:`prepare` computes both from your tables, so
that a suite runs in any GX context::

    import great_expectations as gx, json, newsframe.gx

    ready = newsframe.gx.prepare("out/tables")                 # {table: Ready}
    ctx = gx.get_context(mode="file", project_root_dir="my_gx")
    for name, r in ready.items():
        suite = ctx.suites.add(gx.ExpectationSuite(**r.suite))    # or the exported JSON: see Ready.suite
        batch = (ctx.data_sources.add_pandas(name).add_dataframe_asset(name)
                 .add_batch_definition_whole_dataframe("all"))
        vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        print(name, vd.run(batch_parameters={"dataframe": r.to_pandas()},
                           expectation_parameters=r.parameters).success)

``Ready.suite`` is the exported suite (the same expectations, in the same
order) less those that cannot run on these tables; ``Ready.skipped`` says which
and why. Those are the factual mirrors whose source table or column is absent,
and the mirrors marked ``meta.newsframe.optional`` for an alternative column
(``document_topics.evidence`` or ``evidence_text``) that these tables lack: run
the exported JSON as it is only when your tables have every column it names.

Examples
--------
>>> import newsframe, newsframe.gx
>>> ready = newsframe.gx.prepare(newsframe.example_tables("byoe"))
>>> sorted(ready["events"].parameters)[:2]
['actors__actor_id', 'documents__doc_id']
>>> "nf__document_span" in ready["mentions"].frame.columns
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

__all__ = ["Ready", "prepare"]


@dataclass
class Ready:
    """One table made ready for its GX suite.

    Parameters
    ----------
    table
        The table name (the suite is ``newsframe.<table>``).
    frame
        The table with the derived columns the suite reads (``nf__*``, and the row number ``nf__row``).
    parameters
        Values for the suite's ``$PARAMETER`` references: pass as ``expectation_parameters``.
    suite
        The suite as JSON-ready data (``gx.ExpectationSuite(**suite)``), with the expectations that can run here.
    skipped
        ``"<check id>: <reason>"`` for each expectation left out.
    """

    table: str
    frame: pl.DataFrame
    parameters: dict[str, list[Any]]
    suite: dict[str, Any]
    skipped: list[str]

    def to_pandas(self) -> Any:
        """The frame as the pandas DataFrame a GX pandas datasource validates."""
        return self.frame.to_pandas()


def prepare(tables: Any, *, contracts: str | Path | None = None) -> dict[str, Ready]:
    """Everything the exported GX suites need to run on ``tables`` on their own, per contracted table.

    Parameters
    ----------
    tables
        A folder of table files (Parquet, CSV, JSON Lines) or a mapping of table names to DataFrames.
    contracts
        Folder of ``*.odcs.yaml`` contracts (default: the built-in ones; their suites are ``<folder>/gx/*.json``).

    Returns
    -------
    dict
        Table name to :class:`Ready`, for every table present that has a contract.
    """
    from newsframe.api import _tables
    from newsframe.contracts.gx_engine import prepare_suite
    from newsframe.contracts.loader import load_contracts
    from newsframe.validation import assign_tables, conform_tables

    frames, _ = _tables(tables, None)
    loaded = load_contracts(Path(contracts) if contracts is not None else None)
    lazy, _ = conform_tables(loaded, assign_tables(loaded, frames))
    conformed = {k: v.collect() if isinstance(v, pl.LazyFrame) else v for k, v in lazy.items()}
    out: dict[str, Ready] = {}
    for contract in loaded:
        frame = conformed.get(contract.name)
        if frame is None:
            continue
        ready = prepare_suite(contract, loaded, frame, conformed)
        out[contract.name] = Ready(
            table=contract.name,
            frame=ready.frame,
            parameters=ready.parameters,
            suite=ready.suite,
            skipped=[f"{c.id}: {c.message}" for c in ready.skipped],
        )
    return out
