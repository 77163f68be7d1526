"""Hostile input against ``anning.load.loader.load``: it loads a file or rejects it clearly, and a rejection changes nothing.

The property checked for every generated input:

* ``load`` returns: it never raises and never hangs (a watchdog thread fails an example that
  runs longer than ``LOAD_TIMEOUT``; Hypothesis' ``deadline`` fails a slow one);
* the report is either ``ok`` or carries at least one error, and every error and warning renders
  as one printable line that starts with the file name and contains no DuckDB internals;
* after a rejection the store file is byte-identical (same inode, mtime and bytes), nothing was
  archived and no temporary copy is left beside the store;
* values that load are stored exactly as written (formula payloads stay plain text).

``ANNING_FUZZ_SCALE=10 python -m pytest tests/trust/test_fuzz_loader.py`` runs ten times as many
examples; the counts go to ``bench/results/reliability.json`` (see ``docs/reliability.md``).
"""

from __future__ import annotations

import codecs
import collections
import csv
import datetime as dt
import io
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from anning.core.config import archive_dir
from anning.i18n import TABLE
from anning.load import contract, loader
from anning.store import db as store
from anning.store import sql
from tests.helpers import COMPLAINT_HEADER, TAKEDOWN_HEADER, TODAY, complaint, file_state, write_csv
from tests.trust import record

SCALE = float(os.environ.get("ANNING_FUZZ_SCALE", "1"))
LOAD_TIMEOUT = 60.0
# Engine jargon that must never reach an analyst as the explanation of a rejection.
INTERNALS = (
    "Traceback",
    "state machine",
    "Conversion Error",
    "Binder Error",
    "Invalid Input Error",
    "INTERNAL Error",
    "Catalog Error",
    "Out of Range Error",
    "Parser Error",
    "_duckdb",
)

FORMULAS = [
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "@x",
    "-1+2",
    "=1+1",
    '=HYPERLINK("http://example.invalid","x")',
    "@SUM(A1:A2)",
    "+cmd|'/C notepad'!A1",
    "-2+3+cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
]
CONTROLS = [
    "\x00",
    "\x1b",
    "\r",
    "\n",
    "\r\n",
    "\u202e",
    "\u202d",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2028",
    "\x7f",
    "\x0c",
    "\x85",
    "\u061c",
    "\x08",
    "\t",
    "\u00ad",  # soft hyphen, U+206E and a tag character: format characters outside the named ones
    "\u206e",
    "\U000e0069",
]
ABSURD_DATES = [
    "0000-01-01",
    "0-1-1",
    "99999-01-01",
    "1899-12-31",
    "2100-01-01",
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-04-31",
    "1999-12-31 23:59:59",
    "20240230",
    "2024年2月30日",
    "2024/02/30",
    "2024.02.30",
    "-2024-01-01",
    "2024-01-01 25:00:00",
    "1e9",
    "NaN",
    "45000",
    "00:00:00",
]

STATS: dict[str, collections.Counter] = {
    "examples": collections.Counter(),
    "accepted": collections.Counter(),
    "rejected": collections.Counter(),
    "codes": collections.Counter(),
}
SLOWEST = {"seconds": 0.0, "family": ""}


def fuzz(examples: int, deadline_s: float = 15.0) -> settings:
    """Hypothesis settings: ``examples`` (times ANNING_FUZZ_SCALE), a per-example deadline."""
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=dt.timedelta(seconds=deadline_s),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    started, cpu = time.monotonic(), time.process_time()
    yield
    record(
        "fuzz",
        {
            "session_tests_failed": request.session.testsfailed,
            "command": "python -m pytest tests/trust/test_fuzz_loader.py -s",
            "scale": SCALE,
            "examples_total": sum(STATS["examples"].values()),
            "examples_by_family": dict(sorted(STATS["examples"].items())),
            "accepted": sum(STATS["accepted"].values()),
            "rejected": sum(STATS["rejected"].values()),
            "rejection_codes": dict(STATS["codes"].most_common()),
            "slowest_example_seconds": round(SLOWEST["seconds"], 2),
            "slowest_family": SLOWEST["family"],
            "seconds": round(time.monotonic() - started, 1),
            "cpu_seconds": round(time.process_time() - cpu, 1),
        },
    )


# --------------------------------------------------------------------------- the property


def _leftovers(db: Path) -> list[str]:
    if not db.parent.exists():
        return []
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(f".{db.name}.") and ".tmp" in p.name)


def _archived(db: Path) -> list[str]:
    adir = archive_dir(db)
    return sorted(p.name for p in adir.iterdir()) if adir.exists() else []


