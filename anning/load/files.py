"""Reading an analyst's file safely, before any database is involved.

Everything here is bounded: a file is read in fixed-size chunks, never whole; a line longer than
:data:`MAX_LINE_BYTES` is a located error (DuckDB's parallel CSV reader would drop it silently); a
workbook's declared size is checked before its cells are parsed, and its rows are streamed with row
and column limits. What this module finds out:

* **the scan** (one pass over the bytes): SHA-256, size, line count, the first over-long line, blank
  lines (so error lines can be located in DuckDB's numbering), whether the file is mostly empty rows;
* **the encoding**: UTF-8 (with or without BOM) is read by DuckDB as is; GB18030/GBK, UTF-16 and
  UTF-32 are transcoded once, streaming, into a private temporary directory outside the store's
  folder; Shift-JIS (Japanese) is recognised and refused; anything else is refused;
* **the header**: delimiter, cells, and a sample of rows to choose the date format the typed reader uses;
* **XLSX rows**, streamed in chunks from openpyxl's read-only parser.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

CHUNK = 1024 * 1024
# DuckDB's max_line_size and our own line check (every line inside a chunk is shorter than CHUNK).
MAX_LINE_BYTES = 4 * 1024 * 1024
MAX_COLUMNS = 200
# Excel's own limit; a workbook declaring more rows is refused before its cells are read.
MAX_XLSX_ROWS = 1_048_576
HEAD_BYTES = 65536
# Blank lines remembered for locating errors (beyond this many, later lines are located approximately).
_MAX_BLANK_LINES = 100_000
# A file with more lines than this that carry no value at all is refused (issue 15 #6).
MAX_EMPTY_LINES = 100_000

_DELIMS = (",", "\t", ";", "|")
_EMPTY_BYTES = b',;\t| "\r\n'


class FileProblem(Exception):
    """A file-level problem: the message key (``err.<code>``), a line when known, and message parameters."""

    def __init__(self, code: str, line: int | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.params = {k: str(v) for k, v in params.items()}


# --------------------------------------------------------------------------- the scan


@dataclass
class Scan:
    """What one pass over a file's bytes found."""

    sha256: str
    size: int
    lines: int = 0
    long_line: int | None = None  # first line longer than MAX_LINE_BYTES (1-based)
    has_quote: bool = False
    blank_lines: list[int] = field(default_factory=list)  # 1-based, in quote-free files only
    empty_lines: int = 0  # lines with delimiters or spaces but no value
    newlines: int = 0
    carriage_returns: int = 0
    blanks_complete: bool = True

    @property
    def exact(self) -> bool:
        """True when lines are records: no quotes (no value spans lines), one kind of line end, blanks known."""
        return (
            not self.has_quote
            and self.blanks_complete
            and (self.carriage_returns == 0 or self.carriage_returns == self.newlines)
        )

    @property
    def mostly_empty(self) -> bool:
        """True when the file is mostly lines without a value (a padded export, or an attack)."""
        return self.empty_lines > MAX_EMPTY_LINES and self.empty_lines * 2 > self.lines


def _blanks_across(tail: bytes, chunk: bytes, newlines: int) -> list[int]:
    """Blank lines whose line end is in ``tail`` (the last bytes before ``chunk``) and whose next line end is in it.

    ``newlines`` counts the LFs before ``chunk``; a blank line is numbered as :func:`scan` numbers them.
    """
    window = tail + chunk[:2]
    out = []
    for i in range(len(tail)):
        if window[i : i + 1] != b"\n":
            continue
        if (window[i + 1 : i + 2] == b"\n" and i + 1 >= len(tail)) or (
            window[i + 1 : i + 3] == b"\r\n" and i + 2 >= len(tail)
        ):
            out.append(newlines - tail.count(b"\n", i + 1) + 1)
    return out


def _has_lf_lf(chunk: bytes) -> bool:
    """Whether ``chunk`` holds two LFs in a row (a blank line).

    ``b"\\n\\n" in chunk`` is a two-byte substring search, which runs at about 1 GB/s on text where LF is
    frequent; two vector comparisons over the bytes run several times faster.
    """
    lf = np.frombuffer(chunk, dtype=np.uint8) == 10
    return bool(np.any(lf[1:] & lf[:-1]))


