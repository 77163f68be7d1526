"""The validating loader: CSV/XLSX files in, one all-or-nothing batch out.

Shape of a load (``python -m anning load`` and the Data page share it):

1. **Inspect** each file in Python, in bounded reads (:mod:`anning.load.files`): size, SHA-256,
   line lengths, encoding, header, kind, and the date format the typed reader can use. File-level
   problems (empty, binary, too long a line, unknown kind, missing column) stop here.
2. **Stage** every file of a kind into that kind's temporary staging table: CSV through DuckDB's
   ``read_csv`` with the contract's types and ``store_rejects`` (so a malformed or untypable row is
   recorded with its line, never dropped), the rows it rejected only for a type re-read as text; XLSX
   rows streamed from openpyxl. Personal-data columns are never materialised.
3. **Validate** with the kind's named query (``queries/load_<kind>.sql``), once per kind: it types,
   cleans and checks every row, and lists errors and warnings only for rows that have them, so
   every error keeps its file, line, column, value and reason. Duplicate ids across the load are
   errors. A row dated after the load date is set aside (reported, not stored).
4. **Write** only when no file has an error: replace rows whose ids reappear, archive the batch's
   rows as Parquet (:mod:`anning.load.archive`; sanitized, no raw bytes kept), record the batch,
   its files and warnings, rebuild the rollups, and swap the copy in (see :mod:`anning.store.db`).

Every row is accounted for: the report gives rows read, rows stored (and how many of those replaced
earlier rows) and rows set aside; a file whose line count disagrees with what the reader returned is
refused. Any unexpected failure becomes a clear error, never a traceback, and changes nothing.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import getpass
import hashlib
import io
import json
import os
import re
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pandas as pd

from anning.core.config import ERROR_CAP, LOAD_MEMORY_MB
from anning.core.escape import visible_text
from anning.i18n import t
from anning.load import archive, contract, files
from anning.store import db as store
from anning.store import reference, sql

# The rollups computed quarter by quarter from the complaints alone (their tables have a quarter column and
# their queries read nothing else): a load recomputes only the quarters it changed. The others span quarters.
_PER_QUARTER = frozenset(
    {
        "rollup_rank",
        "rollup_month",
        "rollup_company",
        "rollup_chain",
        "rollup_ports",
        "rollup_company_ports",
        "rollup_handling",
    }
)
# Above this share of the store's quarters a load's rollups are rebuilt whole (about as cheap, and simpler).
_PARTIAL_MAX_SHARE = 0.5
# Stored rejects per CSV read; a file with more cannot load anyway, and the report says "at least".
_REJECTS_LIMIT = 100_000
# Issues fetched per list (errors, warnings) to sort by line; the report keeps ERROR_CAP errors.
_ISSUE_FETCH = 10_000
_WARNING_CAP = 10_000
_XLSX_CHUNK = 50_000
# The date column of each kind, its typed staging column, and the type the reader gives it.
_DATE_COLUMNS = {
    "complaints": (("received_at", "received_ts", "TIMESTAMP"), ("handled_on", "handled_ts", "DATE")),
    "takedowns": (("taken_at", "taken_ts", "DATE"),),
    "enforcement": (("decided_on", "decided_ts", "DATE"),),
}
_DEFAULT_TS = "%Y-%m-%d %H:%M:%S"
_DEFAULT_DATE = "%Y-%m-%d"
# Warnings that say something about a file as a whole: reported once per file, with a count.
_PER_FILE_WARNINGS = ("control_chars", "name_too_long")
# Files inspected at once (the machine the loader is sized for has two cores).
INSPECT_THREADS = 2


# --------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class Issue:
    """One error or warning, located as precisely as the input allows."""

    file: str
    code: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "en") -> str:
        """The human text for the code."""
        prefix = "warn." if f"warn.{self.code}" in _known_keys() else "err."
        return t(prefix + self.code, lang, **dict(self.params))

    def render(self, lang: str = "en") -> str:
        """``file:line: column: value: what is wrong``."""
        # An uploaded file's name and a header are user text too: a newline or bidi override in them
        # must not split or reorder the line.
        name = _clip(self.file, 120)
        parts = [name if self.line is None else f"{name}:{self.line}"]
        if self.column:
            parts.append(_clip(self.column))
        if self.value is not None:
            parts.append(_clip(self.value))
        parts.append(self.message(lang))
        return ": ".join(parts)


def _known_keys() -> set[str]:
    from anning.i18n import TABLE

    return set(TABLE)


def _clip(value: str, n: int = 60) -> str:
    value = "".join(ch if ch.isprintable() else "�" for ch in str(value))
    return value if len(value) <= n else value[: n - 1] + "…"


@dataclass(frozen=True)
class FileReport:
    """What the loader found in one file.

    ``rows`` are the data rows read (rows whose cells are all empty are not data and are counted in
    ``blank_rows``); ``set_aside`` of them were dated after the load date and not stored.
    """

    name: str
    kind: str | None
    encoding: str | None
    content_hash: str
    rows: int = 0
    dropped_columns: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    already_in_batch: int | None = None
    size: int = 0
    set_aside: int = 0
    blank_rows: int = 0


@dataclass(frozen=True)
class LoadReport:
    """The outcome of a load or dry run; ``ok`` means nothing blocks it.

    Every row read is accounted for: ``rows_read == total_rows + rows_set_aside``, and
    ``rows_replaced`` of the ``total_rows`` stored replaced rows loaded earlier.
    """

    files: tuple[FileReport, ...]
    errors: tuple[Issue, ...]
    n_errors: int
    warnings: tuple[Issue, ...]
    n_warnings: int
    rows: dict[str, int] = field(default_factory=dict)
    rows_replaced: int = 0
    batch_id: int | None = None
    dry_run: bool = False
    seconds: float = 0.0
    rows_read: int = 0
    rows_set_aside: int = 0

    @property
    def ok(self) -> bool:
        """True when there are no errors."""
        return self.n_errors == 0

    @property
    def already_loaded(self) -> bool:
        """True when every file was identical to one loaded before, so nothing changed."""
        return bool(self.files) and all(f.already_in_batch is not None for f in self.files)

    @property
    def total_rows(self) -> int:
        """Rows stored (or, in a dry run, that would be), across kinds."""
        return sum(self.rows.values())

    def lines(self, lang: str = "en") -> list[str]:
        """Every error as a line, up to the cap, then a count of the rest."""
        out = [e.render(lang) for e in self.errors]
        if self.n_errors > len(self.errors):
            out.append(t("load.more_errors", lang, n=self.n_errors - len(self.errors)))
        return out

    def accounting(self, lang: str = "en") -> str:
        """One line: rows read = rows stored (of which replacing earlier rows) + rows set aside."""
        return t(
            "load.accounting",
            lang,
            read=f"{self.rows_read:,}",
            stored=f"{self.total_rows:,}",
            replaced=f"{self.rows_replaced:,}",
            set_aside=f"{self.rows_set_aside:,}",
        )


@dataclass(frozen=True)
class InputFile:
    """A file to load: where its bytes are, and the name to report it under."""

    path: Path
    name: str

    def __post_init__(self) -> None:
        # The name is the sender's (an upload's own file name): it is reported on the terminal, shown on the
        # Data page and kept with the batch, so an escape sequence or a right-to-left override must not reach
        # any of them. The bytes are read from ``path``, which is not touched.
        object.__setattr__(self, "name", visible_text(self.name).strip() or visible_text(self.path.name).strip())

    @classmethod
    def of(cls, path: str | Path) -> InputFile:
        """An input named after its own file name."""
        p = Path(path)
        return cls(p, p.name)


@dataclass(frozen=True)
class Progress:
    """A progress event: which step, how far, how many rows at what rate."""

    step: str
    file: str
    fraction: float
    rows: int
    rows_per_s: float


ProgressFn = Callable[[Progress], None]
Emit = Callable[[str, str, float, int], None]


class _Abort(Exception):
    """Raised inside the store copy to discard it (errors, or a dry run)."""

    def __init__(self, report: LoadReport) -> None:
        super().__init__("load aborted")
        self.report = report


# --------------------------------------------------------------------------- inspection


@dataclass
class _File:
    """One input on its way through the load."""

    src: InputFile
    report: FileReport
    fmt: str = "csv"  # csv | xlsx
    index: int = -1  # position in the load's staging tables (_file)
    scan: files.Scan | None = None
    head: bytes = b""
    text_path: Path | None = None  # the UTF-8 file DuckDB reads (the original or a transcoded copy)
    text_scan: files.Scan | None = None  # line facts of text_path (the original's scan when not transcoded)
    delimiter: str = ","
    headers: list[str] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)
    header_line: int = 1
    sample: list[list[str]] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # DuckDB read_csv columns: name -> type
    timestamp_format: str = _DEFAULT_TS
    date_format: str = _DEFAULT_DATE
    # Filled while staging:
    first_rowid: int | None = None
    staged: int = 0  # rows in the staging table (from the reader, and re-read as text)
    rechecked: int = 0  # of which re-read as text
    failed: bool = False  # staging stopped with a file-level error
    reject_lines: list[int] = field(default_factory=list)  # lines the reader rejected
    _skipped: list[int] | None = None

    @property
    def name(self) -> str:
        return self.src.name

    @property
    def kind(self) -> str:
        assert self.report.kind is not None
        return self.report.kind

    def as_written(self, column: str | None, value: str) -> str:
        """A date the typed reader read, shown as the file wrote it (its format), for messages."""
        for canon, typed, _ in _DATE_COLUMNS.get(self.report.kind or "", ()):
            if canon == column and typed in self.columns:
                fmt = self.timestamp_format if self.columns[typed] == "TIMESTAMP" else self.date_format
                with contextlib.suppress(ValueError):
                    return dt.datetime.fromisoformat(value).strftime(fmt)
        return value

    def line_of(self, rowid: int) -> int:
        """The line of the staged row with ``rowid``, in DuckDB's numbering (records, blank lines counted).

        The reader's rows are in file order; a line the reader numbered but did not return (a blank
        line, a rejected row) pushes every later row one line further.
        """
        if self._skipped is None:
            blanks = self.text_scan.blank_lines if self.text_scan is not None else []
            self._skipped = sorted({*(b for b in blanks if b > self.header_line), *self.reject_lines})
        line = self.header_line + 1 + (rowid - (self.first_rowid or 0))
        for skipped in self._skipped:
            if skipped > line:
                break
            line += 1
        return line


def _issue(name: str, code: str, line: int | None = None, **params: object) -> Issue:
    return Issue(name, code, line=line, params=tuple((k, str(v)) for k, v in params.items()))


def _inspect_all(
    inputs: list[InputFile], kind: str | None, workdir: Path, max_bytes: int | None, emit: Emit
) -> tuple[list[_File], list[Issue]]:
    """:func:`_inspect` of every input, ``INSPECT_THREADS`` files at a time, in input order.

    Hashing, reading and transcoding release the GIL for much of their time, so a second file's
    inspection runs on the second core. Progress is reported from the calling thread (a Streamlit
    progress bar belongs to the script's thread).
    """
    inspected: list[_File] = []
    issues: list[Issue] = []
    with ThreadPoolExecutor(INSPECT_THREADS, thread_name_prefix="anning-inspect") as pool:
        futures = [pool.submit(_inspect, src, kind, workdir, max_bytes) for src in inputs]
        for i, (src, future) in enumerate(zip(inputs, futures, strict=True)):
            emit("read", src.name, i / max(len(inputs), 1), 0)
            f, found = future.result()
            inspected.append(f)
            issues.extend(found)
    return inspected, issues


def _inspect(src: InputFile, kind: str | None, workdir: Path, max_bytes: int | None) -> tuple[_File, list[Issue]]:
    """Everything Python can tell about a file before DuckDB reads it; file-level problems as issues."""
    name = src.name
    f = _File(src, FileReport(name, kind, None, ""))
    try:
        size = src.path.stat().st_size
    except OSError as exc:
        return f, [_issue(name, "unreadable", reason=exc.strerror or type(exc).__name__)]
    f.report = replace(f.report, size=size)
    if max_bytes is not None and size > max_bytes:
        return f, [_issue(name, "too_large", limit=max_bytes // (1024 * 1024))]
    with open(src.path, "rb") as fh:
        head = fh.read(files.HEAD_BYTES)
    f.head = head
    try:
        if not head.strip(b" \t\r\n\xef\xbb\xbf"):
            raise files.FileProblem("empty")
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise files.FileProblem("old_xls")
        if head.startswith(b"PK\x03\x04"):
            _inspect_xlsx(f)
        else:
            _inspect_csv(f, workdir)
    except files.FileProblem as p:
        return f, [Issue(name, p.code, line=p.line, params=tuple(p.params.items()))]
    return _match_columns(f, kind)


def _inspect_xlsx(f: _File) -> None:
    f.fmt = "xlsx"
    digest = files.sha256(f.src.path)
    f.report = replace(f.report, content_hash=digest, encoding="xlsx")
    try:
        sheet = files.open_xlsx(f.src.path)
    except files.FileProblem:
        raise
    except Exception as exc:  # openpyxl raises many kinds on hostile workbooks; none may escape
        reason = str(exc) if isinstance(exc, zipfile.BadZipFile | KeyError | ValueError | OSError) else ""
        raise files.FileProblem("bad_xlsx", reason=_clip(f"{type(exc).__name__}: {reason}".rstrip(": "), 120)) from None
    if sheet is None:
        raise files.FileProblem("no_header")
    try:
        f.headers, f.header_line = sheet.headers, sheet.header_row
    finally:
        sheet.close()  # type: ignore[operator]


def _inspect_csv(f: _File, workdir: Path) -> None:
    if b"\x00" in f.head and not f.head.startswith(
        (files.codecs.BOM_UTF16_LE, files.codecs.BOM_UTF16_BE, files.codecs.BOM_UTF32_BE)
    ):
        files.detect_encoding(f.src.path, f.head)  # UTF-32 without a mark is accepted; other NULs are binary
    f.scan = files.scan(f.src.path)
    f.report = replace(f.report, content_hash=f.scan.sha256)
    encoding, skip = files.detect_encoding(f.src.path, f.head)
    f.report = replace(f.report, encoding=encoding)
    f.text_path, f.text_scan = f.src.path, f.scan
    if encoding not in ("utf-8", "utf-8-sig"):
        _transcode(f, encoding, skip, workdir)
    _check_lines(f)
    header = files.read_header(f.text_path)  # type: ignore[arg-type]
    if not header.cells or all(not h for h in header.cells):
        raise files.FileProblem("empty")
    f.headers, f.delimiter, f.sample = header.cells, header.delimiter, header.sample
    f.header_line = _header_line(f.text_path)  # type: ignore[arg-type]


def _transcode(f: _File, encoding: str, skip: int, workdir: Path) -> None:
    # A name of its own: files are inspected two at a time (_inspect_all).
    fd, name = tempfile.mkstemp(suffix=".utf8.csv", dir=workdir)
    os.close(fd)
    out = Path(name)
    f.text_path = files.transcode(f.src.path, encoding, skip, out)
    f.text_scan = files.scan(f.text_path)
    f.report = replace(f.report, encoding=encoding)


def _check_lines(f: _File) -> None:
    s = f.text_scan
    assert s is not None
    if s.long_line is not None:
        limit = files.MAX_LINE_BYTES // (1024 * 1024)
        raise files.FileProblem(
            "malformed",
            line=s.long_line,
            reason=f"a line longer than {limit} MB; split it, or check that the file is a CSV",
        )
    if s.mostly_empty:
        raise files.FileProblem("mostly_empty", n=f"{s.empty_lines:,}")


def _header_line(path: Path) -> int:
    """The line of the first non-blank line (the header), reading at most the head of the file."""
    with open(path, "rb") as fh:
        head = fh.read(files.HEAD_BYTES)
    for n, raw in enumerate(head.splitlines(), start=1):
        if raw.strip(b" \t\xef\xbb\xbf"):
            return n
    return 1


def _match_columns(f: _File, kind: str | None) -> tuple[_File, list[Issue]]:
    name = f.name
    issues: list[Issue] = []
    if len(f.headers) > files.MAX_COLUMNS:
        return f, [_issue(name, "too_many_columns", limit=files.MAX_COLUMNS)]
    detected_kind = kind or contract.detect_kind(f.headers)
    guess = detected_kind or contract.best_guess_kind(f.headers)
    found = set(contract.match_header(guess, f.headers).values())
    required = [c for c in contract.KINDS[guess] if c.required]
    missing = [c for c in required if c.name not in found]
    if detected_kind is None and len(missing) * 2 > len(required):
        return f, [_issue(name, "unknown_kind")]
    for col in missing:
        issues.append(
            Issue(name, "missing_column", column=col.name, params=(("aliases", " / ".join((col.name, *col.aliases))),))
        )
    mapping = contract.match_header(guess, f.headers)
    seen: dict[str, int] = {}
    for pos, canon in mapping.items():
        if canon in seen:
            issues.append(Issue(name, "duplicate_header", column=f.headers[pos], params=(("column", canon),)))
        seen[canon] = pos
    # The headers as reported (the file's own words): visible text only, like every other value from the file.
    dropped = tuple(visible_text(h) for h in f.headers if contract.is_pii_header(h))
    ignored = tuple(
        visible_text(h) for i, h in enumerate(f.headers) if i not in mapping and not contract.is_pii_header(h) and h
    )
    f.mapping = mapping
    f.report = replace(f.report, kind=guess, dropped_columns=dropped, ignored_columns=ignored)
    if f.fmt == "csv" and not issues:
        _choose_columns(f)
    return f, issues


def _choose_columns(f: _File) -> None:
    """The reader's column names and types: contract columns by name, dates typed when the sample allows.

    A position that is not a contract column gets an underscore name, which the staging query never
    selects: an ignored column, or personal data, is therefore never materialised.
    """
    by_canon = {canon: pos for pos, canon in f.mapping.items()}
    columns = {f"_x{i}": "VARCHAR" for i in range(len(f.headers))}
    names = {pos: canon for pos, canon in f.mapping.items()}
    ts_format: str | None = None
    for canon, typed, sql_type in _DATE_COLUMNS[f.kind]:
        pos = by_canon.get(canon)
        if pos is None:
            continue
        values = [r[pos].strip() for r in f.sample if pos < len(r)]
        if sql_type == "TIMESTAMP":
            fmt = files.date_format(values, files.TIMESTAMP_FORMATS + files.DATE_FORMATS)
            if fmt is not None:
                ts_format = fmt
                names[pos] = typed
                f.timestamp_format = fmt
        else:
            fmt = files.date_format(values, files.DATE_FORMATS)
            if fmt is not None:
                names[pos] = typed
                f.date_format = fmt
            elif ts_format is not None and files.date_format(values, (ts_format,)) == ts_format:
                names[pos] = typed  # a date-time column in the same format as the received time
                columns_type = "TIMESTAMP"
                columns[f"_x{pos}"] = columns_type
    typed_names = {typed: sql_type for _, typed, sql_type in _DATE_COLUMNS[f.kind]}
    out: dict[str, str] = {}
    for i in range(len(f.headers)):
        nm = names.get(i)
        if nm is None:
            out[f"_x{i}"] = "VARCHAR"
        elif nm in typed_names:
            out[nm] = columns.get(f"_x{i}") if columns.get(f"_x{i}") == "TIMESTAMP" else typed_names[nm]
        else:
            out[nm] = "VARCHAR"
    f.columns = out


# --------------------------------------------------------------------------- staging


def _configure(workdir: Path) -> dict[str, str]:
    """DuckDB settings for the load's connection: a memory cap, and spill files in the private directory."""
    spill = workdir / "spill"
    spill.mkdir(exist_ok=True)
    return {"memory_limit": f"{LOAD_MEMORY_MB}MB", "temp_directory": str(spill), "preserve_insertion_order": "true"}


def _refresh_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the shipped reference tables into the store so SQL can resolve and name things."""
    frames = {
        **reference.store_tables(),
        "ref_enum": pd.DataFrame(contract.enum_rows(), columns=["field", "alias_key", "code"]),
    }
    for table_name, frame in frames.items():
        con.register("ref_frame", frame)
        sql.execute(con, "reference_refresh", idents={"table": table_name})
        con.unregister("ref_frame")


class _Poller:
    """Reports DuckDB's own query progress while a long statement runs."""

    def __init__(self, con: duckdb.DuckDBPyConnection, emit: Callable[[float], None]) -> None:
        self._con, self._emit = con, emit
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            with contextlib.suppress(Exception):
                pct = self._con.query_progress()
                if pct is not None and pct >= 0:
                    self._emit(pct / 100.0)

    def __enter__(self) -> _Poller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


_LINE_RE = re.compile(r"CSV Error on Line: (\d+)")
_REJECT_REASONS = {
    "MISSING COLUMNS": "fewer cells than the header ({detail})",
    "TOO MANY COLUMNS": "more cells than the header ({detail})",
    "UNQUOTED VALUE": "a quote inside an unquoted value; quote the whole value and double the quote inside",
    "LINE SIZE OVER MAXIMUM": "the line is too long",
    "INVALID STATE": "not a well-formed CSV line (check quotes and line endings)",
    "INVALID ENCODING": "not valid UTF-8 text",
}
_COUNT_RE = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def _reject_reason(error_type: str, message: str) -> str:
    detail = ""
    m = _COUNT_RE.search(message or "")
    if m:
        detail = f"expected {m.group(1)}, found {m.group(2)}"
    return _REJECT_REASONS.get(error_type, "not a well-formed CSV line").format(detail=detail)


def _line_end_problem(path: Path) -> tuple[int, str] | None:
    """The first line with a carriage return outside quotes, or whose ending differs from the first one's.

    DuckDB's strict parser reports both only as "the CSV Parser state machine reached an invalid
    state", with no line; this scan (on that error path only) finds the line to show instead.
    """
    first: tuple[int, bytes] | None = None
    in_quote = False
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, start=1):
            ended = raw.endswith(b"\n")
            body = raw[:-1] if ended else raw
            crlf = ended and body.endswith(b"\r")
            body = body[:-1] if crlf else body
            pos = body.find(b"\r")
            while pos >= 0:
                if in_quote == (body.count(b'"', 0, pos) % 2 == 1):  # quote state at pos: outside
                    return n, "a carriage return (\\r) inside a line, outside quotes; save the file again as CSV"
                pos = body.find(b"\r", pos + 1)
            in_quote ^= body.count(b'"') % 2 == 1
            if ended and not in_quote:
                end = b"\r\n" if crlf else b"\n"
                if first is None:
                    first = (n, end)
                elif end != first[1]:
                    names = {b"\r\n": "CRLF", b"\n": "LF"}
                    return n, (
                        f"mixed line endings: this line ends with {names[end]}, line {first[0]} with "
                        f"{names[first[1]]}; save the file again as CSV"
                    )
    return None


