"""Lead referrals: 2020 prepared quarter by quarter gives the bulletin's 4 batches and (scaled) 38,000 leads;
one file per supervising department; batches recorded once; recorded files rebuild identically."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from anning.core import auth
from anning.load import demo, loader
from anning.publish import referrals
from anning.store import db as store
from tests.conftest import DEMO_SCALE
from tests.helpers import COMPLAINT_HEADER, TODAY, complaint, write_csv
from tests.publications.conftest import copy_store

ANALYST = auth.User("li.analyst", "analyst")


@pytest.fixture(scope="module")
def referred(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[referrals.Batch]]:
    """A store copy with 2020's four quarters referred."""
    db = copy_store(demo_db, tmp_path_factory.mktemp("ref") / "s")
    out = []
    for q in demo.LEADS_2020:
        r = store.Reader(db)
        try:
            out.append(
                referrals.prepare(db, r, q, ANALYST, lang="zh", today=TODAY, now=f"2026-01-0{len(out) + 1}T09:00:00")
            )
        finally:
            r.close()
    return db, out


def test_2020_gives_four_batches_and_the_calibrated_leads(referred: tuple[Path, list[referrals.Batch]]) -> None:
    db, batches = referred
    expected = {q: round(v * DEMO_SCALE) for q, v in demo.LEADS_2020.items()}
    assert {b.quarter: b.leads for b in batches} == expected
    r = store.Reader(db)
    try:
        years = referrals.year_totals(r).set_index("year")
        assert years.loc[2020, "batches"] == 4 and years.loc[2020, "leads"] == sum(expected.values())
        log = referrals.log_table(r, "en")
        assert log.loc[log["Year"] == 2020, "Published figure"].iloc[0] == "4 batches, 38,000 leads"
        files = referrals.files(r)
    finally:
        r.close()
    assert set(files["department_code"]) <= {"nfra", "csrc", "mohurd", "samr", "moe", "nhc", "mohrss", "mct", "mps"}
    assert "miit" not in set(files["department_code"])
    assert files.groupby("batch_id")["leads"].sum().to_dict() == {f"REF-{q}": n for q, n in expected.items()}


def test_department_files(referred: tuple[Path, list[referrals.Batch]]) -> None:
    _, batches = referred
    b = batches[0]
    for f in b.files:
        wb = openpyxl.load_workbook(io.BytesIO(f.data))
        assert wb.sheetnames == ["线索明细", "企业投诉量", "高频发送号码", "说明"]
        leads = wb["线索明细"]
        header = [c.value for c in leads[2]]
        assert header[:3] == ["投诉编号", "投诉时间", "类型"] and "发送号码" in header
        assert not any("举报人" in str(h) for h in header)
        assert leads.max_row - 2 == f.leads
        notes = [row[0] for row in wb["说明"].iter_rows(values_only=True)]
        assert any(isinstance(n, str) and f.rows_hash in n for n in notes)
        assert any(isinstance(n, str) and "不含举报人信息" in n for n in notes)


def test_a_quarter_is_referred_once_and_only_when_complete(referred: tuple[Path, list[referrals.Batch]]) -> None:
    db, _ = referred
    r = store.Reader(db)
    try:
        with pytest.raises(referrals.ReferralError, match="already referred"):
            referrals.prepare(db, r, "2020Q1", ANALYST, today=TODAY)
        with pytest.raises(referrals.ReferralError, match="not complete"):
            referrals.prepare(db, r, "2026Q4", ANALYST, today=TODAY)
        with pytest.raises(PermissionError):
            referrals.prepare(db, r, "2021Q1", auth.User("p", "press"), today=TODAY)
    finally:
        r.close()


def test_recorded_files_rebuild_identically_until_the_data_changes(demo_db: Path, tmp_path: Path) -> None:
    db = copy_store(demo_db, tmp_path / "s")
    r = store.Reader(db)
    try:
        batch = referrals.prepare(db, r, "2021Q2", ANALYST, lang="en", today=TODAY)
    finally:
        r.close()
    samr = next(f for f in batch.files if f.department_code == "samr")
    r = store.Reader(db)
    try:
        again, status = referrals.department_file(r, batch.batch_id, "samr")
    finally:
        r.close()
    assert status == "identical" and again.data == samr.data
    row = complaint(1, received_at="2021-05-05 10:00:00", industry="retail", company="新增零售（示例）")
    assert loader.load([write_csv(tmp_path / "more.csv", COMPLAINT_HEADER, [row])], db, user="t", today=TODAY).ok
    r = store.Reader(db)
    try:
        changed, status = referrals.department_file(r, batch.batch_id, "samr")
        untouched, status_moe = referrals.department_file(r, batch.batch_id, "moe")
    finally:
        r.close()
    assert status == "changed" and changed.leads == samr.leads + 1
    assert status_moe == "identical"
