"""Frozen records: canonical JSON, content hashes, and byte-for-byte reproducible export files.

A published list, a published inventory and a referral batch are *frozen*: the
whole content is kept as one JSON document, and its SHA-256 over a canonical
serialisation (sorted keys, no insignificant whitespace, UTF-8, NaN as null) is
the content hash printed on every export. Exports are built only from that
record, never from a fresh query, so re-exporting reproduces the same bytes.

Office files are zip archives whose entries carry the time they were written,
and whose ``docProps/core.xml`` says when the document was created and modified.
:func:`normalise_zip` rewrites both from the record's timestamp, so two exports
of one record are identical. :func:`fix_pdf_dates` does the same for the dates
Chromium writes into a PDF.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
import re
import zipfile
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def plain(value: Any) -> Any:
    """A JSON-ready copy: numpy and pandas scalars to Python, NaN/NA to None, dates to ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return None if not math.isfinite(f) else f
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):  # other numpy scalars
        return plain(value.item())
    return str(value) if not isinstance(value, str) else value


def canonical(record: Any) -> bytes:
    """The canonical serialisation the content hash is taken over."""
    return json.dumps(plain(record), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def content_hash(record: Any) -> str:
    """SHA-256 (hex) of the canonical serialisation."""
    return hashlib.sha256(canonical(record)).hexdigest()


def sha256(data: bytes) -> str:
    """SHA-256 (hex) of bytes (for export files)."""
    return hashlib.sha256(data).hexdigest()


def frame_to_json(df: pd.DataFrame) -> dict[str, Any]:
    """A table as ``{"columns": [...], "rows": [[...], ...]}`` with plain values (order kept)."""
    return {
        "columns": [str(c) for c in df.columns],
        "rows": [[plain(v) for v in row] for row in df.itertuples(index=False, name=None)],
    }


def frame_from_json(obj: Mapping[str, Any]) -> pd.DataFrame:
    """The inverse of :func:`frame_to_json`: numbers come back as numbers, text as text.

    A column whose values are all whole numbers (or missing) becomes a nullable integer
    column, so a count stays ``12`` and does not turn into ``12.0`` in a CSV.
    """
    columns = list(obj["columns"])
    df = pd.DataFrame([list(r) for r in obj["rows"]], columns=columns, dtype=object)
    for c in df.columns:
        vals = [v for v in df[c] if v is not None]
        if vals and all(isinstance(v, bool) for v in vals):
            df[c] = df[c].astype("boolean")
        elif vals and all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
            df[c] = pd.array([None if v is None else int(v) for v in df[c]], dtype="Int64")
        elif vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            df[c] = pd.array([np.nan if v is None else float(v) for v in df[c]], dtype="float64")
    return df


def utc_now() -> dt.datetime:
    """Now, in UTC, to the second (naive, as every timestamp in the workflow file is UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def parse_ts(value: str | dt.datetime) -> dt.datetime:
    """A record's ISO timestamp as a naive UTC datetime."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    return dt.datetime.fromisoformat(str(value).replace("Z", "")).replace(tzinfo=None, microsecond=0)


_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def normalise_zip(data: bytes, when: dt.datetime, *, creator: str = "Anning") -> bytes:
    """Rewrite an Office zip so its bytes depend only on its content and ``when``.

    Every entry gets ``when`` as its time, in the original order, deflated; the
    core properties' created/modified dates become ``when`` and the author/last
    editor ``creator`` (openpyxl and python-docx stamp the time of saving otherwise).
    """
    when = parse_ts(when)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), body)
                body = re.sub(rb"(<dc:creator>)[^<]*(</dc:creator>)", rb"\g<1>" + _xml(creator) + rb"\g<2>", body)
                body = re.sub(
                    rb"(<cp:lastModifiedBy>)[^<]*(</cp:lastModifiedBy>)", rb"\g<1>" + _xml(creator) + rb"\g<2>", body
                )
            zi = zipfile.ZipInfo(info.filename, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def _xml(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) ?\(D:[0-9]{14}[^)]*\)")


def fix_pdf_dates(pdf: bytes, when: dt.datetime) -> bytes:
    """Replace the creation and modification dates Chromium writes with ``when`` (the only varying bytes)."""
    stamp = parse_ts(when).strftime("%Y%m%d%H%M%S").encode()
    return _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp + b"+00'00')", pdf)


def short(h: str, n: int = 12) -> str:
    """The first characters of a hash, for file names."""
    return h[:n]
