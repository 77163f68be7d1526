"""The rollups of a Parquet archive computed by Apache Spark (``rollups --engine spark``).

Spark runs the same named queries as DuckDB, transpiled by sqlglot (:mod:`anning.scale.transpile`).
The archive and the output may be any URI Spark reads and writes (a local folder, ``hdfs://``,
``s3a://``). Locally Spark runs in-process (``local[2]``); under ``spark-submit`` the session
comes from the submit's configuration (master, memory, object-store credentials).

Types: DuckDB's ``TIMESTAMP`` has no time zone, which is Spark's ``TIMESTAMP_NTZ``, so the session
makes that the default timestamp type (``spark.sql.timestampType``) and casts in the queries mean
the same thing on both engines.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from anning.scale import plan, transpile

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

Progress = Callable[[str], None]

# DuckDB types of the store's archived columns -> Spark SQL types.
_SPARK_TYPES = {
    "VARCHAR": "STRING",
    "TIMESTAMP": "TIMESTAMP_NTZ",
    "DATE": "DATE",
    "INTEGER": "INT",
    "BIGINT": "BIGINT",
    "BOOLEAN": "BOOLEAN",
    "DOUBLE": "DOUBLE",
}


def spark_type(duckdb_type: str) -> str:
    """The Spark SQL type of a DuckDB column type used in the store's tables."""
    if duckdb_type.startswith("DECIMAL("):
        return duckdb_type
    try:
        return _SPARK_TYPES[duckdb_type]
    except KeyError:
        raise ValueError(f"no Spark type for the DuckDB type {duckdb_type}; add it to _SPARK_TYPES") from None


def archive_schema(kind: str) -> str:
    """The Spark DDL schema an archived kind is read with (the partition column ``quarter`` included)."""
    return ", ".join(f"`{c.name}` {spark_type(c.type)}" for c in plan.archive_columns(kind))