def _load_with_watchdog(files: Sequence[loader.InputFile], db: Path, **kw: object) -> loader.LoadReport:
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["report"] = loader.load(files, db, today=TODAY, **kw)  # type: ignore[arg-type]
        except BaseException as exc:  # noqa: BLE001 - any exception is the failure we are looking for
            box["exc"] = exc

    worker = threading.Thread(target=run, daemon=True, name="fuzz-load")
    worker.start()
    worker.join(LOAD_TIMEOUT)
    if worker.is_alive():
        pytest.fail(f"load did not return within {LOAD_TIMEOUT:.0f} s")
    if "exc" in box:
        exc = box["exc"]
        raise AssertionError(f"load raised {type(exc).__name__}: {exc}") from exc  # type: ignore[misc]
    report = box["report"]
    assert isinstance(report, loader.LoadReport)
    return report


def assert_clear(issue: loader.Issue, name: str) -> None:
    """One printable line, naming the file, in both languages, with a known message."""
    assert f"err.{issue.code}" in TABLE or f"warn.{issue.code}" in TABLE, issue
    for lang in ("en", "zh"):
        line = issue.render(lang)
        assert line.startswith(name), line
        assert line.isprintable(), f"not one printable line: {line!r}"
        assert len(line) <= 400, f"{len(line)} characters: {line[:200]!r}…"
        assert not any(m in line for m in INTERNALS), f"engine internals in the message: {line!r}"


def check(
    family: str,
    data: bytes,
    db: Path,
    *,
    name: str = "fuzz.csv",
    kind: str | None = None,
    display_name: str | None = None,
) -> loader.LoadReport:
    """Load ``data`` as one file into ``db`` and check the property; returns the report."""
    shown = display_name or name
    with tempfile.TemporaryDirectory(prefix="anning-fuzz-") as tmp:
        src = Path(tmp) / name
        src.write_bytes(data)
        before, archived = file_state(db), _archived(db)
        t0 = time.monotonic()
        report = _load_with_watchdog([loader.InputFile(src, shown)], db, kind=kind)
        elapsed = time.monotonic() - t0
    STATS["examples"][family] += 1
    if elapsed > SLOWEST["seconds"]:
        SLOWEST.update(seconds=elapsed, family=family)
    if report.ok:
        STATS["accepted"][family] += 1
        assert report.n_errors == 0 and not report.errors
    else:
        STATS["rejected"][family] += 1
        STATS["codes"].update({e.code for e in report.errors})
        assert report.errors, "a rejection must show at least one error"
        assert report.n_errors >= len(report.errors)
        assert file_state(db) == before, "a rejected load changed the store file"
        assert _archived(db) == archived, "a rejected load archived a file"
    for issue in (*report.errors, *report.warnings[:50]):
        assert_clear(issue, shown)
    assert all("\n" not in line for line in report.lines("en") + report.lines("zh"))
    assert _leftovers(db) == [], "a temporary copy was left beside the store"
    return report


def stored(db: Path, sql_text: str, params: dict[str, object] | None = None) -> list[tuple]:
    reader = store.Reader(db)
    try:
        cur = reader.cursor()
        try:
            return cur.execute(sql_text, params or {}).fetchall()
        finally:
            cur.close()
    finally:
        reader.close()


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one valid batch (two complaints, one takedown), copied for each example."""
    base = tmp_path_factory.mktemp("seeded")
    db = base / "store" / "anning.duckdb"
    c = write_csv(base / "seed.csv", COMPLAINT_HEADER, [complaint(1), complaint(2)])
    t = write_csv(
        base / "seed_t.csv",
        ["takedown_id", "taken_at", "target_type", "target", "operator"],
        [["K1", "2024-02-01", "port", "10690001", "CMCC"]],
    )
    report = loader.load([c, t], db, today=TODAY)
    assert report.ok, report.lines()
    return db


def seeded_copy(template: Path, tmp: Path) -> Path:
    """A private copy of the seeded store (data file, workflow file and archive)."""
    dest = tmp / "store"
    shutil.copytree(template.parent, dest)
    return dest / template.name


def fresh_db(tmp: str) -> Path:
    return Path(tmp) / "store" / "anning.duckdb"


# --------------------------------------------------------------------------- file builders


def csv_bytes(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    terminator: str = "\n",
) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=terminator)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[object]], *, as_text: bool = True) -> bytes:
    """A one-sheet workbook; ``as_text`` stores strings as text cells even when they start with '='."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(header))
    for r_idx, row in enumerate(rows, start=2):
        for c_idx, value in enumerate(row, start=1):
            cell = ws.cell(row=r_idx, column=c_idx)
            cell.value = value
            if as_text and isinstance(value, str):
                cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


