"""First start and rebuild: build the demo store when none exists, and replay archived batches.

The app calls :func:`ensure_store` before drawing anything, so a fresh clone
opens on demo data with no other step. Concurrent first starts serialise on the
writer lock and the second finds the store already built.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from anning.core.config import DEMO_DIR, archive_dir
from anning.load import demo, loader
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
    """Rebuild ``db`` from its archived raw batches, in batch order; returns the number of batches.

    The writer lock is held throughout, so no load can commit between reading the
    batch list and swapping the rebuilt file in. The fresh store is built in a
    directory beside the store, so the final ``os.replace`` never crosses file systems.
    """
    adir = archive_dir(db)
    with store.writer_lock(db):
        reader = store.Reader(db)
        try:
            files = reader.query("batch_files_for_rebuild")
        finally:
            reader.close()
        with tempfile.TemporaryDirectory(prefix=".anning-rebuild-", dir=db.parent) as tmp:
            fresh = Path(tmp) / db.name
            # The archive is shared with the fresh store so nothing is copied twice.
            os.symlink(adir, archive_dir(fresh))
            batches = 0
            for (batch_id, source, user), group in files.groupby(["batch_id", "source", "loaded_by"], sort=True):
                inputs = [
                    loader.InputFile(adir / a, name)
                    for a, name in zip(group.archive_name, group.file_name, strict=True)
                ]
                report = loader.load(inputs, fresh, user=str(user), source=str(source))
                if not report.ok:
                    raise RuntimeError(f"batch {batch_id} no longer validates: " + "; ".join(report.lines()[:3]))
                batches += 1
            os.replace(fresh, db)
    return batches
