"""The rollups of a Parquet archive computed by DuckDB on this machine (``rollups --engine duckdb``).

The named queries run exactly as the loader runs them, on a scratch database beside the output
(so the current complaints need not fit in memory); each result table is written as Parquet.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from anning.scale import plan
from anning.store import sql

Progress = Callable[[str], None]


def _archive_view(con: duckdb.DuckDBPyConnection, archive: Path, kind: str) -> None:
    """``raw_<kind>``: every archived row of the kind, typed as the store declares it."""
    cols = plan.archive_columns(kind)
    folder = archive / f"kind={kind}"
    if any(folder.glob("quarter=*/*.parquet")):
        # union_by_name: a file archived before a column was added to the store lacks it; it reads as null.
        rel = con.read_parquet(str(folder / "quarter=*" / "*.parquet"), hive_partitioning=True, union_by_name=True)
        # The path's kind=... is a partition column too; the explicit list drops it and fixes the types.
        rel = rel.select(*(duckdb.ColumnExpression(c.name).cast(duckdb.sqltype(c.type)).alias(c.name) for c in cols))
        rel.create_view(f"raw_{kind}")
    else:  # nothing of this kind archived yet: an empty table of the right types, for this session only
        con.register(f"raw_{kind}", plan.empty_kind(kind))


def _write(rel: duckdb.DuckDBPyRelation, out: Path, table: str) -> None:
    folder = out / table
    folder.mkdir(parents=True)
    rel.write_parquet(str(folder / "part-0.parquet"), compression="zstd")


def check_archive(archive: Path) -> None:
    """A clear error unless ``archive`` is a folder holding archived complaints."""
    if not archive.is_dir():
        raise FileNotFoundError(f"{archive}: no such archive folder")
    if not any((archive / "kind=complaints").glob("quarter=*/*.parquet")):
        raise ValueError(f"{archive}: no complaints in the archive (expected kind=complaints/quarter=*/b*.parquet)")


def run(archive: Path, out: Path, progress: Progress | None = None) -> plan.RunReport:
    """Compute every output table of :mod:`anning.scale.plan` from ``archive`` into the folder ``out``."""
    started = time.monotonic()
    check_archive(archive)
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out}: the output folder is not empty; choose a new one")
    out.mkdir(parents=True, exist_ok=True)
    steps: list[tuple[str, float]] = []
    rows: dict[str, int] = {}
    # The scratch database sits beside the output: /tmp may be far smaller than the data.
    with tempfile.TemporaryDirectory(prefix=".anning-rollups-", dir=out.parent) as tmp:
        con = duckdb.connect(str(Path(tmp) / "scratch.duckdb"))
        try:
            for kind in plan.KINDS:
                _archive_view(con, archive, kind)
            for name in plan.STEPS:
                t0 = time.monotonic()
                if progress:
                    progress(name)
                sql.execute(con, name)
                steps.append((name, time.monotonic() - t0))
            t0 = time.monotonic()
            for table in plan.RESULT_TABLES:
                _write(con.table(table), out, table)
            for table, arrow in plan.reference_tables().items():
                _write(con.from_arrow(arrow), out, table)
            for table in plan.OUTPUT_TABLES:
                rows[table] = plan.parquet_rows(out / table)
            _write(con.from_arrow(plan.manifest_table(rows, "duckdb")), out, plan.MANIFEST)
            steps.append(("write", time.monotonic() - t0))
        finally:
            con.close()
    return plan.RunReport("duckdb", str(archive), str(out), rows, tuple(steps), time.monotonic() - started)
