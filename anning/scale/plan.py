"""What a rollup run reads and writes: the archive layout, the steps in order, and the output tables.

Both engines follow this one plan, so they can only differ in how they execute the same SQL.

The archive (written by the loader) is Hive-partitioned Parquet::

    <archive>/kind=<complaints|takedowns|enforcement>/quarter=<YYYYQn>/b<batch_id:06d>.parquet

Each file holds one batch's rows of that kind and quarter with the store table's columns
(``queries/schema_data.sql``) except ``quarter``, which is the partition column. A store table
is, for each primary id, the row of the highest batch (later batches correct earlier ones):
``queries/scale_current.sql``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from anning.store import reference, sql

KINDS = ("complaints", "takedowns", "enforcement")

# The loader's rollup queries, in the order it runs them.
ROLLUPS = sql.ROLLUPS

# The named queries a run executes, in order: current rows, the rollups, then the archive's manifest.
STEPS = ("scale_current", *ROLLUPS, "scale_manifest")

# Tables the steps create that are written out. complaints (the big raw table) never leaves the engine.
RESULT_TABLES = (
    "r_rank",
    "r_month",
    "r_company",
    "r_chain",
    "r_ports",
    "r_names",
    "r_company_ports",
    "r_company_takedowns",
    "r_handling",
    "takedowns",
    "enforcement",
    "archive_batches",
    "archive_facts",
)

# Reference tables copied into the output from data/reference, so a store is built from the output alone.
REFERENCE_TABLES = (
    "ref_industry",
    "ref_department",
    "ref_operator",
    "ref_subscribers",
    "ref_province",
    "ref_number_range",
    "ref_operator_alias",
    "ref_industry_alias",
    "ref_province_alias",
)

OUTPUT_TABLES = RESULT_TABLES + REFERENCE_TABLES

# Written last: a run without it did not finish, and attach refuses its output.
MANIFEST = "_manifest"


@dataclass(frozen=True)
class Column:
    """One column of a store table: name and DuckDB type."""

    name: str
    type: str


@functools.cache
def archive_columns(kind: str) -> tuple[Column, ...]:
    """The columns of an archived kind, with ``quarter`` (the partition column) last.

    Taken from the store's own DDL (``schema_data``), so the archive is read with exactly the
    types the loader's store declares, whatever an engine would infer from the files.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    con = duckdb.connect(":memory:")
    try:
        sql.execute(con, "schema_data")
        rel = con.table(kind)
        cols = [Column(n, str(t)) for n, t in zip(rel.columns, rel.types, strict=True)]
    finally:
        con.close()
    return (*(c for c in cols if c.name != "quarter"), Column("quarter", "VARCHAR"))


def empty_kind(kind: str) -> pa.Table:
    """An empty table of an archived kind, for an archive that has no files of that kind yet."""
    cols = archive_columns(kind)
    con = duckdb.connect(":memory:")
    try:
        sql.execute(con, "schema_data")
        return con.table(kind).select(*(duckdb.ColumnExpression(c.name) for c in cols)).to_arrow_table()
    finally:
        con.close()


def reference_tables() -> dict[str, pa.Table]:
    """The ``ref_*`` tables as Arrow tables, typed as the loader's store types them (through DuckDB)."""
    con = duckdb.connect(":memory:")
    try:
        return {name: con.from_df(frame).to_arrow_table() for name, frame in reference.store_tables().items()}
    finally:
        con.close()


@dataclass(frozen=True)
class RunReport:
    """What a rollup run wrote."""

    engine: str
    archive: str
    out: str
    rows: dict[str, int]  # output table -> rows written
    steps: tuple[tuple[str, float], ...]  # (step, seconds), in order
    seconds: float

    def lines(self) -> list[str]:
        """A short human summary."""
        out = [f"{self.engine}: {len(self.rows)} tables from {self.archive} to {self.out} in {self.seconds:.1f} s"]
        out += [f"  {name:<22} {secs:7.1f} s" for name, secs in self.steps]
        out += [f"  {name:<22} {n:>12,} rows" for name, n in self.rows.items()]
        return out


def manifest_table(rows: dict[str, int], engine: str) -> pa.Table:
    """The manifest: one row per output table with its row count, written after everything else."""
    return pa.table({"table_name": list(rows), "rows": [rows[t] for t in rows], "engine": [engine] * len(rows)})


def parquet_rows(folder: Path) -> int:
    """Rows in a folder of Parquet files, from their footers."""
    return sum(pq.ParquetFile(f).metadata.num_rows for f in sorted(folder.glob("*.parquet")))
