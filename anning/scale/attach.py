"""Build a store the app serves from a rollup run's output (``python -m anning attach-rollups DIR``).

The output holds every table the pages read: the rollups, the reference tables, and the small
takedowns and enforcement tables some pages read directly. What only the loader's store knows
(the batches, hence the demo-data banner and the Data page's history, and the store version)
comes from that store, the *catalog*, and the two must describe the same batches. Raw complaints
are not copied: the attached store is marked ``rollups_only`` and the one feature that lists
individual complaints (lead referrals) refuses on it. See ``docs/scale-out.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from anning.scale import plan
from anning.store import db as store
from anning.store import sql

# Tables the store's schema already declares: the output's rows are inserted into them, checked by column name.
_DECLARED = ("takedowns", "enforcement")


@dataclass(frozen=True)
class AttachReport:
    """What an attach wrote."""

    db: Path
    tables: dict[str, int]  # table -> rows
    batches: int
    engine: str


def read_manifest(out: Path) -> tuple[dict[str, int], str]:
    """The run's manifest (rows per table, engine); a clear error for an unfinished or foreign folder."""
    if not out.is_dir():
        raise FileNotFoundError(f"{out}: no such folder")
    files = sorted((out / plan.MANIFEST).glob("*.parquet"))
    if not files:
        raise ValueError(
            f"{out}: no {plan.MANIFEST} (not the output of `python -m anning rollups`, or the run did "
            "not finish); run the rollups again into a new folder"
        )
    rows: dict[str, int] = {}
    engines: set[str] = set()
    for f in files:
        for r in pq.read_table(f).to_pylist():
            rows[str(r["table_name"])] = int(r["rows"])
            engines.add(str(r["engine"]))
    missing = [t for t in plan.OUTPUT_TABLES if t not in rows]
    if missing:
        raise ValueError(f"{out}: the run's output lacks {', '.join(missing)} (written by an older release?)")
    return rows, ",".join(sorted(engines))


def _load(con: duckdb.DuckDBPyConnection, out: Path, table: str, expected: int) -> int:
    folder = out / table
    found = plan.parquet_rows(folder)
    if found != expected:
        raise ValueError(f"{folder}: {found:,} rows where the run wrote {expected:,}; the output is damaged")
    rel = con.read_parquet(str(folder / "*.parquet"))
    if table in _DECLARED:
        declared = con.table(table).columns
        if rel.columns != declared:
            raise ValueError(f"{folder}: columns {rel.columns} are not the store's {declared}")
        rel.insert_into(table)
    else:
        rel.create(table)
    return found


def attach(out: Path, db: Path, catalog: Path) -> AttachReport:
    """Build (or atomically replace) the store ``db`` from the output folder ``out`` and the loader's ``catalog``."""
    rows, engine = read_manifest(out)
    if not catalog.is_file():
        raise FileNotFoundError(f"{catalog}: no such store (the loader's store that recorded the batches)")
    if catalog.resolve() == db.resolve():
        raise ValueError("the attached store must be a new file, not the loader's store it takes batches from")

    def build(con: duckdb.DuckDBPyConnection) -> int:
        for table in plan.OUTPUT_TABLES:
            _load(con, out, table, rows[table])
        sql.execute(con, "attach_catalog", {"catalog": str(catalog)})
        mismatch = sql.run(con, "attach_check")
        if not mismatch.empty:
            first = mismatch.iloc[0]
            raise ValueError(
                f"the rollups and {catalog.name} describe different batches ({len(mismatch)} differ, first batch "
                f"{first.batch_id}: archived complaints {first.archived_complaints}, loaded "
                f"{first.loaded_complaints}); compute the rollups again from the archive of this store"
            )
        return len(sql.run(con, "batches_list"))

    with store.writer_lock(db):
        batches = store.swap_write(db, build, schema="schema_data", fresh=True)
    return AttachReport(db, {t: rows[t] for t in plan.OUTPUT_TABLES}, batches, engine)
