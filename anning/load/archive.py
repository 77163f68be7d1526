"""The sanitized archive: every batch's rows as Parquet, from which the store can be rebuilt.

Layout beside the store (``<db stem>.archive/``, see :func:`anning.core.config.archive_dir`)::

    kind=<complaints|takedowns|enforcement>/quarter=<YYYYQn>/b<batch_id:06d>.parquet

Each file holds one batch's rows of one kind and quarter, with exactly the store table's columns
minus ``quarter`` (the partition, Hive style) and including ``batch_id``; zstd-compressed. The rows
are the contract columns after normalisation: no raw bytes are kept, and a personal-data column is
never read into the load at all, so none can be written here. The store's table is, for each
primary id, the row from the highest batch_id; :func:`rebuild` replays exactly that.

Crash safety: a load writes its files into a private staging directory inside the archive and moves
them into place just before its store copy is swapped in. A load killed in between leaves files of a
batch id the store never recorded; the next writer (under the writer lock) deletes every file of a
batch id above the store's last batch, and every staging directory. A reader of the archive should
likewise ignore batch ids the store's ``batch_files`` does not list.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from anning.core.config import archive_dir
from anning.store import db as store
from anning.store import sql

KINDS = ("complaints", "takedowns", "enforcement")
_BATCH_RE = re.compile(r"^b(\d{6,})\.parquet$")
_STAGING_PREFIX = ".staging-"


def batch_file(db: Path, kind: str, quarter: str, batch_id: int) -> Path:
    """Where a batch's rows of one kind and quarter are archived."""
    return archive_dir(db) / f"kind={kind}" / f"quarter={quarter}" / f"b{batch_id:06d}.parquet"


def batch_pattern(kind: str, batch_id: int) -> str:
    """The batch record's note of where a batch's rows of a kind are: one file per quarter."""
    return f"kind={kind}/quarter=*/b{batch_id:06d}.parquet"


def files_of(db: Path, kind: str, batches: set[int] | None = None) -> list[Path]:
    """Archived Parquet files of ``kind`` (of the given batch ids only, when given), in batch order."""
    base = archive_dir(db) / f"kind={kind}"
    if not base.is_dir():
        return []
    out: list[tuple[int, str, Path]] = []
    for qdir in base.iterdir():
        if not qdir.is_dir() or not qdir.name.startswith("quarter="):
            continue
        for p in qdir.iterdir():
            m = _BATCH_RE.match(p.name)
            if m and (batches is None or int(m.group(1)) in batches):
                out.append((int(m.group(1)), qdir.name, p))
    return [p for _, _, p in sorted(out)]


def quarters(con: duckdb.DuckDBPyConnection, kinds: list[str]) -> dict[str, list[str]]:
    """The quarters a load's validated rows (the norm_<kind> tables) will store, per kind."""
    return {kind: [q for (q,) in sql.rows(con, "norm_quarters", idents={"norm": f"norm_{kind}"})] for kind in kinds}


def _staging(db: Path, batch_id: int) -> Path:
    staging = archive_dir(db) / f"{_STAGING_PREFIX}b{batch_id:06d}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def _write_each(
    con: duckdb.DuckDBPyConnection,
    staging: Path,
    batch_id: int,
    parts: list[tuple[str, str]],
    query: str,
    idents: Callable[[str], dict[str, str]],
) -> Path:
    for kind, quarter in parts:
        qdir = staging / kind / f"quarter={quarter}"
        qdir.mkdir(parents=True)
        params = {"path": str(qdir / "data.parquet"), "batch_id": batch_id, "quarter": quarter}
        sql.execute(con, query, params, idents=idents(kind))
    return staging


def _pairs(parts: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(kind, quarter) for kind, kind_quarters in parts.items() for quarter in kind_quarters]


def write(con: duckdb.DuckDBPyConnection, db: Path, batch_id: int, kinds: list[str]) -> Path:
    """Write the batch's validated rows (the norm_<kind> tables) to a staging directory; its path."""
    parts = _pairs(quarters(con, kinds))
    return _write_each(con, _staging(db, batch_id), batch_id, parts, "archive_write", lambda k: {"norm": f"norm_{k}"})


def _write_stored(con: duckdb.DuckDBPyConnection, staging: Path, batch_id: int, parts: list[tuple[str, str]]) -> Path:
    """Write what batch ``batch_id`` stored, for each (kind, quarter) of ``parts``, into ``staging``.

    Reads only committed store tables, so it may run on a cursor of its own in another thread while
    the loading connection goes on: see :func:`writing_behind`.
    """
    for kind, _ in parts:
        if kind not in KINDS:
            raise ValueError(f"not an archived kind: {kind!r}")
    return _write_each(con, staging, batch_id, parts, "archive_write_stored", lambda k: {"table": k})


# Two writers: DuckDB's Parquet writer uses one core for a file this size, and the machines this runs on
# have two or more; more writers than cores only take time from the rollups that run beside them.
ARCHIVE_WRITERS = 2


