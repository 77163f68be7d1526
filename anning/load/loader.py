"""The validating loader: CSV/XLSX files in, one all-or-nothing batch out.

Shape of a load (``python -m anning load`` and the Data page share it):

1. **Inspect** each file in Python without a database: size, hash, format,
   encoding (UTF-8, UTF-8 with BOM, GB18030/GBK), header row, kind. File-level
   problems (empty, binary, unknown kind, missing column) stop here.
2. **Stage and validate** in DuckDB, inside a copy of the store: each file
   becomes the view ``stage_src`` and the kind's named query
   (``queries/load_<kind>.sql``) types it and lists errors and warnings per row.
3. **Write** only when no file has an error: replace rows whose ids reappear,
   record the batch, its files and warnings, archive the raw files, rebuild the
   rollups, and swap the copy in (see :mod:`anning.store.db`).

Personal data never reaches the store: only contract columns are staged, so a
complainant-number column is dropped on read, and the report says so.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import getpass
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from anning.core.config import ERROR_CAP, archive_dir
from anning.core.text import norm_key
from anning.i18n import t
from anning.load import contract
from anning.store import db as store
from anning.store import reference, sql

_CHUNK = 8 * 1024 * 1024
_MAX_COLUMNS = 200
_MAX_LINE_BYTES = 4 * 1024 * 1024
_ROLLUPS = (
    "rollup_rank",
    "rollup_month",
    "rollup_company",
    "rollup_chain",
    "rollup_ports",
    "rollup_names",
    "rollup_company_ports",
    "rollup_handling",
)


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
    """What the loader found in one file."""

    name: str
    kind: str | None
    encoding: str | None
    content_hash: str
    rows: int = 0
    dropped_columns: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    already_in_batch: int | None = None


@dataclass(frozen=True)
class LoadReport:
    """The outcome of a load or dry run; ``ok`` means nothing blocks it."""

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
        """Rows across kinds."""
        return sum(self.rows.values())

    def lines(self, lang: str = "en") -> list[str]:
        """Every error as a line, up to the cap, then a count of the rest."""
        out = [e.render(lang) for e in self.errors]
        if self.n_errors > len(self.errors):
            out.append(t("load.more_errors", lang, n=self.n_errors - len(self.errors)))
        return out


@dataclass(frozen=True)
class InputFile:
    """A file to load: where its bytes are, and the name to report it under."""

    path: Path
    name: str

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


class _Abort(Exception):
    """Raised inside the store copy to discard it (errors, or a dry run)."""

    def __init__(self, report: LoadReport) -> None:
        super().__init__("load aborted")
        self.report = report


# --------------------------------------------------------------------------- inspection


@dataclass
class _Inspected:
    src: InputFile
    report: FileReport
    fmt: str = "csv"  # csv | xlsx
    text_path: Path | None = None  # UTF-8 file DuckDB reads (the original or a transcoded copy)
    delimiter: str = ","
    headers: list[str] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)
    header_line: int = 1
    xlsx_frame: pd.DataFrame | None = None


def _hash_file(path: Path) -> str:
    return _scan(path)[0]


def _scan(path: Path) -> tuple[str, bool]:
    """SHA-256 of the file and whether it is entirely valid UTF-8 (BOM allowed), in one read."""
    h = hashlib.sha256()
    dec = codecs.getincrementaldecoder("utf-8")(errors="strict")
    utf8 = True
    first = True
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
            if utf8:
                try:
                    dec.decode(chunk[3:] if first and chunk.startswith(codecs.BOM_UTF8) else chunk)
                except UnicodeDecodeError:
                    utf8 = False
            first = False
    if utf8:
        try:
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return h.hexdigest(), utf8


def _decodes(path: Path, encoding: str, skip: int = 0) -> bool:
    """Stream-decode the whole file; True when every byte is valid in ``encoding``."""
    dec = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with open(path, "rb") as f:
            f.seek(skip)
            while chunk := f.read(_CHUNK):
                dec.decode(chunk)
            dec.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


def _transcode(path: Path, encoding: str, skip: int, workdir: Path) -> Path:
    """Write a UTF-8 copy for DuckDB, which reads only UTF-8 natively."""
    out = workdir / (path.stem + ".utf8.csv")
    with open(path, "rb") as fin, open(out, "wb") as fout:
        fin.seek(skip)
        reader = codecs.getreader(encoding)(fin, errors="strict")
        while text := reader.read(_CHUNK):
            fout.write(text.encode("utf-8"))
    return out


def _detect_encoding(path: Path, head: bytes, utf8: bool | None = None) -> tuple[str, int] | None:
    """The file's encoding and BOM length; ``utf8`` is the verdict of :func:`_scan` when already known."""
    if utf8 is None:
        utf8 = _decodes(path, "utf-8", skip=3 if head.startswith(codecs.BOM_UTF8) else 0)
    # A byte-order mark names the encoding, but the bytes after it must still be valid in it.
    if head.startswith(codecs.BOM_UTF8):
        return ("utf-8-sig", 3) if utf8 else None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ("utf-16", 0) if _decodes(path, "utf-16") else None
    if utf8:
        return "utf-8", 0
    if _decodes(path, "gb18030"):
        return "gb18030", 0
    return None


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _mixed_utf8_line(path: Path) -> int | None:
    """In a file read as GB18030: the first line of the minority encoding if UTF-8 Chinese lines are mixed in.

    Concatenated exports do this (a GB18030 header over a UTF-8 body); read as GB18030 throughout,
    the UTF-8 lines would be stored as mojibake without any error. A genuine GB18030 line is valid
    UTF-8 with Chinese in it by accident about once in 10,000 lines, so mixing needs 1% of lines.
    """
    lines = n_utf8 = n_gb = 0
    first_utf8 = first_gb = 0
    with open(path, "rb") as f:
        for lines, raw in enumerate(f, start=1):  # after the loop, `lines` is the line count
            if raw.isascii():
                continue
            try:
                is_utf8 = bool(_CJK.search(raw.decode("utf-8")))
            except UnicodeDecodeError:
                n_gb += 1
                first_gb = first_gb or lines
                continue
            if is_utf8:
                n_utf8 += 1
                first_utf8 = first_utf8 or lines
    if n_utf8 and n_gb and n_utf8 * 100 >= lines:
        return first_utf8 if n_utf8 <= n_gb else first_gb
    return None


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _read_header(text_path: Path) -> tuple[list[str], str]:
    with open(text_path, encoding="utf-8-sig", newline="") as f:
        first = ""
        for line in f:
            if line.strip():
                first = line
                break
    if not first:
        return [], ","
    delim = _sniff_delimiter(first)
    row = next(csv.reader(io.StringIO(first), delimiter=delim), [])
    return [h.strip() for h in row], delim


