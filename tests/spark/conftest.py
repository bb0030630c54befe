"""One local[2] SparkSession for the whole test session; every Spark test skips without pyspark or Java."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from newsframe.spark import spark_missing


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """The shared session (started once, ~10-20 s on a busy 2-core machine; stopped at the end)."""
    reason = spark_missing()
    if reason is not None:
        pytest.skip(f"Spark tests need pyspark and Java: {reason}")
    from newsframe.spark import spark_session

    session = spark_session("local[2]", app_name="newsframe-tests")
    yield session
    session.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep every Spark test on one xdist worker (``--dist loadgroup``), so that one JVM starts, not two."""
    for item in items:
        if "tests/spark/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.xdist_group("spark"))
