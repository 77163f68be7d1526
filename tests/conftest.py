"""Shared fixtures: a small demo store and the hand-built chain store, each built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from anning.load import demo, loader

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


# --------------------------------------------------------------------------- the chain store (tests/chain_store.py)


@pytest.fixture(scope="module")
def chain_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built store of known companies, ports and takedowns (real data: no demo batch)."""
    from tests import chain_store

    return chain_store.build(tmp_path_factory.mktemp("chain"))


@pytest.fixture()
def chain_reader(chain_db: Path):  # type: ignore[no-untyped-def]
    """A reader of the chain store, closed after the test."""
    from anning.store import db as store

    r = store.Reader(chain_db)
    yield r
    r.close()


@pytest.fixture(scope="module")
def chain_demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chain store marked as demo data, for AppTest (a demo store signs the session in)."""
    from tests import chain_store

    return chain_store.build(tmp_path_factory.mktemp("chain_app"), demo=True)


@pytest.fixture()
def chain_app_env(chain_demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ANNING_DB pointed at the demo chain store."""
    monkeypatch.setenv("ANNING_DB", str(chain_demo_db))
    return chain_demo_db