def _xlsx_cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != dt.time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path) -> tuple[list[str], pd.DataFrame, int]:
    """Header and rows (as text) of the first sheet with a header; ``_line`` is the Excel row."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            headers: list[str] = []
            header_row = 0
            rows: list[list[str | None]] = []
            lines: list[int] = []
            for r_idx, row in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [_xlsx_cell(v) for v in row]
                if not headers:
                    if sum(1 for c in cells if c not in (None, "")) >= 2:
                        headers = [(c or "").strip() for c in cells]
                        header_row = r_idx
                    continue
                if any(c not in (None, "") for c in cells):
                    rows.append(cells)
                    lines.append(r_idx)
            if headers:
                width = len(headers)
                data = [(r + [None] * width)[:width] for r in rows]
                frame = pd.DataFrame(data, columns=[f"c{i}" for i in range(width)], dtype=object)
                frame.insert(0, "_line", pd.Series(lines, dtype="int64"))
                return headers, frame, header_row
        return [], pd.DataFrame(), 0
    finally:
        wb.close()


def _inspect(src: InputFile, kind: str | None, workdir: Path, max_bytes: int | None) -> tuple[_Inspected, list[Issue]]:
    name = src.name
    issues: list[Issue] = []

    def fail(code: str, **params: object) -> tuple[_Inspected, list[Issue]]:
        issues.append(Issue(name, code, params=tuple((k, str(v)) for k, v in params.items())))
        return ins, issues

    try:
        size = src.path.stat().st_size
    except OSError as exc:
        ins = _Inspected(src, FileReport(name, kind, None, ""))
        return fail("unreadable", reason=exc.strerror or type(exc).__name__)
    digest, utf8 = _scan(src.path)
    ins = _Inspected(src, FileReport(name, kind, None, digest))
    if max_bytes is not None and size > max_bytes:
        return fail("too_large", limit=max_bytes // (1024 * 1024))
    with open(src.path, "rb") as f:
        head = f.read(65536)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        return fail("empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return fail("old_xls")
    if head.startswith(b"PK\x03\x04"):
        ins.fmt = "xlsx"
        try:
            headers, frame, header_row = _read_xlsx(src.path)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, TypeError) as exc:
            return fail("bad_xlsx", reason=_clip(str(exc) or type(exc).__name__, 120))
        except Exception as exc:  # openpyxl raises many kinds on hostile workbooks; none may escape
            return fail("bad_xlsx", reason=_clip(f"{type(exc).__name__}: {exc}", 120))
        if not headers:
            return fail("no_header")
        ins.headers, ins.xlsx_frame, ins.header_line = headers, frame, header_row
        encoding = "xlsx"
    else:
        if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return fail("binary")
        detected = _detect_encoding(src.path, head, utf8)
        if detected is None:
            return fail("encoding")
        encoding, skip = detected
        mixed_at = _mixed_utf8_line(src.path) if encoding == "gb18030" else None
        if mixed_at is not None:
            issues.append(Issue(name, "encoding", line=mixed_at))
            return ins, issues
        if encoding in ("utf-8", "utf-8-sig"):
            ins.text_path = src.path
        else:
            ins.text_path = _transcode(src.path, encoding, skip, workdir)
        try:
            headers, delim = _read_header(ins.text_path)
        except csv.Error as exc:  # e.g. a header cell over the csv module's 128 KiB field limit
            issues.append(Issue(name, "malformed", line=1, params=(("reason", _clip(str(exc), 160)),)))
            return ins, issues
        if not headers or all(not h for h in headers):
            return fail("empty")
        ins.headers, ins.delimiter = headers, delim
    if len(ins.headers) > _MAX_COLUMNS:
        return fail("too_many_columns", limit=_MAX_COLUMNS)

    detected_kind = kind or contract.detect_kind(ins.headers)
    guess = detected_kind or contract.best_guess_kind(ins.headers)
    found = set(contract.match_header(guess, ins.headers).values())
    required = [c for c in contract.KINDS[guess] if c.required]
    missing = [c for c in required if c.name not in found]
    if detected_kind is None and len(missing) * 2 > len(required):
        return fail("unknown_kind")
    for col in missing:
        issues.append(
            Issue(name, "missing_column", column=col.name, params=(("aliases", " / ".join((col.name, *col.aliases))),))
        )
    mapping = contract.match_header(guess, ins.headers)
    seen: dict[str, int] = {}
    for pos, canon in mapping.items():
        if canon in seen:
            issues.append(Issue(name, "duplicate_header", column=ins.headers[pos], params=(("column", canon),)))
        seen[canon] = pos
    dropped = tuple(h for h in ins.headers if contract.is_pii_header(h))
    ignored = tuple(h for i, h in enumerate(ins.headers) if i not in mapping and h not in dropped and h)
    ins.mapping = mapping
    ins.report = FileReport(name, guess, encoding, digest, 0, dropped, ignored)
    return ins, issues


# --------------------------------------------------------------------------- staging


def _stage(con: duckdb.DuckDBPyConnection, ins: _Inspected) -> None:
    """Expose one file as the view ``stage_src``: ``_line`` plus every contract column as text."""
    kind = ins.report.kind
    assert kind is not None
    by_canon = {canon: pos for pos, canon in ins.mapping.items()}
    if ins.fmt == "xlsx":
        assert ins.xlsx_frame is not None
        rel = con.from_df(ins.xlsx_frame)
        line_expr = "_line"
    else:
        assert ins.text_path is not None
        columns = {f"c{i}": "VARCHAR" for i in range(len(ins.headers))}
        rel = con.read_csv(
            str(ins.text_path),
            header=True,
            columns=columns,
            delimiter=ins.delimiter,
            quotechar='"',
            escapechar='"',
            strict_mode=True,
            auto_detect=False,
            max_line_size=_MAX_LINE_BYTES,
            encoding="utf-8",
        )
        # Header is line 1; DuckDB's order-preserving row_number gives file order.
        line_expr = f"row_number() over () + {int(ins.header_line)}"
    # Identifiers come from the contract whitelist and positions, never from file content.
    exprs = [f"{line_expr} as _line"]
    for col in contract.KINDS[kind]:
        pos = by_canon.get(col.name)
        exprs.append(f'c{int(pos)}::varchar as "{col.name}"' if pos is not None else f'null::varchar as "{col.name}"')
    # A registered relation, not a stored view: it reads a file or frame that lives only in this process.
    con.register("stage_src", rel.project(", ".join(exprs)))


_LINE_RE = re.compile(r"CSV Error on Line: (\d+)")


def _line_end_problem(path: Path) -> tuple[int, str] | None:
    """The first line with a carriage return outside quotes, or whose ending differs from the first one's.

    DuckDB's strict parser reports both only as "the CSV Parser state machine reached an invalid
    state", with no line; this scan (on that error path only) finds the line to show instead.
    """
    first: tuple[int, bytes] | None = None
    in_quote = False
    with open(path, "rb") as f:
        for n, raw in enumerate(f, start=1):
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
    text = str(exc)
    m = _LINE_RE.search(text)
    if m is None and "state machine" in text and text_path is not None:
        found = _line_end_problem(text_path)
        if found is not None:
            return Issue(name, "malformed", line=found[0], params=(("reason", found[1]),))
    first = text.splitlines()[0] if text else type(exc).__name__
    first = first.replace("Invalid Input Error: ", "")
    if "state machine" in first:  # DuckDB's words for "not RFC 4180 CSV"
        first = "not a well-formed CSV file (check quotes and line endings)"
    detail = next((ln.strip() for ln in text.splitlines()[1:] if ln.startswith(("Expected", "Original"))), "")
    reason = _clip(f"{first} {detail}".strip(), 160)
    return Issue(name, "malformed", line=int(m.group(1)) if m else None, params=(("reason", reason),))


def _refresh_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the shipped reference tables into the store so SQL can resolve and name things."""
    frames = {
        **reference.store_tables(),
        "ref_enum": pd.DataFrame(contract.enum_rows(), columns=["field", "alias_key", "code"]),
    }
    for table_name, frame in frames.items():
        con.register("_ref_frame", frame)
        # Table names are the fixed keys of reference.store_tables() and ref_enum.
        con.execute(sql.compose("create or replace table {t} as select * from _ref_frame", t=table_name))
        con.unregister("_ref_frame")


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


