"""The complaint inventory: the CLI writes DOCX, XLSX, CSV and PDF; Chinese text, charts, watermark and hash are
in them; a published inventory re-exports byte for byte after another load."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from anning.cli import main as cli
from anning.core import auth
from anning.i18n import terms
from anning.load import loader
from anning.publish import documents, inventory
from anning.store import db as store
from tests.helpers import COMPLAINT_HEADER, TODAY, complaint, write_csv
from tests.publications.conftest import copy_store

Q = "2024Q2"
APPROVER = auth.User("zhao.approver", "approver")


@pytest.fixture(scope="module")
def cli_out(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The CLI's files for the demo quarter, in Chinese, and what it printed."""
    out = tmp_path_factory.mktemp("inventory")
    import contextlib

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = cli.main(["inventory", "--db", str(demo_db), "--quarter", Q, "--lang", "zh", "--out", str(out)])
    assert rc == 0, buf.getvalue()
    return out, buf.getvalue()


def test_cli_writes_every_format(cli_out: tuple[Path, str]) -> None:
    out, printed = cli_out
    names = sorted(p.name for p in out.iterdir())
    stem = f"inventory_{Q}_zh"
    assert {f"{stem}.docx", f"{stem}.xlsx", f"{stem}.pdf"} <= set(names)
    csvs = [n for n in names if n.endswith(".csv")]
    assert len(csvs) >= 7 and f"{stem}_01_headline.csv" in csvs
    assert "content hash" in printed


def test_docx_has_chinese_fonts_charts_and_watermark(cli_out: tuple[Path, str]) -> None:
    out, _ = cli_out
    z = zipfile.ZipFile(out / f"inventory_{Q}_zh.docx")
    body = z.read("word/document.xml").decode("utf-8")
    styles = z.read("word/styles.xml").decode("utf-8")
    header = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header"))
    assert "2024年第二季度垃圾信息投诉情况盘点" in body
    assert 'w:eastAsia="WenQuanYi Micro Hei"' in body and 'w:eastAsia="WenQuanYi Micro Hei"' in styles
    assert "合成演示数据" in header and "合成演示数据" in body
    for title in (
        "一、总体情况",
        "二、投诉类别",
        "三、行业排名",
        "四、电信企业",
        "五、号段",
        "六、地区分布",
        "七、典型企业",
        "八、处置和执法",
        "九、方法与说明",
    ):
        assert title in body, title
    media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) >= 5  # trend, categories, industries, operators, map
    assert all(z.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in media)
    assert re.search(r"内容哈希值（SHA-256）：[0-9a-f]{64}", body)
    footer = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer"))
    assert re.search(r"SHA-256 [0-9a-f]{64}", footer)  # on every page


def test_xlsx_has_a_sheet_per_table_and_notes(cli_out: tuple[Path, str]) -> None:
    out, _ = cli_out
    wb = openpyxl.load_workbook(out / f"inventory_{Q}_zh.xlsx")
    assert wb.sheetnames[0] == "表1 分类型投诉量" and wb.sheetnames[-1] == "说明"
    assert len(wb.sheetnames) >= 8
    for ws in wb.worksheets[:-1]:
        assert ws["A1"].value == "合成演示数据，不得对外发布", ws.title
    assert wb["说明"]["A2"].value == "合成演示数据，不得对外发布"  # under the notes sheet's header
    notes = [r[0] for r in wb["说明"].iter_rows(values_only=True)]
    assert any(isinstance(n, str) and n.startswith("内容哈希值") for n in notes)
    assert wb.properties.creator == "Anning"


def test_pdf_text_is_chinese_with_watermark(cli_out: tuple[Path, str]) -> None:
    out, _ = cli_out
    data = (out / f"inventory_{Q}_zh.pdf").read_bytes()
    assert data[:5] == b"%PDF-"
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    compact = re.sub(r"\s+", "", text)
    assert "垃圾信息投诉情况盘点" in compact and "合成演示数据" in compact and "九、方法与说明" in compact
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3


