"""Safe exports: CSV and XLSX bytes with formula-injection neutralised and the demo watermark.

OWASP's CSV-injection guidance: a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is prefixed with a single quote so that a
spreadsheet shows it as text (:func:`anning.core.escape.safe_cell`, re-exported
here). Real numbers are written as numbers (so ``-12.5`` stays a number); only
text is neutralised. Every export built from demo data
carries the watermark.

Two CSV shapes:

* :func:`csv_table` is a clean table that ``pandas.read_csv`` and Excel read as it is (header row,
  one row per record, counts as integers); demo data adds a first column carrying the watermark on
  every row. Notes travel beside it: :func:`readme_bytes`, or both in one zip (:func:`csv_zip`).
* :func:`csv_bytes` appends ``#`` note lines after the table (older exports; a plain ``read_csv``
  reads those lines as rows).

XLSX cells are typed: whole numbers with a thousands separator (``#,##0``), decimals with a fixed
number of places (``#,##0.0`` unless told otherwise), text as text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence

import pandas as pd

from anning.core.escape import safe_cell, safe_frame, visible_text
from anning.i18n import t


def notes_lines(notes: Sequence[str], *, demo: bool, lang: str) -> list[str]:
    """Footnote lines for an export, the demo watermark first when it applies.

    Each note is one line of visible text (:func:`anning.core.escape.visible_text`): a note can carry
    text someone typed (a list's correction note), and a line break in it would start a CSV row of its own.
    """
    lines = [visible_text(n).strip() for n in notes]
    return ([t("watermark.demo", lang)] if demo else []) + [n for n in lines if n]


def unique_lines(lines: Sequence[str]) -> list[str]:
    """The lines without blanks and without a line said twice (first occurrence kept)."""
    seen: set[str] = set()
    out = []
    for line in lines:
        if line and line not in seen:
            seen.add(line)
            out.append(line)
    return out


def csv_table(df: pd.DataFrame, *, demo: bool, lang: str) -> bytes:
    """A clean CSV table (UTF-8 with a BOM, so Excel opens Chinese correctly); see the module docstring."""
    out = safe_frame(df)
    if demo:
        out.insert(0, t("export.demo_col", lang), t("watermark.demo", lang))
    return ("\ufeff" + out.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def readme_bytes(title: str, notes: Sequence[str], *, demo: bool, lang: str, files: Sequence[str] = ()) -> bytes:
    """The notes that go with CSV tables, as a plain text file (UTF-8 with a BOM, CRLF lines)."""
    lines = [title, ""]
    if files:
        lines += [t("export.readme_files", lang), *(f"  {f}" for f in files), ""]
    lines += unique_lines(notes_lines(notes, demo=demo, lang=lang))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def csv_zip(
    tables: Mapping[str, pd.DataFrame],
    *,
    title: str,
    notes: Sequence[str],
    demo: bool,
    lang: str,
    when: dt.datetime,
    readme: str = "README.txt",
) -> bytes:
    """One zip with a clean CSV per table and a README with the notes, reproducible for ``when``."""
    import zipfile

    from anning.core.frozen import normalise_zip

    files = {name: csv_table(df, demo=demo, lang=lang) for name, df in tables.items()}
    files[readme] = readme_bytes(title, notes, demo=demo, lang=lang, files=list(tables))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            z.writestr(name, files[name])
    return normalise_zip(buf.getvalue(), when)


def csv_bytes(df: pd.DataFrame, *, demo: bool, lang: str, notes: Sequence[str] = ()) -> bytes:
    """UTF-8 CSV with a BOM (so Excel opens Chinese correctly), then footnote lines."""
    buf = io.StringIO()
    safe_frame(df).to_csv(buf, index=False)
    for line in notes_lines(notes, demo=demo, lang=lang):
        buf.write(f"# {safe_cell(line)}\n")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(
    sheets: Mapping[str, pd.DataFrame],
    *,
    demo: bool,
    lang: str,
    notes: Sequence[str] = (),
    notes_title: str | None = None,
    timestamp: dt.datetime | None = None,
    decimals: Mapping[str, Mapping[str, int]] | None = None,
) -> bytes:
    """A workbook with one formatted sheet per table and a notes sheet (watermark first, no line twice).

    Numbers are typed cells with a number format: whole-number columns ``#,##0``, decimal columns
    ``#,##0.0`` or the places ``decimals[sheet][column]`` asks for. With ``timestamp`` (a frozen
    record's time) the file is reproducible byte for byte: the workbook's created/modified
    properties and every zip entry carry that time instead of now.
    """
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, df in sheets.items():
            sheet = _sheet_name(name)
            safe_frame(df).to_excel(xw, sheet_name=sheet, index=False, startrow=1 if demo else 0)
            ws = xw.sheets[sheet]
            header_row = 2 if demo else 1
            if demo:
                ws.cell(row=1, column=1, value=t("watermark.demo", lang)).font = Font(bold=True, color="C0392B")
            for cell in ws[header_row]:
                cell.font = Font(bold=True, color="FFFFFF")
                cell.fill = PatternFill("solid", fgColor="1F4E79")
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
            places = (decimals or {}).get(name, {})
            for i, col in enumerate(df.columns, start=1):
                fmt_ = number_format(df[col], places.get(str(col)))
                if fmt_:
                    for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=i, max_col=i):
                        if isinstance(cell.value, (int, float)):
                            cell.number_format = fmt_
                shown = [_display_len(_shown(v, fmt_)) for v in df[col].head(200)]
                width = max([_display_len(col), *shown]) + 2
                ws.column_dimensions[get_column_letter(i)].width = min(max(width, 8), 60)
        lines = unique_lines(notes_lines(notes, demo=demo, lang=lang))
        pd.DataFrame({notes_title or "notes": [safe_cell(x) for x in lines]}).to_excel(
            xw, sheet_name=_sheet_name(notes_title or "notes"), index=False
        )
        xw.sheets[_sheet_name(notes_title or "notes")].column_dimensions["A"].width = 120
        if timestamp is not None:
            xw.book.properties.creator = "Anning"
            xw.book.properties.created = timestamp
    if timestamp is None:
        return buf.getvalue()
    from anning.core.frozen import normalise_zip

    return normalise_zip(buf.getvalue(), timestamp)


def number_format(col: pd.Series, places: int | None = None) -> str | None:
    """The Excel number format of a column: ``#,##0`` for whole numbers, ``#,##0.0`` (or ``places``) for
    decimals, none for text and flags."""
    if pd.api.types.is_bool_dtype(col) or not pd.api.types.is_numeric_dtype(col):
        return None
    if pd.api.types.is_integer_dtype(col) and places is None:
        return "#,##0"
    n = 1 if places is None else places
    return "#,##0" if n == 0 else "#,##0." + "0" * n


def _shown(value: object, fmt_: str | None) -> str:
    """A cell as the number format shows it (for the column width)."""
    if fmt_ is None or not isinstance(value, (int, float)) or value != value:
        return str(value)
    places = len(fmt_.split(".")[1]) if "." in fmt_ else 0
    return f"{value:,.{places}f}"


def _display_len(value: object) -> int:
    """Column width of a value: Chinese characters take two columns in a spreadsheet."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(value))


def sheet_name(name: str) -> str:
    """A valid Excel sheet name for ``name`` (what :func:`xlsx_bytes` uses)."""
    return _sheet_name(name)


def _sheet_name(name: str) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31] or "sheet"


def json_records(df: pd.DataFrame) -> list[dict[str, object]]:
    """Rows as plain JSON values for the CLI's ``--format json`` (numpy scalars become Python values;
    NaN, infinities, ``pd.NA`` and ``NaT`` become ``None``)."""
    import math

    out = []
    for row in df.to_dict(orient="records"):
        clean: dict[str, object] = {}
        for k, v in row.items():
            if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and not math.isfinite(v)):
                clean[k] = None
            elif hasattr(v, "item"):
                clean[k] = v.item()
            else:
                clean[k] = v
        out.append(clean)
    return out
