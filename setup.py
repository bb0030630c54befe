"""Build hook: copy the declarative top-level folders into the wheel.

``contracts/``, ``pipelines/``, ``seeds/`` and ``ci/`` live at the top of the
repository, where users read and edit them. A plain ``pip install .`` copies
them into ``newsframe/_assets/`` so that an installed newsframe has its
defaults; :mod:`newsframe.assets` finds either location.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ASSETS = ("contracts", "pipelines", "seeds", "ci")


class BuildPyWithAssets(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        for name in ASSETS:
            src = root / name
            if src.is_dir():
                dst = Path(self.build_lib) / "newsframe" / "_assets" / name
                shutil.copytree(src, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildPyWithAssets})