# --------------------------------------------------------------------------- the load


def load(
    files: Sequence[InputFile | str | Path],
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
    """Validate ``files`` and, unless ``dry_run`` or any error, load them as one batch into ``db``."""
    started = time.monotonic()
    inputs = [f if isinstance(f, InputFile) else InputFile.of(f) for f in files]
    if kind is not None and kind not in contract.KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(contract.KINDS)}")
    user = user or getpass.getuser()
    today = today or dt.date.today()

    def emit(step: str, file: str, fraction: float, rows: int) -> None:
        if progress:
            elapsed = max(time.monotonic() - started, 1e-6)
            progress(Progress(step, file, min(max(fraction, 0.0), 1.0), rows, rows / elapsed))

    with tempfile.TemporaryDirectory(prefix="anning-load-") as tmp:
        workdir = Path(tmp)
        inspected: list[_Inspected] = []
        issues: list[Issue] = []
        for i, src in enumerate(inputs):
            emit("read", src.name, i / max(len(inputs), 1), 0)
            ins, found = _inspect(src, kind, workdir, max_bytes)
            inspected.append(ins)
            issues.extend(found)
        if issues:
            return _report(inspected, issues, [], {}, dry_run=dry_run, started=started)

        with store.writer_lock(db):
            if _rollups_only(db):
                # Upserting into it would rebuild its rollups from the new rows alone.
                return _report(inspected, [Issue(db.name, "rollups_only")], [], {}, dry_run=dry_run, started=started)
            known = _known_hashes(db)
            for ins in inspected:
                if ins.report.content_hash in known:
                    ins.report = _replace(ins.report, already_in_batch=known[ins.report.content_hash])
            todo = [ins for ins in inspected if ins.report.already_in_batch is None]
            if not todo:
                return _report(inspected, [], [], {}, dry_run=dry_run, started=started)

            def work(con: duckdb.DuckDBPyConnection) -> LoadReport:
                return _stage_validate_write(con, db, todo, inspected, user, source, dry_run, today, emit, started)

            try:
                report = store.swap_write(db, work, schema="schema_data")
            except _Abort as abort:
                return abort.report
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


