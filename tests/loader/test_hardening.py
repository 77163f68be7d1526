"""Issue 15, the loader's findings: each reproduces the attack the review made and checks the fix.

#2 silent row loss (a ~100 MB line; an exception inside the loader), #3 control characters in names,
#6 small files that exhausted the machine (measured in a subprocess: seconds and peak memory),
#8 a future-dated row moving the reporting period, #10 encodings, counts, tab before a formula and
personal-data column names. Figures go to docs/reliability.md.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from anning.load import batches, contract, loader
from anning.publish import exports
from anning.store import db as store
from tests.helpers import COMPLAINT_HEADER, complaint, file_state, load, rows, write_csv, write_xlsx

ROOT = Path(__file__).resolve().parents[2]


def cli_load(path: Path, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "anning", "load", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


# --------------------------------------------------------------------------- #2 every row accounted for


@pytest.mark.parametrize("rows_after", [0, 5])
def test_a_100mb_line_is_a_located_error_not_a_silent_loss(tmp_path: Path, rows_after: int) -> None:
    """Before: "Loaded batch 2: 0 rows" and the hash recorded (0 rows after the line), or an uncaught
    NotImplementedException (rows after it). Now: a located error, exit 1, nothing recorded."""
    db = tmp_path / "store" / "anning.duckdb"
    seed = write_csv(tmp_path / "seed.csv", COMPLAINT_HEADER, [complaint(1)])
    assert load([seed], db).ok
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as f:
        f.write(",".join(COMPLAINT_HEADER) + "\n")
        row = complaint(2, company="x" * (100 * 1024 * 1024))
        f.write(",".join(map(str, row)) + "\n")
        for i in range(rows_after):
            f.write(",".join(map(str, complaint(10 + i))) + "\n")
    before = file_state(db)
    proc = cli_load(big, db)
    assert proc.returncode == 1, proc.stdout
    assert "Traceback" not in proc.stderr and "Loaded batch" not in proc.stdout
    assert "big.csv:2: malformed CSV: a line longer than 4 MB" in proc.stderr, proc.stderr
    assert file_state(db) == before
    # No hash was recorded: the same file is refused again, not skipped as "already loaded".
    again = load([big], db)
    assert (
        not again.ok and not again.already_loaded and (again.errors[0].code, again.errors[0].line) == ("malformed", 2)
    )


def test_every_row_read_is_stored_replacing_or_set_aside(tmp_path: Path, db: Path) -> None:
    first = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(i) for i in range(10)])
    assert load([first], db).ok
    data = [complaint(i, operator="电信") for i in range(5, 15)] + [complaint(99, received_at="2099-12-31")]
    data.insert(3, [""] * len(COMPLAINT_HEADER))  # a row with no value is not a data row
    second = write_csv(tmp_path / "b.csv", COMPLAINT_HEADER, data)
    report = load([second], db)
    assert report.ok, report.lines()
    assert report.rows_read == 11 and report.total_rows == 10 and report.rows_replaced == 5
    assert report.rows_set_aside == 1 and report.files[0].blank_rows == 1
    assert report.rows_read == report.total_rows + report.rows_set_aside
    assert report.accounting() == ("11 rows read: 10 stored (5 of them replacing rows loaded before), 1 set aside")
    assert rows(
        db, "select rows_read, rows_complaints, rows_replaced, rows_set_aside from batches where batch_id = 2"
    ) == [(11, 10, 5, 1)]
    assert rows(db, "select count(*) from complaints") == [(15,)]


def test_cli_states_the_accounting(tmp_path: Path) -> None:
    db = tmp_path / "store" / "anning.duckdb"
    path = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(1), complaint(2, received_at="2999-01-01")])
    proc = cli_load(path, db)
    assert proc.returncode == 1  # 2999 is outside 2000-2099: an error, not a future date
    path = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(1), complaint(2, received_at="2099-01-01")])
    proc = cli_load(path, db)
    assert proc.returncode == 0, proc.stderr
    assert "2 rows read: 1 stored (0 of them replacing rows loaded before), 1 set aside" in proc.stdout


def test_an_exception_inside_the_loader_is_a_clear_error(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = write_csv(tmp_path / "seed.csv", COMPLAINT_HEADER, [complaint(1)])
    assert load([seed], db).ok
    before = file_state(db)

    def broken(*args: object, **kw: object) -> None:
        raise duckdb.InternalException("INTERNAL Error: something broke deep inside")

    monkeypatch.setattr(loader, "rebuild_rollups", broken)
    path = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(2)])
    report = load([path], db)
    assert not report.ok and report.errors[0].code == "load_failed"
    line = report.lines()[0]
    assert line.startswith("a.csv: the load stopped unexpectedly") and "nothing was changed" in line
    assert "INTERNAL Error" not in line and "Traceback" not in line
    assert file_state(db) == before
    assert [p.name for p in (db.parent / "anning.archive").rglob("*.parquet")] == ["b000001.parquet"]
    monkeypatch.undo()
    assert load([path], db).batch_id == 2  # no hash of the failed load was kept


# --------------------------------------------------------------------------- #3 control characters


def test_message_text_is_kept_with_white_space_collapsed_and_invisible_characters_removed(
    tmp_path: Path, db: Path
) -> None:
    # (as written, as stored, whether it counts as cleaned): line breaks and tabs are the message's own
    # white space (no warning); zero-width and bidi characters are removed (a warning); most messages pass
    # through a fast path that must store exactly what the full normalisation would.
    cases = [
        ("普通内容，回复TD退订", "普通内容，回复TD退订", False),
        ("  促销  短信 ", "促销 短信", False),
        (" 前导空格", "前导空格", False),
        ("第一行\n第二行\r\n第三行", "第一行 第二行 第三行", False),
        ("tab\there", "tab here", False),
        ("全角\u3000空格", "全角\u3000空格", False),
        ("含\u200b零宽", "含零宽", True),
        ("\u202e反向\u202c文字", "反向文字", True),
        ("响铃\x07字符 ", "响铃字符", True),
        ("   ", None, False),
    ]
    header = [*COMPLAINT_HEADER, "content"]
    path = write_csv(tmp_path / "m.csv", header, [[*complaint(i), text] for i, (text, _, _) in enumerate(cases)])
    report = load([path], db)
    assert report.ok, report.lines()
    stored = [r[0] for r in rows(db, "select content from complaints order by complaint_id")]
    assert stored == [want for _, want, _ in cases]
    warns = [w for w in report.warnings if w.code == "control_chars"]
    assert len(warns) == 1 and dict(warns[0].params)["n"] == str(sum(cleaned for _, _, cleaned in cases))


def test_control_characters_are_removed_with_one_warning_per_file(tmp_path: Path, db: Path) -> None:
    # NUL: a CSV with NUL bytes at its start is refused as binary (clear error); further on it is removed.
    filler = [complaint(100 + i) for i in range(700)]
    names = ["甲\x1b[31m公司", "乙\x07公司", "丙\x00公司", "\u202e司公丁", "戊\u200b公司", "己\t公司", "Cafe\u0301 Ltd"]
    path = write_csv(
        tmp_path / "c.csv", COMPLAINT_HEADER, filler + [complaint(i, company=n) for i, n in enumerate(names)]
    )
    assert path.read_bytes().index(b"\x00") > 65536
    report = load([path], db)
    assert report.ok, report.lines()
    got = [r[0] for r in rows(db, "select company from complaints where complaint_id < 'T00100' order by complaint_id")]
    assert got == ["甲[31m公司", "乙公司", "丙公司", "司公丁", "戊公司", "己 公司", "Café Ltd"]
    assert all(s.isprintable() for s in got)
    warns = [w for w in report.warnings if w.code == "control_chars"]
    assert len(warns) == 1 and warns[0].line == 702 and dict(warns[0].params)["n"] == "6"
    assert rows(db, "select count(*) from load_warnings where code = 'control_chars'") == [(1,)]
    # The Data page reads it back with its count, not a bare "{n}".
    reader = store.Reader(db)
    try:
        shown = batches.overview(reader, "en").warnings
    finally:
        reader.close()
    assert list(shown.message) == [
        "control, bidi or zero-width characters removed from 6 rows (tabs and line breaks became spaces)"
    ]


def test_invisible_format_characters_cannot_make_look_alike_companies(tmp_path: Path, db: Path) -> None:
    # A tag character, a soft hyphen and a deprecated format character (U+206E) are invisible: kept, they made
    # four companies that all read 某某科技. Every format character (category Cf) goes, as on screen.
    names = ["某某科技", "某某\U000e0069科技", "某某科技\u00ad", "某某\u206e科技"]
    path = write_csv(tmp_path / "f.csv", COMPLAINT_HEADER, [complaint(i, company=n) for i, n in enumerate(names)])
    report = load([path], db)
    assert report.ok, report.lines()
    assert rows(db, "select distinct company from complaints") == [("某某科技",)]
    warns = [w for w in report.warnings if w.code == "control_chars"]
    assert len(warns) == 1 and dict(warns[0].params)["n"] == "3"


def test_long_names_are_capped(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "n.csv", COMPLAINT_HEADER, [complaint(1, company="名" * 500)])
    report = load([path], db)
    assert report.ok
    assert rows(db, "select length(company) from complaints") == [(200,)]
    assert [w.code for w in report.warnings] == ["name_too_long"]


# --------------------------------------------------------------------------- #6 bounded readers

# Peak memory of this process alone: VmHWM belongs to the address space exec made (ru_maxrss would carry the
# parent's peak across fork and exec).
_PROBE = """
import json, re, sys, time
from pathlib import Path
from anning.load import loader
t0 = time.monotonic()
report = loader.load([Path(sys.argv[1])], Path(sys.argv[2]))
hwm = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
print(json.dumps({"seconds": time.monotonic() - t0, "maxrss_mb": hwm / 1024,
                  "codes": [e.code for e in report.errors], "ok": report.ok}))
