"""Fixtures for the publication tests: a private, writable copy of the session's demo store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from anning import store
from anning.config import archive_dir


def copy_store(src: Path, dst_dir: Path) -> Path:
    """Copy a store (data file, workflow file, archive) into ``dst_dir``; the new data file's path."""
    dst_dir.mkdir(parents=True, exist_ok=True)
    db = dst_dir / "anning.duckdb"
    shutil.copyfile(src, db)
    if store.work_path(src).exists():
        shutil.copyfile(store.work_path(src), store.work_path(db))
    if archive_dir(src).exists():
        shutil.copytree(archive_dir(src), archive_dir(db))
    return db


@pytest.fixture()
def pub_db(demo_db: Path, tmp_path: Path) -> Path:
    """A writable copy of the demo store for one test."""
    return copy_store(demo_db, tmp_path / "pub")
