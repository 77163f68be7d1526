"""No personal data leaves the building: a load carrying complainant numbers, then every publication export
(inventory DOCX/XLSX/CSV/PDF, exposure list CSV/XLSX/PNG, referral files) is searched for those numbers."""

from __future__ import annotations

import contextlib
import html
import io
import zipfile
import zlib
from pathlib import Path

import duckdb
from pypdf import PdfReader

from anning.core import auth
from anning.enforcement.exposure import Rules
from anning.load import loader
from anning.publish import inventory, list_exports, lists, referrals
from anning.store import db as store
from tests.helpers import TODAY, VALID_USCC, write_csv
from tests.publications.conftest import copy_store

Q = "2024Q2"
COMPANY = "隐私测试零售（示例）"
# Complainants' numbers, each unlike any sender number or port in the demo data.
NUMBERS = [f"1990{i:07d}" for i in range(1234560, 1234600)]


def searchable(data: bytes) -> list[str]:
    """Every text view of an export: the raw bytes, each zip entry, and a PDF's text and inflated streams."""
    views = [data.decode("latin-1")]
    if data[:2] == b"PK":
        z = zipfile.ZipFile(io.BytesIO(data))
        # XML entries, with character references resolved (openpyxl writes &#21512; for 合).
        views += [html.unescape(z.read(n).decode("utf-8", errors="replace")) for n in z.namelist()]
    if data[:5] == b"%PDF-":
        views += [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
        i = 0
        while (i := data.find(b"stream", i)) != -1:
            start = data.find(b"\n", i) + 1
            end = data.find(b"endstream", start)
            with contextlib.suppress(zlib.error):  # not every stream is deflated
                views.append(zlib.decompress(data[start:end]).decode("latin-1"))
            i = end if end > 0 else i + 6
    return views


def test_no_complainant_number_in_any_export(demo_db: Path, tmp_path: Path) -> None:
    db = copy_store(demo_db, tmp_path / "s")
    header = [
        "举报编号",
        "受理时间",
        "类型",
        "举报类别",
        "被举报号码",
        "运营商",
        "行业",
        "源头企业",
        "统一社会信用代码",
        "省份",
        "端口号",
        "端口企业",
        "数量",
        "举报人号码",
    ]
    rows = [
        [
            f"PII{i:04d}",
            f"2024-05-{1 + i % 28:02d} 10:00:00",
            "短信",
            "商业营销",
            f"10690123{i % 5:04d}",
            "移动",
            "零售推销",
            COMPANY,
            VALID_USCC,
            "广东省",
            f"10690123{i % 5:04d}",
            "隐私测试云信（示例）",
            "1",
            n,
        ]
        for i, n in enumerate(NUMBERS)
    ]
    report = loader.load(
        [write_csv(tmp_path / "with_pii.csv", header, rows, encoding="gb18030")], db, user="t", today=TODAY
    )
    assert report.ok and report.files[0].dropped_columns == ("举报人号码",)
    con = duckdb.connect(":memory:")
    con.execute("attach $p as s (read_only)", {"p": str(db)})
    assert con.execute("select count(*) from s.complaints where company = $c", {"c": COMPANY}).fetchone()[0] == 40
    con.close()

    files: dict[str, bytes] = {}
    r = store.Reader(db)
    try:
        doc = inventory.draft_document(inventory.build(r, Q, "zh"))
        for fmt in ("docx", "xlsx", "pdf"):
            files[f"inventory.{fmt}"] = inventory.export(doc, fmt)  # type: ignore[assignment]
        files.update(inventory.export(doc, "csv"))  # type: ignore[arg-type]
        analyst, approver = auth.User("li", "analyst"), auth.User("zhao", "approver")
        d = lists.prepare(
            db,
            r,
            Q,
            Rules(min_complaints=30, top_per_industry=1, repeat_quarters=0, min_ports_shut=0, fined=False, floor=2),
            analyst,
        )
    finally:
        r.close()
    assert COMPANY in {c["name"] for c in d.candidates}
    lists.submit(db, d.draft_id, analyst)
    lists.approve(db, d.draft_id, approver)
    pub = lists.publish(db, d.draft_id, approver)
    for lang in ("zh", "en"):
        files[f"list_{lang}.csv"] = list_exports.csv_bytes(pub.record, pub.content_hash, lang)
        files[f"list_{lang}.xlsx"] = list_exports.xlsx_bytes(pub.record, pub.content_hash, lang, full=True)
    files["list.png"] = list_exports.png_bytes(pub.record, pub.content_hash, "zh")
    r = store.Reader(db)
    try:
        batch = referrals.prepare(db, r, Q, analyst, today=TODAY)
    finally:
        r.close()
    files.update({f.file_name: f.data for f in batch.files})

    # The company and its complaints are in the exports (so the rows were really exported) ...
    assert any(COMPANY in v for v in searchable(files["list_zh.xlsx"]))
    samr = next(f for f in batch.files if f.department_code == "samr")
    assert any("PII0001" in v for v in searchable(samr.data))
    # ... and no complainant number is, anywhere.
    for name, data in files.items():
        for view in searchable(data):
            leaked = [n for n in NUMBERS if n in view]
            assert not leaked, (name, leaked[:3])
