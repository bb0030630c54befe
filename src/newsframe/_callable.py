"""Packages that are also API functions: ``newsframe.contracts(dir)`` and ``newsframe.extract(documents)``.

``newsframe.contracts`` and ``newsframe.extract`` are subpackages, and Python binds a subpackage to
its parent's attribute once it is imported, so the public functions of those names
(:func:`newsframe.api.contracts`, :func:`newsframe.api.extract`) are reached by making the package
module itself callable. Type checkers see the module: typed code can call ``newsframe.api.extract``.

Examples
--------
>>> import newsframe
>>> from newsframe import contracts
>>> sorted(contracts())[:2], callable(newsframe.extract)
(['actors', 'document_topics'], True)
"""

from __future__ import annotations

import sys
import types
from typing import Any

__all__ = ["callable_package"]


def callable_package(module_name: str, function: str) -> None:
    """Make the module ``module_name`` callable: calling it calls ``newsframe.api.<function>``."""

    class _CallablePackage(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            from newsframe import api

            return getattr(api, function)(*args, **kwargs)

    _CallablePackage.__call__.__doc__ = f"newsframe.api.{function}: see its docstring."
    sys.modules[module_name].__class__ = _CallablePackage