def _csv_error(name: str, exc: Exception, text_path: Path | None = None) -> Issue:
    """A located, plain-words error for an exception DuckDB's reader raised on a whole file."""
    text = str(exc)
    m = _LINE_RE.search(text)
    if m is None and "state machine" in text and text_path is not None:
        found = _line_end_problem(text_path)
        if found is not None:
            return _issue(name, "malformed", found[0], reason=found[1])
    first = text.splitlines()[0] if text else type(exc).__name__
    first = re.sub(r"^[A-Za-z ]*(Error|Exception): ", "", first)
    if "state machine" in first or "Parallel CSV" in first or "not implemented" in first.lower():
        first = "not a well-formed CSV file (check quotes and line endings)"
    detail = next((ln.strip() for ln in text.splitlines()[1:] if ln.startswith(("Expected", "Original"))), "")
    reason = _clip(f"{first} {detail}".strip(), 160)
    return _issue(name, "malformed", int(m.group(1)) if m else None, reason=reason)


@dataclass
class _Staged:
    """What staging found beyond the rows: file-level errors, and rows to re-read as text."""

    errors: list[Issue] = field(default_factory=list)
    n_errors: int = 0
    recheck: dict[str, list[dict[str, object]]] = field(default_factory=dict)


def _text_name(name: str) -> str:
    """The text column of a typed staging column (received_ts -> received_at)."""
    for cols in _DATE_COLUMNS.values():
        for canon, typed, _ in cols:
            if name == typed:
                return canon
    return name


