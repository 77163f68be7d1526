"""Issue 17's contract part: the optional handling_status / handled_on complaint columns.

Every header alias and every value spelling of the contract is loaded, the date rule
(handled_on before received_at is an error) and the missing-date warning are checked, and a
later file with the same complaint_id replaces the status.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from anning.load import contract
from tests.helpers import COMPLAINT_HEADER, complaint, file_state, load, rows, write_csv, write_xlsx


def handling_file(path: Path, status_header: str, date_header: str, rows_: list[tuple[int, str, str]]) -> Path:
    """Complaints received 2024-05-03 with the given (id, status, handled_on) cells."""
    header = [*COMPLAINT_HEADER, status_header, date_header]
    return write_csv(path, header, [[*complaint(i), status, on] for i, status, on in rows_])


STATUS_SPELLINGS = [
    (spelling, code) for code, spellings in contract.ENUMS["handling_status"].items() for spelling in spellings
]


def test_the_contract_lists_the_issue_17_spellings() -> None:
    """The values the issue names, exactly: a dropped spelling would silently turn into an error."""
    enum = contract.ENUMS["handling_status"]
    assert {"已处理", "已办结", "办结", "已处置", "handled"} <= set(enum["handled"])
    assert {"处理中", "未处理", "待处理", "pending"} <= set(enum["pending"])
    assert {"不予处理", "无效举报", "信息不全", "not_actionable"} <= set(enum["not_actionable"])
    cols = {c.name: c for c in contract.KINDS["complaints"]}
    assert cols["handling_status"].aliases == ("处理状态", "办理状态", "处理结果")
    assert cols["handled_on"].aliases == ("处理日期", "办结日期", "处理时间")
    assert not cols["handling_status"].required and not cols["handled_on"].required


@pytest.mark.parametrize("status_header", ["handling_status", "处理状态", "办理状态", "处理结果"])
@pytest.mark.parametrize("date_header", ["handled_on", "处理日期", "办结日期", "处理时间"])
def test_every_header_alias_is_recognised(tmp_path: Path, db: Path, status_header: str, date_header: str) -> None:
    path = handling_file(tmp_path / "h.csv", status_header, date_header, [(1, "已办结", "2024-05-06")])
    report = load([path], db)
    assert report.ok, report.lines()
    assert report.files[0].ignored_columns == ()
    assert rows(db, "select handling_status, handled_on from complaints") == [("handled", dt.date(2024, 5, 6))]


def test_every_value_spelling_maps_to_its_code(tmp_path: Path, db: Path) -> None:
    data = [(i, spelling, "2024-05-04") for i, (spelling, _) in enumerate(STATUS_SPELLINGS)]
    # Width and case variants are matched too, as for every enumerated value.
    data.append((len(data), "  HANDLED ", "2024-05-04"))
    data.append((len(data), "ｐｅｎｄｉｎｇ", ""))
    path = handling_file(tmp_path / "h.csv", "处理状态", "处理日期", data)
    report = load([path], db)
    assert report.ok, report.lines()
    got = dict(rows(db, "select complaint_id, handling_status from complaints"))
    expected = {f"T{i:05d}": code for i, (_, code) in enumerate(STATUS_SPELLINGS)}
    expected[f"T{len(STATUS_SPELLINGS):05d}"] = "handled"
    expected[f"T{len(STATUS_SPELLINGS) + 1:05d}"] = "pending"
    assert got == expected


def test_unknown_status_is_a_located_error(tmp_path: Path, db: Path) -> None:
    path = handling_file(tmp_path / "h.csv", "处理状态", "处理日期", [(1, "已处理", "2024-05-04"), (2, "搁置", "")])
    report = load([path], db)
    assert not report.ok and not db.exists()
    (err,) = report.errors
    assert (err.code, err.line, err.column, err.value) == ("bad_handling_status", 3, "handling_status", "搁置")
    assert err.render().startswith("h.csv:3: handling_status: 搁置: handling status must be")


@pytest.mark.parametrize(
    ("handled_on", "stored"),
    [
        ("2024-05-03", dt.date(2024, 5, 3)),  # same day as received: allowed
        ("2024/5/9", dt.date(2024, 5, 9)),
        ("2024年5月10日", dt.date(2024, 5, 10)),
        ("2024.05.11", dt.date(2024, 5, 11)),
        ("20240512", dt.date(2024, 5, 12)),
        ("2024-05-13 08:30:00", dt.date(2024, 5, 13)),
    ],
)
def test_handled_on_accepts_the_contract_date_formats(
    tmp_path: Path, db: Path, handled_on: str, stored: dt.date
) -> None:
    path = handling_file(tmp_path / "h.csv", "handling_status", "handled_on", [(1, "handled", handled_on)])
    report = load([path], db)
    assert report.ok, report.lines()
    assert rows(db, "select handled_on from complaints") == [(stored,)]


def test_handled_before_received_is_an_error(tmp_path: Path, db: Path) -> None:
    # Received 2024-05-03 10:00; handled the day before.
    path = handling_file(tmp_path / "h.csv", "处理状态", "处理日期", [(1, "已处理", "2024-05-02")])
    report = load([path], db)
    assert not report.ok and not db.exists()
    (err,) = report.errors
    assert (err.code, err.line, err.column, err.value) == ("handled_before_received", 2, "handled_on", "2024-05-02")


def test_bad_and_absurd_handling_dates_are_errors(tmp_path: Path, db: Path) -> None:
    path = handling_file(
        tmp_path / "h.csv", "处理状态", "处理日期", [(1, "已处理", "soon"), (2, "已处理", "2150-01-01")]
    )
    report = load([path], db)
    assert [(e.line, e.column, e.code) for e in report.errors] == [
        (2, "handled_on", "bad_date"),
        (3, "handled_on", "absurd_date"),
    ]


def test_handled_without_date_is_a_warning(tmp_path: Path, db: Path) -> None:
    path = handling_file(
        tmp_path / "h.csv", "处理状态", "处理日期", [(1, "已处理", ""), (2, "处理中", ""), (3, "不予处理", "")]
    )
    report = load([path], db)
    assert report.ok and report.n_warnings == 1
    (w,) = report.warnings
    assert (w.code, w.line, w.column) == ("handled_without_date", 2, "handled_on")
    assert rows(db, "select code from load_warnings") == [("handled_without_date",)]


def test_a_later_file_replaces_the_status(tmp_path: Path, db: Path) -> None:
    first = handling_file(tmp_path / "q.csv", "处理状态", "处理日期", [(1, "处理中", ""), (2, "已处理", "2024-05-04")])
    assert load([first], db).ok
    later = handling_file(tmp_path / "q2.csv", "办理状态", "办结日期", [(1, "已办结", "2024-05-20")])
    report = load([later], db)
    assert report.ok and report.rows_replaced == 1
    assert rows(db, "select complaint_id, handling_status, handled_on, batch_id from complaints order by 1") == [
        ("T00001", "handled", dt.date(2024, 5, 20), 2),
        ("T00002", "handled", dt.date(2024, 5, 4), 1),
    ]


def test_files_without_the_columns_load_with_an_empty_status(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "plain.csv", COMPLAINT_HEADER, [complaint(1)])
    assert load([path], db).ok
    assert rows(db, "select handling_status, handled_on from complaints") == [(None, None)]


def test_xlsx_date_cells_for_handled_on(tmp_path: Path, db: Path) -> None:
    header = [*COMPLAINT_HEADER, "处理结果", "处理时间"]
    path = write_xlsx(tmp_path / "h.xlsx", header, [[*complaint(1), "已处置", dt.datetime(2024, 5, 7, 16, 45)]])
    report = load([path], db)
    assert report.ok, report.lines()
    assert rows(db, "select handling_status, handled_on from complaints") == [("handled", dt.date(2024, 5, 7))]


def test_an_older_store_gains_the_columns(tmp_path: Path, db: Path) -> None:
    """A store created before issue 17 has no handling columns; the next load adds them."""
    path = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(1)])
    assert load([path], db).ok
    con = duckdb.connect(str(db))
    con.execute("alter table complaints drop column handling_status")
    con.execute("alter table complaints drop column handled_on")
    con.close()
    before = file_state(db)
    later = handling_file(tmp_path / "b.csv", "处理状态", "处理日期", [(2, "待处理", "")])
    assert load([later], db).ok
    assert file_state(db) != before
    assert rows(db, "select complaint_id, handling_status from complaints order by 1") == [
        ("T00001", None),
        ("T00002", "pending"),
    ]
