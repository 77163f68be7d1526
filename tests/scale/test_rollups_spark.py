"""Apache Spark (local[2]) computes exactly DuckDB's rollups of the Parquet archive, and a store attached from
Spark's output serves the same overview, rankings and map as the loader's DuckDB store.

Needs a Java runtime (Debian's openjdk-17-jre-headless, installed by .ci/run) and pyspark (requirements.txt).
One Spark session serves the module; it starts in about 20 seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from anning.cli.main import main
from anning.scale import engine_spark, plan, transpile
from tests.scale import compare, pages

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = engine_spark.session("local[2]", shuffle_partitions=2)
    yield session
    session.stop()


def test_spark_accepts_every_rollup_statement(spark: Any) -> None:
    assert engine_spark.analyse(spark) == sum(len(transpile.steps(n)) for n in plan.STEPS)


def test_a_statement_spark_rejects_is_reported_by_query(spark: Any) -> None:
    # sqlglot writes DuckDB's hugeint as INT128, a type Spark does not have: only Spark's analysis catches it.
    bad = transpile.step("rollup_bad", 'create or replace table r_bad as select "count"::hugeint as n from complaints')
    with pytest.raises(transpile.TranspileError, match=r"rollup_bad: Spark rejects .*INT128"):
        engine_spark.analyse(spark, [bad])


@pytest.fixture(scope="module")
def spark_out(spark: Any, archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Spark's output for the two-batch archive, through the command line (which must not stop our session)."""
    out = tmp_path_factory.mktemp("spark_out") / "rollups"
    assert (
        main(
            ["rollups", "--engine", "spark", "--archive", str(archive), "--out", str(out), "--shuffle-partitions", "2"]
        )
        == 0
    )
    return out


def test_spark_rollups_equal_duckdbs_row_for_row(spark_out: Path, duckdb_out: Path) -> None:
    assert plan.parquet_rows(spark_out / "archive_batches") == 2  # both batches read: the highest batch must win
    con = duckdb.connect()
    try:
        for table in plan.OUTPUT_TABLES:
            assert (
                compare.differences(con, compare.folder(duckdb_out, table), compare.folder(spark_out, table)) == []
            ), table
    finally:
        con.close()


def test_spark_refuses_to_overwrite_an_output(spark: Any, archive: Path, tmp_path: Path) -> None:
    (tmp_path / "out" / "r_rank").mkdir(parents=True)
    with pytest.raises(ValueError, match="already exists"):
        engine_spark.run(spark, str(archive), str(tmp_path / "out"))


def test_pages_served_from_spark_rollups_match_the_duckdb_store(
    spark_out: Path,
    two_batch_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    served = tmp_path / "served" / "anning.duckdb"
    assert main(["attach-rollups", str(spark_out), "--catalog", str(two_batch_db), "--db", str(served)]) == 0
    assert "(rollups by spark)" in capsys.readouterr().out
    for page, lang, widgets in pages.VIEWS:
        monkeypatch.setenv("ANNING_DB", str(two_batch_db))
        want = pages.snapshot(page, lang, widgets)
        monkeypatch.setenv("ANNING_DB", str(served))
        got = pages.snapshot(page, lang, widgets)
        assert want["metrics"] or want["tables"] or want["maps"], (page, "nothing to compare")
        for part in want:
            assert got[part] == want[part], (page, lang, widgets, part)
