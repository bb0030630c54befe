"""Data contracts: ODCS v3 YAML, linted, compiled to Pandera (Polars) and Great Expectations.

One ``contracts/<table>.odcs.yaml`` per table is the single source of truth.
Each rule kind is registered once (:mod:`.kinds`); engines run the rules
through one protocol and registry (:mod:`.engines`, the Polars engine being
the reference semantics).
This package reads them (:func:`load_contracts`, :func:`lint`), compiles them
to a Pandera ``DataFrameSchema`` (:mod:`.pandera_engine`) and to a GX
``ExpectationSuite`` (:mod:`.gx_engine`, exported as JSON by
:func:`export_gx`), and checks the relations between tables with Polars
anti-joins (:mod:`.relations`). Every engine reports into
:class:`newsframe.results.CheckResult`.

Examples
--------
>>> from newsframe import contracts
>>> cs = contracts.load_contracts()
>>> cs["events"].key
('event_id',)
>>> contracts.lint()
[]
"""

from __future__ import annotations

from newsframe.contracts.gx_engine import export_gx, suite_dict
from newsframe.contracts.loader import contract_files, contracts_dir, lint, load_contracts
from newsframe.contracts.model import BUILTIN_CUSTOM, Column, Contract, ContractSet, Rule, parse_contract

__all__ = [
    "BUILTIN_CUSTOM",
    "Column",
    "Contract",
    "ContractSet",
    "Rule",
    "contract_files",
    "contracts_dir",
    "export_gx",
    "lint",
    "load_contracts",
    "parse_contract",
    "suite_dict",
]


from newsframe._callable import callable_package

callable_package(__name__, "contracts")  # newsframe.contracts(dir) is newsframe.api.contracts
