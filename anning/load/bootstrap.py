"""First start and rebuild: build the demo store when none exists, and rebuild a store from its archive.

The app calls :func:`ensure_store` before drawing anything, so a fresh clone
opens on demo data with no other step. Concurrent first starts serialise on the
writer lock and the second finds the store already built.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from anning.core.config import DEMO_DIR
from anning.load import archive, demo, loader, migrate
from anning.store import db as store


def demo_enabled() -> bool:
    """Demo data is built on first start unless ``ANNING_NO_DEMO`` is set."""
    return os.environ.get("ANNING_NO_DEMO", "").lower() not in ("1", "true", "yes")


def load_demo_files(files: Sequence[Path], db: Path, progress: loader.ProgressFn | None = None) -> loader.LoadReport:
    """Load generated demo files as one batch marked as demo data."""
    return loader.load(list(files), db, user="demo", source="demo", progress=progress)


def ensure_store(db: Path, progress: loader.ProgressFn | None = None) -> bool:
    """Build the demo store if ``db`` does not exist; True when it was built now."""
    if db.exists() or not demo_enabled():
        return False
    with store.writer_lock(db.with_suffix(".bootstrap")):
        if db.exists():
            return False
        out = DEMO_DIR if db.parent == DEMO_DIR.parent else db.parent / "demo"
        summary = demo.generate(out)
        report = load_demo_files(summary.files, db, progress)
        if not report.ok:
            raise RuntimeError("demo data failed validation: " + "; ".join(report.lines()[:5]))
        return True


def rebuild(db: Path) -> int:
    """Rebuild ``db`` from its Parquet archive; returns the number of batches replayed.

    The writer lock is held throughout, so no load can commit between reading the batch records
    and swapping the rebuilt file in. A store whose archive still holds raw file copies (an older
    version) is migrated first. The rebuilt file is written beside the store and swapped in with
    ``os.replace``, so it never crosses file systems.
    """
    with store.writer_lock(db):
        migrate.migrate_locked(db)
        return archive.rebuild(db)
