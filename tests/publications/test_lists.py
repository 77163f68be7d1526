"""The exposure-list workflow: review → approve → publish → correct, immutability, byte-identical re-export,
refusal of self-approval, and formula-injection safety of the exports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from anning.analysis import company
from anning.core import auth, frozen
from anning.enforcement.exposure import Rules
from anning.load import loader
from anning.publish import list_exports, lists
from anning.store import db as store
from tests.helpers import COMPLAINT_HEADER, TODAY, complaint, write_csv

Q = "2024Q2"
RULES = Rules(min_complaints=8, top_per_industry=1, repeat_quarters=2, min_ports_shut=1, floor=2)
ANALYST = auth.User("li.analyst", "analyst")
APPROVER = auth.User("zhao.approver", "approver")
PRESS = auth.User("press", "press")


def reader(db: Path) -> store.Reader:
    return store.Reader(db)


def extra_load(db: Path, tmp: Path, rows: list[list[object]], name: str = "extra.csv") -> None:
    report = loader.load([write_csv(tmp / name, COMPLAINT_HEADER, rows)], db, user="t", today=TODAY)
    assert report.ok, report.lines()


def prepare(db: Path, user: auth.User = ANALYST) -> lists.Draft:
    r = reader(db)
    try:
        return lists.prepare(db, r, Q, RULES, user, now="2026-11-20T09:00:00")
    finally:
        r.close()


def draft_of(db: Path) -> lists.Draft:
    r = reader(db)
    try:
        d = lists.open_draft(r, lists.list_id_for(Q))
        assert d is not None
        return d
    finally:
        r.close()


def exports_of(db: Path, version: int, lang: str = "zh") -> tuple[bytes, bytes, bytes]:
    r = reader(db)
    try:
        rec, h = lists.record(r, lists.list_id_for(Q), version)
    finally:
        r.close()
    return (
        list_exports.xlsx_bytes(rec, h, lang),
        list_exports.csv_bytes(rec, h, lang),
        list_exports.xlsx_bytes(rec, h, lang, full=True),
    )


def version_rows(db: Path) -> list[tuple]:
    con = duckdb.connect(":memory:")
    con.execute("attach $p as w (read_only)", {"p": str(store.work_path(db))})
    try:
        return con.execute("select * from w.list_versions order by version").fetchall()
    finally:
        con.close()


def test_review_approve_publish_correct(pub_db: Path, tmp_path: Path) -> None:
    db = pub_db
    d = prepare(db)
    assert d.status == "draft" and len(d.candidates) >= 5
    with pytest.raises(lists.WorkflowError, match="already has a draft"):
        prepare(db)
    with pytest.raises(lists.NotAllowedError):
        prepare(db, PRESS)
    r = reader(db)
    try:
        with pytest.raises(lists.WorkflowError, match="no company meets"):
            lists.prepare(
                db, r, "2023Q2", Rules(min_complaints=10**6, top_per_industry=0, min_ports_shut=0, fined=False), ANALYST
            )
    finally:
        r.close()
    keys = [c["key"] for c in d.candidates]

    # An exclusion without a reason cannot be submitted; with one it can.
    lists.save_decisions(db, d.draft_id, {keys[0]: lists.Decision(False)}, ANALYST)
    with pytest.raises(lists.WorkflowError, match="need a reason"):
        lists.submit(db, d.draft_id, ANALYST)
    lists.save_decisions(db, d.draft_id, {keys[0]: lists.Decision(False, "other")}, ANALYST)
    assert draft_of(db).problems() == [(keys[0], "pub.err.note_required")]
    lists.save_decisions(db, d.draft_id, {keys[0]: lists.Decision(False, "appeal", "申诉中，待复核")}, ANALYST)
    with pytest.raises(lists.WorkflowError, match="submitted"):
        lists.approve(db, d.draft_id, APPROVER)  # not submitted yet
    d = lists.submit(db, d.draft_id, ANALYST)
    assert d.status == "submitted"
    with pytest.raises(lists.WorkflowError, match="only a draft"):
        lists.save_decisions(db, d.draft_id, {}, ANALYST)  # locked once submitted

    # Four eyes: an analyst cannot approve; the preparer cannot approve even holding the approver role.
    with pytest.raises(lists.NotAllowedError):
        lists.approve(db, d.draft_id, ANALYST)
    with pytest.raises(lists.SelfApprovalError):
        lists.approve(db, d.draft_id, auth.User(ANALYST.name, "approver"))
    with pytest.raises(lists.WorkflowError, match="approved draft"):
        lists.publish(db, d.draft_id, APPROVER)
    d = lists.approve(db, d.draft_id, APPROVER, now="2026-11-21T10:00:00")
    assert d.status == "approved" and d.approved_by == APPROVER.name and d.approved_hash == d.review_hash()
    with pytest.raises(lists.SelfApprovalError):
        lists.publish(db, d.draft_id, auth.User(ANALYST.name, "approver"))
    pub = lists.publish(db, d.draft_id, APPROVER, now="2026-11-21T11:00:00")
    assert pub.version == 1 and pub.content_hash == frozen.content_hash(pub.record)
    rec = pub.record
    assert rec["prepared_by"] == ANALYST.name and rec["approved_by"] == APPROVER.name
    assert rec["rules"] == RULES.as_dict() and rec["supersedes"] is None
    assert rec["context"]["demo"] is True and rec["context"]["data_as_of"]
    excluded = [c for c in rec["candidates"] if not c["decision"]["include"]]
    assert [(c["key"], c["decision"]["reason"], c["decision"]["note"]) for c in excluded] == [
        (keys[0], "appeal", "申诉中，待复核")
    ]
    assert all(
        {"complaints", "change_pct", "ports_shut", "enforcement", "earlier_listings", "rules"} <= set(c)
        for c in rec["candidates"]
    )
    with pytest.raises(lists.WorkflowError, match="published"):
        lists.publish(db, d.draft_id, APPROVER)  # a published draft cannot be published again
    with pytest.raises(lists.WorkflowError, match="published; start a correction"):
        prepare(db)
    v1_rows = version_rows(db)
    first = exports_of(db, 1)

    # The press table names the included companies only, never the excluded one or its reason.
    press = list_exports.press_frame(rec, "zh")
    assert len(press) == len(keys) - 1
    assert excluded[0]["name"] not in set(press["企业名称"])
    csv_text = first[1].decode("utf-8-sig")
    assert "申诉中" not in csv_text and pub.content_hash in csv_text and "合成演示数据" in csv_text

    # Another load (more complaints in the same quarter) changes the data, not the published version.
    extra_load(
        db,
        tmp_path,
        [
            complaint(
                i,
                received_at="2024-05-20 10:00:00",
                company=rec["candidates"][1]["name"],
                industry=rec["candidates"][1]["industry"],
            )
            for i in range(40)
        ],
    )
    assert exports_of(db, 1) == first  # byte for byte
    assert version_rows(db) == v1_rows

    # A correction: a new version that names and supersedes the old; both stay.
    r = reader(db)
    try:
        with pytest.raises(lists.WorkflowError, match="note"):
            lists.start_correction(db, r, rec["list_id"], ANALYST, "  ")
        c = lists.start_correction(db, r, rec["list_id"], ANALYST, "申诉成立，移出名单", now="2026-11-25T08:00:00")
    finally:
        r.close()
    assert c.base_version == 1 and c.decision(keys[0]).reason == "appeal"
    lists.save_decisions(db, c.draft_id, {**c.decisions, keys[1]: lists.Decision(False, "attribution")}, ANALYST)
    lists.submit(db, c.draft_id, ANALYST)
    lists.return_draft(db, c.draft_id, APPROVER, "请补充说明")
    assert draft_of(db).status == "draft" and draft_of(db).returned_note == "请补充说明"
    lists.submit(db, c.draft_id, ANALYST)
    lists.approve(db, c.draft_id, APPROVER)
    pub2 = lists.publish(db, c.draft_id, APPROVER, now="2026-11-26T08:00:00")
    assert pub2.version == 2
    assert pub2.record["supersedes"] == {"version": 1, "content_hash": pub.content_hash}
    assert pub2.record["correction_note"] == "申诉成立，移出名单"
    assert version_rows(db)[0] == v1_rows[0]  # v1 untouched
    assert exports_of(db, 1) == first
    r = reader(db)
    try:
        versions = lists.versions(r, rec["list_id"])
        assert list(versions["version"]) == [2, 1]
        assert versions.set_index("version").loc[1, "superseded_by"] == 2
        assert lists.current_version(r, Q)[1] == pub2.content_hash
        # The company profile hook sees the lists a company appeared on.
        seen = company.appearances(r, rec["candidates"][2]["key"])
        assert list(seen["version"]) == [2, 1]
        gone = company.appearances(r, keys[1])
        assert list(gone["version"]) == [1]
    finally:
        r.close()
    v2_csv = exports_of(db, 2)[1].decode("utf-8-sig")
    assert "第1版" in v2_csv and pub.content_hash in v2_csv and "申诉成立" in v2_csv


def test_tampered_record_is_refused(pub_db: Path) -> None:
    db = pub_db
    d = prepare(db)
    lists.submit(db, d.draft_id, ANALYST)
    lists.approve(db, d.draft_id, APPROVER)
    pub = lists.publish(db, d.draft_id, APPROVER)

    def tamper(con: duckdb.DuckDBPyConnection) -> None:
        rec = dict(pub.record, approved_by="someone else")
        con.execute(
            "update list_versions set record = $r where list_id = $l",
            {"r": json.dumps(rec, ensure_ascii=False), "l": pub.list_id},
        )

    store.write_work(db, tamper)
    r = reader(db)
    try:
        with pytest.raises(lists.WorkflowError, match="does not match"):
            lists.record(r, pub.list_id, 1)
    finally:
        r.close()


def test_changes_after_approval_need_a_new_approval(pub_db: Path) -> None:
    db = pub_db
    d = prepare(db)
    lists.submit(db, d.draft_id, ANALYST)
    lists.approve(db, d.draft_id, APPROVER)

    def sneak(con: duckdb.DuckDBPyConnection) -> None:  # edit the decisions behind the workflow's back
        con.execute(
            "update list_drafts set decisions = $d where draft_id = $i",
            {
                "d": json.dumps({d.candidates[0]["key"]: {"include": False, "reason": "other", "note": "x"}}),
                "i": d.draft_id,
            },
        )

    store.write_work(db, sneak)
    with pytest.raises(lists.WorkflowError, match="changed after it was approved"):
        lists.publish(db, d.draft_id, APPROVER)


def test_exports_neutralise_formulas_and_keep_negative_numbers(pub_db: Path, tmp_path: Path) -> None:
    db = pub_db
    evil = '=HYPERLINK("http://evil.example","点击")'
    rows = [complaint(i, received_at="2024-05-03 10:00:00", company=evil, industry="retail") for i in range(30)]
    rows += [
        complaint(100 + i, received_at="2024-02-03 10:00:00", company=evil, industry="retail") for i in range(60)
    ]  # more last quarter: a real negative change
    extra_load(db, tmp_path, rows)
    d = prepare(db)
    evil_key = next(c["key"] for c in d.candidates if c["name"] == evil)
    lists.submit(db, d.draft_id, ANALYST)
    lists.approve(db, d.draft_id, APPROVER)
    pub = lists.publish(db, d.draft_id, APPROVER)
    rec, h = pub.record, pub.content_hash
    row = next(c for c in rec["candidates"] if c["key"] == evil_key)
    assert row["change_pct"] < 0

    text = list_exports.csv_bytes(rec, h, "en").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    wb = openpyxl.load_workbook(io.BytesIO(list_exports.xlsx_bytes(rec, h, "en", full=True)))
    for ws in wb.worksheets:
        for r in ws.iter_rows():
            for cell in r:
                assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))), (
                    ws.title,
                    cell.coordinate,
                    cell.value,
                )
    ws = wb["List"]
    header = [c.value for c in ws[2]]  # row 1 is the demo watermark
    data = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    evil_row = next(r for r in data if r[header.index("Company")] == "'" + evil)
    change = evil_row[header.index("QoQ %")]
    assert isinstance(change, (int, float)) and change < 0  # a number, not text
    cell = ws.cell(row=3 + data.index(evil_row), column=header.index("QoQ %") + 1)
    assert cell.data_type == "n"


def test_png_table_is_deterministic(pub_db: Path) -> None:
    db = pub_db
    d = prepare(db)
    lists.submit(db, d.draft_id, ANALYST)
    lists.approve(db, d.draft_id, APPROVER)
    pub = lists.publish(db, d.draft_id, APPROVER)
    a = list_exports.png_bytes(pub.record, pub.content_hash, "zh")
    b = list_exports.png_bytes(pub.record, pub.content_hash, "zh")
    assert a[:8] == b"\x89PNG\r\n\x1a\n" and a == b
    assert list_exports.png_bytes(pub.record, pub.content_hash, "en") != a


def test_versions_frame_reads_an_empty_workflow(demo_db: Path) -> None:
    r = reader(demo_db)
    try:
        assert lists.versions(r).empty and lists.open_drafts(r) == []
        assert isinstance(list_exports.versions_frame(lists.versions(r), "zh"), pd.DataFrame)
    finally:
        r.close()
