"""The Data page's logic: loaded batches and their warnings, the audit log, and validating or loading uploads.

Uploads are written to a private temporary directory under their own names and
go through the same :func:`anning.load.loader.load` as the command line. Every table is returned
ready for people: codes in words, file lists and audit details as text (never JSON), timestamps to
the minute, encodings by name, personal-data columns counted rather than named.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from anning.core import fmt
from anning.core.config import MAX_UPLOAD_BYTES
from anning.i18n import TABLE, t, terms
from anning.load import contract, loader
from anning.store.info import QuerySource


@dataclass(frozen=True)
class BatchOverview:
    """Batches, their files and warnings, ready to show."""

    batches: pd.DataFrame
    files: pd.DataFrame
    warnings: pd.DataFrame


def overview(src: QuerySource, lang: str, warning_limit: int = 2000) -> BatchOverview:
    """Batches newest first, with every warning's message in ``lang``."""
    batches = src.query("batches_list")
    files = src.query("batch_file_list")
    warns = src.query("batch_warnings", {"limit": warning_limit})
    if len(warns):
        warns = warns.assign(
            column_name=[contract.header_label(c, lang) for c in warns.column_name],
            message=[loader.stored_message(c, v, lang) for c, v in zip(warns.code, warns.value, strict=True)],
        ).drop(columns="code")
    batches = batches.assign(
        loaded_at=[fmt.timestamp(x) for x in batches.loaded_at],
        source=[source_label(x, lang) for x in batches.source],
        files=[len(_items(x)) for x in batches.files],  # the names are in the files table below
    )
    files = files.assign(
        kind=[kind_label(k, lang) for k in files.kind],
        encoding=[encoding_label(e, lang) for e in files.encoding],
        dropped_columns=[dropped_label(x, lang) for x in files.dropped_columns],
    )
    return BatchOverview(batches, files, warns)


def _items(value: object) -> list[str]:
    """A stored list (JSON text or a Python list) as strings; anything else as one item."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def file_list(value: object, lang: str) -> str:
    """A batch's files as a readable list (the store keeps them as a JSON array)."""
    return terms.join(_items(value), lang)


def kind_label(kind: object, lang: str) -> str:
    """A file kind in words."""
    return t(f"kind.{kind}", lang) if f"kind.{kind}" in TABLE else ""


def source_label(source: object, lang: str) -> str:
    """Where a batch came from, in words (``file``, ``upload``, ``demo``, ``rebuild``)."""
    key = f"data.source.{source}"
    return t(key, lang) if key in TABLE else t("data.source.other", lang)


def encoding_label(encoding: object, lang: str) -> str:
    """An encoding by its name for people (``gb18030`` -> GB18030 (Chinese)); an unknown one upper-cased."""
    key = f"data.encoding.{encoding}"
    if key in TABLE:
        return t(key, lang)
    return str(encoding).upper() if encoding else ""


def dropped_label(value: object, lang: str) -> str:
    """The personal-data columns dropped, counted: their headers are the sender's words, not ours."""
    n = len(_items(value))
    return t("data.dropped_n", lang, n=n) if n else ""


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
AUDIT_DETAIL_ORDER = ("file", "what", "quarter", "list", "version", "draft", "batch", "role", "reason", "via", "bytes")


def audit_action(action: object, lang: str) -> str:
    """An audit action in words; an action this release does not know is spelled out, never shown as a code."""
    key = f"audit.action.{action}"
    if key in TABLE:
        return t(key, lang)
    return str(action).replace("_", " ").strip().capitalize()


