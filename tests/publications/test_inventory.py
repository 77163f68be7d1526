"""The complaint inventory at publication grade.

For two quarters in each language, the PDF and DOCX text (read back with pypdf and python-docx) has no
quarter code, ISO date, arrow, internal identifier or statistical term in the body; every section is there;
万件 and 百分点 are used where they apply. No non-industry is ranked as an industry. Every XLSX number is a
typed cell with a format; every CSV is a clean table for ``pandas.read_csv``; the Chinese exports carry no
English code. The narrative is edited, published and re-exported byte for byte.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from anning.cli import main as cli
from anning.core import auth
from anning.enforcement import exposure
from anning.i18n import t
from anning.load import loader
from anning.publish import documents, inventory, lists, referrals, wording
from anning.store import db as store
from tests import handling_store
from tests.helpers import COMPLAINT_HEADER, TODAY, complaint, write_csv
from tests.publications.conftest import copy_store

QUARTERS = ("2026Q3", "2024Q2")
LANGS = ("zh", "en")
APPROVER = auth.User("zhao.approver", "approver")
ANALYST = auth.User("li.analyst", "analyst")
BODY_SECTIONS = tuple(k for k, _ in inventory.SECTIONS)

QUARTER_CODE = re.compile(r"\d{4}\s*Q[1-4]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ARROWS = re.compile(r"[→←↑↓⇒⇐▲▼]")
INTERNAL = re.compile(r"\bn:\S|INV-|EXP-|REF-|zhao\.approver|li\.analyst|\bdemo_|[a-z]+_[a-z]+_?[a-z]*")
STATISTICS = re.compile(
    r"检验|显著|分母|二项|p值|置信|泊松|1、2、2、4|binomial|significan|denominator|p-value|confidence|Poisson|1, 2, 2, 4",
    re.IGNORECASE,
)
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def _big_rows() -> list[list[object]]:
    """Complaints with large counts, so the quarters' totals pass ten thousand (万件 applies)."""
    rows, i = [], 0
    for day in ("2026-08-03", "2026-05-03", "2025-08-03", "2024-05-03", "2024-02-03", "2023-05-03"):
        for ch, cat, count in (("sms", "marketing", 9000), ("call", "harassment", 4000), ("sms", "fraud", 2500)):
            rows.append(
                complaint(
                    90_000 + i,
                    received_at=f"{day} 09:00:00",
                    channel=ch,
                    category=cat,
                    count=str(count + 37 * i),
                    sender_number="13912345678" if ch == "call" else "106912345678",
                )
            )
            i += 1
    return rows


