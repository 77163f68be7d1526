"""The loader against the data contract: what it accepts, what it rejects, and that rejections change nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from anning.load import loader
from anning.store import audit
from tests.helpers import COMPLAINT_HEADER, VALID_USCC, complaint, file_state, load, rows, write_csv, write_xlsx

ROOT = Path(__file__).resolve().parents[2]


def codes(report: loader.LoadReport) -> list[str]:
    return [e.code for e in report.errors]


# --------------------------------------------------------------------------- accepted input


def test_gb18030_file_with_chinese_headers_loads(tmp_path: Path, db: Path) -> None:
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
    data = [
        [
            "A1",
            "2024年3月5日",
            "短信",
            "商业营销",
            "０１０６８８８８８８",
            "移动",
            "贷款理财",
            "甲乙贷款（示例）",
            VALID_USCC,
            "广东省",
            "1069000011110000",
            "某云信（示例）",
            "2",
            "13912345678",
        ],
        [
            "A2",
            "2024/3/6 14:22",
            "电话",
            "违法犯罪",
            "+8617012345678",
            "中国联通",
            "涉嫌诈骗",
            "",
            "",
            "Beijing",
            "",
            "",
            "",
            "13987654321",
        ],
    ]
    path = write_csv(tmp_path / "gbk.csv", header, data, encoding="gb18030")
    report = load([path], db)
    assert report.ok, report.lines()
    assert report.files[0].encoding == "gb18030"
    assert report.files[0].kind == "complaints"
    assert report.files[0].dropped_columns == ("举报人号码",)
    got = rows(
        db,
        "select complaint_id, received_at, channel, category, sender_number, number_family, operator, "
        "industry, company_key, province, count from complaints order by 1",
    )
    assert got[0] == (
        "A1",
        dt.datetime(2024, 3, 5),
        "sms",
        "marketing",
        "0106888888",
        "fixed",
        "cmcc",
        "loans_finance",
        VALID_USCC,
        "440000",
        2,
    )
    assert got[1][4] == "+8617012345678"  # the country code is kept as text
    assert got[1][5] == "170"  # and the range is read from the national form
    assert got[1][9] == "110000"
    # The complainant numbers never reach the store file, not even as bytes.
    raw = db.read_bytes()
    assert b"13912345678" not in raw and b"13987654321" not in raw


def test_xlsx_with_excel_date_cells_loads(tmp_path: Path, db: Path) -> None:
    header = ["案件编号", "决定日期", "被处置单位", "统一社会信用代码", "单位类型", "措施", "罚款金额", "违法所得"]
    data = [
        ["E1", dt.datetime(2024, 4, 2), "丙丁商贸（示例）", VALID_USCC, "源头企业", "罚款", 20000, 10000],
        ["E2", dt.datetime(2024, 4, 3, 9, 30), "戊己云信（示例）", None, "端口企业", "约谈", None, None],
    ]
    path = write_xlsx(tmp_path / "enf.xlsx", header, data)
    report = load([path], db)
    assert report.ok, report.lines()
    got = rows(
        db, "select case_id, decided_on, quarter, action, fine_yuan, cap_yuan, over_cap from enforcement order by 1"
    )
    assert got[0][:4] == ("E1", dt.date(2024, 4, 2), "2024Q2", "fine")
    assert float(got[0][4]) == 20000 and float(got[0][5]) == 30000 and got[0][6] is False


def test_utf8_bom_and_header_variants(tmp_path: Path, db: Path) -> None:
    header = [" Complaint_ID ", "ＲＥＣＥＩＶＥＤ_ＡＴ", "channel", "Sender_Number", "OPERATOR"]
    path = write_csv(
        tmp_path / "bom.csv", header, [["B1", "2024-01-02", "SMS", "10690001", "CMCC"]], encoding="utf-8-sig"
    )
    report = load([path], db)
    assert report.ok, report.lines()
    assert rows(db, "select channel, operator, industry from complaints") == [("sms", "cmcc", "unclassified")]


def test_explicit_kind_and_takedowns(tmp_path: Path, db: Path) -> None:
    header = ["takedown_id", "taken_at", "target_type", "target", "operator", "holder"]
    path = write_csv(tmp_path / "t.csv", header, [["K1", "2024-02-01", "端口", "10690001", "电信", "某云信（示例）"]])
    report = load([path], db, kind="takedowns")
    assert report.ok, report.lines()
    assert rows(db, "select target_type, operator, quarter from takedowns") == [("port", "ctcc", "2024Q1")]


# --------------------------------------------------------------------------- rejected input


def _rejects(tmp_path: Path, db: Path, files: list[Path], code: str, **kw: object) -> loader.LoadReport:
    before = file_state(db)
    report = load(files, db, **kw)
    assert not report.ok
    assert code in codes(report), report.lines()
    assert file_state(db) == before, "a rejected load changed the store"
    return report


@pytest.fixture()
def seeded(tmp_path: Path, db: Path) -> Path:
    """A store holding one valid batch, so rejections can prove it stays untouched."""
    path = write_csv(tmp_path / "seed.csv", COMPLAINT_HEADER, [complaint(1), complaint(2)])
    assert load([path], db).ok
    return db


def test_rejects_empty_file(tmp_path: Path, seeded: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    report = _rejects(tmp_path, seeded, [empty], "empty")
    assert report.lines()[0].startswith("empty.csv: ")
    only_bom = tmp_path / "bom.csv"
    only_bom.write_bytes(b"\xef\xbb\xbf\r\n")
    _rejects(tmp_path, seeded, [only_bom], "empty")


def test_rejects_missing_required_column_naming_aliases(tmp_path: Path, seeded: Path) -> None:
    header = [c for c in COMPLAINT_HEADER if c != "operator"]
    path = write_csv(
        tmp_path / "noop.csv",
        header,
        [[v for c, v in zip(COMPLAINT_HEADER, complaint(3), strict=True) if c != "operator"]],
    )
    report = _rejects(tmp_path, seeded, [path], "missing_column")
    line = report.lines()[0]
    assert "operator" in line and "运营商" in line


def test_rejects_binary_file(tmp_path: Path, seeded: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _rejects(tmp_path, seeded, [path], "binary")


def test_rejects_unreadable_encoding(tmp_path: Path, seeded: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(",".join(COMPLAINT_HEADER).encode() + b"\n\xff\xfe\xfa\x80\x81,\xff\n")
    _rejects(tmp_path, seeded, [path], "encoding")


def test_rejects_truncated_xlsx(tmp_path: Path, seeded: Path) -> None:
    good = write_xlsx(tmp_path / "ok.xlsx", COMPLAINT_HEADER, [complaint(4)])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:700])
    _rejects(tmp_path, seeded, [cut], "bad_xlsx")


def test_rejects_duplicate_ids_within_and_across_files(tmp_path: Path, seeded: Path) -> None:
    a = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(10), complaint(11), complaint(10)])
    report = _rejects(tmp_path, seeded, [a], "duplicate_id")
    assert "a.csv:4: complaint_id: T00010" in report.lines()[0]
    b = write_csv(tmp_path / "b.csv", COMPLAINT_HEADER, [complaint(20)])
    c = write_csv(tmp_path / "c.csv", COMPLAINT_HEADER, [complaint(20)])
    _rejects(tmp_path, seeded, [b, c], "duplicate_id")


def test_rejects_unparseable_date_with_file_line_column_value(tmp_path: Path, seeded: Path) -> None:
    path = write_csv(tmp_path / "d.csv", COMPLAINT_HEADER, [complaint(30), complaint(31, received_at="31/02/2024x")])
    report = _rejects(tmp_path, seeded, [path], "bad_date")
    assert report.lines()[0].startswith("d.csv:3: received_at: 31/02/2024x: not a date")


def test_rejects_absurd_dates(tmp_path: Path, seeded: Path) -> None:
    path = write_csv(tmp_path / "d.csv", COMPLAINT_HEADER, [complaint(32, received_at="1899-01-01")])
    _rejects(tmp_path, seeded, [path], "absurd_date")


@pytest.mark.parametrize(("fine", "code"), [("-500", "negative_amount"), ("一万", "bad_amount"), ("", "fine_required")])
def test_rejects_bad_fines(tmp_path: Path, seeded: Path, fine: str, code: str) -> None:
    header = ["case_id", "decided_on", "target_name", "target_role", "action", "fine_yuan"]
    path = write_csv(
        tmp_path / "e.csv", header, [["E9", "2024-01-01", "某公司（示例）", "source_company", "fine", fine]]
    )
    _rejects(tmp_path, seeded, [path], code)


def test_rejects_unknown_operator(tmp_path: Path, seeded: Path) -> None:
    path = write_csv(tmp_path / "o.csv", COMPLAINT_HEADER, [complaint(40, operator="火星电信")])
    report = _rejects(tmp_path, seeded, [path], "unknown_operator")
    assert "火星电信" in report.lines()[0]


def test_rejects_file_of_unknown_kind(tmp_path: Path, seeded: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["name", "amount"], [["a", "1"]])
    _rejects(tmp_path, seeded, [path], "unknown_kind")


def test_rejects_malformed_csv_row(tmp_path: Path, seeded: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        ",".join(COMPLAINT_HEADER) + "\n" + ",".join(map(str, complaint(50))) + ",extra,cells\n", encoding="utf-8"
    )
    report = _rejects(tmp_path, seeded, [path], "malformed")
    assert report.errors[0].line == 2


def test_one_bad_file_blocks_the_whole_batch(tmp_path: Path, seeded: Path) -> None:
    good = write_csv(tmp_path / "good.csv", COMPLAINT_HEADER, [complaint(60)])
    bad = write_csv(tmp_path / "bad.csv", COMPLAINT_HEADER, [complaint(61, channel="fax")])
    _rejects(tmp_path, seeded, [good, bad], "bad_channel")
    assert rows(seeded, "select count(*) from complaints where complaint_id = 'T00060'") == [(0,)]


def test_error_list_is_capped_with_total(tmp_path: Path, seeded: Path) -> None:
    path = write_csv(tmp_path / "many.csv", COMPLAINT_HEADER, [complaint(i, channel="fax") for i in range(200)])
    report = _rejects(tmp_path, seeded, [path], "bad_channel")
    assert report.n_errors == 200 and len(report.errors) == 50
    assert report.lines()[-1] == "… and 150 more errors"


def test_upload_size_limit(tmp_path: Path, seeded: Path) -> None:
    path = write_csv(tmp_path / "big.csv", COMPLAINT_HEADER, [complaint(i) for i in range(100)])
    _rejects(tmp_path, seeded, [path], "too_large", max_bytes=1000)


# --------------------------------------------------------------------------- batches, idempotency, warnings


def test_same_content_twice_changes_nothing(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(1), complaint(2)])
    first = load([path], db)
    assert first.ok and first.batch_id == 1
    before = file_state(db)
    again = load([path], db)
    assert again.ok and again.already_loaded and again.batch_id is None
    assert again.files[0].already_in_batch == 1
    assert file_state(db) == before


def test_corrected_file_replaces_rows_with_same_ids(tmp_path: Path, db: Path) -> None:
    v1 = write_csv(tmp_path / "v1.csv", COMPLAINT_HEADER, [complaint(1), complaint(2, operator="联通")])
    v2 = write_csv(tmp_path / "v2.csv", COMPLAINT_HEADER, [complaint(2, operator="电信"), complaint(3)])
    assert load([v1], db).ok
    report = load([v2], db)
    assert report.ok and report.rows_replaced == 1 and report.batch_id == 2
    assert rows(db, "select complaint_id, operator, batch_id from complaints order by 1") == [
        ("T00001", "cmcc", 1),
        ("T00002", "ctcc", 2),
        ("T00003", "cmcc", 2),
    ]
    assert rows(db, "select batch_id, rows_complaints, rows_replaced from batches order by 1") == [(1, 2, 0), (2, 2, 1)]


def test_warnings_are_recorded_and_do_not_block(tmp_path: Path, db: Path) -> None:
    bad_code = VALID_USCC[:-1] + ("0" if VALID_USCC[-1] != "0" else "1")
    c = write_csv(
        tmp_path / "c.csv",
        COMPLAINT_HEADER,
        [complaint(1, company_id=bad_code), complaint(2, received_at="2027-01-05")],
    )
    header = ["case_id", "decided_on", "target_name", "target_role", "action", "fine_yuan", "illegal_gains_yuan"]
    e = write_csv(
        tmp_path / "e.csv",
        header,
        [
            ["E1", "2024-01-01", "甲（示例）", "source_company", "fine", "10001", ""],  # above 10,000 with no gains
            ["E2", "2024-01-01", "乙（示例）", "source_company", "fine", "30000", "10000"],  # exactly 3x gains: allowed
            ["E3", "2024-01-01", "丙（示例）", "source_company", "fine", "30001", "20000"],  # above the 30,000 ceiling
        ],
    )
    report = load([c, e], db)
    assert report.ok and report.n_warnings == 4
    got = rows(db, "select file_name, line, column_name, code from load_warnings order by file_name, line")
    assert got == [
        ("c.csv", 2, "company_id", "bad_credit_code"),
        ("c.csv", 3, "received_at", "future_date"),
        ("e.csv", 2, "fine_yuan", "fine_over_cap"),
        ("e.csv", 4, "fine_yuan", "fine_over_cap"),
    ]
    # A company with a bad code is keyed by its name instead.
    assert rows(db, "select company_key from complaints where complaint_id = 'T00001'")[0][0].startswith("n:")


def test_dry_run_writes_nothing(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(1)])
    report = load([path], db, dry_run=True)
    assert report.ok and report.dry_run and report.rows == {"complaints": 1}
    assert not db.exists()


def test_batch_records_files_archive_and_audit(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(1)])
    report = load([path], db, user="analyst-li")
    assert report.ok
    ((name, kind, archived, digest, size),) = rows(
        db, "select file_name, kind, archive_name, content_hash, bytes from batch_files"
    )
    assert (name, kind) == ("a.csv", "complaints")
    # The archive keeps the batch's rows (issue 13: Parquet, sanitized), not the file's bytes; the batch
    # record keeps the original's hash and size, so a reload of the same file is recognised.
    assert archived == "kind=complaints/quarter=*/b000001.parquet"
    parquet = db.parent / "anning.archive" / "kind=complaints" / "quarter=2024Q2" / "b000001.parquet"
    assert rows(db, f"select complaint_id, batch_id from read_parquet('{parquet}')") == [("T00001", 1)]
    assert digest == loader._hash_file(path) and size == path.stat().st_size
    log = audit.read(db)  # standalone events are appended beside the store (anning.store.audit)
    assert list(zip(log.user_name, log.action, strict=True)) == [("analyst-li", "load")]


def test_progress_events_report_rows(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(i) for i in range(30)])
    events: list[loader.Progress] = []
    assert load([path], db, progress=events.append).ok
    assert events[-1].step == "done" and events[-1].rows == 30 and events[-1].rows_per_s > 0


def test_rebuild_from_archive_reproduces_the_store(demo_db: Path, tmp_path: Path) -> None:
    import shutil

    from anning.core.config import archive_dir
    from anning.load import bootstrap

    copy = tmp_path / "copy" / "anning.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(demo_db, copy)
    shutil.copytree(archive_dir(demo_db), archive_dir(copy))
    q = "select count(*), sum(count), count(distinct company_key) from complaints"
    before = (
        rows(copy, q) + rows(copy, "select count(*) from takedowns") + rows(copy, "select count(*) from enforcement")
    )
    assert bootstrap.rebuild(copy) == 1
    after = (
        rows(copy, q) + rows(copy, "select count(*) from takedowns") + rows(copy, "select count(*) from enforcement")
    )
    assert before == after
    assert rows(copy, "select value from meta where key = 'demo'") == [("true",)]


# --------------------------------------------------------------------------- command line


def test_cli_load_reports_errors_and_exits_nonzero(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    bad = write_csv(tmp_path / "bad.csv", COMPLAINT_HEADER, [complaint(1, operator="火星电信")])
    proc = subprocess.run(
        [sys.executable, "-m", "anning", "load", str(bad), "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "bad.csv:2: operator: 火星电信: unknown operator" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not db.exists()
    good = write_csv(tmp_path / "good.csv", COMPLAINT_HEADER, [complaint(1)])
    proc = subprocess.run(
        [sys.executable, "-m", "anning", "load", str(good), "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Loaded batch 1: 1 rows" in proc.stdout


def test_cli_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "anning", "load", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.duckdb")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 2 and "no such file" in proc.stderr and "Traceback" not in proc.stderr