@contextlib.contextmanager
def writing_behind(
    con: duckdb.DuckDBPyConnection, db: Path, batch_id: int, parts: dict[str, list[str]]
) -> Iterator[Callable[[], Path]]:
    """Archive batch ``batch_id``'s stored rows in background threads while the block runs.

    ``parts`` names the quarters of each kind. The files are shared out between
    :data:`ARCHIVE_WRITERS` threads, each with a cursor of its own; the rollups that follow a load
    are DuckDB queries on the loading connection, so the two overlap. The block gets a function
    that waits for the writers and returns the staging directory (or raises a writer's exception).
    Leaving the block waits for the threads whatever happens, so no cursor or connection is closed
    under them; a failed load's staging directory is removed by the next writer
    (:func:`remove_leftovers`), as before.
    """
    staging = _staging(db, batch_id)
    pairs = _pairs(parts)
    cursors = [con.cursor() for _ in range(ARCHIVE_WRITERS)]
    try:
        with concurrent.futures.ThreadPoolExecutor(ARCHIVE_WRITERS, thread_name_prefix="anning-archive") as pool:
            futures = [
                pool.submit(_write_stored, cur, staging, batch_id, pairs[i :: len(cursors)])
                for i, cur in enumerate(cursors)
            ]

            def done() -> Path:
                for future in futures:
                    future.result()
                return staging

            yield done
    finally:
        for cur in cursors:
            cur.close()


def place(staging: Path, db: Path, batch_id: int) -> list[Path]:
    """Move a staged batch's files to their archive names (synced first); the files placed."""
    placed: list[Path] = []
    if not staging.is_dir():
        return placed
    for kind_dir in sorted(staging.iterdir()):
        if not kind_dir.is_dir():
            continue
        for qdir in sorted(kind_dir.iterdir()):
            parts = sorted(qdir.glob("*.parquet"))
            if not qdir.is_dir() or not qdir.name.startswith("quarter=") or not parts:
                continue
            quarter = qdir.name.split("=", 1)[1]
            target = batch_file(db, kind_dir.name, quarter, batch_id)
            target.parent.mkdir(parents=True, exist_ok=True)
            src = parts[0]
            if len(parts) > 1:  # DuckDB split the partition: join the parts into the one file the layout names
                src = qdir / "joined.parquet.tmp"
                con = duckdb.connect()
                try:
                    sql.execute(con, "archive_join", {"files": [str(p) for p in parts], "path": str(src)})
                finally:
                    con.close()
            with open(src, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(src, target)
            placed.append(target)
    for d in {p.parent for p in placed}:
        _fsync_dir(d)
    shutil.rmtree(staging, ignore_errors=True)
    return placed


def unplace(placed: list[Path], db: Path | None = None) -> None:
    """Remove the files of a batch whose store copy was never swapped in (and this process's staging)."""
    for p in placed:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    if db is not None and archive_dir(db).is_dir():
        for entry in archive_dir(db).iterdir():
            if entry.name.startswith(_STAGING_PREFIX) and entry.name.endswith(f"-{os.getpid()}"):
                shutil.rmtree(entry, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _committed_batches(db: Path) -> set[int]:
    if not db.exists():
        return set()
    reader = store.Reader(db)
    try:
        if not reader.has_table("batches"):
            return set()
        return {int(b) for b in reader.query("batches_list")["batch_id"]}
    finally:
        reader.close()


def remove_leftovers(db: Path, committed: set[int] | None = None) -> list[Path]:
    """Delete what killed writers left in the archive (staging directories, files of uncommitted batches).

    Called under the writer lock, so no live writer can own them.
    """
    adir = archive_dir(db)
    if not adir.is_dir():
        return []
    committed = _committed_batches(db) if committed is None else committed
    last = max(committed, default=0)
    removed: list[Path] = []
    for entry in adir.iterdir():
        if entry.is_dir() and entry.name.startswith(_STAGING_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    for kind in KINDS:
        for p in files_of(db, kind):
            m = _BATCH_RE.match(p.name)
            if m and int(m.group(1)) > last:
                p.unlink(missing_ok=True)
                removed.append(p)
    return removed


def raw_copies(db: Path) -> list[Path]:
    """Raw file copies an older version archived (``<sha256>.csv`` / ``.xlsx`` at the archive's top)."""
    adir = archive_dir(db)
    if not adir.is_dir():
        return []
    return sorted(p for p in adir.iterdir() if p.is_file() and re.fullmatch(r"[0-9a-f]{64}\.\w+", p.name))


def rebuild(db: Path) -> int:
    """Rebuild ``db`` from the Parquet archive; returns the number of batches replayed.

    Batch records (batches, files, warnings) and the store's meta are copied from the current store
    (attached read-only); the rows come from the archive, for each id the row of its highest batch.
    Reference tables and rollups are made anew. The caller holds the writer lock.
    """
    committed = _committed_batches(db)
    remove_leftovers(db, committed)
    sources = {kind: [str(p) for p in files_of(db, kind, committed)] for kind in KINDS}

    def work(con: duckdb.DuckDBPyConnection) -> int:
        from anning.load import loader

        loader._refresh_reference(con)
        sql.execute(con, "load_macros")
        sql.execute(con, "rebuild_records", {"path": str(db)})
        for kind, paths in sources.items():
            if paths:
                sql.execute(con, f"rebuild_{kind}", {"files": paths})
        loader.rebuild_rollups(con)
        sql.execute(con, "meta_bump", {"source": ""})
        return len(committed)

    return store.swap_write(db, work, schema="schema_data", fresh=True)