def _group_key(f: _File) -> tuple[object, ...]:
    return (f.kind, f.delimiter, tuple(f.columns.items()), f.timestamp_format, f.date_format, f.header_line)


def _stage_csv_group(con: duckdb.DuckDBPyConnection, group: list[_File], out: _Staged, workdir: Path) -> None:
    kind = group[0].kind
    params = {
        "paths": [str(f.text_path) for f in group],
        "file_base": group[0].index,
        "skip": group[0].header_line - 1,
        "columns": group[0].columns,
        "delimiter": group[0].delimiter,
        "rejects_limit": _REJECTS_LIMIT,
        "max_line_bytes": files.MAX_LINE_BYTES,
        "timestamp_format": group[0].timestamp_format,
        "date_format": group[0].date_format,
    }
    try:
        sql.execute(con, "stage_read_csv", params, idents={"stage": f"stage_{kind}"})
    except (duckdb.InvalidInputException, duckdb.ConversionException, duckdb.NotImplementedException) as exc:
        for f in group:
            sql.execute(con, "stage_drop_file", {"file_index": f.index}, idents={"stage": f"stage_{kind}"})
        if len(group) > 1:  # find the file it was about
            for f in group:
                _stage_csv_group(con, [f], out, workdir)
            return
        out.errors.append(_csv_error(group[0].name, exc, group[0].text_path))
        out.n_errors += 1
        group[0].failed = True
        return
    by_path = {str(f.text_path): f for f in group}
    rejects = sql.rows(con, "stage_rejects")
    bad_encoding: set[str] = set()
    located: dict[tuple[str, int], str] = {}
    for path, line, column, error_type, csv_line, message in rejects:
        f = by_path.get(path)
        if f is None:
            continue
        line = int(line)
        f.reject_lines.append(line)
        if error_type == "INVALID ENCODING":
            bad_encoding.add(path)
        elif error_type == "CAST" and column is not None and (path, line) not in located:
            row = _recheck_row(f, line, csv_line)
            if row is None:
                located[(path, line)] = "malformed"
                out.errors.append(_issue(f.name, "malformed", line, reason=_reject_reason("INVALID STATE", "")))
                out.n_errors += 1
            else:
                located[(path, line)] = "recheck"
                out.recheck.setdefault(kind, []).append(row)
        elif error_type != "CAST" and located.get((path, line)) != "malformed":
            if located.get((path, line)) == "recheck":  # a structural problem outweighs a type problem
                out.recheck[kind] = [r for r in out.recheck[kind] if (r["_file"], r["_line"]) != (f.index, line)]
            located[(path, line)] = "malformed"
            out.errors.append(_issue(f.name, "malformed", line, reason=_reject_reason(error_type, message)))
            out.n_errors += 1
    if len(rejects) >= _REJECTS_LIMIT:
        out.n_errors += 1  # more were not recorded; the total is "at least"
    for f in group:
        f.reject_lines = sorted(set(f.reject_lines))
    for path in bad_encoding:
        _retry_encoding(con, by_path[path], out, workdir)