def _replace(report: FileReport, **changes: object) -> FileReport:
    from dataclasses import replace

    return replace(report, **changes)  # type: ignore[arg-type]


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


def _issues_from(
    con: duckdb.DuckDBPyConnection, table: str, column: str, name: str, limit: int
) -> tuple[list[Issue], int]:
    # table and column are internal identifiers (norm_<n>, errors|warnings).
    sql.ident(column, ("errors", "warnings"))
    total = con.execute(sql.compose("select coalesce(sum(len({c})), 0) from {t}", c=column, t=table)).fetchall()[0][0]
    rows = con.execute(
        sql.compose(
            "select _line, e.column, e.value, e.code from (select _line, unnest({c}) as e from {t}) "
            "order by _line limit $n",
            c=column,
            t=table,
        ),
        {"n": limit},
    ).fetchall()
    return [Issue(name, code, line=int(line), column=col, value=val) for line, col, val, code in rows], int(total)


def _stage_validate_write(
    con: duckdb.DuckDBPyConnection,
    db: Path,
    todo: list[_Inspected],
    inspected: list[_Inspected],
    user: str,
    source: str,
    dry_run: bool,
    today: dt.date,
    emit: Callable[[str, str, float, int], None],
    started: float,
) -> LoadReport:
    _refresh_reference(con)
    sql.execute(con, "load_macros")
    params = {"today": today}
    errors: list[Issue] = []
    warnings: list[Issue] = []
    n_errors = n_warnings = 0
    rows_done = 0
    by_kind: dict[str, list[tuple[str, _Inspected]]] = {}
    for n, ins in enumerate(todo):
        kind = ins.report.kind
        assert kind is not None
        table = f"norm_{n}"
        text, bound = sql.bind(f"load_{kind}", params)
        try:
            _stage(con, ins)
            with _Poller(con, lambda f, nm=ins.src.name, r=rows_done: emit("validate", nm, f, r)):
                # _file tags every row with its position in `todo`, for locating duplicate ids.
                con.execute(
                    "create temp table " + sql.ident(table) + " as select $file_index::integer as _file, q.* "
                    "from (" + text + ") q",
                    {**bound, "file_index": n},
                )
        except (duckdb.InvalidInputException, duckdb.ConversionException, UnicodeDecodeError) as exc:
            errors.append(_csv_error(ins.src.name, exc, ins.text_path))
            n_errors += 1
            continue
        nrows = con.execute(sql.compose("select count(*) from {t}", t=table)).fetchall()[0][0]
        rows_done += nrows
        ins.report = _replace(ins.report, rows=int(nrows))
        found, total = _issues_from(con, table, "errors", ins.src.name, ERROR_CAP)
        errors.extend(found)
        n_errors += total
        found, total = _issues_from(con, table, "warnings", ins.src.name, 10_000)
        warnings.extend(found)
        n_warnings += total
        by_kind.setdefault(kind, []).append((table, ins))
        emit("validate", ins.src.name, 1.0, rows_done)

    dupes = _duplicate_ids(con, by_kind)
    errors.extend(dupes)
    n_errors += len(dupes)
    errors.sort(key=lambda e: (e.file, e.line or 0))
    rows = {kind: sum(ins.report.rows for _, ins in items) for kind, items in by_kind.items()}
    if n_errors or dry_run:
        raise _Abort(
            _report(
                inspected,
                errors[:ERROR_CAP],
                warnings,
                rows,
                dry_run=dry_run,
                started=started,
                n_errors=n_errors,
                n_warnings=n_warnings,
            )
        )

    emit("write", "", 0.0, rows_done)
    batch_id = int(con.execute("select coalesce(max(batch_id), 0) + 1 from batches").fetchall()[0][0])
    replaced = 0
    for kind, items in by_kind.items():
        union = " union all by name ".join(
            sql.compose("select * exclude (_file, _line, errors, warnings) from {t}", t=t) for t, _ in items
        )
        # A view, not a table: the rows are copied once, into the store.
        con.execute(sql.compose("create or replace temp view {v} as ", v=f"new_{kind}") + union)
        replaced += sql.execute_counts(con, f"upsert_{kind}", {"batch_id": batch_id})[0]
    adir = archive_dir(db)
    adir.mkdir(parents=True, exist_ok=True)
    for ins in todo:
        suffix = ".xlsx" if ins.fmt == "xlsx" else ".csv"
        archived = adir / f"{ins.report.content_hash}{suffix}"
        _archive(ins.src.path, archived)
        sql.execute(
            con,
            "batch_file_insert",
            {
                "batch_id": batch_id,
                "file_name": ins.src.name,
                "kind": ins.report.kind,
                "content_hash": ins.report.content_hash,
                "encoding": ins.report.encoding,
                "rows": ins.report.rows,
                "archive_name": archived.name,
                "dropped": ", ".join(ins.report.dropped_columns),
            },
        )
    if warnings:
        frame = pd.DataFrame(
            [(batch_id, w.file, w.line, w.column, w.value, w.code) for w in warnings],
            columns=["batch_id", "file_name", "line", "column_name", "value", "code"],
        )
        con.register("_warn_frame", frame)
        con.execute("insert into load_warnings select * from _warn_frame")
        con.unregister("_warn_frame")
    combined = hashlib.sha256("".join(sorted(i.report.content_hash for i in todo)).encode()).hexdigest()
    seconds = time.monotonic() - started
    sql.execute(
        con,
        "batch_insert",
        {
            "batch_id": batch_id,
            "loaded_by": user,
            "source": source,
            "content_hash": combined,
            "files": json.dumps([i.src.name for i in todo], ensure_ascii=False),
            "rows_complaints": rows.get("complaints", 0),
            "rows_takedowns": rows.get("takedowns", 0),
            "rows_enforcement": rows.get("enforcement", 0),
            "rows_replaced": int(replaced),
            "n_warnings": n_warnings,
            "seconds": seconds,
        },
    )
    emit("rollup", "", 0.5, rows_done)
    rebuild_rollups(con)
    sql.execute(con, "meta_bump", {"source": source})
    return _report(
        inspected,
        [],
        warnings,
        rows,
        dry_run=False,
        started=started,
        n_warnings=n_warnings,
        batch_id=batch_id,
        rows_replaced=int(replaced),
    )


