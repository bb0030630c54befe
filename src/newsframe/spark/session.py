"""The SparkSession newsframe runs on: found or started once, configured for reproducible results.

pyspark is an optional extra (``pip install 'newsframe[spark]'`` or ``make spark``)
and needs a Java runtime (17 or 21 for Spark 4). Both are looked for only when a
``--spark`` path asks for a session; without them :func:`spark_session` raises
:class:`SparkUnavailable` (exit code 2) saying what to install.

Settings newsframe relies on, whatever the master:

* ``spark.sql.session.timeZone=UTC``: dates and timestamps read and written as the local run does;
* Arrow transfer on (``mapInArrow`` and ``toArrow`` move columns, not pickled rows);
* the Python workers run the driver's interpreter (``PYSPARK_PYTHON``), so they see the same
  newsframe, Polars and spaCy;
* in local mode, few shuffle partitions and no web UI: a small job does not pay for 200 empty tasks.

Examples
--------
>>> spark_missing() in (None, spark_missing())
True
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from newsframe.errors import SparkUnavailable

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["DEFAULT_MASTER", "SparkUnavailable", "spark_missing", "spark_session"]

DEFAULT_MASTER = "local[*]"
"""The master ``--spark`` uses unless ``--spark-master`` names another (``spark://host:7077``, ``yarn``)."""


def spark_missing() -> str | None:
    """Why Spark cannot run here (pyspark or Java missing), or None when it can.

    Examples
    --------
    >>> reason = spark_missing()
    >>> reason is None or "install" in reason
    True
    """
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed: install the extra with `make spark` or `pip install 'newsframe[spark]'`"
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and os.path.exists(os.path.join(java_home, "bin", "java"))) and not shutil.which(
        "java"
    ):
        return "no Java runtime found (JAVA_HOME or java on PATH): install Java 17, e.g. `apt-get install openjdk-17-jre-headless`"
    return None


def _local_cores(master: str) -> int | None:
    """Cores of a ``local[N]``/``local[*]``/``local`` master, None for a cluster master."""
    if master == "local":
        return 1
    if master.startswith("local[") and master.endswith("]"):
        inner = master[6:-1].split(",")[0]
        return os.cpu_count() or 1 if inner == "*" else max(1, int(inner)) if inner.isdigit() else None
    return None


def spark_session(
    master: str = DEFAULT_MASTER, *, app_name: str = "newsframe", config: Mapping[str, str] | None = None
) -> SparkSession:
    """The active SparkSession, or a new one on ``master``.

    An active session (a notebook's, a ``spark-submit`` job's, a test fixture's) is reused as it
    is, whatever ``master`` says: newsframe never stops or reconfigures a session it did not start.
    ``config`` adds Spark settings to a new session (``{"spark.driver.memory": "6g"}``).

    Raises
    ------
    SparkUnavailable
        When pyspark or Java is missing, or the JVM does not start.
    """
    reason = spark_missing()
    if reason is not None:
        raise SparkUnavailable(reason)
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    cores = _local_cores(master)
    if cores is not None:
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", str(max(2, 2 * cores)))
            .config("spark.default.parallelism", str(max(2, cores)))
            .config("spark.driver.extraJavaOptions", "-Dlog4j.rootLogger=ERROR")
        )
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: say why, without a Java stack trace
        raise SparkUnavailable(
            f"Spark did not start on master {master!r}: {str(exc).splitlines()[0]}"
        ) from exc
    session.sparkContext.setLogLevel("ERROR")
    return session
