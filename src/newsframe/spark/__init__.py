"""newsframe on Apache Spark: the same extraction and validation, for data that outgrows one machine.

Everything here imports pyspark lazily, inside the functions that need it; ``import
newsframe.spark`` works without the ``[spark]`` extra installed.

``spark_session(master)``
    The session ``--spark`` runs on (:mod:`newsframe.spark.session`).
"""

from __future__ import annotations

from newsframe.spark.session import DEFAULT_MASTER, SparkUnavailable, spark_missing, spark_session

__all__ = ["DEFAULT_MASTER", "SparkUnavailable", "spark_missing", "spark_session"]