ENFORCEMENT_HEADER = ["case_id", "decided_on", "target_name", "target_role", "action", "authority", "reason"]


def takedown(i: int, **over: object) -> list[object]:
    base: dict[str, object] = {
        "takedown_id": f"K{i:05d}",
        "taken_at": "2024-02-01",
        "target_type": "port",
        "target": "10690001",
        "operator": "CMCC",
        "holder": "某云信（示例）",
        "industry": "",
        "reason": "投诉集中",
    }
    base.update(over)
    return [base[c] for c in TAKEDOWN_HEADER]


def enforcement(i: int, **over: object) -> list[object]:
    base: dict[str, object] = {
        "case_id": f"E{i:05d}",
        "decided_on": "2024-01-01",
        "target_name": "某公司（示例）",
        "target_role": "source_company",
        "action": "notice",
        "authority": "某省通信管理局",
        "reason": "未落实实名制",
    }
    base.update(over)
    return [base[c] for c in ENFORCEMENT_HEADER]


# Text columns that are stored as written (apart from trimming and collapsing runs of white space).
TEXT_COLUMNS = [
    ("complaints", "company"),
    ("complaints", "port_company"),
    ("complaints", "complaint_id"),
    ("takedowns", "holder"),
    ("takedowns", "reason"),
    ("enforcement", "target_name"),
    ("enforcement", "authority"),
    ("enforcement", "reason"),
]


def one_row_file(kind: str, column: str, value: object) -> tuple[list[str], list[object], str]:
    """Header, one row with ``column`` set to ``value``, and the row's id."""
    if kind == "complaints":
        row = complaint(1, **{column: value})
        return COMPLAINT_HEADER, row, str(row[0])
    if kind == "takedowns":
        row = takedown(1, **{column: value})
        return TAKEDOWN_HEADER, row, str(row[0])
    row = enforcement(1, **{column: value})
    return ENFORCEMENT_HEADER, row, str(row[0])


def stored_value(db: Path, kind: str, column: str, ident: str) -> object:
    id_col = contract.ID_COLUMN[kind]
    rows = stored(db, sql.compose("select {c} from {t} where {i} = $id", c=column, t=kind, i=id_col), {"id": ident})
    assert len(rows) == 1, rows
    return rows[0][0]


# Names have runs of white space collapsed; free text (reason, authority) is only trimmed.
COLLAPSED = {"company", "port_company", "holder", "target_name"}


def normalised(column: str, value: str) -> str:
    """What the load queries keep of a text value (RE2's \\s is ASCII white space; trim drops spaces)."""
    if column in COLLAPSED:
        value = re.sub(r"[\t\n\f\r ]+", " ", unicodedata.normalize("NFC", value))
    return value.strip(" ")


# Issue 15 #3: tabs and line breaks become spaces; other control characters (C0, C1) and every format
# character (bidi controls, zero-width characters, soft hyphen, tag characters) are removed from every
# text value at load.
_TO_SPACE = re.compile("[\t\n\r\x85\u2028\u2029]")


def cleaned(value: str) -> str:
    """A value as the loader cleans it (the rule stated independently of the SQL macro)."""
    return "".join(ch for ch in _TO_SPACE.sub(" ", value) if unicodedata.category(ch) not in ("Cc", "Cf"))


# --------------------------------------------------------------------------- random bytes


PREFIXES = [
    b"",
    b"PK\x03\x04",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    b"\xd0\xcf\x11\xe0",
    ",".join(COMPLAINT_HEADER).encode() + b"\n",
    "举报编号,受理时间,类型,被举报号码,运营商\n".encode("gb18030"),
    ",".join(TAKEDOWN_HEADER).encode() + b"\r\n",
]
random_files = st.tuples(
    st.sampled_from(PREFIXES),
    st.binary(max_size=3000),
    st.sampled_from([None, None, "complaints", "takedowns", "enforcement"]),
    st.sampled_from(["fuzz.csv", "fuzz.xlsx", "fuzz"]),
)


@fuzz(120)
@given(random_files)
def test_random_bytes(case: tuple[bytes, bytes, str | None, str]) -> None:
    prefix, body, kind, name = case
    with tempfile.TemporaryDirectory() as tmp:
        check("random_bytes", prefix + body, fresh_db(tmp), name=name, kind=kind)


