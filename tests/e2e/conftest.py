"""End-to-end fixtures: Debian's chromium driven by Playwright against ``streamlit run serve.py`` on localhost.

Two servers for the whole run, started once: one on a copy of the session's demo store (demo mode,
Chinese by default), one on a small real-data store (no demo flag: sign-in required). Both read a
users file with one user per role. Chromium is never downloaded: if ``/usr/bin/chromium`` is
missing the tests fail and say how to install it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from anning.core import auth
from anning.core.config import archive_dir
from anning.load import loader
from anning.store import audit, users
from anning.store import db as store
from tests.helpers import COMPLAINT_HEADER, complaint, write_csv

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import screenshot  # noqa: E402  (tools/screenshot.py: chromium path, flags, free port)

SHOTS = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "e2e-password-1"
ROLE_USERS = {role: f"e2e.{role}" for role in auth.ROLES}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@dataclass
class Server:
    """A running ``streamlit run serve.py``."""

    url: str
    proc: subprocess.Popen[bytes]
    log: Path
    db: Path


@dataclass
class Traffic:
    """Every URL the browser asked for during the run."""

    urls: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        """The URLs whose host is not this machine."""
        out = []
        for u in self.urls:
            p = urlparse(u)
            if p.scheme in ("data", "blob", "about", "chrome-error"):
                continue
            if p.hostname not in LOCAL_HOSTS:
                out.append(u)
        return sorted(set(out))


def _start(db: Path, users_file: Path, lang: str, log: Path, script: str = "serve.py") -> Server:
    port = screenshot.free_port()
    env = {
        **os.environ,
        "ANNING_DB": str(db),
        "ANNING_USERS": str(users_file),
        "ANNING_LANG": lang,
        "ANNING_NO_DEMO": "1",
        # Every test's browser is 127.0.0.1: allow the run's page loads, keep the open-socket cap at its default.
        "ANNING_MAX_NEW_SOCKETS_PER_MINUTE": "1000",
    }
    with open(log, "wb") as f:  # a file, not a pipe: a chatty server must never block on a full pipe
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / script),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=f,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return Server(f"http://127.0.0.1:{port}", proc, log, db)
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("streamlit did not start within 60 s")


def _stop(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()


def _copy_store(src: Path, dst_dir: Path) -> Path:
    dst_dir.mkdir(parents=True, exist_ok=True)
    db = dst_dir / "anning.duckdb"
    shutil.copyfile(src, db)
    if archive_dir(src).exists():
        shutil.copytree(archive_dir(src), archive_dir(db))
    if store.work_path(src).exists():
        shutil.copyfile(store.work_path(src), store.work_path(db))
    if audit.log_path(src).exists():
        shutil.copyfile(audit.log_path(src), audit.log_path(db))
    return db


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium; a missing browser is a failure with instructions, never a skip."""
    path = screenshot.CHROMIUM
    if not Path(path).exists():
        pytest.fail(
            f"{path} not found: the end-to-end tests need Debian's chromium "
            "(apt-get install chromium fonts-wqy-microhei; .ci/run installs both). "
            "Never use `playwright install`.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def e2e_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    SHOTS.mkdir(exist_ok=True)
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def e2e_users(e2e_dir: Path) -> Path:
    path = e2e_dir / "users.json"
    present = users.load(path)
    for role, name in ROLE_USERS.items():
        if name not in present:  # one file for the whole run: every module's servers read the same users
            users.add(path, name, role, PASSWORD, display=f"E2E {role}")
    return path


@pytest.fixture(scope="module")
def demo_server(demo_db: Path, e2e_dir: Path, e2e_users: Path, chromium: str) -> Iterator[Server]:
    db = _copy_store(demo_db, Path(tempfile.mkdtemp(prefix="demo-", dir=e2e_dir)))  # one store per module
    server = _start(db, e2e_users, "zh", e2e_dir / "demo-server.log")
    yield server
    _stop(server)


@pytest.fixture(scope="module")
def real_server(e2e_dir: Path, e2e_users: Path, chromium: str) -> Iterator[Server]:
    f = write_csv(e2e_dir / "real-in" / "complaints.csv", COMPLAINT_HEADER, [complaint(i) for i in range(40)])
    db = e2e_dir / "real" / "anning.duckdb"
    report = loader.load([f], db, user="setup", source="file")
    assert report.ok, report.lines()
    server = _start(db, e2e_users, "en", e2e_dir / "real-server.log")
    yield server
    _stop(server)


@pytest.fixture(scope="session")
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Module scope, not session: a running sync Playwright keeps an asyncio loop on this thread, and later
    # tests that drive chromium themselves (PDF exports) must not find one.
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=chromium, args=screenshot.ARGS, headless=True)
        yield b
        b.close()
    finally:
        pw.stop()


@pytest.fixture()
def page(browser: Any, traffic: Traffic) -> Iterator[Any]:
    """A fresh browser context (a new Streamlit session, signed out) whose every request is recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1300}, locale="zh-CN")
    context.on("request", lambda r: traffic.urls.append(r.url))
    pg = context.new_page()
    pg.on("websocket", lambda ws: traffic.urls.append(ws.url))
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
    outside = traffic.outside()
    assert not outside, f"the browser asked hosts other than localhost: {outside}"
