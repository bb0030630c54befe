"""newsframe: news documents to a validated relational event dataset.

The package turns news documents into the v1 tables (documents, sentences,
mentions, actors, events, topics, document_topics, rejects), and validates any
such tables, ours or another extractor's, against ODCS data contracts compiled
to Pandera and Great Expectations plus factual-consistency checks.

The public API (see :mod:`newsframe.api`):

- :func:`validate` tables (a folder, a mapping of DataFrames, or one DataFrame) → :class:`Results`;
- :func:`contract` / :func:`contracts`: the data contracts, ``.to_pandera()``, ``.to_gx_suite()``;
- :func:`extract`: the extraction pipeline on texts or a documents DataFrame → :class:`Tables`;
- :func:`run`: ``newsframe run`` (documents to a validated Parquet dataset folder) → :class:`Run`;
- the other commands' functions: :func:`lint_contracts`, :func:`export_gx_suites`,
  :func:`diff_contracts`, :func:`bundle_contracts`, :func:`diff_results`, :func:`evaluate`
  (the CLI is argument parsing over these);
- :mod:`newsframe.testing`: ``assert_valid`` and ``assert_check_fails`` for a project's own tests,
  and a pytest plugin (``pytest --newsframe-tables DIR``).

``import newsframe`` is light: the names load on first use, and Great Expectations, spaCy and
PySpark only inside the functions that need them.

Examples
--------
>>> import newsframe
>>> newsframe.validate(newsframe.example_tables("byoe")).ok
False
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:
    from newsframe.api import (
        CheckResult,
        Column,
        Contract,
        Results,
        Rule,
        Run,
        Tables,
        bundle_contracts,
        contract,
        diff_contracts,
        diff_results,
        evaluate,
        example_tables,
        export_gx_suites,
        lint_contracts,
        run,
        validate,
    )
    from newsframe.errors import ContractError, InputError, NewsframeError, UsageError, ValidationError

__all__ = [
    "CheckResult",
    "Column",
    "Contract",
    "ContractError",
    "InputError",
    "NewsframeError",
    "Results",
    "Rule",
    "Run",
    "Tables",
    "UsageError",
    "ValidationError",
    "__version__",
    "bundle_contracts",
    "contract",
    "contracts",
    "diff_contracts",
    "diff_results",
    "evaluate",
    "example_tables",
    "export_gx_suites",
    "extract",
    "lint_contracts",
    "run",
    "validate",
]

_ERRORS = frozenset({"ContractError", "InputError", "NewsframeError", "UsageError", "ValidationError"})


def __getattr__(name: str) -> Any:
    """Load the public names on first use (PEP 562), so that ``import newsframe`` stays light.

    ``newsframe.contracts`` and ``newsframe.extract`` are subpackages that are callable
    (:mod:`newsframe._callable`): ``newsframe.contracts(dir)`` is :func:`newsframe.api.contracts`,
    ``newsframe.extract(documents)`` is :func:`newsframe.api.extract`.
    """
    if name in ("contracts", "extract"):
        import importlib

        return importlib.import_module(f"newsframe.{name}")
    if name in _ERRORS:
        from newsframe import errors

        return getattr(errors, name)
    if name in __all__:
        from newsframe import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'newsframe' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
