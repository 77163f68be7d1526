"""The Data page's logic: loaded batches and their warnings, and validating or loading uploads.

Uploads are written to a private temporary directory under their own names and
go through the same :func:`anning.load.loader.load` as the command line.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from anning.core.config import MAX_UPLOAD_BYTES
from anning.i18n import t
from anning.load import loader
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
        warns = warns.assign(message=[loader.Issue("", c).message(lang) for c in warns.code]).drop(columns="code")
    return BatchOverview(batches, files, warns)


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
                "kind": t(f"kind.{f.kind}", lang) if f.kind else "",
                "encoding": f.encoding or "",
                "rows": f.rows,
                "dropped_columns": ", ".join(f.dropped_columns),
                "ignored_columns": ", ".join(f.ignored_columns),
                "already_in_batch": f.already_in_batch,
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
                    "column_name": i.column,
                    "value": i.value,
                    "message": i.message(lang),
                }
                for i in items
            ],
            columns=["file_name", "line", "column_name", "value", "message"],
        )

    return files, issues(report.errors), issues(report.warnings)
