"""Shared fixtures: a small demo store built once per session, and helpers to write contract files."""

from __future__ import annotations

from pathlib import Path

import pytest

from anning import demo, loader

# A small but complete demo: every quarter, every kind of file, ~3% of the default volume.
DEMO_SCALE = 0.03


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ...]:
    """Demo contract files, generated once."""
    out = tmp_path_factory.mktemp("demo")
    return demo.generate(out, scale=DEMO_SCALE).files


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_files: tuple[Path, ...]) -> Path:
    """A store loaded with the demo files (treat as read-only; copy it to change it)."""
    db = tmp_path_factory.mktemp("store") / "anning.duckdb"
    report = loader.load(list(demo_files), db, user="demo", source="demo")
    assert report.ok, report.lines()
    return db


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """A path for a store that does not exist yet."""
    return tmp_path / "store" / "anning.duckdb"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Tests must never touch the developer's data/anning.duckdb.
    monkeypatch.setenv("ANNING_DB", str(tmp_path / "default" / "anning.duckdb"))
    # ... nor its data/users.json (tests that sign in write their own users file).
    monkeypatch.setenv("ANNING_USERS", str(tmp_path / "default" / "users.json"))
    monkeypatch.delenv("ANNING_NO_DEMO", raising=False)


@pytest.fixture()
def app_db(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo store, pointed to by ANNING_DB (for AppTest and browser tests)."""
    from tests.helpers import copy_store

    db = copy_store(demo_db, tmp_path / "app" / "anning.duckdb")
    monkeypatch.setenv("ANNING_DB", str(db))
    return db