@fuzz(40)
@given(random_files)
def test_random_bytes_into_a_seeded_store(seeded_template: Path, case: tuple[bytes, bytes, str | None, str]) -> None:
    prefix, body, kind, name = case
    with tempfile.TemporaryDirectory() as tmp:
        db = seeded_copy(seeded_template, Path(tmp))
        report = check("random_bytes_seeded", prefix + body, db, name=name, kind=kind)
        # Whatever happened, the seeded batch is still there.
        assert stored(db, "select batch_id from batches order by 1")[0] == (1,)
        if not report.ok:
            assert stored(db, "select count(*) from complaints") == [(2,)]


# --------------------------------------------------------------------------- CSV-shaped garbage

NASTY = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        FORMULAS
        + CONTROLS
        + ABSURD_DATES
        + [
            "",
            '"',
            '""',
            '"a"b',
            ",",
            ";",
            "|",
            "NULL",
            "null",
            "-0",
            "1e400",
            "9" * 40,
            "０１０６８８",
            "￥1,000元",
            " 短信 ",
            "中国移动",
            "＋86 170-1234-5678",
        ]
    ),
)
GOOD = {
    "complaint_id": st.builds(lambda i: f"F{i}", st.integers(0, 50)),
    "received_at": st.just("2024-05-03 10:00:00"),
    "channel": st.sampled_from(["sms", "短信", "call", "语音"]),
    "category": st.sampled_from(["marketing", "诈骗", ""]),
    "sender_number": st.just("106912345678"),
    "operator": st.sampled_from(["中国移动", "CMCC", "联通"]),
    "industry": st.sampled_from(["loans_finance", "贷款理财", ""]),
    "company": st.just("测试贷款（示例）"),
    "company_id": st.sampled_from(["", "91110000600012345D"]),
    "province": st.sampled_from(["广东", "Beijing", ""]),
    "port": st.just("106912345678"),
    "port_company": st.just("测试云信（示例）"),
    "count": st.sampled_from(["1", "2", ""]),
    "takedown_id": st.builds(lambda i: f"K{i}", st.integers(0, 50)),
    "taken_at": st.just("2024-02-01"),
    "target_type": st.sampled_from(["port", "端口", "number"]),
    "target": st.just("10690001"),
    "holder": st.just("某云信（示例）"),
    "reason": st.just("投诉集中"),
    "case_id": st.builds(lambda i: f"E{i}", st.integers(0, 50)),
    "decided_on": st.just("2024-01-01"),
    "target_name": st.just("某公司（示例）"),
    "target_id": st.just(""),
    "target_role": st.just("source_company"),
    "action": st.sampled_from(["notice", "fine", "约谈"]),
    "fine_yuan": st.sampled_from(["", "5000", "¥1,000"]),
    "illegal_gains_yuan": st.just(""),
    "authority": st.just("某省通信管理局"),
}
FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


@st.composite
def header_name(draw: st.DrawFn, col: contract.Column) -> str:
    style = draw(st.sampled_from(["canonical", "alias", "upper", "fullwidth", "padded"]))
    if style == "alias" and col.aliases:
        return draw(st.sampled_from(col.aliases))
    if style == "upper":
        return col.name.upper()
    if style == "fullwidth":
        return col.name.translate(FULLWIDTH)
    if style == "padded":
        return f"  {col.name} "
    return col.name


@st.composite
def csv_like(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """A file that is nearly a contract CSV: real headers, some junk, nasty cells, odd quoting and line ends."""
    kind = draw(st.sampled_from(list(contract.KINDS)))
    cols = list(contract.KINDS[kind])
    keep = [c for c in cols if c.required or draw(st.booleans())]
    if draw(st.integers(0, 9)) == 0 and len(keep) > 1:
        keep.pop(draw(st.integers(0, len(keep) - 1)))  # sometimes a required column is missing
    keep = draw(st.permutations(keep))
    header = [draw(header_name(c)) for c in keep]
    names = [c.name for c in keep]
    for _ in range(draw(st.integers(0, 2))):  # ignored extra columns, the complainant's number, or duplicates
        pos = draw(st.integers(0, len(header)))
        extra = draw(
            st.sampled_from(["备注", "complainant_number", "举报人号码", "note", header[0] if header else "x"])
        )
        header.insert(pos, extra)
        names.insert(pos, "")
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = []
        for col in names:
            good = GOOD.get(col)
            row.append(draw(NASTY) if good is None or draw(st.integers(0, 3)) == 0 else draw(good))
        if draw(st.integers(0, 9)) == 0:  # a short or long row
            row = row[:-1] if draw(st.booleans()) else [*row, "extra"]
        rows.append(row)
    delimiter = draw(st.sampled_from([",", ",", "\t", ";", "|"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, "raw"]))
    terminators = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=3))
    lines = []
    for i, row in enumerate([header, *rows]):
        if quoting == "raw":
            body = delimiter.join(str(v) for v in row)
        else:
            buf = io.StringIO()
            csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator="").writerow(row)
            body = buf.getvalue()
        lines.append(body + terminators[i % len(terminators)])
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    return "".join(lines).encode(encoding, errors="replace"), draw(st.sampled_from([None, None, None, kind]))