def _archive(src: Path, archived: Path) -> None:
    """Copy a raw file into the archive under its content hash, all or nothing.

    The copy is written under a private name, synced and renamed, so a load killed mid-copy never
    leaves a truncated file under the hash name; one an older version left that way (smaller than
    the source) is replaced rather than trusted, since rebuild replays whatever the archive holds.
    """
    try:
        if archived.stat().st_size == src.stat().st_size:
            return
    except FileNotFoundError:
        pass
    part = archived.with_name(f".{archived.name}.{os.getpid()}.part")
    try:
        shutil.copyfile(src, part)
        with open(part, "rb") as f:
            os.fsync(f.fileno())
        os.replace(part, archived)
    finally:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()


def rebuild_rollups(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the pre-aggregated tables that every page reads instead of raw rows."""
    for name in _ROLLUPS:
        sql.execute(con, name)


def _duplicate_ids(con: duckdb.DuckDBPyConnection, by_kind: dict[str, list[tuple[str, _Inspected]]]) -> list[Issue]:
    """An error for every repeat of an id within the load (across files too), pointing at the first."""
    out: list[Issue] = []
    for kind, items in by_kind.items():
        id_col = contract.ID_COLUMN[kind]
        # Table norm_<n> holds file n of the load (its _file column).
        names = {int(table.rsplit("_", 1)[1]): ins.src.name for table, ins in items}
        parts = []
        for table, _ in items:
            parts.append(
                sql.compose("select _file, _line, {i} as id from {t} where {i} is not null", i=id_col, t=table)
            )
        rows = con.execute(
            "with u as (" + " union all ".join(parts) + "), "
            "d as (select id from u group by id having count(*) > 1) "
            "select u._file, u._line, u.id from u join d using (id) order by u.id, u._file, u._line limit $n",
            {"n": ERROR_CAP * 2},
        ).fetchall()
        seen: dict[str, tuple[str, int]] = {}
        for file_index, line, ident in rows:
            here = (names.get(int(file_index), "?"), int(line))
            if ident in seen:
                other = seen[ident]
                out.append(
                    Issue(
                        here[0],
                        "duplicate_id",
                        line=here[1],
                        column=id_col,
                        value=ident,
                        params=(("other", f"{other[0]}:{other[1]}"),),
                    )
                )
            else:
                seen[ident] = here
    return out


def _report(
    inspected: list[_Inspected],
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
    )


def header_aliases_help(kind: str) -> dict[str, str]:
    """Accepted headers per column of a kind (for documentation and the Data page)."""
    return {c.name: " / ".join((c.name, *c.aliases)) for c in contract.KINDS[kind]}


def normalise_header(h: str) -> str:
    """Exposed for tests: the key headers are matched on."""
    return norm_key(h)