def test_csv_per_table_carries_notes(cli_out: tuple[Path, str]) -> None:
    out, _ = cli_out
    text = (out / f"inventory_{Q}_zh_01_headline.csv").read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("类型,投诉量")
    assert "# 合成演示数据，不得对外发布" in lines and any(line.startswith("# 内容哈希值") for line in lines)


def test_cli_refuses_unknown_quarter_cleanly(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = cli.main(["inventory", "--db", str(demo_db), "--quarter", "2031Q1", "--out", str(tmp_path)])
    assert rc == 2 and "no complaints loaded for 2031Q1" in capsys.readouterr().err
    rc = cli.main(["inventory", "--db", str(demo_db), "--quarter", Q, "--out", str(tmp_path), "--published"])
    assert rc == 1


def test_english_inventory_has_nine_sections(demo_db: Path) -> None:
    r = store.Reader(demo_db)
    try:
        doc = inventory.build(r, Q, "en")
    finally:
        r.close()
    assert [s.key for s in doc.sections] == [
        "headline",
        "categories",
        "industries",
        "operators",
        "number_ranges",
        "provinces",
        "companies",
        "enforcement",
        "methodology",
    ]
    assert doc.title == "Spam complaint inventory, 2024Q2"
    titles = [b.title for b in doc.tables]
    assert titles[0] == "Table 1. Complaints by channel"
    assert any(isinstance(b, documents.Chart) and b.key == "map" for s in doc.sections for b in s.blocks)
    ops = next(b for b in doc.tables if b.key == "operators").frame
    assert ops["Type"].iloc[-1] == "Reseller (MVNO)" and ops[terms.rate("subscribers", "en")].notna().all()


def test_published_inventory_reexports_byte_for_byte(demo_db: Path, tmp_path: Path) -> None:
    db = copy_store(demo_db, tmp_path / "s")
    r = store.Reader(db)
    try:
        with pytest.raises(PermissionError):
            inventory.publish(db, r, Q, auth.User("li", "analyst"))
        with pytest.raises(ValueError, match="not complete"):
            inventory.publish(db, r, "2026Q4", APPROVER, today=TODAY)
        pub = inventory.publish(db, r, Q, APPROVER, now="2026-11-27T08:00:00")
    finally:
        r.close()
    assert pub.version == 1

    def files() -> dict[str, bytes]:
        rr = store.Reader(db)
        try:
            rec, h = inventory.record(rr, pub.inventory_id, 1)
        finally:
            rr.close()
        assert h == pub.content_hash
        doc = inventory.published_document(rec, h, "zh")
        csvs = inventory.export(doc, "csv")
        assert isinstance(csvs, dict)
        return {
            "docx": inventory.export(doc, "docx"),
            "xlsx": inventory.export(doc, "xlsx"),  # type: ignore[dict-item]
            "pdf": inventory.export(doc, "pdf"),
            **csvs,
        }  # type: ignore[dict-item]

    before = files()
    rows = [complaint(i, received_at="2024-05-09 09:00:00") for i in range(25)]
    assert loader.load([write_csv(tmp_path / "more.csv", COMPLAINT_HEADER, rows)], db, user="t", today=TODAY).ok
    after = files()
    assert before == after
    text = before["01_headline.csv"].decode("utf-8-sig")
    assert f"INV-{Q}第1版" in text and pub.content_hash in text
    # The draft from the data now differs (more complaints), the published version does not.
    rr = store.Reader(db)
    try:
        assert inventory.latest_published(rr, Q)[1] == pub.content_hash
        again = inventory.publish(db, rr, Q, APPROVER, now="2026-11-28T08:00:00")
    finally:
        rr.close()
    assert again.version == 2 and again.content_hash != pub.content_hash
    assert files() == before  # version 1 still re-exports identically
