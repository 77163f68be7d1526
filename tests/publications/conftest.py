"""Fixtures for the publication tests: a private, writable copy of the session's demo store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import helpers


def copy_store(src: Path, dst_dir: Path) -> Path:
    """Copy a store (data file, workflow file, archive) into ``dst_dir``; the new data file's path."""
    return helpers.copy_store(src, dst_dir / "anning.duckdb")


@pytest.fixture()
def pub_db(demo_db: Path, tmp_path: Path) -> Path:
    """A writable copy of the demo store for one test."""
    return copy_store(demo_db, tmp_path / "pub")