def scan(path: Path, *, max_line: int = MAX_LINE_BYTES) -> Scan:
    """Hash the file and measure its lines in one pass of ``CHUNK``-sized reads (bounded memory).

    Lines end at LF or CR. A line inside a chunk is shorter than a chunk, so only lines running across
    chunk boundaries can exceed ``max_line`` (>= CHUNK): the running length since the last line end
    finds every one of them exactly. Blank lines (an LF followed by LF or CR LF) are found inside each
    chunk and across its start, where the last two bytes before it are enough.
    """
    h = hashlib.sha256()
    out = Scan("", 0)
    since = 0  # bytes since the last line end
    newlines = 0
    crs = 0
    tail = b""  # the last two bytes before the chunk
    record_blanks = True
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            out.size += len(chunk)
            n_lf = chunk.count(b"\n")
            # Most files have no CR at all: one fast search instead of a count.
            n_cr = chunk.count(b"\r") if b"\r" in chunk else 0
            if not out.has_quote and b'"' in chunk:
                out.has_quote = True
            # Line length across the chunk start.
            first = min((p for p in (chunk.find(b"\n"), chunk.find(b"\r")) if p >= 0), default=-1)
            if first < 0:
                since += len(chunk)
            else:
                if since + first > max_line and out.long_line is None:
                    out.long_line = max(newlines, crs) + 1
                last = max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
                since = len(chunk) - 1 - last
            if since > max_line and out.long_line is None:
                out.long_line = max(newlines, crs) + 1
            # Blank lines (for locating rows in DuckDB's numbering, which counts them).
            if record_blanks and not out.has_quote:
                found = _blanks_across(tail, chunk, newlines) if b"\n" in tail else []
                if _has_lf_lf(chunk) or (n_cr and b"\n\r\n" in chunk):
                    for m in re.finditer(rb"\n(?=\r?\n)", chunk):
                        found.append(newlines + chunk.count(b"\n", 0, m.start()) + 2)
                if found:
                    out.blank_lines = sorted(set(out.blank_lines).union(found))
                    if len(out.blank_lines) > _MAX_BLANK_LINES:
                        record_blanks = False
                        out.blanks_complete = False
            elif out.has_quote:
                out.blank_lines = []
            # Rows without a value: only chunks of short lines are checked (real rows are longer).
            if n_lf and len(chunk) < 24 * n_lf:
                content = len(chunk.translate(None, _EMPTY_BYTES))
                if content * 8 < n_lf:
                    out.empty_lines += n_lf
            newlines += n_lf
            crs += n_cr
            tail = (tail + chunk[-2:])[-2:]
    out.sha256 = h.hexdigest()
    out.newlines, out.carriage_returns = newlines, crs
    out.lines = max(newlines, crs) + (1 if since > 0 else 0)
    return out


def sha256(path: Path) -> str:
    """The file's SHA-256 (the batch records keep it, so a reload of the same bytes is recognised)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------- encodings


_CJK = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")


def _decodes(path: Path, encoding: str, skip: int = 0) -> bool:
    """Stream-decode the whole file; True when every byte is valid in ``encoding``."""
    dec = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with open(path, "rb") as f:
            f.seek(skip)
            while chunk := f.read(CHUNK):
                dec.decode(chunk)
            dec.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


def _first_invalid_line(path: Path, encoding: str, skip: int = 0) -> int:
    """The line of the first byte sequence that is invalid in ``encoding`` (for the error message)."""
    line = 1
    dec = codecs.getincrementaldecoder(encoding)(errors="strict")
    with open(path, "rb") as f:
        f.seek(skip)
        while chunk := f.read(CHUNK):
            try:
                dec.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk.count(b"\n", 0, exc.start)
            line += chunk.count(b"\n")
    return line


def _is_shift_jis(path: Path) -> bool:
    """Japanese Shift-JIS: the whole file decodes as CP932 and the text has kana (GB18030 has none)."""
    if not _decodes(path, "cp932"):
        return False
    kana = cjk = 0
    with open(path, "rb") as f:
        text = f.read(4 * HEAD_BYTES).decode("cp932", errors="ignore")
    kana = len(_KANA.findall(text))
    cjk = len(_CJK.findall(text))
    return kana > 0 and kana * 20 >= cjk


def _utf32_without_bom(head: bytes) -> str | None:
    """``utf-32-le`` / ``utf-32-be`` when the head is plainly UTF-32 text without a byte-order mark."""
    if len(head) < 8 or len(head) % 4:
        head = head[: len(head) - len(head) % 4]
    for enc in ("utf-32-le", "utf-32-be"):
        try:
            text = head.decode(enc)
        except UnicodeDecodeError:
            continue
        if text and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) >= 0.95 * len(text):
            return enc
    return None


def detect_encoding(path: Path, head: bytes) -> tuple[str, int]:
    """The encoding of a text file and the length of its byte-order mark, or a :class:`FileProblem`.

    UTF-8 is decided from the head and confirmed by DuckDB's own UTF-8 check while it reads (a file whose
    later bytes are not UTF-8 comes back here through :func:`detect_encoding_fully`).
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", 0
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", 3
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0
    if b"\x00" in head:
        enc = _utf32_without_bom(head)
        if enc:
            return enc, 0
        raise FileProblem("binary")
    try:
        # A multi-byte character may be cut at the end of the head.
        codecs.getincrementaldecoder("utf-8")(errors="strict").decode(head, final=False)
        return "utf-8", 0
    except UnicodeDecodeError:
        return detect_encoding_fully(path, head)


