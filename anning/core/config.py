"""Paths and settings shared by the CLI and the app.

Every command takes ``--db``; the app reads ``ANNING_DB``. Both default to a file
under ``data/`` so that a fresh clone works with no configuration.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
QUERIES_DIR = ROOT / "queries"
DEFAULT_DB = DATA_DIR / "anning.duckdb"
DEMO_DIR = DATA_DIR / "demo"

# Uploads above this size are refused before any parsing (bytes); override with ANNING_MAX_UPLOAD_MB.
MAX_UPLOAD_BYTES = int(float(os.environ.get("ANNING_MAX_UPLOAD_MB", "200")) * 1024 * 1024)
# The memory one load may use inside DuckDB (MB); beyond it DuckDB spills to the load's private temp
# directory. Override with ANNING_LOAD_MEMORY_MB. Python's own reading is bounded by fixed-size chunks.
LOAD_MEMORY_MB = int(os.environ.get("ANNING_LOAD_MEMORY_MB", "1024"))
# Loader error reports stop listing individual errors after this many (the total is still counted).
ERROR_CAP = 50


def private_files() -> None:
    """Make every file this process creates private to its user: mode 0600, folders 0700 (umask 077).

    Called once by each entry point (the CLI and the app), before anything is written, so the
    store, its workflow file, the audit log, the raw-file archive, DuckDB's temporary files and
    the users file are never readable by other accounts on the server, whichever code creates
    them. Group access, if a deployment wants it, is given by the folder's group and ACLs, not here.
    """
    os.umask(0o077)


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store to use: an explicit path, else ``ANNING_DB``, else ``data/anning.duckdb``."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("ANNING_DB")
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_DB


def existing_db(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The store a read-only command works on; None, after saying how to make one, when there is none yet."""
    db = db_path(explicit)
    if db.exists():
        return db
    print(
        f"error: {db}: no store (load files with `python -m anning load FILE...`, or build the demo data with "
        "`python -m anning demo --out DIR --load`)",
        file=sys.stderr,
    )
    return None


def archive_dir(db: Path) -> Path:
    """Every batch's rows are archived next to the store, as Parquet, so it can be rebuilt from them."""
    return db.parent / f"{db.stem}.archive"


def lock_path(target: Path) -> Path:
    """One writer per store file at a time: writers serialise on this lock file."""
    return target.parent / f"{target.name}.lock"


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """(inode, mtime, size) of ``path``, or None when absent: a file replaced by a rename has a new identity,
    so a cache keyed on it (the store version, the users and sessions files) notices every swap."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)
