"""Rollups of the Parquet archive by DuckDB (no Spark here): the same tables the loader's upserts and rollups build
from two batches (the highest batch winning); attach-rollups builds a store that reports the same; the transpiler
refuses what it cannot translate."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pytest

from anning.cli.main import main
from anning.core import auth
from anning.load import loader
from anning.publish import referrals
from anning.scale import attach, engine_duckdb, plan, transpile
from anning.store import db as store
from anning.store import info, sql
from tests.helpers import file_state
from tests.scale import compare


def test_rollup_list_is_every_rollup_query_in_dependency_order() -> None:
    assert plan.ROLLUPS.index("rollup_ports") < plan.ROLLUPS.index("rollup_company_ports")
    assert set(plan.ROLLUPS) == {n for n in sql.registry() if n.startswith("rollup_")}


def test_every_step_transpiles_to_spark() -> None:
    tables = [s.table for name in plan.STEPS for s in transpile.steps(name)]
    assert set(plan.RESULT_TABLES) <= set(tables)
    for name in plan.STEPS:
        for s in transpile.steps(name):
            assert s.spark.upper().startswith(("SELECT", "WITH")), s
            assert '"count"' not in s.spark  # DuckDB's quoted identifier became Spark's `count`


def test_current_tables_keep_every_store_column() -> None:
    # scale_current names its columns; a column added to the store (e.g. the complaint's content) must follow.
    con = duckdb.connect(":memory:")
    try:
        sql.execute(con, "schema_data")
        want = {kind: con.table(kind).columns for kind in plan.KINDS}
        for kind in plan.KINDS:
            con.register(f"raw_{kind}", plan.empty_kind(kind))
        for step in transpile.steps("scale_current"):
            got = con.sql(step.duckdb).columns
            assert got == want[step.table], step.table
    finally:
        con.close()


def test_untranspilable_and_malformed_statements_are_refused() -> None:
    with pytest.raises(transpile.TranspileError, match="does not transpile"):
        transpile.step("bad", 'create or replace table r_x as select arg_max(industry, "count", 3) from complaints')
    with pytest.raises(transpile.TranspileError, match="replace one table"):
        transpile.step("bad", "insert into r_x select 1")


def test_duckdb_rollups_of_the_archive_equal_the_loaders_tables(two_batch_db: Path, duckdb_out: Path) -> None:
    con = duckdb.connect(str(two_batch_db), read_only=True)
    try:
        for table in [t for t in plan.OUTPUT_TABLES if not t.startswith("archive_")]:
            assert compare.differences(con, table, compare.folder(duckdb_out, table)) == [], table
        facts = con.read_parquet(str(duckdb_out / "archive_facts" / "*.parquet")).df().iloc[0]
        meta = dict(con.table("meta").fetchall())
        assert str(facts.data_as_of)[:10] == meta["data_as_of"]
        assert int(facts.complaints) == len(con.table("complaints").df())
        batches = con.read_parquet(str(duckdb_out / "archive_batches" / "*.parquet")).df()
        loaded = con.table("batches").df()
        assert list(batches.batch_id) == list(loaded.batch_id) == [1, 2]
        for kind in ("complaints", "takedowns", "enforcement"):
            assert list(batches[f"rows_{kind}"]) == list(loaded[f"rows_{kind}"]), kind
    finally:
        con.close()


def _current(archive: Path, kind: str, key: str) -> pd.DataFrame:
    """The rows the store would hold, computed here with pandas: per id, the row of the highest batch."""
    df = ds.dataset(archive / f"kind={kind}", format="parquet", partitioning="hive").to_table().to_pandas()
    return df.sort_values("batch_id").drop_duplicates(key, keep="last")


def test_the_highest_batch_wins(archive: Path, duckdb_out: Path) -> None:
    complaints = _current(archive, "complaints", "complaint_id")
    takedowns = _current(archive, "takedowns", "takedown_id")
    assert (complaints.batch_id == 2).any() and (complaints.batch_id == 1).any()  # the fixture corrects some rows
    con = duckdb.connect()
    try:
        rank = con.read_parquet(str(duckdb_out / "r_rank" / "*.parquet")).df()
        by_industry = rank[rank.dim == "industry"].groupby("key").complaints.sum().sort_index()
        want = complaints.groupby("industry")["count"].sum().sort_index()
        assert by_industry.to_dict() == {k: int(v) for k, v in want.items()}
        out = con.read_parquet(str(duckdb_out / "takedowns" / "*.parquet")).df().set_index("takedown_id")
        assert len(out) == len(takedowns)
        corrected = takedowns[takedowns.batch_id == 2].takedown_id
        assert len(corrected) and (out.loc[corrected, "reason"] == "corrected").all()
        facts = con.read_parquet(str(duckdb_out / "archive_facts" / "*.parquet")).df().iloc[0]
        assert int(facts.complaints) == len(complaints)
    finally:
        con.close()


def test_bad_archive_or_output_is_refused_clearly(archive: Path, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such archive"):
        engine_duckdb.run(tmp_path / "nowhere", tmp_path / "out")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no complaints in the archive"):
        engine_duckdb.run(tmp_path / "empty", tmp_path / "out")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    with pytest.raises(ValueError, match="not empty"):
        engine_duckdb.run(archive, busy)
    assert (busy / "keep.txt").read_text() == "mine"


def test_an_archive_without_enforcement_still_rolls_up(archive: Path, tmp_path: Path) -> None:
    partial = tmp_path / "archive"
    shutil.copytree(archive, partial, ignore=shutil.ignore_patterns("kind=enforcement"))
    report = engine_duckdb.run(partial, tmp_path / "out")
    assert report.rows["enforcement"] == 0 and report.rows["r_rank"] > 0


def test_attached_store_reports_what_the_loaders_store_does(
    two_batch_db: Path, duckdb_out: Path, tmp_path: Path
) -> None:
    db = tmp_path / "app" / "anning.duckdb"
    report = attach.attach(duckdb_out, db, two_batch_db)
    assert report.batches == 2 and report.engine == "duckdb"
    mine, theirs = store.Reader(db), store.Reader(two_batch_db)
    try:
        a, b = info.store_info(mine), info.store_info(theirs)
        assert a.rollups_only and not b.rollups_only
        assert (a.version, a.data_as_of, a.demo, a.batches, a.complaints, a.quarters, a.complete, a.real_data) == (
            b.version,
            b.data_as_of,
            b.demo,
            b.batches,
            b.complaints,
            b.quarters,
            b.complete,
            b.real_data,
        )
        pd.testing.assert_frame_equal(mine.query("batches_list"), theirs.query("batches_list"))
        pd.testing.assert_frame_equal(mine.query("batch_file_list"), theirs.query("batch_file_list"))
    finally:
        mine.close()
        theirs.close()


def test_referrals_refuse_on_an_attached_store(two_batch_db: Path, duckdb_out: Path, tmp_path: Path) -> None:
    db = tmp_path / "app" / "anning.duckdb"
    attach.attach(duckdb_out, db, two_batch_db)
    reader = store.Reader(db)
    try:
        with pytest.raises(referrals.ReferralError, match="no individual complaints"):
            referrals.prepare(db, reader, "2026Q2", auth.User("ana", "analyst"))
    finally:
        reader.close()


def test_attach_refuses_rollups_of_other_batches_and_keeps_the_store(
    demo_db: Path, two_batch_db: Path, duckdb_out: Path, tmp_path: Path
) -> None:
    db = tmp_path / "app" / "anning.duckdb"
    attach.attach(duckdb_out, db, two_batch_db)
    before = file_state(db)
    # The demo store recorded batch 1 only: the rollups include a batch it never loaded.
    with pytest.raises(ValueError, match="describe different batches"):
        attach.attach(duckdb_out, db, demo_db)
    assert file_state(db) == before


def test_attach_refuses_an_unfinished_output(two_batch_db: Path, duckdb_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "rollups"
    shutil.copytree(duckdb_out, out)
    shutil.rmtree(out / plan.MANIFEST)
    with pytest.raises(ValueError, match="did not finish"):
        attach.attach(out, tmp_path / "a.duckdb", two_batch_db)
    assert not (tmp_path / "a.duckdb").exists()
    shutil.copytree(duckdb_out / plan.MANIFEST, out / plan.MANIFEST)
    for f in (out / "r_rank").glob("*.parquet"):
        f.unlink()
    with pytest.raises(ValueError, match="damaged"):
        attach.attach(out, tmp_path / "a.duckdb", two_batch_db)


def test_cli_rollups_and_attach(
    two_batch_db: Path, archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rollups"
    assert main(["rollups", "--archive", str(archive), "--out", str(out)]) == 0
    assert "r_company_takedowns" in capsys.readouterr().out
    db = tmp_path / "served.duckdb"
    assert main(["attach-rollups", str(out), "--catalog", str(two_batch_db), "--db", str(db)]) == 0
    assert "2 batches (rollups by duckdb)" in capsys.readouterr().out
    assert main(["rollups", "--archive", "s3a://bucket/archive", "--out", str(tmp_path / "x")]) == 2
    assert "use --engine spark" in capsys.readouterr().err
    assert main(["attach-rollups", str(tmp_path / "nowhere"), "--catalog", str(two_batch_db), "--db", str(db)]) == 2


def test_loading_into_an_attached_store_is_refused(two_batch_db: Path, duckdb_out: Path, tmp_path: Path) -> None:
    from tests.helpers import COMPLAINT_HEADER, complaint, write_csv

    db = tmp_path / "app" / "anning.duckdb"
    attach.attach(duckdb_out, db, two_batch_db)
    before = file_state(db)
    report = loader.load([write_csv(tmp_path / "c.csv", COMPLAINT_HEADER, [complaint(1)])], db, user="ana")
    assert not report.ok and [e.code for e in report.errors] == ["rollups_only"]
    assert "loader's store" in report.lines()[0]
    assert file_state(db) == before