def detect_encoding_fully(path: Path, head: bytes) -> tuple[str, int]:
    """Decide a file's encoding by decoding all of it (the path for files that are not plain UTF-8)."""
    skip = 3 if head.startswith(codecs.BOM_UTF8) else 0
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        if _decodes(path, "utf-32"):
            return "utf-32", 0
        raise FileProblem("encoding", line=_first_invalid_line(path, "utf-32"))
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if _decodes(path, "utf-16"):
            return "utf-16", 0
        raise FileProblem("encoding", line=_first_invalid_line(path, "utf-16"))
    if _decodes(path, "utf-8", skip=skip):
        return ("utf-8-sig", 3) if skip else ("utf-8", 0)
    if skip:  # a UTF-8 byte-order mark over bytes that are not UTF-8
        raise FileProblem("encoding", line=_first_invalid_line(path, "utf-8", skip=skip))
    if _is_shift_jis(path):
        raise FileProblem("shift_jis")
    if _decodes(path, "gb18030"):
        mixed = _mixed_utf8_line(path)
        if mixed is not None:
            raise FileProblem("encoding", line=mixed)
        return "gb18030", 0
    raise FileProblem("encoding", line=_first_invalid_line(path, "utf-8"))


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


def transcode(path: Path, encoding: str, skip: int, out: Path) -> Path:
    """Write a UTF-8 copy of ``path`` to ``out`` in one streaming pass (DuckDB reads UTF-8 only)."""
    with open(path, "rb") as fin, open(out, "wb") as fout:
        fin.seek(skip)
        reader = codecs.getreader(encoding)(fin, errors="strict")
        try:
            while text := reader.read(CHUNK):
                fout.write(text.encode("utf-8", errors="surrogatepass"))
        except UnicodeDecodeError:
            raise FileProblem("encoding", line=_first_invalid_line(path, encoding, skip)) from None
    return out


# --------------------------------------------------------------------------- the header


def sniff_delimiter(header_line: str) -> str:
    """The separator used most in the header line (comma when none is)."""
    counts = {d: header_line.count(d) for d in _DELIMS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


@dataclass(frozen=True)
class Header:
    """A CSV file's header: cells, separator, and the first data rows (to choose date formats)."""

    cells: list[str]
    delimiter: str
    sample: list[list[str]]


def read_header(text_path: Path, sample_rows: int = 200) -> Header:
    """Header and a sample of rows from the head of a UTF-8 file (bounded: at most HEAD_BYTES * 4 read)."""
    with open(text_path, "rb") as f:
        head = f.read(HEAD_BYTES * 4)
    text = head.decode("utf-8-sig", errors="replace")
    if len(head) == HEAD_BYTES * 4:  # drop the last, probably cut, line
        cut = max(text.rfind("\n"), text.rfind("\r"))
        text = text[: cut + 1] if cut > 0 else text
    lines = text.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return Header([], ",", [])
    delim = sniff_delimiter(lines[first])
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines[first : first + sample_rows + 1])), delimiter=delim))
    except csv.Error as exc:  # e.g. a header cell over the csv module's 128 KiB field limit
        raise FileProblem("malformed", line=1, reason=str(exc)[:160]) from None
    if not rows:
        return Header([], delim, [])
    return Header([h.strip() for h in rows[0]], delim, [r for r in rows[1:] if any(c.strip() for c in r)])


# Formats the typed reader may use for a column, when every sampled value matches one of them exactly.
TIMESTAMP_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d")
_D = r"(\d{4})-(\d{2})-(\d{2})"
_DS = r"(\d{4})/(\d{1,2})/(\d{1,2})"
# Each format's exact shape; its groups are the fields, year first, in datetime's order.
_STRICT = {
    "%Y-%m-%d %H:%M:%S": re.compile(_D + r" (\d{2}):(\d{2}):(\d{2})"),
    "%Y/%m/%d %H:%M:%S": re.compile(_DS + r" (\d{1,2}):(\d{2}):(\d{2})"),
    "%Y-%m-%dT%H:%M:%S": re.compile(_D + r"T(\d{2}):(\d{2}):(\d{2})"),
    "%Y-%m-%d %H:%M": re.compile(_D + r" (\d{2}):(\d{2})"),
    "%Y/%m/%d %H:%M": re.compile(_DS + r" (\d{1,2}):(\d{2})"),
    "%Y-%m-%d": re.compile(_D),
    "%Y/%m/%d": re.compile(_DS),
}