def _retry_encoding(con: duckdb.DuckDBPyConnection, f: _File, out: _Staged, workdir: Path) -> None:
    """A file read as UTF-8 had invalid bytes further on: decide its encoding from all of it and read it again."""
    kind = f.kind
    sql.execute(con, "stage_drop_file", {"file_index": f.index}, idents={"stage": f"stage_{kind}"})
    # Its earlier issues (all from the UTF-8 reading) no longer apply.
    out.errors = [e for e in out.errors if e.file != f.name]
    out.recheck[kind] = [r for r in out.recheck.get(kind, []) if r["_file"] != f.index]
    f.reject_lines = []
    try:
        encoding, skip = files.detect_encoding_fully(f.src.path, f.head)
        if encoding in ("utf-8", "utf-8-sig"):  # DuckDB disagrees with Python: refuse rather than guess
            raise files.FileProblem("encoding")
        _transcode(f, encoding, skip, workdir)
        _check_lines(f)
    except files.FileProblem as p:
        out.errors.append(Issue(f.name, p.code, line=p.line, params=tuple(p.params.items())))
        out.n_errors += 1
        f.failed = True
        return
    _stage_csv_group(con, [f], out, workdir)


def _recheck_row(f: _File, line: int, csv_line: str) -> dict[str, object] | None:
    """The text cells of a row the typed reader rejected, keyed by contract column (None if unparseable)."""
    try:
        parsed = [r for r in csv.reader(io.StringIO(csv_line), delimiter=f.delimiter) if r]
    except csv.Error:
        return None
    if len(parsed) != 1 or len(parsed[0]) != len(f.headers):
        return None
    cells = parsed[0]
    row: dict[str, object] = {"_file": f.index, "_line": line}
    for pos, canon in f.mapping.items():
        row[canon] = cells[pos] if cells[pos] != "" else None
    return row


