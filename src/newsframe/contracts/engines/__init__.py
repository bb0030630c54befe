"""Engines: what runs a contract's rules over tables. One protocol, one registry.

An engine takes the contract set and the tables (Polars DataFrames or
LazyFrames, already matched to their contracts and converted to the
contract dtypes) and returns one :class:`~newsframe.results.CheckResult`
per rule it ran. The meaning of every rule kind is fixed once, in
:mod:`newsframe.contracts.kinds`; the **Polars engine** (:mod:`.polars`)
runs exactly those expressions and is the reference semantics. Other engines
compile the same rules to their own built-ins: **Pandera** (:mod:`.pandera`,
the default for the table rules of ``newsframe validate``) and **Great
Expectations** (:mod:`.gx`, ``--gx``), and **Spark** (:mod:`.spark`, Spark SQL
on Spark DataFrames: ``validate --spark``). ``tests/contracts/test_parity.py``
runs every rule on every registered engine and compares the failing rows.

An engine builds each result with :meth:`Rule.failures_result
<newsframe.contracts.model.Rule.failures_result>` (or passes it through
:meth:`Rule.judge <newsframe.contracts.model.Rule.judge>`), so that the
rule's ODCS threshold is honoured the same way whatever ran it.

Adding an engine
----------------
1. Write ``src/newsframe/contracts/engines/<name>.py`` with a class that
   satisfies :class:`Engine` (``name``, ``families``, ``supports``, ``run``);
   import the engine's library inside ``run`` (heavy imports stay lazy).
2. Register it: one line in :data:`_BUILTIN` below (``"<name>":
   "newsframe.contracts.engines.<name>:<Class>"``), or
   :func:`register_engine` from a plugin.
3. Add it to ``ENGINES_UNDER_TEST`` in ``tests/contracts/test_parity.py``.

Rule families an engine does not run (:attr:`Engine.families`) fall back to
the Polars reference in :func:`newsframe.validation.validate`.

Examples
--------
>>> sorted(engine_names())
['gx', 'pandera', 'polars', 'spark']
>>> sorted(get_engine("polars").families)
['column', 'frame', 'relation', 'schema']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Mapping
from typing import Protocol, runtime_checkable

import polars as pl

from newsframe.contracts.model import ContractSet, Rule
from newsframe.results import CheckResult

__all__ = ["Engine", "Frame", "engine_names", "get_engine", "register_engine"]

Frame = pl.DataFrame | pl.LazyFrame
"""A table as an engine receives it."""


@runtime_checkable
class Engine(Protocol):
    """What every engine provides.

    Attributes
    ----------
    name
        The ``engine`` its results carry (``polars``, ``pandera``, ``gx``, ``spark``...).
    families
        The rule families (:data:`newsframe.contracts.kinds.FAMILIES`) it runs.
    """

    name: str
    families: frozenset[str]

    def supports(self, rule: Rule) -> bool:
        """True when this engine can run ``rule`` (its family is in :attr:`families` and it can express it)."""
        ...

    def run(
        self,
        contracts: ContractSet,
        tables: Mapping[str, Frame],
        *,
        sample_size: int,
        families: Collection[str] | None = None,
        dtype_failures: Mapping[str, Mapping[str, pl.DataFrame]] | None = None,
    ) -> list[CheckResult]:
        """Run the rules of ``families`` (default: all of :attr:`families`) of every contract whose table is
        present; one result per rule (passed ones included), ``skipped`` when a column it reads is missing.

        ``dtype_failures`` holds, per table and column, the values that did not convert to the contract
        dtype (``row``, ``value``): an engine may use them as the sample of ``dtype-mismatch``.
        """
        ...


_BUILTIN: dict[str, str] = {
    "polars": "newsframe.contracts.engines.polars:PolarsEngine",
    "pandera": "newsframe.contracts.engines.pandera:PanderaEngine",
    "gx": "newsframe.contracts.engines.gx:GXEngine",
    "spark": "newsframe.contracts.engines.spark:SparkEngine",
}
"""The engines newsframe ships: name → ``module:Class`` (imported on first use)."""

_FACTORIES: dict[str, Callable[..., Engine]] = {}


def register_engine(name: str, factory: str | Callable[..., Engine]) -> None:
    """Register an engine: a ``"module:Class"`` path (imported on first use) or a factory.

    Raises
    ------
    ValueError
        When ``name`` is already registered.
    """
    if name in _BUILTIN or name in _FACTORIES:
        raise ValueError(f"engine {name!r} is already registered")
    if isinstance(factory, str):
        _BUILTIN[name] = factory
    else:
        _FACTORIES[name] = factory


def engine_names() -> list[str]:
    """The registered engine names."""
    return [*_BUILTIN, *_FACTORIES]


def get_engine(name: str, **options: object) -> Engine:
    """A new engine ``name`` (``options`` go to its constructor, e.g. ``docs=`` for GX).

    Raises
    ------
    ValueError
        When no engine has that name.
    """
    if name in _FACTORIES:
        return _FACTORIES[name](**options)
    target = _BUILTIN.get(name)
    if target is None:
        raise ValueError(f"unknown engine {name!r}; known: {', '.join(engine_names())}")
    module, _, cls = target.partition(":")
    factory: Callable[..., Engine] = getattr(importlib.import_module(module), cls)
    return factory(**options)
