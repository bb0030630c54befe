"""Output folders written atomically as a set: staging beside the target, a lock, a run id, one swap.

``newsframe run --out OUT`` owns ``OUT``. Everything a run writes there (the
tables, ``results.json``, ``report.html``, any ``--json``/``--junit``/``--html``
file inside ``OUT``) is first written to a staging folder beside it
(``.OUT.staging-<run id>``), then the staging folder and ``OUT`` are swapped in
one ``rename`` (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, and
the next run repairs a swap cut in the middle). A reader, or a run killed at any
moment, therefore sees the old set or the new set, never a mix, and never a
truncated file. Report files asked for outside ``OUT`` are written to a
temporary file beside their target first, and renamed into place right after
the swap.

* **Run id.** Every run has one (:attr:`Output.run_id`); it is in the Parquet
  metadata of every table file it wrote (key ``newsframe:run_id``), in
  ``results.json`` (``run.run_id``) and in ``OUT/.newsframe-run.json``, which
  also lists the runs whose files the folder holds (``--append`` keeps older
  parts).
* **Lock.** ``.OUT.lock`` beside ``OUT`` is held (``flock``) for the whole run: a
  second run into the same folder exits 2 at once, with a clear message.
* **Errors.** Any error while writing (no space, a read-only folder, a report
  path that is a folder) is :class:`~newsframe.errors.OutputError` (exit 2), and
  nothing is replaced: the staging folder is removed.
* **Ownership.** ``OUT`` is replaced as a whole, so a run refuses (exit 2) to
  replace a folder that holds files but no ``.newsframe-run.json``: it is not a
  newsframe output.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> root = Path(tempfile.mkdtemp())
>>> with Output(root / "out") as out:
...     _ = (out.staging / "hello.txt").write_text("hi")
...     out.commit()
>>> (root / "out" / "hello.txt").read_text(), sorted(p.name for p in root.iterdir())
('hi', ['.out.lock', 'out'])
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import polars as pl

from newsframe.errors import OutputError

__all__ = ["MARKER", "RUN_ID_KEY", "Output", "part_name", "read_marker", "run_id_of", "write_part"]

MARKER = ".newsframe-run.json"
"""The file in an output folder naming the run that wrote it."""

RUN_ID_KEY = "newsframe:run_id"
"""The Parquet key-value metadata key holding the run id."""

_RENAME_EXCHANGE = 2


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd = -100
    res = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def part_name(number: int) -> str:
    """The file name of part ``number`` of a table (``part-00042.parquet``)."""
    return f"part-{number:05d}.parquet"


def write_part(frame: pl.DataFrame, path: Path, *, run_id: str) -> None:
    """Write one Parquet part with the run id in its metadata (parent folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(path, metadata={RUN_ID_KEY: run_id})


def run_id_of(path: Path) -> str | None:
    """The run id in a Parquet file's metadata (None when absent)."""
    return pl.read_parquet_metadata(path).get(RUN_ID_KEY)


def read_marker(folder: Path) -> dict[str, Any] | None:
    """The ``.newsframe-run.json`` of an output folder, or None when there is none."""
    path = Path(folder) / MARKER
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OutputError(f"unreadable run marker: {exc}", path=path) from None
    return data if isinstance(data, dict) else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Output:
    """An output folder being written; use as a context manager, write under :attr:`staging`, then :meth:`commit`.

    Parameters
    ----------
    target
        The output folder (``--out``).
    keep
        Names of entries of the current ``target`` to bring into the staging
        folder as hard links (no copy) before writing: what ``--append`` reuses.
    """

    def __init__(self, target: Path, *, keep: tuple[str, ...] = ()) -> None:
        self.target = Path(target).absolute()
        self.run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + uuid.uuid4().hex[:8]
        parent = self.target.parent
        self.staging = parent / f".{self.target.name}.staging-{self.run_id}"
        self._lock_path = parent / f".{self.target.name}.lock"
        self._lock: Any = None
        self._keep = keep
        self._outside: dict[Path, Path] = {}
        self.committed = False

    # -- lifecycle -----------------------------------------------------------
    def __enter__(self) -> Output:
        parent = self.target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self._lock = open(self._lock_path, "a+")
        except OSError as exc:
            raise OutputError(f"cannot write beside the output folder: {_why(exc)}", path=parent) from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            self._lock = None
            raise OutputError(
                f"another newsframe run is writing to this folder (lock {self._lock_path.name} is held); "
                "wait for it, or choose another --out",
                path=self.target,
            ) from None
        try:
            self._lock.seek(0)
            self._lock.truncate()
            self._lock.write(f"{os.getpid()} {self.run_id}\n")
            self._lock.flush()
            self._repair()
            self._check_owned()
            self.staging.mkdir()
            for name in self._keep:
                src = self.target / name
                if src.exists():
                    shutil.copytree(src, self.staging / name, copy_function=os.link)
        except OSError as exc:
            self._cleanup()
            raise OutputError(f"cannot prepare the output: {_why(exc)}", path=self.target) from None
        except BaseException:
            self._cleanup()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        if not self.committed:
            shutil.rmtree(self.staging, ignore_errors=True)
            for tmp in self._outside.values():
                with contextlib.suppress(OSError):
                    tmp.unlink()
        if self._lock is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock, fcntl.LOCK_UN)
                self._lock.close()
            self._lock = None

    def _repair(self) -> None:
        """With the lock held: finish or undo what a killed run left (a half swap, stale staging folders)."""
        parent, name = self.target.parent, self.target.name
        olds = sorted(parent.glob(f".{name}.old-*"))
        if not self.target.exists() and olds:
            olds[-1].rename(self.target)  # a two-rename swap cut between its renames: put the old set back
            olds = olds[:-1]
        for stale in [*parent.glob(f".{name}.staging-*"), *olds]:
            shutil.rmtree(stale, ignore_errors=True)
        for tmp in parent.glob(f".*.{name}-tmp-*"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _check_owned(self) -> None:
        t = self.target
        if not t.exists():
            return
        if not t.is_dir():
            raise OutputError("the output path exists and is not a folder", path=t)
        if (t / MARKER).is_file() or not any(t.iterdir()):
            return
        raise OutputError(
            f"not a newsframe output folder (no {MARKER}) and not empty: newsframe run replaces --out as a "
            "whole, so it will not replace this one; choose a new or empty folder",
            path=t,
        )

    # -- writing -------------------------------------------------------------
    def path_for(self, path: Path) -> Path:
        """Where to write a file the user named: inside the staging folder if ``path`` is in the target, else a
        temporary file beside ``path`` (renamed into place by :meth:`commit`)."""
        p = Path(path).absolute()
        if p == self.target or self.target in p.parents:
            return self.staging / p.relative_to(self.target)
        if p.is_dir():
            raise OutputError("is a folder, not a file", path=path)
        if not p.parent.is_dir():
            raise OutputError("its folder does not exist", path=path)
        tmp = p.parent / f".{p.name}.{self.target.name}-tmp-{self.run_id}"
        try:
            tmp.touch()
        except OSError as exc:
            raise OutputError(f"cannot write here: {_why(exc)}", path=path) from None
        self._outside[p] = tmp
        return tmp

    def write_marker(self, facts: Mapping[str, Any]) -> None:
        """Write ``.newsframe-run.json`` into the staging folder (the run id plus ``facts``)."""
        data = {"run_id": self.run_id, **facts}
        (self.staging / MARKER).write_text(
            json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    def commit(self) -> None:
        """Make the staged set the target's content in one swap, then move the outside files into place."""
        try:
            _fsync_tree(self.staging)
            if not self.target.exists():
                self.staging.rename(self.target)
            elif _exchange(self.staging, self.target):
                shutil.rmtree(self.staging, ignore_errors=True)  # now the old set
            else:
                old = self.target.parent / f".{self.target.name}.old-{self.run_id}"
                self.target.rename(old)
                self.staging.rename(self.target)
                shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            raise OutputError(f"cannot replace the output folder: {_why(exc)}", path=self.target) from None
        self.committed = True
        for final, tmp in self._outside.items():
            try:
                tmp.replace(final)
            except OSError as exc:
                raise OutputError(f"cannot write: {_why(exc)}", path=final) from None


def _fsync_tree(folder: Path) -> None:
    """Flush every file of ``folder`` to disk, so that a crash after the swap leaves no empty file."""
    for path in _files(folder):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _files(folder: Path) -> Iterator[Path]:
    for root, _dirs, names in os.walk(folder):
        for name in names:
            yield Path(root) / name