@pytest.fixture(scope="module")
def big_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store plus a batch of large-count complaints, with each quarter's exposure list published and
    its leads referred (so every section has its tables; the list's names, dates and measures are checked too)."""
    tmp = tmp_path_factory.mktemp("inv_big")
    db = copy_store(demo_db, tmp / "s")
    f = write_csv(tmp / "big.csv", COMPLAINT_HEADER, _big_rows())
    assert loader.load([f], db, user="t", today=TODAY).ok
    for q in QUARTERS:
        r = store.Reader(db)
        try:
            d = lists.prepare(
                db, r, q, exposure.Rules(floor=1, floor_share=0.0), ANALYST, now=f"{q[:4]}-12-01T08:00:00"
            )
        finally:
            r.close()
        lists.save_decisions(db, d.draft_id, {}, ANALYST)
        lists.submit(db, d.draft_id, ANALYST)
        lists.approve(db, d.draft_id, APPROVER)
        lists.publish(db, d.draft_id, APPROVER)
        r = store.Reader(db)
        try:
            batch = referrals.prepare(db, r, q, ANALYST, today=TODAY, now=f"{TODAY}T08:00:00")
        finally:
            r.close()
        if q == QUARTERS[0]:  # the latest quarter's batch is sent and partly answered; the older one is not
            r = store.Reader(db)
            try:
                referrals.mark_referred(db, r, batch.batch_id, ANALYST, confirmed=True, today=TODAY)
            finally:
                r.close()
            first = next(f for f in batch.files if f.leads >= 3)
            wb = openpyxl.load_workbook(io.BytesIO(first.data))
            ids = [row[0].value for row in wb[t("ref.sheet.feedback", "zh")].iter_rows(min_row=3)][:3]
            rows = [
                [ids[0], "已处理", str(TODAY)],
                [ids[1], "已处理", str(TODAY)],
                [ids[2], "未发现违法违规", str(TODAY)],
            ]
            fb = write_csv(tmp / "fb.csv", ["线索编号", "处理结果", "处理日期"], rows).read_bytes()
            r = store.Reader(db)
            try:
                referrals.load_feedback(db, r, fb, "fb.csv", ANALYST, today=TODAY)
            finally:
                r.close()
    return db


@pytest.fixture(scope="module")
def docs(big_db: Path) -> dict[tuple[str, str], documents.Document]:
    """Draft documents (charts rendered, stamped) for both quarters in both languages."""
    r = store.Reader(big_db)
    try:
        return {
            (q, lang): inventory.draft_document(inventory.build(r, q, lang, today=TODAY))
            for q in QUARTERS
            for lang in LANGS
        }
    finally:
        r.close()


@pytest.fixture(scope="module")
def files(docs: dict[tuple[str, str], documents.Document]) -> dict[tuple[str, str], dict[str, object]]:
    """Every export of every document."""
    return {key: {f: inventory.export(d, f) for f in documents.formats()} for key, d in docs.items()}


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for tb in d.tables:
        for row in tb.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def _body(text: str, lang: str) -> str:
    """The text before the annex (the annex may name methods and tests)."""
    annex = t("pub.inv.s.annex", lang)
    flat = re.sub(r"\s+", "", text) if lang == "zh" else re.sub(r"\s+", " ", text)
    key = re.sub(r"\s+", "", annex) if lang == "zh" else annex
    assert key in flat, "the annex is missing"
    return flat[: flat.index(key)]


# --------------------------------------------------------------------------- the text


@pytest.mark.parametrize("q", QUARTERS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_text_reads_as_a_bulletin(files: dict, q: str, lang: str, fmt: str) -> None:
    data = files[(q, lang)][fmt]
    text = pdf_text(data) if fmt == "pdf" else docx_text(data)
    flat = re.sub(r"\s+", "", text) if lang == "zh" else re.sub(r"\s+", " ", text)
    assert not QUARTER_CODE.findall(flat), QUARTER_CODE.findall(flat)[:5]
    assert not ISO_DATE.findall(flat), ISO_DATE.findall(flat)[:5]
    assert not ARROWS.findall(flat)
    assert not INTERNAL.findall(flat), INTERNAL.findall(flat)[:5]
    body = _body(text, lang)
    assert not STATISTICS.findall(body), STATISTICS.findall(body)[:5]
    # Every section, numbered, in order; the sign-off and the annex.
    for key in BODY_SECTIONS:
        title = t(f"pub.inv.s.{key}", lang)
        assert (re.sub(r"\s+", "", title) if lang == "zh" else title) in flat, key
    assert (t("pub.inv.issuer", lang) if lang == "en" else "12321网络不良与垃圾信息举报受理中心") in flat
    y, k = q.split("Q")
    if lang == "zh":
        assert f"{y}年第{'一二三四'[int(k) - 1]}季度" in flat
        assert "12321举报中心" in flat
        assert "万件" in body and "百分点" in body
        # A count of ten thousand or more is never written out with digits in the prose.
        assert not re.findall(r"\d{2},\d{3}件", body)
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", flat)
    else:
        assert "percentage points" in body and "12321 Reporting Center" in body
        assert re.search(
            r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
            r"December) \d{4}",
            flat,
        )


def test_wording_helpers() -> None:
    assert wording.count(11_137, "zh") == "1.1万件" and wording.count(9_999, "zh") == "9,999件"
    assert wording.count(11_137, "en") == "11,137"
    assert wording.amount(10_000, "zh") == "1万元" and wording.amount(359_000, "zh") == "35.9万元"
    assert (
        wording.points(1.234, "zh") == "上升1.2个百分点" and wording.points(-0.8, "en") == "down 0.8 percentage points"
    )
    assert wording.points(0.01, "zh") == "持平"
    assert wording.change(90, 100, "zh") == "下降10.0%" and wording.change(5, 0, "zh") is None
    assert wording.quarter("2026Q3", "zh") == "2026年第三季度"
    assert wording.quarter("2026Q3", "en") == "the third quarter of 2026"

    assert wording.date(dt.date(2026, 11, 15), "zh") == "2026年11月15日"
    assert wording.date(dt.date(2026, 11, 5), "en") == "5 November 2026"
    assert [wording.numeral(n, "zh") for n in (1, 10, 11, 14, 20, 23)] == ["一", "十", "十一", "十四", "二十", "二十三"]


def test_no_non_industry_is_ranked(docs: dict) -> None:
    for (_, lang), d in docs.items():
        ind = next(b for b in d.tables if b.key == "industries").frame
        names = set(ind[t("pub.inv.col.industry", lang)])
        assert not names & {"未分类", "其他", "涉嫌诈骗", "Unclassified", "Other", "Suspected fraud"}
        ranks = list(ind[t("pub.inv.col.rank", lang)])
        assert ranks[0] == 1 and ranks == sorted(ranks)
        unranked = next(b for b in d.tables if b.key == "unranked").frame
        assert len(unranked) == 2  # reported as shares of their own
        assert list(unranked.iloc[:, 0]) == [
            t("pub.inv.unranked.unclassified", lang),
            t("pub.inv.unranked.other", lang),
        ]
        lead = next(s for s in d.sections if s.key == "industries").blocks[0].text
        assert "未分类" not in lead and "涉嫌诈骗" not in lead and "Unclassified" not in lead


def test_sections_carry_routes_ports_mvnos_and_narrative(docs: dict) -> None:
    d = docs[("2026Q3", "zh")]
    keys = [b.key for b in d.tables]
    for key in (
        "headline",
        "categories",
        "routes",
        "port_companies",
        "industries",
        "operators",
        "mvnos",
        "handling",
        "companies",
        "authorities",
        "actions",
        "referrals",
    ):
        assert key in keys, key
    routes = next(b for b in d.tables if b.key == "routes").frame
    assert set(routes["发送渠道"]) >= {"端口类", "点对点"}
    mvnos = next(b for b in d.tables if b.key == "mvnos").frame
    assert len(mvnos) >= 3 and set(mvnos["评估结果"]) <= {"三项均符合", "存在不符合项", "暂无法评估"}
    assert next(b for b in d.tables if b.key == "operators").frame.iloc[-1, 0] == "移动转售企业合计"
    for key in ("cases", "next_steps", "advice"):
        sec = next(s for s in d.sections if s.key == key)
        assert sec.blocks and all(isinstance(b, documents.Paragraph) and b.text for b in sec.blocks)
    # Leads referred and the feedback received: the sent batch's answers by outcome, the unsent batch says so.
    ref = " ".join(b.text for b in next(s for s in d.sections if s.key == "referrals").blocks if hasattr(b, "text"))
    assert re.search(r"相关部门已反馈处理结果3条，占[\d.]+%，其中已处理2条、未发现违法违规1条", ref), ref
    answered = next(b for b in d.tables if b.key == "referrals").frame["已反馈（条）"]
    assert int(answered.sum()) == 3
    en = docs[("2026Q3", "en")].sections
    ref_en = " ".join(b.text for b in next(s for s in en if s.key == "referrals").blocks if hasattr(b, "text"))
    assert "reported back on 3" in ref_en and "2 have been dealt with" in ref_en
    old = docs[("2024Q2", "zh")].sections
    ref_old = " ".join(b.text for b in next(s for s in old if s.key == "referrals").blocks if hasattr(b, "text"))
    assert "相关线索尚未登记送达，暂无处理结果反馈" in ref_old
    assert d.signoff[0] == "12321网络不良与垃圾信息举报受理中心" and re.fullmatch(r"\d{4}年\d+月\d+日", d.signoff[1])
    assert [s.annex for s in d.sections].count(True) == 1 and d.sections[-1].annex
    # Range names inside an English sentence read as words, not as table labels ("…, other mobile numbers and …").
    ranges = next(s for s in en if s.key == "number_ranges").blocks[0].text
    top = next(b for b in docs[("2026Q3", "en")].tables if b.key == "number_ranges").frame.iloc[:3, 1]
    assert not any(name[:1].isupper() and not name[1:2].isupper() and name in ranges for name in top), ranges


# --------------------------------------------------------------------------- the exports


@pytest.mark.parametrize("lang", LANGS)
def test_xlsx_numbers_are_typed_and_formatted(files: dict, lang: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(files[("2026Q3", lang)]["xlsx"]))
    notes_title = t("pub.doc.notes", lang)
    assert wb.sheetnames[-1] == notes_title
    assert len(set(wb.sheetnames)) == len(wb.sheetnames) and all(len(n) <= 31 for n in wb.sheetnames)
    assert wb.sheetnames[0] == ("表1 分类型投诉量" if lang == "zh" else "T1 Complaints by type")
    numbers = 0
    for ws in wb.worksheets[:-1]:
        header = 2  # the demo watermark is on row 1
        for row in ws.iter_rows(min_row=header + 1):
            for cell in row:
                if isinstance(cell.value, bool):
                    continue
                if isinstance(cell.value, (int, float)):
                    numbers += 1
                    assert cell.number_format in ("#,##0", "#,##0.0", "#,##0.00"), (ws.title, cell.coordinate)
                elif isinstance(cell.value, str):
                    assert not re.fullmatch(r"-?[\d,]+(\.\d+)?", cell.value), (ws.title, cell.value)
        if lang == "zh":
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    assert not (isinstance(v, str) and SNAKE.search(v)), (ws.title, v)
    assert numbers > 100
    notes = [r[0] for r in wb[notes_title].iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(notes) == len(set(notes))


@pytest.mark.parametrize("lang", LANGS)
def test_csv_is_a_clean_table(files: dict, docs: dict, lang: str) -> None:
    csvs = files[("2026Q3", lang)]["csv"]
    doc = docs[("2026Q3", lang)]
    assert documents.README in csvs
    readme = csvs[documents.README].decode("utf-8-sig")
    assert t("watermark.demo", lang) in readme and doc.title in readme
    for name, tb in zip(documents.csv_names(doc), doc.tables, strict=True):
        got = pd.read_csv(io.BytesIO(csvs[name]), encoding="utf-8-sig")
        assert list(got.columns) == [t("export.demo_col", lang), *map(str, tb.frame.columns)], name
        assert len(got) == len(tb.frame), name
        for c in tb.frame.columns:
            if pd.api.types.is_integer_dtype(tb.frame[c]) and tb.frame[c].notna().all():
                assert pd.api.types.is_integer_dtype(got[str(c)]), (name, c)
        if lang == "zh":
            cells = [str(c) for c in got.columns] + [v for v in got.to_numpy().ravel() if isinstance(v, str)]
            assert not [v for v in cells if SNAKE.search(v)], name


def test_docx_tables_keep_together(files: dict) -> None:
    d = docx.Document(io.BytesIO(files[("2026Q3", "zh")]["docx"]))
    from docx.oxml.ns import qn

    assert d.tables
    for tb in d.tables:
        rows = tb.rows
        for i, row in enumerate(rows):
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
            # A table keeps together; a long one keeps its header and first rows together, then may continue.
            keeps = all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
            if i < len(rows) - 1 and (len(rows) - 1 <= documents.LONG_TABLE_ROWS or i < documents.LONG_TABLE_KEEP):
                assert keeps
            elif len(rows) - 1 > documents.LONG_TABLE_ROWS and i >= documents.LONG_TABLE_KEEP:
                assert not keeps
        assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    captions = [p for p in d.paragraphs if p.style.name == "Caption"]
    assert captions and all(p.paragraph_format.keep_with_next for p in captions)


# --------------------------------------------------------------------------- the narrative, publishing


def test_narrative_is_edited_published_and_reexported_byte_for_byte(demo_db: Path, tmp_path: Path) -> None:
    db = copy_store(demo_db, tmp_path / "s")
    q = "2024Q2"
    with pytest.raises(PermissionError):
        inventory.save_narrative(db, q, "zh", {"cases": "x"}, APPROVER)
    with pytest.raises(ValueError, match="4000"):
        inventory.save_narrative(db, q, "zh", {"cases": "长" * 4001}, ANALYST)
    case = "某贷款理财企业（示例）<script>*x*</script>\n\n违规发送营销短信\x07，已约谈。"
    inventory.save_narrative(db, q, "zh", {"cases": case, "advice": "请勿轻信陌生来电。"}, ANALYST)
    r = store.Reader(db)
    try:
        assert inventory.edited_sections(r, q, "zh") == ["cases", "advice"]
        assert inventory.edited_sections(r, q, "en") == []
        d = inventory.build(r, q, "zh", today=TODAY)
        cases = [b.text for b in next(s for s in d.sections if s.key == "cases").blocks]
        assert cases == ["某贷款理财企业（示例）<script>*x*</script>", "违规发送营销短信，已约谈。"]
        pub = inventory.publish(db, r, q, APPROVER, now="2026-11-27T08:00:00")
    finally:
        r.close()

    def exports() -> dict[str, object]:
        rr = store.Reader(db)
        try:
            rec, h = inventory.record(rr, pub.inventory_id, pub.version)
        finally:
            rr.close()
        assert rec["documents"]["zh"]["meta"]["narrative"]["cases"] == cases
        doc = inventory.published_document(rec, h, "zh")
        return {f: inventory.export(doc, f) for f in documents.formats()}

    before = exports()
    assert "违规发送营销短信，已约谈。" in docx_text(before["docx"])
    text = re.sub(r"\s+", "", pdf_text(before["pdf"]))
    assert "违规发送营销短信，已约谈。" in text and "请勿轻信陌生来电。" in text
    assert "第1版" in text and "2026年11月27日" in text and "zhao.approver" not in text and "INV-" not in text
    # Later edits and a later load change the draft, never the published version.
    inventory.save_narrative(db, q, "zh", {"cases": "另一个案例。"}, ANALYST)
    more = [complaint(i, received_at="2024-05-09 09:00:00") for i in range(25)]
    assert loader.load([write_csv(tmp_path / "more.csv", COMPLAINT_HEADER, more)], db, user="t", today=TODAY).ok
    assert exports() == before
    # Back to the generated draft.
    inventory.save_narrative(db, q, "zh", {"cases": None, "advice": ""}, ANALYST)
    r = store.Reader(db)
    try:
        assert inventory.edited_sections(r, q, "zh") == []
        assert inventory.narrative(r, q, "zh")["cases"] == inventory.draft_narrative(r, q, "zh")["cases"]
    finally:
        r.close()


def test_publish_refuses_and_versions(demo_db: Path, tmp_path: Path) -> None:
    db = copy_store(demo_db, tmp_path / "s")
    r = store.Reader(db)
    try:
        with pytest.raises(PermissionError):
            inventory.publish(db, r, "2024Q2", ANALYST)
        with pytest.raises(ValueError, match="not complete"):
            inventory.publish(db, r, "2026Q4", APPROVER, today=TODAY)
        v1 = inventory.publish(db, r, "2024Q2", APPROVER, now="2026-11-27T08:00:00")
    finally:
        r.close()
    r = store.Reader(db)
    try:
        v2 = inventory.publish(db, r, "2024Q2", APPROVER, now="2026-11-28T08:00:00")
    finally:
        r.close()
    r = store.Reader(db)  # a reader sees the workflow file as it was when it opened
    try:
        rec, h = inventory.record(r, v2.inventory_id, 2)
    finally:
        r.close()
    assert (v1.version, v2.version) == (1, 2)
    doc = inventory.published_document(rec, h, "en")
    assert doc.meta["version_label"] == "Version 2"
    assert any("replaces version 1" in line for line in doc.footnotes)
    assert doc.signoff[1] == "28 November 2026"


# --------------------------------------------------------------------------- the command line


def test_cli_writes_every_format(demo_db: Path, tmp_path: Path) -> None:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = cli.main(
            ["inventory", "--db", str(demo_db), "--quarter", "2024Q2", "--lang", "zh", "--out", str(tmp_path)]
        )
    assert rc == 0, buf.getvalue()
    names = {p.name for p in tmp_path.iterdir()}
    stem = "inventory_2024Q2_zh"
    assert {f"{stem}.docx", f"{stem}.xlsx", f"{stem}.pdf", f"{stem}_README.txt", f"{stem}_01_headline.csv"} <= names
    z = zipfile.ZipFile(tmp_path / f"{stem}.docx")
    body = z.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="WenQuanYi Micro Hei"' in body and "合成演示数据" in body
    media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) >= 5 and all(z.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in media)
    assert "content hash" in buf.getvalue()


def test_cli_refuses_unknown_quarter_cleanly(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = cli.main(["inventory", "--db", str(demo_db), "--quarter", "2031Q1", "--out", str(tmp_path)])
    assert rc == 2 and "no complaints loaded for 2031Q1" in capsys.readouterr().err
    rc = cli.main(["inventory", "--db", str(demo_db), "--quarter", "2024Q2", "--out", str(tmp_path), "--published"])
    assert rc == 1


# --------------------------------------------------------------------------- report handling (issue 17)


def test_handling_section_on_the_hand_worked_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The handling line and table read the measures of tests/handling_store.py (worked out there by hand);
    a quarter whose files carry no status says so and gives no rate."""
    db = handling_store.build(tmp_path, demo=True)
    monkeypatch.setattr(inventory, "HANDLING_MIN_REPORTS", 1)  # the store is tiny: name any operator below 90%
    r = store.Reader(db)
    try:
        zh, en, q1 = (
            inventory.build(r, q, lang, today=dt.date(2024, 7, 15))
            for q, lang in (("2024Q2", "zh"), ("2024Q2", "en"), ("2024Q1", "zh"))
        )
    finally:
        r.close()

    def texts(doc: documents.Document) -> str:
        sec = next(s for s in doc.sections if s.key == "handling")
        return "".join(b.text for b in sec.blocks if isinstance(b, documents.Paragraph))

    text = texts(zh)
    assert "转办举报18件，其中已处理8件，正在处理2件，因信息不全等原因不予处理4件" in text
    assert "各基础电信企业对转办举报的处理率为75.0%，已处理举报中半数在1天内处理完毕，80.0%在7日内处理完毕" in text
    assert "移动转售企业对转办举报的处理率为100.0%，已处理举报中半数在5.5天内处理完毕，50.0%在7日内处理完毕" in text
    assert "中国移动（75.0%）的处理率低于90%" in text
    table = next(b for b in zh.tables if b.key == "handling").frame.set_index("电信企业")
    assert list(table.loc["中国移动"])[:5] == [11, 6, 2, 3, 75.0]
    assert table.loc["中国移动", "半数办结用时（天）"] == 1.0 and table.loc["中国移动", "7日内处理完毕（%）"] == 80.0
    assert list(table.loc["移动转售企业合计"]) == [2, 2, 0, 0, 100.0, 5.5, 50.0]
    assert list(table.loc["合计"])[:6] == [18, 8, 2, 4, 80.0, 2.0] and round(table.loc["合计"].iloc[6], 1) == 71.4
    assert pd.isna(table.loc["中国联通", "处理率（%）"])  # only a not-actionable report: no rate, not 0%
    en_text = texts(en)
    assert "The basic telecom operators handled 75.0% of the reports forwarded to them" in en_text
    assert "China Mobile (75.0%) handled fewer than 90%" in en_text
    # No status in 2024Q1: the section says so, with no rate and no table.
    assert texts(q1) == "本季度转办举报未记录处理状态，暂不统计处理率。"
    assert "handling" not in [b.key for b in q1.tables]
    annex = " ".join(b.text for b in q1.sections[-1].blocks)
    assert "处理率为已处理举报占已处理和处理中举报之和的比例" in annex