def _check_rows_landed(db: Path, report: loader.LoadReport, seeded: bool) -> None:
    if report.ok and not report.already_loaded and not seeded:
        for kind, n in report.rows.items():
            assert stored(db, sql.compose("select count(*) from {t}", t=kind)) == [(n,)]


@fuzz(60)
@given(csv_like())
def test_csv_shaped_garbage(case: tuple[bytes, str | None]) -> None:
    data, kind = case
    with tempfile.TemporaryDirectory() as tmp:
        db = fresh_db(tmp)
        _check_rows_landed(db, check("csv_like", data, db, kind=kind), seeded=False)


@fuzz(20)
@given(csv_like())
def test_csv_shaped_garbage_into_a_seeded_store(seeded_template: Path, case: tuple[bytes, str | None]) -> None:
    data, kind = case
    with tempfile.TemporaryDirectory() as tmp:
        db = seeded_copy(seeded_template, Path(tmp))
        report = check("csv_like_seeded", data, db, kind=kind)
        assert stored(db, "select batch_id from batches order by 1")[0] == (1,)
        if not report.ok:
            assert stored(db, "select complaint_id from complaints order by 1") == [("T00001",), ("T00002",)]


# --------------------------------------------------------------------------- truncated and corrupted workbooks


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return xlsx_bytes(COMPLAINT_HEADER, [complaint(i) for i in range(20)])


@fuzz(40)
@given(
    cut=st.floats(0.0, 1.0, exclude_max=True),
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=3),
)
def test_truncated_or_corrupted_xlsx(workbook: bytes, cut: float, flips: list[tuple[float, int]]) -> None:
    data = bytearray(workbook)
    for where, byte in flips:
        data[4 + int(where * (len(data) - 4))] = byte  # keep the zip signature so the XLSX path is taken
    if not flips or cut > 0.5:
        data = data[: max(4, int(cut * len(data)))]
    with tempfile.TemporaryDirectory() as tmp:
        report = check("xlsx_truncated", bytes(data), fresh_db(tmp), name="fuzz.xlsx")
    if not flips:
        assert not report.ok and {e.code for e in report.errors} <= {"bad_xlsx", "no_header", "empty"}


# --------------------------------------------------------------------------- mixed encodings


ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "latin-1"]


@fuzz(20)
@given(
    head_enc=st.sampled_from(ENCODINGS),
    body_enc=st.sampled_from(ENCODINGS),
    chinese_header=st.booleans(),
    company=st.sampled_from(["测试贷款有限公司（示例）", "Café Crème Sàrl", "ASCII Trading Ltd", "甲乙丙丁"]),
)
def test_mixed_encodings(head_enc: str, body_enc: str, chinese_header: bool, company: str) -> None:
    header = [
        contract.KINDS["complaints"][i].aliases[0] if chinese_header else c for i, c in enumerate(COMPLAINT_HEADER)
    ]
    head = (",".join(header) + "\n").encode(head_enc, errors="replace")
    rows = [complaint(i, company=company, operator="CMCC", channel="sms", province="Guangdong") for i in range(3)]
    body = csv_bytes(COMPLAINT_HEADER, rows).decode().split("\n", 1)[1].encode(body_enc, errors="replace")
    with tempfile.TemporaryDirectory() as tmp:
        db = fresh_db(tmp)
        report = check("mixed_encodings", head + body, db)
        if report.ok:
            # Whatever was accepted must be the text that was written: no silent mojibake.
            written = company.encode(body_enc, errors="replace").decode(body_enc)
            got = {r[0] for r in stored(db, "select company from complaints")}
            assert got == {written}, f"{head_enc} header + {body_enc} body stored {got!r}"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "gb18030"])
def test_supported_encodings_round_trip(tmp_path: Path, db: Path, encoding: str) -> None:
    data = csv_bytes(COMPLAINT_HEADER, [complaint(1, company="测试贷款有限公司（示例）")])
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data.decode().encode("utf-16-be")
    else:
        data = data.decode().encode(encoding)
    report = check("encodings", data, db)
    assert report.ok, report.lines()
    assert stored(db, "select company from complaints") == [("测试贷款有限公司（示例）",)]


