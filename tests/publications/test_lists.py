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
from pypdf import PdfReader

from anning.analysis import company
from anning.core import auth, frozen, uscc
from anning.enforcement import exposure
from anning.enforcement.exposure import Rules
from anning.load import loader
from anning.publish import documents, list_exports, lists
from anning.store import db as store
from tests.helpers import COMPLAINT_HEADER, TODAY, VALID_USCC, complaint, write_csv

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
        with pytest.raises(lists.WorkflowError, match="no company with a valid credit code meets"):
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
        with pytest.raises(lists.WorkflowError, match="no published version 9"):
            lists.record(r, pub.list_id, 9)
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
    # A credit code, so it can be named (a name-only company never reaches the list).
    rows = [
        complaint(i, received_at="2024-05-03 10:00:00", company=evil, company_id=VALID_USCC, industry="retail")
        for i in range(30)
    ]
    rows += [
        complaint(100 + i, received_at="2024-02-03 10:00:00", company=evil, company_id=VALID_USCC, industry="retail")
        for i in range(60)
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


def test_typed_notes_reach_the_public_exports_as_one_line_of_visible_text(pub_db: Path) -> None:
    # A correction note and a review note are typed by people: pasted text can carry ESC, RLO and line breaks,
    # and a line break in the CSV's "# note" footer would start a line that a spreadsheet runs as a formula.
    db = pub_db
    d = prepare(db)
    key = d.candidates[0]["key"]
    lists.save_decisions(
        db, d.draft_id, {**d.decisions, key: lists.Decision(False, "other", "粘贴\x1b[2J 的\u202e说明")}, ANALYST
    )
    lists.submit(db, d.draft_id, ANALYST)
    lists.approve(db, d.draft_id, APPROVER)
    pub = lists.publish(db, d.draft_id, APPROVER, now="2026-11-20T10:00:00")
    r = reader(db)
    try:
        with pytest.raises(lists.WorkflowError, match="note"):
            lists.start_correction(db, r, pub.record["list_id"], ANALYST, "\u200b\x1b\n")
        evil = '申诉成立\x1b[31m \u202eevil\n=HYPERLINK("http://evil.example","open")'
        c = lists.start_correction(db, r, pub.record["list_id"], ANALYST, evil, now="2026-11-25T08:00:00")
    finally:
        r.close()
    lists.submit(db, c.draft_id, ANALYST)
    lists.return_draft(db, c.draft_id, APPROVER, "请\x07补充\n说明")
    assert draft_of(db).returned_note == "请补充 说明"
    lists.submit(db, c.draft_id, ANALYST)
    lists.approve(db, c.draft_id, APPROVER)
    pub2 = lists.publish(db, c.draft_id, APPROVER, now="2026-11-26T08:00:00")
    note = '申诉成立[31m evil =HYPERLINK("http://evil.example","open")'
    assert pub2.record["correction_note"] == note
    assert next(x for x in pub2.record["candidates"] if x["key"] == key)["decision"]["note"] == "粘贴[2J 的说明"
    public_xlsx, csv, full_xlsx = exports_of(db, 2)  # both workbooks build: no control character in a cell
    text = csv.decode("utf-8-sig")
    assert not any(line.startswith(("=", "+", "@")) for line in text.splitlines())
    assert not any(ch in text for ch in "\x1b\x07\u202e")
    assert any(line.startswith("# ") and line.endswith(note) for line in text.splitlines())
    for book in (public_xlsx, full_xlsx):
        cells = [c.value for ws in openpyxl.load_workbook(io.BytesIO(book)).worksheets for row in ws for c in row]
        assert not any(isinstance(v, str) and v.startswith("=") for v in cells)


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


def publish_quarter(db: Path, quarter: str, exclude: int | None = None) -> lists.Published:
    r = reader(db)
    try:
        d = lists.prepare(db, r, quarter, RULES, ANALYST)
    finally:
        r.close()
    if exclude is not None:
        key = d.candidates[exclude]["key"]
        lists.save_decisions(db, d.draft_id, {key: lists.Decision(False, "appeal", "申诉中")}, ANALYST)
    lists.submit(db, d.draft_id, ANALYST)
    lists.approve(db, d.draft_id, APPROVER)
    return lists.publish(db, d.draft_id, APPROVER)


def test_listed_before_only_once_a_published_version_names_the_company(pub_db: Path) -> None:
    first = publish_quarter(pub_db, "2024Q1", exclude=0)
    # The first list ever published: nobody was named before, whatever their run in the top.
    assert all("listed_before" not in c["rules"] for c in first.record["candidates"])
    assert any("repeat" in c["rules"] for c in first.record["candidates"])  # a run is not "listed before"
    named_q1 = {c["key"] for c in lists.included(first.record)}
    excluded_q1 = {c["key"] for c in first.record["candidates"]} - named_q1
    second = prepare(pub_db)  # 2024Q2
    for c in second.candidates:
        assert ("listed_before" in c["rules"]) == (c["key"] in named_q1), c["name"]
        if c["key"] in named_q1:
            assert [x["quarter"] for x in c["earlier_listings"]] == ["2024Q1"]
    assert any("listed_before" in c["rules"] for c in second.candidates)
    assert not any("listed_before" in c["rules"] for c in second.candidates if c["key"] in excluded_q1)
    c = next(c for c in second.candidates if "listed_before" in c["rules"])
    assert "曾被通报曝光（2024年第一季度）" in exposure.grounds_text(c, RULES, "zh")


def test_no_name_only_company_on_a_list(pub_db: Path, tmp_path: Path) -> None:
    # A big company with no credit code: it meets the rules but goes to "needs identification".
    rows = [complaint(i, received_at="2024-05-03 10:00:00", company="无码贷款（示例）") for i in range(80)]
    extra_load(pub_db, tmp_path, rows)
    d = prepare(pub_db)
    assert d.candidates and all(uscc.is_valid(c["company_id"]) for c in d.candidates)
    held = d.context["unidentified"]
    assert "无码贷款（示例）" in {h["name"] for h in held}
    assert {h["id_problem"] for h in held} <= {"no_credit_code", "bad_credit_code"}
    assert "无码贷款（示例）" not in {c["name"] for c in d.candidates}
    lists.submit(pub_db, d.draft_id, ANALYST)
    lists.approve(pub_db, d.draft_id, APPROVER)
    pub = lists.publish(pub_db, d.draft_id, APPROVER)
    assert "无码贷款（示例）" not in set(list_exports.press_frame(pub.record, "zh")["企业名称"])
    review = openpyxl.load_workbook(io.BytesIO(list_exports.xlsx_bytes(pub.record, pub.content_hash, "zh", full=True)))
    held_sheet = [[c.value for c in r] for r in review["待核实身份"].iter_rows()]
    assert any(row and "无码贷款（示例）" in row for row in held_sheet)


def test_press_outputs_carry_the_measure_and_no_internal_names(pub_db: Path) -> None:
    pub = publish_quarter(pub_db, Q)
    rec, h = pub.record, pub.content_hash
    press = list_exports.press_frame(rec, "zh")
    assert list(press.columns) == [
        "序号",
        "企业名称",
        "统一社会信用代码",
        "行业",
        "投诉量",
        "行业占比%",
        "环比%",
        "同比%",
        "入选依据",
        "已采取措施",
        "所用端口企业",
    ]
    assert (press["入选依据"].str.len() > 0).all() and press["入选依据"].str.contains("行业投诉量第").any()
    assert not press["入选依据"].str.contains("屡次").any()
    acted = [c for c in lists.included(rec) if c["enforcement"]]
    assert acted and press["已采取措施"].str.contains("年").any()
    assert (press["所用端口企业"] != "–").any()
    # In English the measure names every authority in English (a local body by province and function): no
    # Chinese name inside English text.
    measure_en = list_exports.press_frame(rec, "en")["Measure taken"]
    assert measure_en.str.contains("Communications Administration").any()
    assert not measure_en.str.contains(r"[\u4e00-\u9fff]").any()
    internal = (ANALYST.name, APPROVER.name, rec["list_id"])
    texts = {
        "csv": list_exports.csv_bytes(rec, h, "zh").decode("utf-8-sig"),
        "html": list_exports.sheet_html(rec, h, "zh"),
        "html_en": list_exports.sheet_html(rec, h, "en"),
    }
    book = openpyxl.load_workbook(io.BytesIO(list_exports.xlsx_bytes(rec, h, "zh")))
    texts["xlsx"] = " ".join(str(c.value) for ws in book.worksheets for r in ws.iter_rows() for c in r)
    pdf = list_exports.pdf_bytes(rec, h, "zh")
    assert pdf.startswith(b"%PDF") and documents.pdf_pages(pdf) == 1  # a one-pager
    # Read back with pypdf (pinned in requirements.txt), as the other publication tests do.
    texts["pdf"] = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    for kind, text in texts.items():
        for word in internal:
            assert word not in text, (kind, word)
    assert "已采取措施" in texts["pdf"] and "入选依据" in texts["pdf"]
    assert "第1版" in texts["csv"] and h in texts["csv"]
    # The internal full record keeps who did what, for the file.
    full = openpyxl.load_workbook(io.BytesIO(list_exports.xlsx_bytes(rec, h, "zh", full=True)))
    notes = " ".join(str(c.value) for r in full["说明"].iter_rows() for c in r)
    assert APPROVER.name in notes and rec["list_id"] in notes


@pytest.mark.parametrize("twin", ["LI.ANALYST", "Li.Analyst", "li.analyst "])
def test_separation_of_duties_is_not_dodged_by_case(pub_db: Path, twin: str) -> None:
    """Issue 15, finding 9: approve accepted "ANA2", "Ana2" and "ana2 " on ana2's draft."""
    d = prepare(pub_db)
    lists.submit(pub_db, d.draft_id, ANALYST)
    with pytest.raises(lists.SelfApprovalError):
        lists.approve(pub_db, d.draft_id, auth.User(twin, "approver"))
    # A draft recorded before names were folded keeps its preparer's spelling; it is still the same person.
    store.write_work(
        pub_db,
        lambda con: con.execute(
            "update list_drafts set prepared_by = $p where draft_id = $d", {"p": twin, "d": d.draft_id}
        ),
    )
    with pytest.raises(lists.SelfApprovalError):
        lists.approve(pub_db, d.draft_id, auth.User(ANALYST.name, "approver"))
    assert lists.approve(pub_db, d.draft_id, APPROVER).status == "approved"