def _stage_xlsx(con: duckdb.DuckDBPyConnection, f: _File, out: _Staged) -> None:
    """Stream the workbook's rows into the staging table in chunks (bounded memory)."""
    kind = f.kind
    cols = sorted(f.mapping.items())
    try:
        sheet = files.open_xlsx(f.src.path)
    except files.FileProblem as p:
        out.errors.append(Issue(f.name, p.code, line=p.line, params=tuple(p.params.items())))
        out.n_errors += 1
        return
    assert sheet is not None
    try:
        chunk: list[list[object]] = []
        for r_idx, cells in sheet.rows:
            chunk.append([f.index, r_idx, *(cells[pos] if pos < len(cells) else None for pos, _ in cols)])
            if len(chunk) >= _XLSX_CHUNK:
                _append_rows(con, kind, chunk, [c for _, c in cols])
                chunk = []
        if chunk:
            _append_rows(con, kind, chunk, [c for _, c in cols])
    except files.FileProblem as p:
        sql.execute(con, "stage_drop_file", {"file_index": f.index}, idents={"stage": f"stage_{kind}"})
        out.errors.append(Issue(f.name, p.code, line=p.line, params=tuple(p.params.items())))
        out.n_errors += 1
    except Exception as exc:  # a workbook that fails part-way: a clear error, never a traceback
        sql.execute(con, "stage_drop_file", {"file_index": f.index}, idents={"stage": f"stage_{kind}"})
        out.errors.append(_issue(f.name, "bad_xlsx", reason=_clip(type(exc).__name__, 120)))
        out.n_errors += 1
    finally:
        sheet.close()  # type: ignore[operator]


def _append_rows(con: duckdb.DuckDBPyConnection, kind: str, rows: list[list[object]], names: list[str]) -> None:
    frame = pd.DataFrame(rows, columns=["_file", "_line", *names], dtype=object)
    frame["_file"] = frame["_file"].astype("int32")
    frame["_line"] = frame["_line"].astype("int64")
    con.register("stage_rows_frame", frame)
    try:
        sql.execute(con, "stage_rows", idents={"stage": f"stage_{kind}"})
    finally:
        con.unregister("stage_rows_frame")


def _stage_all(
    con: duckdb.DuckDBPyConnection, todo: list[_File], workdir: Path, emit: Emit
) -> tuple[_Staged, list[str]]:
    """Read every file into its kind's staging table; the kinds present, in contract order."""
    sql.execute(con, "stage_tables")
    out = _Staged()
    groups: dict[tuple[object, ...], list[_File]] = {}
    for f in todo:
        if f.fmt == "csv":
            groups.setdefault(_group_key(f), []).append(f)
    # Consecutive _file numbers within a group (the reader numbers files by their position in it).
    n = 0
    for group in groups.values():
        for f in group:
            f.index = n
            n += 1
    for f in todo:
        if f.fmt == "xlsx":
            f.index = n
            n += 1
    by_pos = {f.index: f for f in todo}
    done = 0
    for group in groups.values():
        emit("validate", group[0].name, done / max(len(todo), 1), 0)
        size = len(group)
        with _Poller(con, lambda p, nm=group[0].name, d=done, k=size: emit("validate", nm, (d + p * k) / len(todo), 0)):
            _stage_csv_group(con, group, out, workdir)
        done += len(group)
    for f in todo:
        if f.fmt == "xlsx":
            emit("validate", f.name, done / max(len(todo), 1), 0)
            _stage_xlsx(con, f, out)
            done += 1
    for kind, rows in out.recheck.items():
        if rows:
            for r in rows:
                by_pos[int(r["_file"])].rechecked += 1  # type: ignore[call-overload]
            names = [c.name for c in contract.KINDS[kind]]
            _append_rows(con, kind, [[r["_file"], r["_line"], *(r.get(c) for c in names)] for r in rows], names)
    kinds = [k for k in contract.KINDS if any(f.kind == k for f in todo)]
    by_index = {f.index: f for f in todo}
    for kind in kinds:
        for file_index, first_rowid, staged in sql.rows(con, "stage_file_rows", idents={"stage": f"stage_{kind}"}):
            f = by_index[int(file_index)]
            f.first_rowid = None if first_rowid is None else int(first_rowid)
            f.staged = int(staged)
    for f in todo:
        problem = _unaccounted(f)
        if problem is not None:
            out.errors.append(problem)
            out.n_errors += 1
    return out, kinds


