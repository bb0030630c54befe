"""Reading files that come from a pull request: bounded YAML, and references kept inside their folder.

In CI a contract or a pipeline definition comes from the pull request under test, so it is
hostile input like any other:

* :func:`load_yaml` refuses a file over :data:`MAX_YAML_BYTES`, and a document whose aliases
  expand to more than :data:`MAX_YAML_NODES` nodes (a "billion laughs" alias bomb: 1 KB of YAML,
  gigabytes once expanded), before anything walks the expanded document;
* :func:`resolve_inside` resolves a file named in a contract or a pipeline inside that file's
  folder or newsframe's built-in ``seeds/`` (or a folder listed in ``NEWSFRAME_REFERENCE_ROOTS``),
  never an absolute path, a ``../`` or a symlink out of them (which would copy, say,
  ``/etc/hostname`` into error messages and exported GX suites).

Both raise :class:`ValueError` with a message naming the problem; callers turn it into a
``ContractError`` or ``InputError`` (exit code 2).

Examples
--------
>>> load_yaml("a: &x [1, 2]\\nb: *x\\n")
{'a': [1, 2], 'b': [1, 2]}
>>> bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
...     f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\\n" for i in range(7)
... )
>>> load_yaml(bomb)
Traceback (most recent call last):
...
ValueError: the YAML aliases expand to more than 100,000 nodes (an alias bomb?); write the values out
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["MAX_YAML_BYTES", "MAX_YAML_NODES", "REFERENCE_ROOTS_ENV", "load_yaml", "resolve_inside"]

MAX_YAML_BYTES = 2_000_000
"""Largest contract or pipeline file read (the built-in contracts are under 20 KB)."""

MAX_YAML_NODES = 100_000
"""Most YAML nodes a document may hold once its aliases are expanded."""

REFERENCE_ROOTS_ENV = "NEWSFRAME_REFERENCE_ROOTS"
"""Extra folders (``os.pathsep``-separated) that references may resolve into: an explicit allow-list."""


def _expanded_size(root: Any, limit: int) -> int:
    """Nodes in the document once aliases are expanded (stops counting past ``limit``); linear time."""
    import yaml

    sizes: dict[int, int] = {}
    # Post-order walk without recursion (a deeply nested document must not hit the recursion limit).
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes and not done:
            continue
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        if not done:
            sizes[key] = -1  # in progress: a recursive alias counts once
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        total = 1 + sum(max(sizes.get(id(child), 1), 1) for child in children)
        sizes[key] = min(total, limit + 1)
    return max(sizes.get(id(root), 1), 1)


def load_yaml(text: str) -> Any:
    """Parse YAML safely (``SafeLoader``), with the size and alias-expansion bounds of this module.

    Raises
    ------
    ValueError
        The text is over :data:`MAX_YAML_BYTES` or expands to more than :data:`MAX_YAML_NODES` nodes.
    yaml.YAMLError
        The text is not YAML.
    """
    import yaml

    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_YAML_BYTES:
        raise ValueError(f"the file is larger than {MAX_YAML_BYTES:,} bytes")
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, MAX_YAML_NODES) > MAX_YAML_NODES:
            raise ValueError(
                f"the YAML aliases expand to more than {MAX_YAML_NODES:,} nodes (an alias bomb?); "
                "write the values out"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _allowed() -> list[Path]:
    """The folders allowed besides a file's own: the built-in ``seeds/`` and the allow-list."""
    from newsframe.assets import asset_dir

    roots: list[Path] = []
    with contextlib.suppress(Exception):  # a broken install has no built-in seeds: nothing more to allow
        roots.append(asset_dir("seeds"))
    extra = os.environ.get(REFERENCE_ROOTS_ENV, "")
    roots.extend(Path(p) for p in extra.split(os.pathsep) if p)
    return roots


def resolve_inside(ref: str, *, bases: Iterable[Path], search: Iterable[Path] = ()) -> Path:
    """Resolve ``ref`` inside an allowed folder: one of ``bases``, the built-in ``seeds/``, or the allow-list.

    Parameters
    ----------
    ref
        A relative path as written in the file (``reference/codes.csv``).
    bases
        The allowed folders (the contract's or pipeline's own folder).
    search
        More folders to look in, in order, after ``bases`` (a candidate found there must still
        resolve inside an allowed folder).

    Returns
    -------
    Path
        The first candidate that exists inside an allowed folder, else ``bases[0] / ref`` (the
        caller reports it as not found).

    Raises
    ------
    ValueError
        ``ref`` is absolute, climbs out with ``..``, or only exists outside the allowed folders
        (through a symlink, for instance).

    Examples
    --------
    >>> resolve_inside("reference/plover_codebook.csv", bases=[Path("/nowhere")]).name
    'plover_codebook.csv'
    >>> resolve_inside("/etc/hostname", bases=[Path("/nowhere")])
    Traceback (most recent call last):
    ...
    ValueError: '/etc/hostname' is outside the allowed folders (/nowhere, newsframe's seeds/): name a file inside them, or list its folder in NEWSFRAME_REFERENCE_ROOTS
    """
    base_list = [Path(b) for b in bases]
    allowed = _allowed()
    roots = [p.resolve() for p in [*base_list, *allowed]]
    rel = Path(ref)
    shown = ", ".join([*(str(b) for b in base_list), "newsframe's seeds/"])
    outside = ValueError(
        f"{ref!r} is outside the allowed folders ({shown}): name a file inside them, "
        f"or list its folder in {REFERENCE_ROOTS_ENV}"
    )
    if rel.is_absolute():
        if rel.exists() and any(rel.resolve().is_relative_to(r) for r in roots[len(base_list) :]):
            return rel  # an absolute path into the allow-list (not into the contract's own folder)
        raise outside
    if ".." in rel.parts:
        raise outside
    found_outside = False
    seeds_parent = [allowed[0].parent] if allowed else []  # "seeds/reference/x.csv" names the built-in seeds
    for folder in [*base_list, *search, *allowed, *seeds_parent]:
        candidate = folder / rel
        if not candidate.exists():
            continue
        if any(candidate.resolve().is_relative_to(r) for r in roots):
            return candidate
        found_outside = True
    if found_outside:
        raise outside
    return base_list[0] / rel
