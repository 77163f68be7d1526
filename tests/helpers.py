"""Helpers for tests: write contract files, build rows, load them, read a store, fingerprint a store file."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from anning.load import loader
from anning.store import db as store


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> Path:
    """Write a CSV file in the given encoding."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """Write a one-sheet workbook with openpyxl (dates become real Excel date cells)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


COMPLAINT_HEADER = [
    "complaint_id",
    "received_at",
    "channel",
    "category",
    "sender_number",
    "operator",
    "industry",
    "company",
    "company_id",
    "province",
    "port",
    "port_company",
    "count",
]
# Every contract column of the other two kinds, in the contract's order (tests pick subsets where they need less).
TAKEDOWN_HEADER = ["takedown_id", "taken_at", "target_type", "target", "operator", "holder", "industry", "reason"]
ENFORCEMENT_HEADER = [
    "case_id",
    "decided_on",
    "target_name",
    "target_id",
    "target_role",
    "action",
    "fine_yuan",
    "illegal_gains_yuan",
    "authority",
    "province",
    "reason",
]

VALID_USCC = "91110000600012345D"  # check character verified in tests/unit/test_core.py


def complaint(i: int, **over: object) -> list[object]:
    """One valid complaints row; override columns by name."""
    base: dict[str, object] = {
        "complaint_id": f"T{i:05d}",
        "received_at": "2024-05-03 10:00:00",
        "channel": "sms",
        "category": "marketing",
        "sender_number": "106912345678",
        "operator": "中国移动",
        "industry": "loans_finance",
        "company": "测试贷款（示例）",
        "company_id": "",
        "province": "广东",
        "port": "106912345678",
        "port_company": "测试云信（示例）",
        "count": "1",
    }
    base.update(over)
    return [base[c] for c in COMPLAINT_HEADER]


def file_state(db: Path) -> tuple[object, ...] | None:
    """Identity and bytes hash of the store file (to prove it was not touched)."""
    if not db.exists():
        return None
    st = os.stat(db)
    return (st.st_ino, st.st_mtime_ns, hashlib.sha256(db.read_bytes()).hexdigest())


TODAY = dt.date(2026, 11, 28)


def copy_store(src: Path, dst: Path) -> Path:
    """Copy a store (data file, workflow file and raw-file archive) to ``dst``, for a test to change."""
    import shutil

    from anning.core.config import archive_dir
    from anning.store import audit
    from anning.store import db as store

    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    if archive_dir(src).exists():
        shutil.copytree(archive_dir(src), archive_dir(dst))
    if store.work_path(src).exists():
        shutil.copyfile(store.work_path(src), store.work_path(dst))
    if audit.log_path(src).exists():
        shutil.copyfile(audit.log_path(src), audit.log_path(dst))
    return dst


def as_read(markdown: str) -> str:
    """Markdown source as a reader sees it: the character references and word joiners of
    ``anning.core.escape.inert`` decoded and dropped, so a test can look for the plain text."""
    import html

    return html.unescape(markdown).replace("\u2060", "")


def load(files: list[Path], db: Path, **kw: object) -> loader.LoadReport:
    """Load ``files`` into ``db`` with the real loader, on the tests' fixed date unless ``today`` is given."""
    kw.setdefault("today", TODAY)
    return loader.load(files, db, **kw)  # type: ignore[arg-type]


def rows(db: Path, text: str, params: dict[str, object] | None = None) -> list[tuple]:
    """Run one statement on the store ``db`` as the app reads it (read-only, data and work files) and return its rows."""
    reader = store.Reader(db)
    try:
        cur = reader.cursor()
        try:
            return cur.execute(text, params or {}).fetchall()
        finally:
            cur.close()
    finally:
        reader.close()
