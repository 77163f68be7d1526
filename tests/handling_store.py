"""A hand-built store of forwarded reports with known handling, for the handling measures, CLI and page tests.

Every number the tests assert is worked out by hand from the rows below (days = date handled minus
date received; a report received at 23:30 and handled the next day took 1 day):

2024Q2 (data to 2024-06-30, so the quarter is complete):

* 中国移动 (cmcc): handled after 0, 1, 1 (one row of count 2), 3 and 10 days, one more handled without a
  date; 2 pending; 3 not actionable. Forwarded 11, handled 6, pending 2, not actionable 3. Rate
  6 / (6 + 2) = 0.75 (with the not-actionable counted it would be 6 / 11). Days [0, 1, 1, 3, 10]:
  median 1; 90th percentile at position 0.9 × 4 = 3.6, so 3 + 0.6 × (10 − 3) = 7.2; within 7 days 4 of 5 = 0.8.
* 澄岚移动（示例） (mvno01): handled after 2 and 9 days. Rate 1; median 2 + 0.5 × 7 = 5.5; 90th percentile
  2 + 0.9 × 7 = 8.3; within 7 days 1 of 2 = 0.5.
* 中国联通 (cucc): one not-actionable report: forwarded 1, rate, days and share null (nothing to compute).
* 中国电信 (ctcc): one row of 4 complaints without a status: forwarded 4, no_status 4, rate null.
* Nation: forwarded 18, handled 8, pending 2, not actionable 4, no status 4; rate 8 / 10 = 0.8; days
  [0, 1, 1, 2, 3, 9, 10]: median 2, 90th percentile at 5.4: 9 + 0.4 × 1 = 9.4; within 7 days 5 of 7.
* Basic operators (cmcc, cucc, ctcc): forwarded 16, rate 0.75, days as cmcc. MVNOs: as mvno01.
* 广东 (440000): forwarded 10, handled 6, pending 0: rate 1; days [0, 1, 1, 2, 3, 9]: median 1.5,
  90th percentile at 4.5: 3 + 0.5 × 6 = 6; within 7 days 5 of 6.
* 北京 (110000): forwarded 8, handled 2, pending 2, not actionable 4: rate 0.5; days [10]: median and
  90th percentile 10; within 7 days 0 of 1 = 0.

2024Q1 comes from an older file without the status columns: 3 complaints, no status data at all.
"""

from __future__ import annotations

from pathlib import Path

from anning.load import loader
from tests.helpers import COMPLAINT_HEADER, complaint, write_csv

HEADER = [*COMPLAINT_HEADER, "handling_status", "handled_on"]

# (id, received_at, operator, province, count, status, handled_on)
ROWS_Q2: list[tuple[int, str, str, str, int, str, str]] = [
    (1, "2024-05-03 10:00:00", "中国移动", "广东", 1, "handled", "2024-05-03"),
    (2, "2024-05-10 23:30:00", "中国移动", "广东", 2, "handled", "2024-05-11"),
    (3, "2024-05-20 09:00:00", "中国移动", "广东", 1, "handled", "2024-05-23"),
    (4, "2024-06-01 09:00:00", "中国移动", "北京", 1, "handled", "2024-06-11"),
    (5, "2024-06-02 09:00:00", "中国移动", "北京", 1, "handled", ""),
    (6, "2024-06-29 09:00:00", "中国移动", "北京", 2, "pending", ""),
    (7, "2024-06-05 09:00:00", "中国移动", "北京", 3, "not_actionable", ""),
    (8, "2024-04-10 09:00:00", "澄岚移动", "广东", 1, "handled", "2024-04-12"),
    (9, "2024-04-11 09:00:00", "澄岚移动", "广东", 1, "handled", "2024-04-20"),
    (10, "2024-06-30 10:00:00", "中国联通", "北京", 1, "not_actionable", ""),
    (11, "2024-05-05 09:00:00", "中国电信", "广东", 4, "", ""),
]
ROWS_Q1: list[tuple[int, str, str, str, int]] = [
    (21, "2024-02-01 09:00:00", "中国移动", "广东", 2),
    (22, "2024-03-01 09:00:00", "中国联通", "北京", 1),
]


def _row(i: int, received: str, operator: str, province: str, count: int) -> list[object]:
    return complaint(
        i,
        received_at=received,
        operator=operator,
        province=province,
        count=str(count),
        sender_number=f"1380000{i:04d}",
        port="",
        port_company="",
    )


def build(tmp: Path, *, demo: bool = False) -> Path:
    """Write the two complaint files under ``tmp`` and load them into ``tmp/store/anning.duckdb``."""
    q2 = [[*_row(i, rec, op, prov, n), status, on] for i, rec, op, prov, n, status, on in ROWS_Q2]
    q1 = [_row(*r) for r in ROWS_Q1]
    files = [
        write_csv(tmp / "complaints_2024Q2.csv", HEADER, q2),
        write_csv(tmp / "complaints_2024Q1.csv", COMPLAINT_HEADER, q1),
    ]
    db = tmp / "store" / "anning.duckdb"
    report = loader.load(files, db, user="test", source="demo" if demo else "file")
    assert report.ok, report.lines()
    return db
