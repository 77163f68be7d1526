"""A load refreshes only the rollup quarters it changed (issue 13, item 3), and the result is a full rebuild's.

The demo store (one batch, every quarter) gets a second batch that corrects a stored complaint into another
quarter, adds complaints to a third and a takedown: every r_* table must then equal, row for row, what a full
rebuild of the same store gives, and the full rebuild must not have been run by the load. A store whose rollups
were built by other queries (an older Anning) or a load touching most quarters is rebuilt whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from anning.load import loader
from anning.store import db as store
from anning.store import sql
from tests.helpers import COMPLAINT_HEADER, TAKEDOWN_HEADER, complaint, copy_store, load, rows, write_csv


def rollup_tables() -> list[str]:
    return [loader.rollup_table(name) for name in sql.ROLLUPS]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    # Table names come from the fixed rollup list, never from data.
    return {t: rows(db, f"select * from {sql.ident(t)} order by all") for t in rollup_tables()}


def full_rebuild(db: Path, dst: Path) -> dict[str, list[tuple]]:
    """The same store's rollups rebuilt whole, on a copy."""
    copy = copy_store(db, dst)
    store.swap_write(copy, loader.rebuild_rollups, schema="schema_data")
    return snapshot(copy)


def second_batch(tmp_path: Path, db: Path) -> tuple[list[Path], set[str]]:
    """A correction that moves a stored complaint to another quarter, new complaints, a takedown."""
    ((cid, old_quarter),) = rows(db, "select complaint_id, quarter from complaints where quarter = '2023Q2' limit 1")
    data = [
        complaint(0, complaint_id=cid, received_at="2024-08-09 09:30:00", operator="中国电信"),  # 2023Q2 -> 2024Q3
        complaint(1, complaint_id="REFRESH-1", received_at="2025-02-11 10:00:00", count="7"),
        complaint(2, complaint_id="REFRESH-2", received_at="2025-03-30 23:59:00", channel="call", category="fraud"),
    ]
    takedown = [
        "TD-REFRESH-1",
        "2025-03-31",
        "port",
        "106912345678",
        "中国移动",
        "测试云信（示例）",
        "loans_finance",
        "测试",
    ]
    files = [
        write_csv(tmp_path / "fix.csv", COMPLAINT_HEADER, data),
        write_csv(tmp_path / "td.csv", TAKEDOWN_HEADER, [takedown]),
    ]
    return files, {old_quarter, "2024Q3", "2025Q1"}


def test_a_load_refreshes_only_its_quarters_and_equals_a_full_rebuild(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = copy_store(demo_db, tmp_path / "s" / "anning.duckdb")
    files, expected = second_batch(tmp_path, db)
    before = snapshot(db)
    monkeypatch.setattr(loader, "rebuild_rollups", lambda con: pytest.fail("the load rebuilt every rollup"))
    report = load(files, db, user="t")
    assert report.ok, report.lines()
    monkeypatch.undo()
    after = snapshot(db)
    assert after == full_rebuild(db, tmp_path / "full" / "anning.duckdb")
    # The quarters the batch did not touch kept their rows; the touched ones changed.
    month = {q for (_, q, *_) in after["r_month"]}
    changed = {
        q for q in month if [r for r in after["r_month"] if r[1] == q] != [r for r in before["r_month"] if r[1] == q]
    }
    assert changed == expected
    assert rows(db, "select value from meta where key = 'rollups'") == [(loader.rollups_fingerprint(),)]


def test_rollups_built_by_other_queries_are_rebuilt_whole(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = copy_store(demo_db, tmp_path / "s" / "anning.duckdb")
    store.swap_write(
        db, lambda con: sql.execute(con, "refresh_mark", {"fingerprint": "an older anning"}), schema="schema_data"
    )
    files, _ = second_batch(tmp_path, db)
    calls: list[str] = []
    real = loader.rebuild_rollups
    monkeypatch.setattr(loader, "rebuild_rollups", lambda con: (calls.append("full"), real(con)))
    assert load(files, db, user="t").ok
    assert calls == ["full"]
    assert rows(db, "select value from meta where key = 'rollups'") == [(loader.rollups_fingerprint(),)]


def test_a_load_touching_most_quarters_rebuilds_whole(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(1, received_at="2024-02-01 10:00:00")])
    assert load([first], db, user="t").ok
    calls: list[str] = []
    real = loader.rebuild_rollups
    monkeypatch.setattr(loader, "rebuild_rollups", lambda con: (calls.append("full"), real(con)))
    # The store's one quarter is all of its quarters: a full rebuild.
    second = write_csv(tmp_path / "b.csv", COMPLAINT_HEADER, [complaint(2, received_at="2024-03-01 10:00:00")])
    assert load([second], db, user="t").ok
    assert calls == ["full"]
    assert rows(db, "select quarter, sum(complaints) from r_month group by all") == [("2024Q1", 2)]


def test_per_quarter_rollups_are_rollups_with_a_quarter_column(demo_db: Path) -> None:
    # The ones that span quarters are rebuilt whole on every load.
    assert loader._PER_QUARTER.issubset(sql.ROLLUPS)
    assert set(sql.ROLLUPS) - loader._PER_QUARTER == {"rollup_names", "rollup_company_takedowns"}
    for name in loader._PER_QUARTER:
        cols = [
            c
            for (c,) in rows(
                demo_db,
                "select column_name from duckdb_columns() where table_name = $t",
                {"t": loader.rollup_table(name)},
            )
        ]
        assert "quarter" in cols, name