def test_gb18030_header_with_utf8_body_is_refused_not_garbled(tmp_path: Path, db: Path) -> None:
    """Regression: such a file decoded as GB18030 throughout and stored mojibake company names."""
    head = "举报编号,受理时间,类型,被举报号码,运营商,源头企业\n".encode("gb18030")
    body = "A1,2024-01-01,sms,1069,CMCC,测试贷款有限公司\nA2,2024-01-02,sms,1069,CMCC,甲乙云信\n".encode()
    report = check("encodings", head + body, db)
    assert not report.ok
    # The odd line out is named: here the GB18030 header (line 1) over two UTF-8 lines.
    assert (report.errors[0].code, report.errors[0].line) == ("encoding", 1), report.lines()
    # A genuine GB18030 file still loads, and so does UTF-8 with GB18030-looking bytes nowhere.
    assert check("encodings", head + body.decode().encode("gb18030"), db).ok


# --------------------------------------------------------------------------- huge fields


@fuzz(6, deadline_s=30)
@given(case=st.sampled_from(["cell_5mb", "line_3mb", "header_5mb", "xlsx_cell_5mb", "many_rows", "cell_5mb_quoted"]))
def test_huge_fields(case: str) -> None:
    mb = 1024 * 1024
    name = "fuzz.csv"
    if case == "cell_5mb":
        data = csv_bytes(COMPLAINT_HEADER, [complaint(1), complaint(2, company="甲" * (5 * mb // 3))])
    elif case == "cell_5mb_quoted":
        data = csv_bytes(COMPLAINT_HEADER, [complaint(1, company='"' + "x," * (5 * mb // 2))])
    elif case == "line_3mb":
        data = csv_bytes(COMPLAINT_HEADER, [complaint(1, company="y" * (3 * mb))])
    elif case == "header_5mb":
        data = ("h" * 5 * mb + "," + ",".join(COMPLAINT_HEADER) + "\n").encode()
    elif case == "xlsx_cell_5mb":
        data, name = xlsx_bytes(COMPLAINT_HEADER, [complaint(1, company="z" * 5 * mb)]), "fuzz.xlsx"
    else:
        data = csv_bytes(COMPLAINT_HEADER, [complaint(i, company=f"公司{i % 50}") for i in range(30_000)])
    with tempfile.TemporaryDirectory() as tmp:
        db = fresh_db(tmp)
        report = check("huge_fields", data, db, name=name)
    if case == "cell_5mb":
        assert not report.ok and report.errors[0].line == 3 and report.errors[0].code == "malformed", report.lines()
    if case in ("line_3mb", "many_rows"):
        assert report.ok, report.lines()


# --------------------------------------------------------------------------- formula payloads


payloads = st.builds(
    lambda f, tail: f + tail,
    st.sampled_from(FORMULAS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Z", "C"]), max_size=8),
)


@fuzz(24)
@given(payload=payloads, where=st.sampled_from(TEXT_COLUMNS), fmt=st.sampled_from(["utf-8", "gb18030", "xlsx"]))
def test_formula_payloads_are_stored_as_plain_text(payload: str, where: tuple[str, str], fmt: str) -> None:
    kind, column = where
    if column.endswith("_id"):
        assume(payload.isascii())  # ids are width-folded, so only ASCII ids are stored byte for byte
    header, row, ident = one_row_file(kind, column, payload)
    if column.endswith("_id"):
        ident = payload
    if fmt == "xlsx":
        data, name = xlsx_bytes(header, [row], as_text=True), "fuzz.xlsx"
    else:
        data, name = csv_bytes(header, [row], encoding=fmt), "fuzz.csv"
    with tempfile.TemporaryDirectory() as tmp:
        db = fresh_db(tmp)
        report = check("formula_payloads", data, db, name=name)
        assert report.ok, report.lines()
        # Names are stored NFC (issue 15 #3); a formula payload is otherwise kept exactly, as plain text.
        expected = unicodedata.normalize("NFC", payload) if column in COLLAPSED else payload
        assert stored_value(db, kind, column, ident) == expected


def test_a_real_formula_cell_is_never_evaluated(tmp_path: Path, db: Path) -> None:
    """An XLSX formula cell is read as its cached value (none here), never computed."""
    data = xlsx_bytes(COMPLAINT_HEADER, [complaint(1, company="=cmd|' /C calc'!A0")], as_text=False)
    report = check("formula_payloads", data, db, name="f.xlsx")
    assert report.ok
    assert stored_value(db, "complaints", "company", "T00001") is None


# --------------------------------------------------------------------------- control characters


@fuzz(30)
@given(
    ctrl=st.sampled_from(CONTROLS),
    where=st.sampled_from(TEXT_COLUMNS[:2] + TEXT_COLUMNS[3:]),
    at=st.sampled_from(["start", "middle", "end"]),
    raw=st.booleans(),
    row=st.integers(1, 3),
)
def test_control_characters(ctrl: str, where: tuple[str, str], at: str, raw: bool, row: int) -> None:
    kind, column = where
    value = {"start": ctrl + "甲公司", "middle": "甲" + ctrl + "公司", "end": "甲公司" + ctrl}[at]
    header, good, ident = one_row_file(kind, column, "乙公司")
    _, bad, _ = one_row_file(kind, column, value)
    rows = [list(good) for _ in range(3)]
    for i, r in enumerate(rows):
        r[0] = f"{r[0]}-{i}"
    bad[0] = f"{bad[0]}-{row - 1}"
    rows[row - 1] = bad
    if raw:  # written without any quoting, as a careless export would
        text = "\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n"
        data = text.encode()
    else:
        data = csv_bytes(header, rows)
    with tempfile.TemporaryDirectory() as tmp:
        db = fresh_db(tmp)
        report = check("control_chars", data, db)
        if report.ok and not raw:
            # Nothing but white space and the characters the loader removes may change (see normalised, cleaned),
            # and a file with any of them carries one warning saying so.
            stored_text = str(stored_value(db, kind, column, str(bad[0])))
            assert normalised(column, stored_text) == normalised(column, cleaned(value))
            assert stored_text == cleaned(stored_text), f"a control character was stored: {stored_text!r}"
            if cleaned(value) != value:
                assert [w.code for w in report.warnings].count("control_chars") == 1, report.warnings


def test_bare_carriage_return_is_located(tmp_path: Path, db: Path) -> None:
    """Regression: a lone CR in an unquoted value, or mixed line endings, gave an unlocated parser-jargon error."""
    lines = [",".join(COMPLAINT_HEADER), ",".join(map(str, complaint(1))), ",".join(map(str, complaint(2)))]
    bare = (lines[0] + "\n" + lines[1] + "\n" + lines[2].replace("测试贷款", "测试\r贷款") + "\n").encode()
    report = check("control_chars", bare, db)
    assert not report.ok and report.errors[0].line == 3, report.lines()
    mixed = (lines[0] + "\n" + lines[1] + "\r\n" + lines[2] + "\n").encode()
    report = check("control_chars", mixed, db)
    assert not report.ok and report.errors[0].line == 2 and "line endings" in report.lines()[0], report.lines()
    # Consistent CRLF, LF or CR line ends (and CR or LF inside quotes) are fine.
    for term in ("\r\n", "\n", "\r"):
        assert check(
            "control_chars", csv_bytes(COMPLAINT_HEADER, [complaint(3, company="a\r\nb")], terminator=term), db
        ).ok


# --------------------------------------------------------------------------- absurd dates


def _plausible(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            d = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return d if 2000 <= d.year <= 2099 else None
    return None


dates = st.one_of(
    st.sampled_from(ABSURD_DATES + ["2000-01-01", "2099-12-31", "2024-02-29"]),
    st.builds(
        lambda y, m, d, sep: f"{y:04d}{sep}{m:02d}{sep}{d:02d}",
        st.integers(0, 99999),
        st.integers(0, 13),
        st.integers(0, 32),
        st.sampled_from(["-", "/", "."]),
    ),
)


@fuzz(30)
@given(text=dates, kind=st.sampled_from(["complaints", "takedowns", "enforcement"]))
def test_absurd_dates_are_rejected_at_their_cell(text: str, kind: str) -> None:
    column = {"complaints": "received_at", "takedowns": "taken_at", "enforcement": "decided_on"}[kind]
    header, row, _ = one_row_file(kind, column, text)
    with tempfile.TemporaryDirectory() as tmp:
        report = check("absurd_dates", csv_bytes(header, [row]), fresh_db(tmp))
    if _plausible(text):
        assert report.ok, (text, report.lines())
    else:
        assert not report.ok, f"{text!r} was accepted as a date"
        assert any(
            e.line == 2 and e.column == column and e.code in ("bad_date", "absurd_date") for e in report.errors
        ), report.lines()


@fuzz(12)
@given(day=st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)), with_time=st.booleans())
def test_excel_date_cells_outside_2000_to_2099_are_rejected(day: dt.date, with_time: bool) -> None:
    value: object = dt.datetime.combine(day, dt.time(13, 5)) if with_time else dt.datetime.combine(day, dt.time())
    with tempfile.TemporaryDirectory() as tmp:
        report = check(
            "absurd_dates",
            xlsx_bytes(COMPLAINT_HEADER, [complaint(1, received_at=value)]),
            fresh_db(tmp),
            name="fuzz.xlsx",
        )
    assert report.ok == (2000 <= day.year <= 2099), (day, report.lines())


# --------------------------------------------------------------------------- headers


@fuzz(12)
@given(
    # Columns the helper row has a value for (the optional handling columns of issue 17 are not in it).
    col=st.sampled_from([c for c in contract.KINDS["complaints"] if c.name in COMPLAINT_HEADER]),
    style=st.sampled_from(["same", "alias", "upper", "fullwidth"]),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_duplicate_headers_are_refused(col: contract.Column, style: str, fmt: str) -> None:
    twin = {
        "same": col.name,
        "alias": col.aliases[0] if col.aliases else col.name,
        "upper": col.name.upper(),
        "fullwidth": col.name.translate(FULLWIDTH),
    }[style]
    header = [*COMPLAINT_HEADER, twin]
    row = [*complaint(1), complaint(1)[COMPLAINT_HEADER.index(col.name)]]
    data = xlsx_bytes(header, [row]) if fmt == "xlsx" else csv_bytes(header, [row])
    with tempfile.TemporaryDirectory() as tmp:
        report = check("duplicate_headers", data, fresh_db(tmp), name=f"fuzz.{fmt}")
    assert not report.ok and "duplicate_header" in {e.code for e in report.errors}, report.lines()


@fuzz(10)
@given(
    kind=st.sampled_from(list(contract.KINDS)),
    chinese=st.booleans(),
    ending=st.sampled_from(["", "\n", "\r\n", "\n\n\n"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    fmt=st.sampled_from(["csv", "csv", "xlsx"]),
)
def test_header_only_files(kind: str, chinese: bool, ending: str, encoding: str, fmt: str) -> None:
    header = [c.aliases[0] if chinese and c.aliases else c.name for c in contract.KINDS[kind]]
    data = xlsx_bytes(header, []) if fmt == "xlsx" else (",".join(header) + ending).encode(encoding)
    with tempfile.TemporaryDirectory() as tmp:
        db = fresh_db(tmp)
        report = check("header_only", data, db, name=f"fuzz.{fmt}")
        if report.ok:
            assert report.total_rows == 0
            assert stored(db, sql.compose("select count(*) from {t}", t=kind)) == [(0,)]


@fuzz(10, deadline_s=30)
@given(n=st.one_of(st.integers(0, 187), st.integers(188, 6000)), fmt=st.sampled_from(["csv", "csv", "xlsx"]))
def test_thousands_of_columns(n: int, fmt: str) -> None:
    header = [*COMPLAINT_HEADER, *(f"extra_{i}" for i in range(n))]
    row = [*complaint(1), *(["x"] * n)]
    data = xlsx_bytes(header, [row]) if fmt == "xlsx" else csv_bytes(header, [row])
    with tempfile.TemporaryDirectory() as tmp:
        report = check("many_columns", data, fresh_db(tmp), name=f"fuzz.{fmt}")
    if len(header) > 200:
        assert [e.code for e in report.errors] == ["too_many_columns"]
    else:
        assert report.ok and report.files[0].ignored_columns == tuple(header[len(COMPLAINT_HEADER) :])


# --------------------------------------------------------------------------- file names


@fuzz(25)
@given(name=st.text(min_size=1, max_size=300))
def test_hostile_file_names_still_render_on_one_line(name: str) -> None:
    """Uploads keep the user's file name as a label: a newline or RTL override in it must not break the report."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.csv"
        src.write_bytes(b"\x00\x01binary")
        report = _load_with_watchdog([loader.InputFile(src, name)], fresh_db(tmp))
    STATS["examples"]["file_names"] += 1
    STATS["rejected"]["file_names"] += 1
    assert not report.ok
    for lang in ("en", "zh"):
        line = report.errors[0].render(lang)
        assert line.isprintable() and len(line) <= 400, repr(line)


# --------------------------------------------------------------------------- counts out of range


@pytest.mark.parametrize("count", ["3000000000", "nan", "inf"])
def test_out_of_range_count_is_a_located_bad_count(tmp_path: Path, db: Path, count: str) -> None:
    report = loader.load(
        [write_csv(tmp_path / "c.csv", COMPLAINT_HEADER, [complaint(1, count=count)])], db, today=TODAY
    )
    assert not report.ok
    assert (report.errors[0].code, report.errors[0].line, report.errors[0].column) == ("bad_count", 2, "count")