def _unaccounted(f: _File) -> Issue | None:
    """An error when the reader returned fewer (or more) records than the file has lines.

    Checked where the line count is exact: a UTF-8 or transcoded file without quotes (so no value
    spans lines) and with one kind of line ending. It catches rows a reader would drop silently.
    """
    s = f.text_scan
    if f.fmt != "csv" or s is None or not s.exact or f.failed:
        return None
    blanks_after = sum(1 for b in s.blank_lines if b > f.header_line)
    expected = s.lines - f.header_line - blanks_after
    got = (f.staged - f.rechecked) + len(f.reject_lines)
    if got != expected:
        return _issue(f.name, "rows_unaccounted", lines=f"{expected:,}", rows=f"{got:,}")
    return None


# --------------------------------------------------------------------------- validation


def _normalise(con: duckdb.DuckDBPyConnection, kinds: list[str], today: dt.date) -> None:
    for kind in kinds:
        if f"load_{kind}_maps" in sql.registry():  # per distinct value, into small tables the query joins
            sql.execute(con, f"load_{kind}_maps")
        sql.relation(con, f"load_{kind}", {"today": today}).create_view("load_result", replace=True)
        sql.execute(con, "norm_create", idents={"norm": f"norm_{kind}"})


def _issues(
    con: duckdb.DuckDBPyConnection, kinds: list[str], by_index: dict[int, _File], which: str
) -> tuple[list[Issue], int]:
    """Errors or warnings of the validated rows, located, in file and line order (up to _ISSUE_FETCH)."""
    out: list[tuple[int, int, Issue]] = []
    total = 0
    for kind in kinds:
        rows = sql.rows(con, "norm_issues", {"limit": _ISSUE_FETCH}, idents={"norm": f"norm_{kind}", "list": which})
        for n, file_index, rowid, line, column, value, code in rows:
            total = int(n)
            f = by_index[int(file_index)]
            at = int(line) if line is not None else f.line_of(int(rowid))
            if line is None and value is not None:
                value = f.as_written(column, value)
            out.append((f.index, at, Issue(f.name, code, line=at, column=column, value=value)))
        if not rows:
            continue
    out.sort(key=lambda x: (x[0], x[1]))
    return [i for _, _, i in out], total


def stored_message(code: str, value: object, lang: str = "en") -> str:
    """The text of a warning read back from ``load_warnings``: a per-file one's count is its stored value."""
    if code in _PER_FILE_WARNINGS:
        return Issue("", code, params=(("n", str(value)),)).message(lang)
    return Issue("", code).message(lang)


def _per_file(warnings: list[Issue]) -> list[Issue]:
    """Warnings that concern a file as a whole, one per file (first line, count); the rest unchanged."""
    kept: list[Issue] = []
    firsts: dict[tuple[str, str], list[object]] = {}
    for w in warnings:
        if w.code in _PER_FILE_WARNINGS:
            entry = firsts.setdefault((w.file, w.code), [w.line, 0])
            entry[1] = int(entry[1]) + 1  # type: ignore[call-overload]
        else:
            kept.append(w)
    for (name, code), (line, n) in firsts.items():
        kept.append(_issue(name, code, line, n=n))  # type: ignore[arg-type]
    return kept


def _duplicate_ids(con: duckdb.DuckDBPyConnection, kinds: list[str], by_index: dict[int, _File]) -> list[Issue]:
    """An error for every repeat of an id within the load (across files too), pointing at the first."""
    out: list[Issue] = []
    for kind in kinds:
        id_col = contract.ID_COLUMN[kind]
        rows = sql.rows(con, "norm_duplicates", {"limit": ERROR_CAP * 2}, idents={"norm": f"norm_{kind}", "id": id_col})
        located = []
        for file_index, rowid, line, ident in rows:
            f = by_index[int(file_index)]
            located.append((ident, f.index, int(line) if line is not None else f.line_of(int(rowid)), f.name))
        located.sort()
        seen: dict[str, tuple[str, int]] = {}
        for ident, _, line, name in located:
            if ident in seen:
                other = seen[ident]
                out.append(
                    Issue(
                        name,
                        "duplicate_id",
                        line=line,
                        column=id_col,
                        value=ident,
                        params=(("other", f"{other[0]}:{other[1]}"),),
                    )
                )
            else:
                seen[ident] = (name, line)
    return out


# --------------------------------------------------------------------------- the load


def load(
    files_: Sequence[InputFile | str | Path],
    db: Path,
    *,
    kind: str | None = None,
    dry_run: bool = False,
    user: str | None = None,
    source: str = "file",
    max_bytes: int | None = None,
    progress: ProgressFn | None = None,
    today: dt.date | None = None,
) -> LoadReport:
    """Validate ``files_`` and, unless ``dry_run`` or any error, load them as one batch into ``db``.

    ``today`` is the load date (default: today): a row dated after it is set aside, never stored.
    Never raises for anything a file or the machine does: such a failure is an error in the report.
    """
    started = time.monotonic()
    inputs = [f if isinstance(f, InputFile) else InputFile.of(f) for f in files_]
    if kind is not None and kind not in contract.KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(contract.KINDS)}")
    user = user or getpass.getuser()
    today = today or dt.date.today()

    def emit(step: str, file: str, fraction: float, rows: int) -> None:
        if progress:
            elapsed = max(time.monotonic() - started, 1e-6)
            progress(Progress(step, file, min(max(fraction, 0.0), 1.0), rows, rows / elapsed))

    try:
        report = _load(inputs, db, kind, dry_run, user, source, max_bytes, today, emit, started)
    except TimeoutError:
        return _failed(inputs, "busy", started, dry_run)
    except Exception as exc:  # noqa: BLE001 - the promise: a clear error, never a traceback
        return _failed(inputs, "load_failed", started, dry_run, reason=_plain(exc))
    if not dry_run and report.batch_id is not None:
        with contextlib.suppress(Exception):  # the audit trail must never undo a committed load
            store.audit(
                db,
                user,
                "load",
                json.dumps(
                    {"batch": report.batch_id, "files": [f.name for f in inputs], "rows": report.rows},
                    ensure_ascii=False,
                ),
            )
    emit("done", "", 1.0, report.total_rows)
    return report