"""


def _probe(path: Path, db: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), str(db)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _patch_sheet(xlsx: Path, fn: object) -> None:
    """Rewrite the first worksheet's XML of a workbook."""
    src = xlsx.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = fn(data.decode()).encode()  # type: ignore[operator]
            zout.writestr(item, data)
    xlsx.write_bytes(out.getvalue())


def test_xlsx_declaring_16384_columns_is_refused_before_parsing(tmp_path: Path) -> None:
    """Before: 320 KB, 4.36 GB peak and 36 s. Now: refused from the declared dimension."""
    xlsx = write_xlsx(tmp_path / "wide.xlsx", COMPLAINT_HEADER, [complaint(i) for i in range(8000)])
    _patch_sheet(xlsx, lambda x: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:XFD8001"', x))
    got = _probe(xlsx, tmp_path / "s" / "anning.duckdb")
    assert got["codes"] == ["too_many_columns"]
    assert got["seconds"] < 30 and got["maxrss_mb"] < 500, got
    _FIGURES["xlsx_dimension_A1:XFD8001"] = got


def test_xlsx_with_one_cell_at_the_last_row_is_handled_in_seconds(tmp_path: Path) -> None:
    """Before: killed after 120 s at 100% CPU (openpyxl padded a million empty rows). Now: only rows that exist are read."""
    xlsx = write_xlsx(tmp_path / "far.xlsx", COMPLAINT_HEADER, [])
    _patch_sheet(
        xlsx,
        lambda x: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:M1048576"', x).replace(
            "</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        ),
    )
    got = _probe(xlsx, tmp_path / "s" / "anning.duckdb")
    assert got["seconds"] < 30 and got["maxrss_mb"] < 500, got
    assert not got["ok"] and "required" in got["codes"]  # the lone row is read, and is not a complaint
    _FIGURES["xlsx_cell_at_row_1048576"] = got


@pytest.mark.slow
def test_200mb_of_empty_cells_is_refused_in_seconds(tmp_path: Path) -> None:
    """Before: 6.36 GB peak. Now: the scan sees a file of empty rows and refuses it."""
    path = tmp_path / "empty.csv"
    line = ("," * (len(COMPLAINT_HEADER) - 1) + "\n").encode()
    with open(path, "wb") as f:
        f.write((",".join(COMPLAINT_HEADER) + "\n").encode())
        block = line * (1024 * 1024 // len(line))
        for _ in range(200):
            f.write(block)
    got = _probe(path, tmp_path / "s" / "anning.duckdb")
    assert got["codes"] == ["mostly_empty"]
    assert got["seconds"] < 60 and got["maxrss_mb"] < 500, got
    _FIGURES["csv_200mb_empty_cells"] = got


_FIGURES: dict[str, object] = {}


@pytest.fixture(scope="module", autouse=True)
def _record() -> object:
    yield
    if _FIGURES:
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        (out / "hostile-files.json").write_text(json.dumps(_FIGURES, indent=1))


# --------------------------------------------------------------------------- #8 the as-of date


def test_a_future_dated_row_does_not_move_the_reporting_period(tmp_path: Path, db: Path) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        COMPLAINT_HEADER,
        [complaint(1, received_at="2026-11-20"), complaint(2, received_at="2099-12-31")],
    )
    report = load([path], db)
    assert report.ok and report.rows_set_aside == 1
    (w,) = report.warnings
    assert (w.code, w.line, w.value) == ("future_date", 3, "2099-12-31")
    assert rows(db, "select complaint_id from complaints") == [("T00001",)]
    assert rows(db, "select max(quarter) from r_rank") == [("2026Q4",)]
    assert rows(db, "select value from meta where key = 'data_as_of'") == [("2026-11-20",)]


def test_a_handling_date_after_the_load_date_is_an_error(tmp_path: Path, db: Path) -> None:
    path = write_csv(
        tmp_path / "h.csv", [*COMPLAINT_HEADER, "处理状态", "处理日期"], [[*complaint(1), "已处理", "2026-12-30"]]
    )
    report = load([path], db)
    assert [(e.code, e.line, e.column) for e in report.errors] == [("after_load_date", 2, "handled_on")]


# --------------------------------------------------------------------------- #10 encodings, counts, formulas, names


def test_shift_jis_is_refused_clearly(tmp_path: Path, db: Path) -> None:
    """Before: loaded silently as GB18030 gibberish."""
    row = complaint(1, company="テスト株式会社", operator="CMCC", province="Guangdong", port_company="ポート")
    text = ",".join(COMPLAINT_HEADER) + "\n" + ",".join(map(str, row)) + "\n"
    path = tmp_path / "sjis.csv"
    path.write_bytes(text.encode("shift_jis"))
    report = load([path], db)
    assert [e.code for e in report.errors] == ["shift_jis"]
    assert "Shift-JIS" in report.lines()[0] and not db.exists()


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le-nobom"])
def test_utf32_is_read(tmp_path: Path, db: Path, encoding: str) -> None:
    """Before: "cannot tell kind"."""
    text = ",".join(COMPLAINT_HEADER) + "\n" + ",".join(map(str, complaint(1))) + "\n"
    data = text.encode("utf-32-le") if encoding.endswith("nobom") else text.encode("utf-32")
    if encoding == "utf-32":
        assert data.startswith(codecs.BOM_UTF32_LE)
    path = tmp_path / "u32.csv"
    path.write_bytes(data)
    report = load([path], db)
    assert report.ok, report.lines()
    assert rows(db, "select company from complaints") == [("测试贷款（示例）",)]


def test_counts_up_to_the_documented_maximum(tmp_path: Path, db: Path) -> None:
    """Before: 2147483647 was "not a positive whole number"."""
    ok = write_csv(tmp_path / "ok.csv", COMPLAINT_HEADER, [complaint(1, count="2147483647")])
    assert load([ok], db).ok
    assert rows(db, 'select "count" from complaints') == [(2147483647,)]
    over = write_csv(tmp_path / "over.csv", COMPLAINT_HEADER, [complaint(2, count="2147483648")])
    report = load([over], db)
    assert [(e.code, e.line) for e in report.errors] == [("bad_count", 2)]
    assert "2,147,483,647" in report.lines()[0]


def test_a_tab_before_a_formula_is_neutralised(tmp_path: Path, db: Path) -> None:
    """Before: stored as " =1+2" and exported as a live formula."""
    path = write_csv(tmp_path / "t.csv", COMPLAINT_HEADER, [complaint(1, company="\t=1+2")])
    assert load([path], db).ok
    (stored,) = rows(db, "select company from complaints")[0]
    assert stored == "=1+2"
    assert exports.safe_cell(stored) == "'=1+2"
    assert exports.safe_cell(" =1+2") == "' =1+2"  # defence in depth, for text from anywhere


@pytest.mark.parametrize(
    "header",
    ["手机号", "联系电话", "用户号码", "phone", "举报人联系方式", "被叫号码", "Complainant Mobile", "举报人\u200b号码"],
)
def test_personal_data_column_names_are_recognised(tmp_path: Path, db: Path, header: str) -> None:
    """Before: these columns were not recognised as personal data."""
    assert contract.is_pii_header(header)
    path = write_csv(tmp_path / "p.csv", [*COMPLAINT_HEADER, header], [[*complaint(1), "13811112222"]])
    report = load([path], db)
    assert report.ok and report.files[0].dropped_columns == (header.replace("\u200b", ""),)
    assert b"13811112222" not in db.read_bytes()


def test_file_names_and_headers_reach_the_terminal_as_visible_text(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: a header or file name with escape sequences cleared the screen and set the terminal's title."""
    from anning.cli import main as cli

    name = "a\x1b[31mEVIL\u202e.csv"
    header = "举报人电话\x1b]0;PWNED\x07\x1b[2J"
    path = write_csv(tmp_path / name, [*COMPLAINT_HEADER, header, "备注\x1b[5m"], [[*complaint(1), "13811112222", "x"]])
    assert cli.main(["load", str(path), "--db", str(db)]) == 0
    assert cli.main(["load", str(path), "--db", str(db)]) == 0  # the same file again: "skipped", naming it
    out = capsys.readouterr()
    text = out.out + out.err
    assert "a[31mEVIL.csv" in text  # the name is there, its escape character and override are not
    assert not any(ch in text for ch in "\x1b\x07\u202e")
    assert "13811112222" not in text
    (stored,) = rows(db, "select file_name from batch_files")[0]
    assert stored == "a[31mEVIL.csv"


def test_the_reporting_date_rule_is_the_load_date(tmp_path: Path, db: Path) -> None:
    """A row dated the load date itself is stored; one dated the day after is set aside."""
    path = write_csv(
        tmp_path / "d.csv",
        COMPLAINT_HEADER,
        [complaint(1, received_at="2026-11-28 23:59:59"), complaint(2, received_at="2026-11-29")],
    )
    report = load([path], db)
    assert report.ok and report.rows_set_aside == 1 and report.total_rows == 1
