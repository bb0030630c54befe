"""Load and lint contracts: ODCS v3 JSON schema, the ODCS pydantic model, then newsframe's own rules.

Examples
--------
>>> from newsframe.contracts.loader import load_contracts
>>> sorted(load_contracts(None).contracts)[:3]
['actors', 'document_topics', 'documents']
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsframe.contracts.model import (
    BUILTIN_CUSTOM,
    Contract,
    ContractSet,
    Problem,
    _field,
    odcs_model,
    parse_document,
    read_yaml,
)
from newsframe.errors import ContractError

if TYPE_CHECKING:
    from open_data_contract_standard.model import OpenDataContractStandard

__all__ = ["contract_files", "contracts_dir", "lint", "load_contracts"]

SUFFIX = ".odcs.yaml"


def contracts_dir(directory: Path | None) -> Path:
    """The contracts folder: ``directory`` or the built-in ``contracts/``."""
    if directory is None:
        from newsframe.assets import asset_dir

        return asset_dir("contracts")
    return Path(directory)


def contract_files(directory: Path | None) -> list[Path]:
    """The ``*.odcs.yaml`` files of a folder (not recursive), sorted.

    Raises
    ------
    ContractError
        When the folder does not exist or holds no contract.
    """
    folder = contracts_dir(directory)
    if not folder.is_dir():
        raise ContractError("contracts folder not found", path=folder)
    files = sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX) and p.is_file())
    if not files:
        raise ContractError(f"no *{SUFFIX} contract in this folder", path=folder)
    return files


@functools.cache
def _validator() -> Any:
    import jsonschema
    from open_data_contract_standard.model import OpenDataContractStandard

    schema = json.loads(OpenDataContractStandard.json_schema())
    return jsonschema.Draft201909Validator(schema)


def _odcs(path: Path, doc: Any) -> tuple[OpenDataContractStandard | None, list[Problem]]:
    """``doc`` checked against the ODCS JSON schema, then read by the ODCS pydantic model (the typed
    document the parser walks), or the problems found."""
    if not isinstance(doc, Mapping):
        return None, [Problem(path, "", "a contract must be a YAML mapping")]
    import jsonschema

    problems = []
    for err in sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        best = jsonschema.exceptions.best_match([err])
        problems.append(Problem(path, _field(best.absolute_path), best.message))
    if problems:
        return None, problems
    return odcs_model(path, doc)


def _semantic_problems(contracts: Mapping[str, Contract]) -> list[Problem]:
    """Cross-contract problems: relationships and rule columns that point nowhere, unknown check slugs."""
    problems: list[Problem] = []
    known_checks: Mapping[str, Any] | None
    try:
        from newsframe.checks import REGISTRY

        known_checks = REGISTRY
    except Exception:
        known_checks = None
    for c in contracts.values():
        for rule in c.rules:
            if rule.kind == "relation":
                target = contracts.get(str(rule.params["to_table"]))
                for col in rule.params["from"]:
                    if col not in c.columns:
                        problems.append(Problem(c.path, rule.id, f"relationship from unknown column {col!r}"))
                if target is None:
                    if rule.params["to_table"] != c.name:
                        problems.append(
                            Problem(
                                c.path,
                                rule.id,
                                f"relationship to table {rule.params['to_table']!r}, which has no contract here",
                            )
                        )
                    continue
                for col in rule.params["to"]:
                    if col not in target.columns:
                        problems.append(
                            Problem(c.path, rule.id, f"relationship to unknown column {target.name}.{col}")
                        )
            elif rule.kind == "frame" and rule.slug in BUILTIN_CUSTOM:
                for col in rule.columns:
                    if col not in c.columns:
                        problems.append(Problem(c.path, rule.id, f"{rule.slug} names unknown column {col!r}"))
            elif rule.kind == "factual" and known_checks is not None and rule.slug not in known_checks:
                problems.append(
                    Problem(
                        c.path,
                        rule.id,
                        f"unknown check {rule.slug!r} (newsframe.checks knows: {', '.join(sorted(known_checks))})",
                    )
                )
    return problems


def _collect(directory: Path | None) -> tuple[Path, dict[str, Contract], list[Problem]]:
    folder = contracts_dir(directory)
    files = contract_files(folder)
    contracts: dict[str, Contract] = {}
    problems: list[Problem] = []
    for path in files:
        doc, read_problems = read_yaml(path)
        if read_problems:
            problems.extend(read_problems)
            continue
        model, odcs = _odcs(path, doc)
        if model is None:
            problems.extend(odcs)
            continue
        contract, parse_problems = parse_document(path, model)
        problems.extend(parse_problems)
        if contract is None:
            continue
        if contract.name in contracts:
            problems.append(
                Problem(
                    path,
                    "schema[0].name",
                    f"table {contract.name!r} already has a contract in {contracts[contract.name].path.name}",
                )
            )
            continue
        contracts[contract.name] = contract
    problems.extend(_semantic_problems(contracts))
    return folder, contracts, problems


def lint(directory: Path | None = None) -> list[str]:
    """Check every contract in a folder against ODCS v3 and newsframe's rules.

    Returns the problems as ``"file: field: reason"`` lines (empty when all
    are valid). A missing folder or a folder with no contract is a problem too.

    Examples
    --------
    >>> lint(None)
    []
    """
    try:
        _, _, problems = _collect(directory)
    except ContractError as exc:
        return [str(exc)]
    return [str(p) for p in problems]


def load_contracts(directory: Path | None = None) -> ContractSet:
    """Load, lint and parse every contract of a folder (default: the built-in ones).

    The parsed set is cached per folder until a contract file changes (its
    size or modification time), so repeated validations do not re-lint.

    Raises
    ------
    ContractError
        On the first problem, naming the file and the field (exit code 2).
    """
    files = contract_files(directory)
    stamp = tuple(_stamp(p) for p in files)
    loaded, refs = _load_cached(contracts_dir(directory).resolve(), stamp)
    if any(_stamp(Path(r[0])) != r for r in refs):  # a codebook changed: parse again
        _load_cached.cache_clear()
        loaded, refs = _load_cached(contracts_dir(directory).resolve(), stamp)
    return loaded


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=16)
def _load_cached(
    folder: Path, stamp: tuple[tuple[str, int, int], ...]
) -> tuple[ContractSet, tuple[tuple[str, int, int], ...]]:
    folder, contracts, problems = _collect(folder)
    if problems:
        first = problems[0]
        more = (
            f" (and {len(problems) - 1} more problem(s); run 'newsframe contracts lint')"
            if len(problems) > 1
            else ""
        )
        raise ContractError(first.reason + more, path=first.path, field=first.field or None)
    refs = tuple(_stamp(r) for c in contracts.values() for r in c.references)
    return ContractSet(directory=folder, contracts=contracts), refs
