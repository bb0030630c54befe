"""The newsframe pytest plugin: every check of a validation is a pytest item.

Installed with newsframe (entry point ``pytest11``); it does nothing until asked::

    pytest --newsframe-tables out/tables [--newsframe-contracts contracts/] [--newsframe-gx]

collects one item per check, ``newsframe::<check id>``
(``newsframe::events.quantity.number-ungrounded``), so that ``-k number-ungrounded``,
``--junitxml`` and pytest-xdist (``-n 2``) work as for any test. A failed check
fails its item and prints the rule, the failing row count and the sample rows;
a check that could not run fails too; a skipped check is skipped; a warning
passes with a :class:`NewsframeCheckWarning` (``--newsframe-fail-on warning`` fails it).
The same options can be set in the ini file (``newsframe_tables``,
``newsframe_contracts``).

Fixtures: ``newsframe_results`` (session scope) is the
:class:`newsframe.Results` of the validation the options ask for. For
assertions in your own tests see :mod:`newsframe.testing`.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from newsframe.api import Results
    from newsframe.results import CheckResult

__all__ = ["CheckFailed", "NewsframeCheckItem", "NewsframeCheckWarning"]

_RESULTS_KEY = pytest.StashKey["Results | None"]()


class NewsframeCheckWarning(UserWarning):
    """A warning-severity newsframe check found rows (the item passes unless ``--newsframe-fail-on warning``)."""


class CheckFailed(Exception):
    """A newsframe check failed; carries the check."""

    def __init__(self, check: CheckResult) -> None:
        self.check = check
        super().__init__(check.id)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("newsframe", "newsframe data-quality checks as tests")
    group.addoption(
        "--newsframe-tables",
        metavar="DIR",
        default=None,
        help="validate the tables of DIR and collect every check as a test item",
    )
    group.addoption(
        "--newsframe-contracts", metavar="DIR", default=None, help="contracts folder (default: built-in)"
    )
    group.addoption("--newsframe-gx", action="store_true", help="also run the Great Expectations suites")
    group.addoption(
        "--newsframe-fail-on",
        choices=("error", "warning"),
        default="error",
        help="lowest check level that fails its item (default: error; warnings pass with a warning)",
    )
    parser.addini("newsframe_tables", "tables folder to validate (as --newsframe-tables)", default=None)
    parser.addini("newsframe_contracts", "contracts folder (as --newsframe-contracts)", default=None)


def _option(config: pytest.Config, name: str) -> str | None:
    value = config.getoption(f"--newsframe-{name}")
    if value is None:
        value = config.getini(f"newsframe_{name}") or None
    if value is None:
        return None
    path = Path(str(value))
    if not path.is_absolute() and config.getoption(f"--newsframe-{name}") is None:
        path = config.rootpath / path  # ini paths are relative to the rootdir
    return str(path)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "newsframe: a newsframe data-quality check collected from the tables")
    config.stash[_RESULTS_KEY] = None


def _results(config: pytest.Config) -> Results | None:
    """Validate once per session (per xdist worker) the tables the options name; None without options."""
    cached = config.stash.get(_RESULTS_KEY, None)
    if cached is not None:
        return cached
    tables = _option(config, "tables")
    if tables is None:
        return None
    from newsframe.api import validate
    from newsframe.errors import NewsframeError

    try:
        found = validate(
            tables, contracts=_option(config, "contracts"), gx=bool(config.getoption("--newsframe-gx"))
        )
    except NewsframeError as exc:
        raise pytest.UsageError(f"newsframe: {exc}") from None
    config.stash[_RESULTS_KEY] = found
    return found


class NewsframeChecks(pytest.Collector):
    """The collector of one validation's checks."""

    def collect(self) -> list[pytest.Item]:
        results = _results(self.config)
        assert results is not None
        return [NewsframeCheckItem.from_parent(self, name=c.id, check=c) for c in results.checks]


class NewsframeCheckItem(pytest.Item):
    """One newsframe check as a test: its outcome is the check's status."""

    def __init__(self, *, check: CheckResult, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.add_marker(pytest.mark.newsframe)
        for word in {check.slug, check.table, check.status, check.severity}:
            self.keywords[word] = True
        self.user_properties.extend(
            [("slug", check.slug), ("status", check.status), ("failing_rows", check.failing_rows)]
        )

    def runtest(self) -> None:
        c = self.check
        if c.status == "skipped":
            pytest.skip(c.message or "skipped")
        if c.status in ("failed", "error"):
            raise CheckFailed(c)
        if c.status == "warning":
            if self.config.getoption("--newsframe-fail-on") == "warning":
                raise CheckFailed(c)
            warnings.warn(
                f"{c.id}: {c.failing_rows} row(s): {c.message}", NewsframeCheckWarning, stacklevel=1
            )

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CheckFailed):
            from newsframe.testing import describe_check

            return describe_check(excinfo.value.check, max_rows=20)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return (self.path, None, f"newsframe check {self.check.id}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Add the checks before -k / -m deselect, so that they select newsframe items too."""
    if _option(config, "tables") is None:
        return
    tables = Path(str(_option(config, "tables")))
    collector = NewsframeChecks.from_parent(
        session, name="newsframe", nodeid="newsframe", path=tables.resolve()
    )
    items.extend(collector.collect())


@pytest.fixture(scope="session")
def newsframe_results(request: pytest.FixtureRequest) -> Results:
    """The :class:`newsframe.Results` of ``--newsframe-tables`` (skips the test when no tables were given)."""
    found = _results(request.config)
    if found is None:
        pytest.skip("no --newsframe-tables (or newsframe_tables ini option) given")
    return found