def under_spark_submit() -> bool:
    """True when ``spark-submit`` started this process (it hands Python its JVM's gateway port)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def session(
    master: str | None = "local[2]", shuffle_partitions: int | None = 4, driver_memory: str | None = None
) -> SparkSession:
    """A Spark session configured for the rollups.

    Under ``spark-submit`` (which sets ``PYSPARK_GATEWAY_PORT``) the master and resources come from the
    submit; otherwise a local session with ``master`` cores. The web UI is off for local runs (tests and
    CI must not open ports they do not need).
    """
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("anning-rollups")
    submitted = under_spark_submit()
    if not submitted and master:
        builder = builder.master(master)
        if master.startswith("local"):
            builder = builder.config("spark.ui.enabled", "false")
    if driver_memory and not submitted:
        builder = builder.config("spark.driver.memory", driver_memory)
    if shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    builder = (
        builder.config("spark.sql.timestampType", "TIMESTAMP_NTZ")
        .config("spark.sql.session.timeZone", "UTC")
        # quarter=2024Q1 stays a string; never guess partition value types.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.sql.parquet.compression.codec", "zstd")
        .config("spark.ui.showConsoleProgress", "false")
    )
    spark = builder.getOrCreate()
    # Spark logs every rejected statement with a JVM stack trace; the Python exception already says what failed.
    spark.sparkContext.setLogLevel("FATAL")
    return spark


def _archive_view(spark: SparkSession, archive: str, kind: str) -> None:
    from pyspark.errors import AnalysisException

    folder = f"{archive.rstrip('/')}/kind={kind}"
    cols = [c.name for c in plan.archive_columns(kind)]
    try:
        df = spark.read.schema(archive_schema(kind)).option("basePath", folder).parquet(folder).select(*cols)
    except AnalysisException as exc:
        if "PATH_NOT_FOUND" not in str(exc.getCondition() or exc):
            raise
        if kind == "complaints":
            raise ValueError(
                f"{archive}: no complaints in the archive (expected kind=complaints/quarter=*/b*.parquet)"
            ) from None
        df = spark.createDataFrame(plan.empty_kind(kind))
    df.createOrReplaceTempView(f"raw_{kind}")


def analyse(spark: SparkSession, steps: Sequence[transpile.Step] | None = None) -> int:
    """Have Spark parse and analyse every step (all of :data:`plan.STEPS` by default) without running any.

    The archive views are empty and each step's result is registered as a lazy view, so this takes seconds.
    A statement Spark rejects (an unknown function, a type it cannot resolve) raises
    :class:`~anning.scale.transpile.TranspileError` naming the query. Returns the statements analysed.
    """
    from pyspark.errors import PySparkException

    for kind in plan.KINDS:
        spark.createDataFrame(plan.empty_kind(kind)).createOrReplaceTempView(f"raw_{kind}")
    todo = steps if steps is not None else [s for name in plan.STEPS for s in transpile.steps(name)]
    for s in todo:
        try:
            spark.sql(s.spark).createOrReplaceTempView(s.table)
        except PySparkException as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise transpile.TranspileError(f"{s.query}: Spark rejects the translation of {s.table}: {first}") from exc
    return len(todo)


def _write(df: DataFrame, out: str, table: str) -> str:
    from pyspark.errors import AnalysisException

    path = f"{out.rstrip('/')}/{table}"
    try:
        df.write.mode("errorifexists").parquet(path)
    except AnalysisException as exc:
        if "PATH_ALREADY_EXISTS" in str(exc.getCondition() or exc):
            raise ValueError(f"{path} already exists; write the rollups to a new --out") from None
        raise
    return path


def run(spark: SparkSession, archive: str, out: str, progress: Progress | None = None) -> plan.RunReport:
    """Compute every output table of :mod:`anning.scale.plan` from ``archive`` and write them under ``out``."""
    started = time.monotonic()
    analyse(spark)  # every statement is accepted before anything is written
    steps: list[tuple[str, float]] = [("analyse", time.monotonic() - started)]
    for kind in plan.KINDS:
        _archive_view(spark, archive, kind)
    written: dict[str, str] = {}
    cached: list[DataFrame] = []
    try:
        for name in plan.STEPS:
            t0 = time.monotonic()
            if progress:
                progress(name)
            for step in transpile.steps(name):
                df = spark.sql(step.spark)
                if step.table in plan.RESULT_TABLES:
                    # Materialised and read back, so later steps (r_company_takedowns reads r_ports) reuse it.
                    written[step.table] = _write(df, out, step.table)
                    spark.read.parquet(written[step.table]).createOrReplaceTempView(step.table)
                else:
                    # The current complaints feed every rollup: computed once, kept (spilling to disk if need be).
                    cached.append(df.persist())
                    df.createOrReplaceTempView(step.table)
            steps.append((name, time.monotonic() - t0))
        t0 = time.monotonic()
        for table, arrow in plan.reference_tables().items():
            written[table] = _write(spark.createDataFrame(arrow).coalesce(1), out, table)
        rows = {t: int(spark.read.parquet(written[t]).count()) for t in plan.OUTPUT_TABLES}
        _write(spark.createDataFrame(plan.manifest_table(rows, "spark")).coalesce(1), out, plan.MANIFEST)
        steps.append(("write", time.monotonic() - t0))
    finally:
        for df in cached:
            df.unpersist()
    return plan.RunReport("spark", archive, out, rows, tuple(steps), time.monotonic() - started)


def compute(
    archive: str,
    out: str,
    *,
    master: str = "local[2]",
    shuffle_partitions: int | None = None,
    driver_memory: str | None = None,
    progress: Progress | None = None,
) -> plan.RunReport:
    """:func:`run` in a session of its own (stopped afterwards), or in the caller's if one is active."""
    from pyspark.sql import SparkSession

    running = SparkSession.getActiveSession()  # a caller's session (a notebook, a test) is not ours to stop
    # Under spark-submit the submit's --conf decides the shuffle partitions unless the command names them.
    local = master.startswith("local") and not under_spark_submit()
    spark = session(master, shuffle_partitions or (4 if local else None), driver_memory)
    try:
        return run(spark, archive, out, progress)
    finally:
        if running is None:
            spark.stop()
