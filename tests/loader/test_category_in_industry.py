"""Files from the field put a complaint category (涉嫌诈骗, 诈骗) in the industry column. Such a file is accepted:
the rows count under the fraud category and an unclassified industry, each with a warning; nothing is refused
and nothing is lost."""

from __future__ import annotations

from pathlib import Path

from anning.load import loader
from anning.store import reference
from tests.helpers import COMPLAINT_HEADER, TODAY, complaint, rows, write_csv


def test_fraud_is_not_an_industry_in_the_reference() -> None:
    ind = reference.table("industry")
    assert "fraud" not in set(ind["code"]) and "涉嫌诈骗" not in set(ind["name_zh"])


def test_fraud_in_the_industry_column_counts_as_fraud_unclassified_with_a_warning(tmp_path: Path, db: Path) -> None:
    data = [
        complaint(1, industry="涉嫌诈骗", category=""),
        complaint(2, industry="诈骗", category="marketing"),  # the industry column's category wins: fraud
        complaint(3, industry=" 涉嫌诈骗 ", category="违法犯罪"),
        complaint(4, industry="loans_finance"),
        complaint(5, industry="贷款理财", category="bogus"),  # a bad category is still an error elsewhere
    ]
    bad = write_csv(tmp_path / "bad.csv", COMPLAINT_HEADER, data)
    report = loader.load([bad], db, user="t", today=TODAY)
    # Row 5's bad category is refused as before; the 涉嫌诈骗 rows are not the reason.
    assert not report.ok and [(e.line, e.code) for e in report.errors] == [(6, "bad_category")]

    good = write_csv(tmp_path / "good.csv", COMPLAINT_HEADER, data[:4])
    report = loader.load([good], db, user="t", today=TODAY)
    assert report.ok, report.lines()
    assert report.n_warnings == 3
    got = rows(db, "select complaint_id, category, industry from complaints order by complaint_id")
    assert got == [
        ("T00001", "fraud", "unclassified"),
        ("T00002", "fraud", "unclassified"),
        ("T00003", "fraud", "unclassified"),
        ("T00004", "marketing", "loans_finance"),
    ]
    warned = rows(db, "select line, column_name, value, code from load_warnings order by line")
    assert warned == [
        (2, "industry", "涉嫌诈骗", "category_in_industry"),
        (3, "industry", "诈骗", "category_in_industry"),
        (4, "industry", "涉嫌诈骗", "category_in_industry"),
    ]


def test_fraud_in_a_takedowns_industry_column_is_kept_unclassified(tmp_path: Path, db: Path) -> None:
    header = ["takedown_id", "taken_at", "target_type", "target", "operator", "holder", "industry", "reason"]
    f = write_csv(
        tmp_path / "t.csv",
        header,
        [
            ["K1", "2024-05-01", "号码", "16512345678", "中国移动", "", "涉嫌诈骗", "涉嫌诈骗"],
            ["K2", "2024-05-01", "端口", "1069000001", "中国移动", "某云信（示例）", "零售推销", ""],
        ],
    )
    report = loader.load([f], db, user="t", today=TODAY)
    assert report.ok, report.lines()
    got = rows(db, "select takedown_id, industry from takedowns order by takedown_id")
    assert got == [("K1", "unclassified"), ("K2", "retail")]
    assert rows(db, "select code from load_warnings") == [("category_in_industry",)]