def _plain(exc: BaseException) -> str:
    """An exception as a short reason without engine jargon (the fuzz test forbids it in messages)."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = re.sub(r"^[A-Za-z ]*(Error|Exception): ", "", text)
    if isinstance(exc, duckdb.Error):
        text = "the database engine stopped: " + _clip(text, 100)
    elif isinstance(exc, MemoryError):
        text = f"the load needs more than the {LOAD_MEMORY_MB} MB it may use"
    elif isinstance(exc, OSError):
        text = exc.strerror or type(exc).__name__
    return _clip(text or type(exc).__name__, 160)


def _failed(inputs: list[InputFile], code: str, started: float, dry_run: bool, **params: object) -> LoadReport:
    name = inputs[0].name if inputs else ""
    err = _issue(name, code, **params)
    return LoadReport(
        files=tuple(FileReport(i.name, None, None, "") for i in inputs),
        errors=(err,),
        n_errors=1,
        warnings=(),
        n_warnings=0,
        dry_run=dry_run,
        seconds=time.monotonic() - started,
    )


def _load(
    inputs: list[InputFile],
    db: Path,
    kind: str | None,
    dry_run: bool,
    user: str,
    source: str,
    max_bytes: int | None,
    today: dt.date,
    emit: Emit,
    started: float,
) -> LoadReport:
    # A private directory outside the store's folder: transcoded copies and DuckDB's spill files live
    # there for the length of the load only.
    with tempfile.TemporaryDirectory(prefix="anning-load-") as tmp:
        workdir = Path(tmp)
        os.chmod(workdir, 0o700)
        inspected, issues = _inspect_all(inputs, kind, workdir, max_bytes, emit)
        if issues:
            return _report(inspected, issues, [], {}, dry_run=dry_run, started=started)

        with store.writer_lock(db):
            if _rollups_only(db):
                # A store attached from rollups computed elsewhere has no raw rows: upserting into it would
                # rebuild its rollups from the new rows alone (docs/scale-out.md).
                return _report(inspected, [Issue(db.name, "rollups_only")], [], {}, dry_run=dry_run, started=started)
            archive.remove_leftovers(db)
            if not dry_run:
                from anning.load import migrate

                migrate.migrate_locked(db)
            known = _known_hashes(db)
            for f in inspected:
                if f.report.content_hash in known:
                    f.report = replace(f.report, already_in_batch=known[f.report.content_hash])
            todo = [f for f in inspected if f.report.already_in_batch is None]
            if not todo:
                return _report(inspected, [], [], {}, dry_run=dry_run, started=started)
            placed: list[Path] = []

            def work(con: duckdb.DuckDBPyConnection) -> LoadReport:
                return _validate_write(
                    con, db, todo, inspected, user, source, dry_run, today, emit, started, workdir, placed
                )

            try:
                return store.swap_write(db, work, schema="schema_data", config=_configure(workdir))
            except _Abort as abort:
                return abort.report
            except BaseException:
                archive.unplace(placed, db)  # the store was not swapped: its batch's files must not stay
                raise


def _rollups_only(db: Path) -> bool:
    """True for a store attached from rollups computed elsewhere (``attach-rollups``): it has no raw complaints."""
    if not db.exists():
        return False
    reader = store.Reader(db)
    try:
        return reader.has_table("meta") and bool(reader.query("store_info").rollups_only.iloc[0])
    finally:
        reader.close()


def _known_hashes(db: Path) -> dict[str, int]:
    if not db.exists():
        return {}
    reader = store.Reader(db)
    try:
        if not reader.has_table("batch_files"):
            return {}
        df = reader.query("batch_hashes")
        return dict(zip(df.content_hash, df.batch_id.astype(int), strict=True))
    finally:
        reader.close()


@dataclass
class Validated:
    """The validated rows of a load, in its connection's norm_<kind> tables, and what was found."""

    kinds: list[str]
    errors: list[Issue]
    n_errors: int
    warnings: list[Issue]
    n_warnings: int
    rows: dict[str, int]
    set_aside: int


def validate(
    con: duckdb.DuckDBPyConnection, todo: list[_File], today: dt.date, workdir: Path, emit: Emit | None = None
) -> Validated:
    """Stage, type, clean and check ``todo`` in ``con``; the rows stay in the temp tables norm_<kind>."""
    emit = emit or (lambda *a: None)
    _refresh_reference(con)
    sql.execute(con, "load_macros")
    staged, kinds = _stage_all(con, todo, workdir, emit)
    by_index = {f.index: f for f in todo}
    errors = list(staged.errors)
    n_errors = staged.n_errors
    warnings: list[Issue] = []
    n_warnings = 0
    rows: dict[str, int] = {}
    set_aside = 0
    with _Poller(con, lambda p: emit("validate", "", p, 0)):
        _normalise(con, kinds, today)
    for kind in kinds:
        for file_index, read, aside in sql.rows(con, "norm_file_counts", idents={"norm": f"norm_{kind}"}):
            f = by_index[int(file_index)]
            f.report = replace(f.report, rows=int(read), set_aside=int(aside), blank_rows=max(f.staged - int(read), 0))
            rows[kind] = rows.get(kind, 0) + int(read) - int(aside)
            set_aside += int(aside)
    # Rows staged from files that failed to stage are not counted as read.
    found, total = _issues(con, kinds, by_index, "errors")
    errors.extend(found)
    n_errors += total
    dupes = _duplicate_ids(con, kinds, by_index)
    errors.extend(dupes)
    n_errors += len(dupes)
    found, total = _issues(con, kinds, by_index, "warnings")
    warnings = _per_file(found[:_WARNING_CAP])
    n_warnings = len(warnings) + max(total - len(found), 0)
    errors.sort(key=lambda e: (e.file, e.line or 0))
    return Validated(kinds, errors, n_errors, warnings, n_warnings, rows, set_aside)


def _validate_write(
    con: duckdb.DuckDBPyConnection,
    db: Path,
    todo: list[_File],
    inspected: list[_File],
    user: str,
    source: str,
    dry_run: bool,
    today: dt.date,
    emit: Emit,
    started: float,
    workdir: Path,
    placed: list[Path],
) -> LoadReport:
    v = validate(con, todo, today, workdir, emit)
    rows_read = sum(f.report.rows for f in todo)
    if v.n_errors or dry_run:
        raise _Abort(
            _report(
                inspected,
                v.errors[:ERROR_CAP],
                v.warnings,
                v.rows,
                dry_run=dry_run,
                started=started,
                n_errors=v.n_errors,
                n_warnings=v.n_warnings,
                rows_read=rows_read,
                set_aside=v.set_aside,
            )
        )

    emit("write", "", 0.0, rows_read)
    batch_id = int(sql.rows(con, "batch_next_id")[0][0])
    touched = touched_quarters(con, v.kinds)  # before the upsert: a replaced complaint's old quarter counts too
    replaced = 0
    for kind in v.kinds:
        replaced += sql.execute_counts(con, f"upsert_{kind}", {"batch_id": batch_id})[0]
    with archive.writing_behind(con, db, batch_id, archive.quarters(con, v.kinds)) as archived:
        _record_batch(con, todo, v, batch_id, user, source, started, rows_read, replaced)
        emit("rollup", "", 0.5, rows_read)
        refresh_rollups(con, touched, workdir / "rollups.duckdb")
        sql.execute(con, "meta_bump", {"source": source})
        staging = archived()
    # Last: the batch's archive files go into place just before the copy is checkpointed and swapped in.
    placed.extend(archive.place(staging, db, batch_id))
    return _report(
        inspected,
        [],
        v.warnings,
        v.rows,
        dry_run=False,
        started=started,
        n_warnings=v.n_warnings,
        batch_id=batch_id,
        rows_replaced=int(replaced),
        rows_read=rows_read,
        set_aside=v.set_aside,
    )


