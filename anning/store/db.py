"""The DuckDB store: two files, swapped atomically, read through read-only attachments.

Layout next to ``--db PATH`` (default ``data/anning.duckdb``):

* ``PATH``: the data (complaints, takedowns, enforcement, batches, reference, rollups);
* ``PATH`` with suffix ``.work.duckdb``: the workflow (audit log, published lists, referrals);
* ``PATH`` with suffix ``.audit.jsonl``: the append-only audit log (:mod:`anning.store.audit`);
* ``PATH.lock``: writers serialise on it;
* the raw-file archive (see :func:`anning.core.config.archive_dir`).

Why swap files: DuckDB lets one process write a file and then locks out every
other process, readers included. So no process ever opens a live file
read-write. A writer copies the file, changes the copy, checkpoints it and
``os.replace``-s it over the original; readers attach the file read-only from a
fresh in-memory connection and keep the inode they opened. A reader therefore
sees the old state or the new one, never a partial load. ``duckdb.connect(path)``
would hand back a cached instance of a replaced file, which is why readers
attach instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from anning.core.config import file_identity, lock_path
from anning.store import audit as audit_log
from anning.store import sql

T = TypeVar("T")


def work_path(db: Path) -> Path:
    """The workflow file that sits beside a data file."""
    return db.with_name(db.stem + ".work.duckdb")


@dataclass(frozen=True)
class StoreVersion:
    """File identities of both store files; any load or publish changes it."""

    data: tuple[int, int, int] | None
    work: tuple[int, int, int] | None

    @property
    def key(self) -> str:
        """A compact string for cache keys."""
        return f"{self.data}|{self.work}"


def version(db: Path) -> StoreVersion:
    """The current version, from a cheap ``stat`` of both files."""
    return StoreVersion(file_identity(db), file_identity(work_path(db)))


def exists(db: Path) -> bool:
    """True when a data file is in place."""
    return db.exists()


class Reader:
    """A read-only view of one store version; use :meth:`query` from any thread.

    DuckDB connections are not thread-safe, so every query runs on its own cursor.
    """

    def __init__(self, db: Path) -> None:
        self.db = db
        self.version = version(db)
        self._con = duckdb.connect(":memory:", config={"threads": 2})
        sql.execute(self._con, "store_attach_data", {"path": str(db)})
        wp = work_path(db)
        if wp.exists():
            sql.execute(self._con, "store_attach_work", {"path": str(wp)})
            self._search = "s,w"
        else:
            self._search = "s"

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor whose unqualified names resolve in the store."""
        cur = self._con.cursor()
        sql.execute(cur, "store_search_path", {"search_path": self._search})
        return cur

    def query(self, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a named query from ``queries/``."""
        cur = self.cursor()
        try:
            return sql.run(cur, name, params)
        finally:
            cur.close()

    def has_table(self, table: str) -> bool:
        """Whether a table exists in either file (older stores may lack newer tables)."""
        df = self.query("table_exists", {"table_name": table})
        return bool(len(df)) and bool(df["present"].iloc[0])

    def close(self) -> None:
        """Release the attachment (the old inode is freed once nothing holds it)."""
        self._con.close()


@contextlib.contextmanager
def writer_lock(target: Path, timeout: float = 600.0) -> Iterator[None]:
    """Serialise writers of one file across processes with ``flock`` on ``<file>.lock``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(target), os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another writer is still busy with {target.name}") from None
                time.sleep(0.05)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# A copy nobody has touched for this long is stale even if its PID is in use again (or unreadable).
_STALE_COPY_SECONDS = 3600.0


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or not a PID: leave it to the age rule
    return True


def remove_stale_copies(target: Path) -> list[str]:
    """Delete copies of ``target`` that writers killed mid-write left behind; returns their names.

    A copy is ``.<name>.<pid>.<random>.tmp`` (and DuckDB's ``.wal`` beside it). Called under the
    writer lock, so no live writer of ``target`` can own one; as a second guard a copy goes only
    when the PID in its name is gone or it is an hour old. Readers never open these files.
    """
    prefix = f".{target.name}."
    removed: list[str] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(prefix) or not entry.name.endswith((".tmp", ".tmp.wal")):
            continue
        pid = entry.name[len(prefix) :].split(".", 1)[0]
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > _STALE_COPY_SECONDS
            if old or (pid.isdigit() and not _pid_alive(int(pid))):
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:  # gone already, or not ours to delete: never block the write over it
            continue
    return removed


def swap_write(
    target: Path,
    fn: Callable[[duckdb.DuckDBPyConnection], T],
    *,
    schema: str,
    fresh: bool = False,
    config: dict[str, str] | None = None,
) -> T:
    """Apply ``fn`` to a copy of ``target`` and atomically replace it; the caller holds the lock.

    ``schema`` names the DDL query that creates missing tables. If ``fn`` raises,
    the copy is deleted and ``target`` is untouched. ``fresh`` starts from an
    empty file instead of a copy (used by rebuild). ``config`` is DuckDB's connection
    configuration (the loader caps memory and puts spill files in its private directory).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_copies(target)
    # The PID in the name lets a later writer tell a dead writer's copy from a live one.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        if target.exists() and not fresh:
            shutil.copyfile(target, tmp)
        con = duckdb.connect(str(tmp), config=config or {})
        try:
            sql.execute(con, schema)
            result = fn(con)
            sql.execute(con, "store_checkpoint")
        finally:
            con.close()
        os.chmod(tmp, 0o600)  # a store file is private whatever the process umask (copyfile uses it)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
        return result
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def write_work(db: Path, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Change the workflow file (audit, lists, referrals) under the writer lock."""
    with writer_lock(work_path(db)):
        return swap_write(work_path(db), fn, schema="schema_work")


def audit(db: Path, user: str, action: str, detail: str) -> None:
    """Record who did what, and when: one line appended to the audit file (no store file is rewritten).

    Workflow changes record themselves inside their own swap instead (``audit_append`` in
    :func:`write_work`), so the change and its record commit together; see :mod:`anning.store.audit`.
    A store's first entry (its first load) also creates the workflow file with its empty tables, once,
    so every page and query finds them.
    """
    if db.exists() and not work_path(db).exists():
        write_work(db, lambda con: None)
    audit_log.append(db, user, action, detail)
