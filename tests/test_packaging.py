"""A plain (not editable) install carries the declarative assets, and finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from newsframe.assets import asset_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.xdist_group("packaging")
def test_wheel_carries_contracts_pipelines_seeds_and_ci(tmp_path: Path) -> None:
    # Build offline with the setuptools the lock file installed (no build isolation, no index).
    build = tmp_path / "src"
    subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], check=True, capture_output=True
    )  # the checkout is a git repo; copy only tracked + working files below
    import shutil

    shutil.copytree(
        ROOT,
        build,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "out", "build", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(build),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("newsframe-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("contracts", "pipelines", "seeds", "ci"):
        repo_files = {
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert repo_files, f"{folder}/ is empty in the repository"
        missing = {f for f in repo_files if f"newsframe/_assets/{f}" not in names}
        assert not missing, f"wheel lacks {sorted(missing)[:5]}"
    assert "newsframe/py.typed" in names


def test_asset_dir_finds_the_checkout() -> None:
    assert asset_dir("contracts") == ROOT / "contracts"
    assert asset_dir("seeds") == ROOT / "seeds"


def test_version_is_one_figure() -> None:
    # pyproject.toml is what pip records; __version__ is what reports, JUnit and --version print.
    import tomllib

    from newsframe import __version__

    with (ROOT / "pyproject.toml").open("rb") as fh:
        declared = tomllib.load(fh)["project"]["version"]
    assert __version__ == declared