def date_format(values: list[str], formats: tuple[str, ...]) -> str | None:
    """The one format of ``formats`` every sampled value is written in, if there is one.

    A value is written in a format when it has the format's exact shape and names a real moment
    (``datetime`` refuses month 13 or 30 February, as ``strptime`` would, at a fraction of its cost:
    a load samples every file's date columns).
    """
    values = [v for v in values if v]
    if len(values) < 1:
        return None
    for fmt in formats:
        pattern = _STRICT[fmt]
        ok = True
        for v in values:
            m = pattern.fullmatch(v)
            if m is None:
                ok = False
                break
            try:
                dt.datetime(*map(int, m.groups()))
            except ValueError:
                ok = False
                break
        if ok:
            return fmt
    return None


# --------------------------------------------------------------------------- XLSX


def xlsx_cell(value: object) -> str | None:
    """A workbook cell as the text the contract reads (dates ISO, whole floats without .0)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != dt.time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_DIM_RE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _declared_size(ws: object) -> tuple[int, int] | None:
    """(rows, columns) a read-only sheet declares in its <dimension>, without reading its cells."""
    try:
        ref = ws.calculate_dimension()  # type: ignore[attr-defined]
    except Exception:  # no dimension element: unknown, the streaming limits still apply
        return None
    m = _DIM_RE.match(str(ref))
    if not m:
        return None
    last_col, last_row = (m.group(3), m.group(4)) if m.group(3) else (m.group(1), m.group(2))
    return int(last_row), _col_number(last_col)


@dataclass
class XlsxSheet:
    """The chosen sheet of a workbook: its header, where it is, and a row iterator (Excel row, cells)."""

    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[str | None]]]
    close: object


def open_xlsx(path: Path, max_columns: int = MAX_COLUMNS, max_rows: int = MAX_XLSX_ROWS) -> XlsxSheet | None:
    """The first sheet with a header row (two or more non-empty cells), its rows streamed; None when none has.

    The declared dimension is checked before any cell is parsed; rows are read straight from the
    sheet's XML parser, which yields only rows that exist (openpyxl's ``iter_rows`` would pad a gap
    up to a lone cell at row 1,048,576 with a million empty rows).
    """
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise
    try:
        for ws in wb.worksheets:
            size = _declared_size(ws)
            if size is not None:
                rows, cols = size
                if cols > max_columns:
                    raise FileProblem("too_many_columns", limit=max_columns)
                if rows > max_rows:
                    raise FileProblem("too_many_rows", limit=max_rows)
            parser = WorkSheetParser(
                ws._get_source(),  # type: ignore[attr-defined]
                ws._shared_strings,  # type: ignore[attr-defined]
                data_only=True,
                epoch=wb.epoch,
                date_formats=wb._date_formats,  # type: ignore[attr-defined]
                timedelta_formats=wb._timedelta_formats,  # type: ignore[attr-defined]
            )
            stream = _xlsx_rows(parser, max_columns, max_rows)
            for r_idx, cells in stream:
                if sum(1 for c in cells if c not in (None, "")) >= 2:
                    headers = [(c or "").strip() for c in cells]
                    while headers and not headers[-1]:
                        headers.pop()
                    width = len(headers)
                    body = ((i, (c + [None] * width)[:width]) for i, c in stream if any(x not in (None, "") for x in c))
                    return XlsxSheet(headers, r_idx, body, wb.close)
        wb.close()
        return None
    except BaseException:
        wb.close()
        raise


def _xlsx_rows(parser: object, max_columns: int, max_rows: int) -> Iterator[tuple[int, list[str | None]]]:
    for r_idx, cells in parser.parse():  # type: ignore[attr-defined]
        if r_idx > max_rows:
            raise FileProblem("too_many_rows", limit=max_rows)
        row: list[str | None] = []
        for cell in cells:
            col = int(cell["column"])
            if col > max_columns:
                if cell.get("value") in (None, ""):
                    continue
                raise FileProblem("too_many_columns", limit=max_columns)
            if col > len(row):
                row.extend([None] * (col - len(row)))
            row[col - 1] = xlsx_cell(cell.get("value"))
        yield r_idx, row
