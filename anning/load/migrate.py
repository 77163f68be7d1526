"""Migrating a store whose archive holds raw file copies (before issue 13) to the sanitized Parquet archive.

An older loader copied every loaded file, byte for byte, into the archive under its SHA-256; those
copies keep the complainant numbers the store itself never held. Migration, for each batch that has
raw copies, in batch order:

1. re-reads the batch's raw files with today's loader (the same staging, cleaning and checks as a
   new load), in a private in-memory database, and writes the validated rows to the batch's Parquet
   files; if a file no longer reads cleanly (a rule changed since), the batch's rows are archived from
   what the store holds for it instead;
2. notes in the batch's file records how it was migrated (the original SHA-256, name, encoding and
   row count stay, so a reload of the same file is still recognised);
3. only after the store records the migration, deletes the raw copies.

It runs under the writer lock at the start of the next load or rebuild, and is idempotent: a
migration killed part-way is finished by the next one.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import duckdb

from anning.core.config import archive_dir
from anning.load import archive
from anning.store import db as store
from anning.store import sql


def migrate_locked(db: Path, today: dt.date | None = None) -> int:
    """Migrate raw archive copies to Parquet; the number of batches migrated. The caller holds the lock."""
    raw = archive.raw_copies(db)
    if not raw or not db.exists():
        return 0
    from anning.load import loader

    reader = store.Reader(db)
    try:
        records = reader.query("migrate_raw_files")
    finally:
        reader.close()
    adir = archive_dir(db)
    today = today or dt.date.today()
    notes: list[dict[str, object]] = []
    placed: list[Path] = []
    for batch_id, group in records.groupby("batch_id", sort=True):
        batch = int(batch_id)
        pending = group[group.archive_name.map(lambda a: bool(a) and (adir / str(a)).is_file())]
        if pending.empty:
            continue
        inputs = [
            loader.InputFile(adir / str(a), str(n))
            for a, n in zip(pending.archive_name, pending.file_name, strict=True)
        ]
        how = _reread(db, batch, inputs, today, placed)
        if how is None:
            _from_store(db, batch, placed)
            how = "archived from the rows the store holds for this batch (its files no longer read cleanly)"
        for row in group.itertuples():
            if row.archive_name and (adir / str(row.archive_name)).is_file():
                notes.append(
                    {
                        "batch_id": batch,
                        "old_name": str(row.archive_name),
                        "archive_name": archive.batch_pattern(str(row.kind), batch),
                        "note": f"migrated {today.isoformat()}: {how}; raw copy removed",
                    }
                )

    def record(con: duckdb.DuckDBPyConnection) -> None:
        for n in notes:
            sql.execute(con, "batch_file_migrated", n)

    try:
        if notes:
            store.swap_write(db, record, schema="schema_data")
    except BaseException:
        archive.unplace(placed)
        raise
    # The store now records the migration: the raw copies (personal data) can go.
    for p in raw:
        p.unlink(missing_ok=True)
    return len({n["batch_id"] for n in notes})


def _reread(db: Path, batch_id: int, inputs: list[object], today: dt.date, placed: list[Path]) -> str | None:
    """Validate a batch's raw files again and archive the rows; None when they no longer validate."""
    from anning.load import loader

    with tempfile.TemporaryDirectory(prefix="anning-migrate-") as tmp:
        workdir = Path(tmp)
        todo = []
        for src in inputs:
            f, issues = loader._inspect(src, None, workdir, None)  # type: ignore[arg-type]
            if issues:
                return None
            todo.append(f)
        con = duckdb.connect(":memory:", config=loader._configure(workdir))
        try:
            v = loader.validate(con, todo, today, workdir)
            if v.n_errors:
                return None
            staging = archive.write(con, db, batch_id, v.kinds)
        finally:
            con.close()
        placed.extend(archive.place(staging, db, batch_id))
    return "re-read from the raw copy and sanitized"


def _from_store(db: Path, batch_id: int, placed: list[Path]) -> None:
    """Archive what the store holds for a batch (the fallback when its raw files no longer validate)."""
    staging = archive_dir(db) / f".staging-b{batch_id:06d}-store"
    staging.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    try:
        sql.execute(con, "store_attach_data", {"path": str(db)})
        for kind in archive.KINDS:
            sql.execute(
                con,
                "archive_from_store",
                {"path": str(staging / kind), "batch_id": batch_id},
                idents={"table": kind},
            )
    finally:
        con.close()
    placed.extend(archive.place(staging, db, batch_id))
