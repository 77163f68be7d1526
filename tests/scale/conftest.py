"""Fixtures for the scale-out tests: a two-batch store with its Parquet archive, and DuckDB's rollups of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from anning.scale import engine_duckdb
from tests import scale_archive


@pytest.fixture(scope="session")
def two_batches(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(store, archive): the demo, then a loaded batch of corrections and new rows (treat both as read-only)."""
    return scale_archive.corrected_store(demo_db, tmp_path_factory.mktemp("two_batches"))


@pytest.fixture(scope="session")
def two_batch_db(two_batches: tuple[Path, Path]) -> Path:
    """The loader's store of both batches: the catalog for attach, and the DuckDB store pages are compared with."""
    return two_batches[0]


@pytest.fixture(scope="session")
def archive(two_batches: tuple[Path, Path]) -> Path:
    """Its Parquet archive (kind=/quarter=/b<batch>.parquet)."""
    return two_batches[1]


@pytest.fixture(scope="session")
def duckdb_out(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DuckDB's rollup output for the archive."""
    out = tmp_path_factory.mktemp("duckdb_out") / "rollups"
    engine_duckdb.run(archive, out)
    return out
