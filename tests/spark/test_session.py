"""The session: settings newsframe relies on, and a clear error when Spark cannot run."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from newsframe.errors import SparkUnavailable
from newsframe.spark import session as session_mod


def test_missing_pyspark_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyspark" else real(name, *a)
    )
    assert "make spark" in (session_mod.spark_missing() or "")
    with pytest.raises(SparkUnavailable, match="pyspark is not installed") as info:
        session_mod.spark_session("local[1]")
    assert info.value.exit_code == 2


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("pyspark is not installed")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(session_mod.shutil, "which", lambda name: None)
    assert "Java" in (session_mod.spark_missing() or "")


@pytest.mark.parametrize(
    ("master", "cores"), [("local", 1), ("local[3]", 3), ("local[2,4]", 2), ("yarn", None)]
)
def test_local_cores(master: str, cores: int | None) -> None:
    assert session_mod._local_cores(master) == cores


def test_session_settings(spark: Any) -> None:
    assert spark.conf.get("spark.sql.session.timeZone") == "UTC"
    assert spark.conf.get("spark.sql.execution.arrow.pyspark.enabled") == "true"
    # an active session is reused, whatever master is asked for
    assert session_mod.spark_session("local[1]") is spark