def _record_batch(
    con: duckdb.DuckDBPyConnection,
    todo: list[_File],
    v: Validated,
    batch_id: int,
    user: str,
    source: str,
    started: float,
    rows_read: int,
    replaced: int,
) -> None:
    """The batch's records: one row per file, its warnings, and the batch itself."""
    for f in todo:
        sql.execute(
            con,
            "batch_file_insert",
            {
                "batch_id": batch_id,
                "file_name": f.name,
                "kind": f.kind,
                "content_hash": f.report.content_hash,
                "encoding": f.report.encoding,
                "rows": f.report.rows,
                "archive_name": archive.batch_pattern(f.kind, batch_id),
                "dropped": ", ".join(f.report.dropped_columns),
                "bytes": f.report.size,
                "note": None,
            },
        )
    if v.warnings:
        frame = pd.DataFrame(
            # A per-file warning stores its row count as its value, so the Data page can say it (stored_message).
            [(batch_id, w.file, w.line, w.column, w.value or dict(w.params).get("n"), w.code) for w in v.warnings],
            columns=["batch_id", "file_name", "line", "column_name", "value", "code"],
        )
        con.register("warn_frame", frame)
        try:
            sql.execute(con, "load_warnings_insert")
        finally:
            con.unregister("warn_frame")
    combined = hashlib.sha256("".join(sorted(f.report.content_hash for f in todo)).encode()).hexdigest()
    sql.execute(
        con,
        "batch_insert",
        {
            "batch_id": batch_id,
            "loaded_by": user,
            "source": source,
            "content_hash": combined,
            "files": json.dumps([f.name for f in todo], ensure_ascii=False),
            "rows_complaints": v.rows.get("complaints", 0),
            "rows_takedowns": v.rows.get("takedowns", 0),
            "rows_enforcement": v.rows.get("enforcement", 0),
            "rows_replaced": int(replaced),
            "n_warnings": v.n_warnings,
            "seconds": time.monotonic() - started,
            "rows_read": rows_read,
            "rows_set_aside": v.set_aside,
        },
    )


def rebuild_rollups(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the pre-aggregated tables that every page reads instead of raw rows, all of them."""
    for name in sql.ROLLUPS:
        sql.execute(con, name)
    sql.execute(con, "refresh_mark", {"fingerprint": rollups_fingerprint()})


def rollups_fingerprint() -> str:
    """A hash of the rollup queries' texts: a store's r_* tables were built by these queries when it matches."""
    return hashlib.sha256("\n".join(sql.get(name).text for name in sql.ROLLUPS).encode()).hexdigest()


def rollup_table(name: str) -> str:
    """The table a rollup query builds (``rollup_rank`` builds ``r_rank``)."""
    return "r_" + name.removeprefix("rollup_")


def touched_quarters(con: duckdb.DuckDBPyConnection, kinds: Sequence[str]) -> list[str] | None:
    """The quarters whose per-quarter rollups a load changes, read before its upsert; ``None``: rebuild them all.

    All of them are rebuilt when the store's tables were built by other rollup queries (an older Anning, or
    none yet), or when the load touches more than half of the store's quarters: a full rebuild then costs about
    as much as refreshing them, and reads simpler. A load without complaints touches no quarter.
    """
    ((fingerprint, n_quarters),) = sql.rows(con, "refresh_state")
    if fingerprint != rollups_fingerprint() or not n_quarters:
        return None
    if "complaints" not in kinds:
        return []
    touched = [q for (q,) in sql.rows(con, "load_touched_quarters")]
    return touched if len(touched) <= _PARTIAL_MAX_SHARE * n_quarters else None


def refresh_rollups(con: duckdb.DuckDBPyConnection, quarters: Sequence[str] | None, scratch: Path) -> None:
    """Bring the rollups up to date after a load that changed ``quarters`` (``None``: rebuild every rollup).

    The per-quarter rollups are recomputed for those quarters only, by their own unchanged queries run inside
    a scratch database (the file ``scratch``, in the load's private folder) that holds just those quarters'
    complaints, and their rows replace the old ones. The
    whole-store rollups (names, company takedowns) are rebuilt in full, in the same order as a full rebuild.
    A test checks that every table equals a full rebuild's.
    """
    if quarters is None:
        rebuild_rollups(con)
        return
    if quarters:
        sql.execute(con, "refresh_part_open", {"quarters": list(quarters), "path": str(scratch)})
    try:
        for name in sql.ROLLUPS:
            if name not in _PER_QUARTER:
                sql.execute(con, name)
            elif quarters:
                # A cursor of its own: USE changes the default catalog of that cursor only, never the loader's.
                cur = con.cursor()
                try:
                    sql.execute(cur, "refresh_part_use")
                    sql.execute(cur, name)
                finally:
                    cur.close()
                sql.execute(con, "refresh_part_merge", idents={"table": rollup_table(name)})
    finally:
        sql.execute(con, "refresh_part_close")
        for leftover in (scratch, scratch.with_name(scratch.name + ".wal")):
            leftover.unlink(missing_ok=True)
    sql.execute(con, "refresh_mark", {"fingerprint": rollups_fingerprint()})


def _report(
    inspected: list[_File],
    errors: list[Issue],
    warnings: list[Issue],
    rows: dict[str, int],
    *,
    dry_run: bool,
    started: float,
    n_errors: int | None = None,
    n_warnings: int | None = None,
    batch_id: int | None = None,
    rows_replaced: int = 0,
    rows_read: int = 0,
    set_aside: int = 0,
) -> LoadReport:
    return LoadReport(
        files=tuple(i.report for i in inspected),
        errors=tuple(errors[:ERROR_CAP]),
        n_errors=len(errors) if n_errors is None else n_errors,
        warnings=tuple(warnings),
        n_warnings=len(warnings) if n_warnings is None else n_warnings,
        rows=rows,
        rows_replaced=rows_replaced,
        batch_id=batch_id,
        dry_run=dry_run,
        seconds=time.monotonic() - started,
        rows_read=rows_read,
        rows_set_aside=set_aside,
    )


def _hash_file(path: Path) -> str:
    """SHA-256 of a file (kept for callers that check what the batch records hold)."""
    return files.sha256(path)


def inspect(src: InputFile | str | Path, kind: str | None = None) -> tuple[FileReport, list[Issue]]:
    """What the loader can tell about one file without a store: its report and file-level issues."""
    item = src if isinstance(src, InputFile) else InputFile.of(src)
    with tempfile.TemporaryDirectory(prefix="anning-inspect-") as tmp:
        f, found = _inspect(item, kind, Path(tmp), None)
    return f.report, found
