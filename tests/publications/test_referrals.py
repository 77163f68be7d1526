"""Lead referrals: 2020 prepared quarter by quarter gives the bulletin's 4 batches and (scaled) 38,000 leads;
one file and one covering letter per supervising department, addressed to the departments of the time (银保监会
in 2020, 国家金融监督管理总局 in 2024); public security's number list for leads with no company; batches recorded
once, sent only on confirmation; feedback loaded back and counted; recorded files rebuild identically."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest

from anning.core import auth
from anning.core.text import norm_key
from anning.i18n import t
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
    codes = set(files["department_code"])
    assert codes <= {"cbirc", "csrc", "mohurd", "samr", "moe", "nhc", "mohrss", "mct", "mps"}
    # 2020: the financial leads go to 银保监会, which 国家金融监督管理总局 replaced only in 2023.
    assert "cbirc" in codes and "nfra" not in codes and "miit" not in codes
    names = dict(zip(files["department_code"], files["department_zh"], strict=False))
    assert names["cbirc"] == "中国银行保险监督管理委员会"
    assert files.groupby("batch_id")["company_leads"].sum().to_dict() == {f"REF-{q}": n for q, n in expected.items()}


def letter_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_department_files(referred: tuple[Path, list[referrals.Batch]]) -> None:
    _, batches = referred
    b = batches[0]
    for f in b.files:
        wb = openpyxl.load_workbook(io.BytesIO(f.data))
        notes = [row[0] for row in wb["说明"].iter_rows(values_only=True)]
        assert any(isinstance(n, str) and f.rows_hash in n for n in notes)
        assert any(isinstance(n, str) and "不含举报人信息" in n for n in notes)
        assert not any(isinstance(n, str) and ANALYST.name in n for n in notes)  # no username leaves the building
        feedback = [[c.value for c in r] for r in wb["反馈表"].iter_rows(min_row=2)]  # row 1: the demo watermark
        assert feedback[0][:3] == ["线索编号", "处理结果", "处理日期"]
        assert len(feedback) - 1 == f.leads + f.numbers  # every lead id, ready to be answered
        letter = letter_text(f.letter)
        assert referrals.department_name(f.department_code, "zh") + "：" in letter
        assert f"{b.feedback_due.year}年{b.feedback_due.month}月{b.feedback_due.day}日前" in letter
        assert "合成演示数据" in letter and ANALYST.name not in letter
        if f.department_code == referrals.PUBLIC_SECURITY:
            continue
        assert wb.sheetnames == ["线索明细", "企业投诉量", "高频发送号码", "反馈表", "说明"]
        leads = wb["线索明细"]
        header = [c.value for c in leads[2]]
        assert header[:3] == ["线索编号", "投诉时间", "类型"] and "发送号码" in header and "信息内容" in header
        assert not any("举报人" in str(h) for h in header)
        assert leads.max_row - 2 == f.leads


def test_number_only_leads_go_to_public_security(
    referred: tuple[Path, list[referrals.Batch]],
) -> None:
    db, batches = referred
    r = store.Reader(db)
    try:
        numbers = r.query("referral_number_leads", {"quarter": "2020Q1"})
    finally:
        r.close()
    assert len(numbers) > 0 and numbers["sender_number"].notna().all()
    mps = next(f for f in batches[0].files if f.department_code == referrals.PUBLIC_SECURITY)
    assert mps.number_leads == len(numbers) == batches[0].number_leads
    assert mps.numbers == numbers["sender_number"].nunique()
    wb = openpyxl.load_workbook(io.BytesIO(mps.data))
    assert {"号码清单", "号码线索明细", "反馈表"} <= set(wb.sheetnames)
    rows = [[c.value for c in r] for r in wb["号码清单"].iter_rows(min_row=2)]
    header, body = rows[0], rows[1:]
    assert header[:2] == ["线索编号", "发送号码"] and len(body) == mps.numbers
    # Sender numbers, nothing else ("+86…" is shown as text: a leading + would start a spreadsheet formula).
    assert {str(row[1]).removeprefix("'") for row in body} == set(numbers["sender_number"])
    assert body[0][0] == "REF-2020Q1-N00001"
    assert "号码" in letter_text(mps.letter) and "公安部" in letter_text(mps.letter)


def test_every_count_of_a_batch_adds_up_to_the_feedbacks(demo_db: Path, tmp_path: Path) -> None:
    """The page's headline, the referral log (per file and per year) and the feedback table count the same
    leads: the lead ids each department was sent and answers. Public security's are the sender numbers of its
    number list (here one number is reported twice, so numbers and complaints differ), not 0."""
    db = copy_store(demo_db, tmp_path / "s")
    twice = [
        complaint(
            i,
            received_at=f"2021-05-0{i} 10:00:00",
            industry="fraud",
            category="fraud",
            company="",
            sender_number="16512345678",
        )
        for i in (1, 2)
    ]
    assert loader.load([write_csv(tmp_path / "c.csv", COMPLAINT_HEADER, twice)], db, user="t", today=TODAY).ok
    r = store.Reader(db)
    try:
        batch = referrals.prepare(db, r, "2021Q2", ANALYST, lang="en", today=TODAY)
    finally:
        r.close()
    mps = next(f for f in batch.files if f.department_code == referrals.PUBLIC_SECURITY)
    assert mps.numbers < mps.number_leads  # the twice-reported number is one lead on the list
    r = store.Reader(db)
    try:
        files = referrals.files(r).set_index("department_code")["leads"]
        feedback = referrals.feedback_summary(r).set_index("department_code")["leads"]
        recorded = referrals.batches(r).iloc[0]
        years = referrals.log_table(r, "en")
        table = referrals.feedback_table(r, "en")
        table_zh = referrals.feedback_table(r, "zh")
    finally:
        r.close()
    total = int(feedback.sum())
    assert files.to_dict() == feedback.to_dict()
    assert files[referrals.PUBLIC_SECURITY] == mps.numbers
    assert total == batch.leads + mps.numbers == int(table["Leads"].sum())
    headline, detail = referrals.prepared_text(recorded, "en")
    assert f"{total:,} leads for {len(batch.files)} departments" in headline
    assert f"{batch.leads:,} are complaints" in detail and f"{mps.numbers:,} are sender numbers" in detail
    assert f"({mps.number_leads:,} complaints)" in detail
    assert years.loc[0, "Leads"] == total
    assert years.loc[0, "Leads about companies"] + years.loc[0, "Sender numbers for public security"] == total
    # Headers are capitalised like the others (the outcomes' own labels run inside sentences).
    assert all(c[0].isupper() for c in table.columns), list(table.columns)
    assert "Handled" in table.columns and "No violation found" in table.columns
    assert not any(ch.isascii() and ch.isalpha() for c in table_zh.columns if c != "批次" for ch in c)


def test_a_quarter_is_referred_once_and_only_when_complete(referred: tuple[Path, list[referrals.Batch]]) -> None:
    db, _ = referred
    r = store.Reader(db)
    try:
        with pytest.raises(referrals.ReferralError, match="already prepared"):
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


def test_2024_batch_goes_to_the_successor(demo_db: Path, tmp_path: Path) -> None:
    db = copy_store(demo_db, tmp_path / "s")
    r = store.Reader(db)
    try:
        batch = referrals.prepare(db, r, "2024Q2", ANALYST, today=TODAY, now="2026-01-05T09:00:00")
    finally:
        r.close()
    codes = {f.department_code for f in batch.files}
    assert "nfra" in codes and "cbirc" not in codes
    nfra = next(f for f in batch.files if f.department_code == "nfra")
    assert "国家金融监督管理总局：" in letter_text(nfra.letter)


def test_message_content_reaches_the_lead_rows(demo_db: Path, tmp_path: Path) -> None:
    db = copy_store(demo_db, tmp_path / "s")
    header = [*COMPLAINT_HEADER, "短信内容"]
    rows = [
        [
            *complaint(1, received_at="2021-05-05 10:00:00", industry="retail", company="内容商贸（示例）"),
            "【内容商贸】全场5折，回T退订",
        ],
        [
            *complaint(
                2,
                received_at="2021-05-06 10:00:00",
                industry="fraud",
                category="fraud",
                company="",
                sender_number="16512345678",
            ),
            "您的账户异常，请点击链接",
        ],
    ]
    assert loader.load([write_csv(tmp_path / "c.csv", header, rows)], db, user="t", today=TODAY).ok
    r = store.Reader(db)
    try:
        batch = referrals.prepare(db, r, "2021Q2", ANALYST, today=TODAY)
    finally:
        r.close()
    samr = next(f for f in batch.files if f.department_code == "samr")
    text = " ".join(
        str(c.value)
        for ws in openpyxl.load_workbook(io.BytesIO(samr.data)).worksheets
        for r_ in ws.iter_rows()
        for c in r_
    )
    assert "【内容商贸】全场5折，回T退订" in text
    mps = next(f for f in batch.files if f.department_code == referrals.PUBLIC_SECURITY)
    wb = openpyxl.load_workbook(io.BytesIO(mps.data))
    numbers = {r_[1].value: r_ for r_ in wb["号码清单"].iter_rows(min_row=3)}
    assert numbers["16512345678"][-1].value == "您的账户异常，请点击链接"


def audit_actions(db: Path) -> list[str]:
    con = duckdb.connect(":memory:")
    con.execute("attach $p as w (read_only)", {"p": str(store.work_path(db))})
    try:
        return [a for (a,) in con.execute("select action from w.audit_log order by ts").fetchall()]
    finally:
        con.close()


def test_sending_needs_confirmation_and_feedback_is_loaded_and_counted(demo_db: Path, tmp_path: Path) -> None:
    db = copy_store(demo_db, tmp_path / "s")
    r = store.Reader(db)
    try:
        batch = referrals.prepare(db, r, "2021Q3", ANALYST, today=TODAY, now="2026-01-05T09:00:00")
    finally:
        r.close()
    samr = next(f for f in batch.files if f.department_code == "samr")
    mps = next(f for f in batch.files if f.department_code == referrals.PUBLIC_SECURITY)
    wb = openpyxl.load_workbook(io.BytesIO(samr.data))
    samr_ids = [row[0].value for row in wb["反馈表"].iter_rows(min_row=3)]
    number_id = "REF-2021Q3-N00001"

    def feedback(rows: list[list[str]]) -> bytes:
        return write_csv(tmp_path / "fb.csv", ["线索编号", "处理结果", "处理日期"], rows).read_bytes()

    good = feedback(
        [
            [samr_ids[0], "已处理", "2026-01-20"],
            [samr_ids[1], "未发现违法违规", "2026/01/21"],
            [number_id, "handled", "2026年1月22日"],
            [samr_ids[2], "", ""],  # left blank on the form: not an answer
        ]
    )
    r = store.Reader(db)
    try:
        # Not sent yet: feedback is refused, and nothing is loaded.
        with pytest.raises(referrals.FeedbackError) as exc:
            referrals.load_feedback(db, r, good, "fb.csv", ANALYST, today=dt.date(2026, 2, 1))
        assert {p.code for p in exc.value.problems} == {"ref.fb.not_sent"}
        with pytest.raises(referrals.ReferralError, match="confirm"):
            referrals.mark_referred(db, r, batch.batch_id, ANALYST, confirmed=False, today=dt.date(2026, 1, 10))
        with pytest.raises(PermissionError):
            referrals.mark_referred(db, r, batch.batch_id, auth.User("p", "press"), confirmed=True)
        referrals.mark_referred(
            db, r, batch.batch_id, ANALYST, confirmed=True, referred_on=dt.date(2026, 1, 8), today=dt.date(2026, 1, 10)
        )
    finally:
        r.close()
    r = store.Reader(db)
    try:
        with pytest.raises(referrals.ReferralError, match="already recorded as sent"):
            referrals.mark_referred(db, r, batch.batch_id, ANALYST, confirmed=True, today=dt.date(2026, 1, 10))
        bad = feedback(
            [
                [samr_ids[0], "已处理", "2026-01-07"],  # before it was sent
                ["C9999999999", "已处理", "2026-01-20"],  # not a lead
                [samr_ids[1], "满意", "2026-01-20"],  # not an outcome
                [samr_ids[1], "已处理", "2026-03-01"],  # twice, and in the future
            ]
        )
        with pytest.raises(referrals.FeedbackError) as exc:
            referrals.load_feedback(db, r, bad, "fb.csv", ANALYST, today=dt.date(2026, 2, 1))
        got = {(p.line, p.code) for p in exc.value.problems}
        assert got == {
            (2, "ref.fb.before_sent"),
            (3, "ref.fb.unknown_lead"),
            (4, "ref.fb.bad_outcome"),
            (5, "ref.fb.duplicate"),
            (5, "ref.fb.future_date"),
        }
        assert "第3行" in exc.value.problems[1].render("zh")
        rep = referrals.load_feedback(db, r, good, "fb.csv", ANALYST, today=dt.date(2026, 2, 1))
    finally:
        r.close()
    assert rep.rows == 3 and rep.batches == (batch.batch_id,)
    assert rep.outcomes["handled"] == 2 and rep.outcomes["no_violation"] == 1
    r = store.Reader(db)
    try:
        fs = referrals.feedback_summary(r).set_index("department_code")
        assert fs.loc["samr", "answered"] == 2 and fs.loc["samr", "leads"] == samr.leads
        assert fs.loc["samr", "handled"] == 1 and fs.loc["samr", "no_violation"] == 1
        assert fs.loc["mps", "answered"] == 1 and fs.loc["mps", "leads"] == mps.numbers
        # A later answer for the same lead supersedes the earlier one.
        again = feedback([[samr_ids[1], "已处理", "2026-01-25"]])
        referrals.load_feedback(db, r, again, "fb2.csv", ANALYST, today=dt.date(2026, 2, 1))
    finally:
        r.close()
    r = store.Reader(db)
    try:
        fs = referrals.feedback_summary(r).set_index("department_code")
        assert fs.loc["samr", "answered"] == 2 and fs.loc["samr", "handled"] == 2
        sentence = referrals.answered_sentence(r, "zh")
        table = referrals.feedback_table(r, "zh", today=dt.date(2026, 3, 1))
    finally:
        r.close()
    assert "已反馈3条" in sentence
    assert set(table["状态"]) == {"逾期未反馈"}  # 30 days after 2026-01-05 have passed with leads unanswered
    actions = audit_actions(db)
    assert actions.count("referral_sent") == 1 and actions.count("referral_feedback") == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_outcome_the_form_asks_for_is_accepted(lang: str) -> None:
    # The form and the covering letter list the outcomes in these words; "no violation found", "transferred to
    # another department", "could not be verified" and "in progress" used to be refused.
    index = referrals._outcome_index()
    for code in referrals.OUTCOMES:
        assert index[norm_key(t(f"ref.outcome.{code}", lang))] == code
    # The words as written on the form today, so that rewording a label cannot pass unnoticed.
    written = {
        "en": [
            "handled",
            "no violation found",
            "transferred to another department",
            "could not be verified",
            "in progress",
        ],
        "zh": ["已处理", "未发现违法违规", "已转交其他部门", "无法核实", "处理中"],
    }[lang]
    assert [index[norm_key(w)] for w in written] == list(referrals.OUTCOMES)