def audit_detail(detail: object, lang: str) -> str:
    """An audit entry's details as ``label: value`` pairs (stored as JSON), numbers with separators."""
    if detail is None or (isinstance(detail, float) and detail != detail) or detail == "":
        return ""
    try:
        data = json.loads(str(detail))
    except ValueError:
        return str(detail)
    if not isinstance(data, dict):
        return terms.join(_items(data), lang)
    keys = [k for k in AUDIT_DETAIL_ORDER if k in data] + sorted(k for k in data if k not in AUDIT_DETAIL_ORDER)
    parts = []
    for k in keys:
        v = data[k]
        if v is None or v == "" or v == [] or v == {}:
            continue
        if k == "role" and v in terms.USER_ROLES:
            shown = terms.role(str(v), lang)
        elif k == "lang" and f"lang.{v}" in TABLE:
            shown = t(f"lang.{v}", lang)
        elif k == "sections" and isinstance(v, list):
            shown = fmt.count(len(v), lang)  # the sections' own names are internal keys
        elif isinstance(v, str) and _ISO_DATE.fullmatch(v):
            shown = fmt.date_words(v, lang)
        elif isinstance(v, bool):
            shown = t("enf.yes" if v else "enf.no", lang)
        elif isinstance(v, (int, float)):
            shown = fmt.count(v, lang) if float(v).is_integer() else fmt.rate(v, lang, 1)
        elif isinstance(v, (list, tuple)):
            # A load of 48 files: the first two and the count, so the row's other details stay in view.
            items = [str(x) for x in v]
            shown = (
                terms.join(items, lang)
                if len(items) <= 3
                else t("audit.more", lang, first=terms.join(items[:2], lang), n=fmt.count(len(items), lang))
            )
        elif isinstance(v, dict):
            # Row counts per kind ({"complaints": 12}): the kind in words, the count with separators.
            shown = terms.join(
                [f"{kind_label(a, lang) or a} {fmt.count(b, lang) if isinstance(b, int) else b}" for a, b in v.items()],
                lang,
            )
        else:
            shown = str(v)
        label = t(f"audit.key.{k}", lang) if f"audit.key.{k}" in TABLE else k.replace("_", " ")
        parts.append(t("audit.kv", lang, key=label, value=shown))
    return t("audit.sep", lang).join(parts)


def audit_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The audit log for people: time to the minute, actions in words, details as text."""
    return pd.DataFrame(
        {
            "ts": [fmt.timestamp(x) for x in log.ts],
            "user_name": log.user_name.astype(str),
            "action": [audit_action(a, lang) for a in log.action],
            "detail": [audit_detail(d, lang) for d in log.detail],
        }
    )


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its name and bytes."""

    name: str
    data: bytes


def run_uploads(
    uploads: Sequence[Upload],
    db: Path,
    *,
    kind: str | None,
    user: str,
    dry_run: bool,
    progress: loader.ProgressFn | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> loader.LoadReport:
    """Validate (``dry_run``) or load uploaded files as one batch."""
    with tempfile.TemporaryDirectory(prefix="anning-upload-") as tmp:
        inputs = []
        for i, up in enumerate(uploads):
            # The name is only a label; a numbered path keeps hostile names out of the file system.
            path = Path(tmp) / f"{i:03d}{Path(up.name).suffix.lower()[:8]}"
            path.write_bytes(up.data)
            inputs.append(loader.InputFile(path, Path(up.name).name or f"upload-{i}"))
        return loader.load(
            inputs, db, kind=kind, dry_run=dry_run, user=user, source="upload", max_bytes=max_bytes, progress=progress
        )


def report_tables(report: loader.LoadReport, lang: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Files, errors and warnings of a report as tables in ``lang``."""
    files = pd.DataFrame(
        [
            {
                "file_name": f.name,
                "kind": kind_label(f.kind, lang),
                "encoding": encoding_label(f.encoding, lang),
                "rows": f.rows,
                "dropped_columns": dropped_label(list(f.dropped_columns), lang),
                "ignored_columns": terms.join(list(f.ignored_columns), lang),
                # Blank for a new file (not the word "None" in the cell).
                "already_in_batch": "" if f.already_in_batch is None else f"{f.already_in_batch}",
            }
            for f in report.files
        ]
    )

    def issues(items: Sequence[loader.Issue]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "file_name": i.file,
                    "line": i.line,
                    "column_name": contract.header_label(i.column, lang),
                    "value": i.value,
                    "message": i.message(lang),
                }
                for i in items
            ],
            columns=["file_name", "line", "column_name", "value", "message"],
        )

    return files, issues(report.errors), issues(report.warnings)
