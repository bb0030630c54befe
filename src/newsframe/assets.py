"""Locate the declarative assets: ``contracts/``, ``pipelines/``, ``seeds/``, ``ci/``.

In a source checkout (or an editable install) they are the top-level folders of
the repository. A plain ``pip install .`` copies them into the package as
``newsframe/_assets/<name>`` (see ``setup.py``). The checkout wins when both
exist, so that edits to the repository's files take effect at once.

Examples
--------
>>> from newsframe.assets import asset_dir
>>> asset_dir("contracts").name
'contracts'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from newsframe.errors import InputError

__all__ = ["AssetName", "asset_dir", "asset_path"]

AssetName = Literal["contracts", "pipelines", "seeds", "ci"]

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent  # src/newsframe -> repository root


def asset_dir(name: AssetName) -> Path:
    """Return the folder of asset ``name``, from the checkout or the installed package.

    Raises
    ------
    InputError
        When neither location holds it (a broken install).
    """
    for root in (_CHECKOUT, _PACKAGE / "_assets"):
        candidate = root / name
        if candidate.is_dir() and (root != _CHECKOUT or (_CHECKOUT / "pyproject.toml").is_file()):
            return candidate
    raise InputError(
        f"asset folder {name!r} not found; reinstall newsframe", path=_PACKAGE / "_assets" / name
    )


def asset_path(name: AssetName, *parts: str) -> Path:
    """Return a path inside asset folder ``name``.

    Examples
    --------
    >>> asset_path("seeds", "reference", "plover_codebook.csv").name
    'plover_codebook.csv'
    """
    return asset_dir(name).joinpath(*parts)
