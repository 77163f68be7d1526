"""Hostile names for the escaping tests (issue 15, finding 5): a store whose companies, port company, user
display name and review note are Markdown, HTML, control characters and a right-to-left override."""

from __future__ import annotations

from pathlib import Path

from anning.core import auth, uscc
from anning.enforcement.exposure import Rules
from anning.load import loader
from anning.publish import lists
from anning.store import db as store
from tests import helpers
from tests.helpers import COMPLAINT_HEADER, complaint, write_csv

HOSTILE = {
    "link": "[phish](https://evil.example/x)科技",
    "bold": "**bold**传媒",
    "html": "<a href='https://evil.example/a'>点我</a>信息",
    "ctrl": "控\x1b[31m制\x07网络",
    "rlo": "反\u202e向贷款",
}
PORT_COMPANY = "<a href='https://evil.example/p'>端口</a>云信"
NOTE = "see " + HOSTILE["link"] + " and " + HOSTILE["html"]
# Raw syntax that must never reach Markdown, HTML or a Plotly label unescaped.
RAW = ["[phish](", "**bold**", "<a href", "\x1b", "\x07", "\u202e", "https://evil"]
QUARTER = "2026Q3"


def _code(n: int) -> str:
    """A valid unified social credit code of its own for the n-th hostile company (an invented one)."""
    first17 = f"9111000077{n:07d}"
    return first17 + uscc.check_char(first17)


# The companies' credit codes, by kind: the company page opens a coded company by its code (?key=<code>).
CODES = {kind: _code(n) for n, kind in enumerate(HOSTILE)}


def build(demo_db: Path, base: Path, preparer: auth.User, approver: auth.User) -> Path:
    """A copy of the demo store with hostile complaints in the default quarter and a draft list sent back."""
    db = helpers.copy_store(demo_db, base / "store" / "anning.duckdb")
    rows = []
    for n, (kind, name) in enumerate(HOSTILE.items()):
        for i in range(12):  # many complaints each, so every name ranks at the top of the quarter
            rows.append(
                complaint(
                    n * 100 + i,
                    complaint_id=f"HOSTILE-{kind}-{i}",
                    received_at=f"2026-08-{10 + i:02d} 10:00:00",
                    company=name,
                    company_id=CODES[kind],  # a valid credit code: only identified companies go on a draft list
                    port_company=PORT_COMPANY,
                    count="400",
                )
            )
    f = write_csv(base / "hostile.csv", COMPLAINT_HEADER, rows)
    report = loader.load([f], db, user=preparer.name, source="upload")
    assert report.ok, report.lines()
    reader = store.Reader(db)
    try:
        d = lists.prepare(db, reader, QUARTER, Rules(min_complaints=1000, top_per_industry=1), preparer)
    finally:
        reader.close()
    lists.submit(db, d.draft_id, preparer)
    lists.return_draft(db, d.draft_id, approver, NOTE)
    return db
