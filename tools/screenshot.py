"""Screenshot app pages in headless Chromium, both languages, and report any request to a non-local host.

Usage (the store must exist; build one with ``python -m anning demo --out DIR --load --db DB``)::

    python tools/screenshot.py --db /tmp/anning/anning.duckdb --pages overview rankings --out /tmp/shots

It starts ``streamlit run serve.py`` on a free port for each language (``ANNING_LANG``), opens each
page's URL path, waits for Streamlit to finish running, and saves ``<page>-<lang>.png``. Requires
Debian's ``chromium`` and ``fonts-wqy-microhei``; never downloads a browser.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    """A free localhost port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, lang: str, port: int, extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start ``streamlit run serve.py`` (the app behind its HTTP gate) and wait until it answers."""
    env = {**os.environ, "ANNING_DB": str(db), "ANNING_LANG": lang, **(extra_env or {})}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "serve.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start")


def wait_rendered(page: object, timeout_ms: int = 60000) -> None:
    """Wait until the script has run and charts, maps and KPI cards have painted (they draw after the run)."""
    # Every page has a heading; before the script has run, only the skeleton is there.
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout_ms)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )
    # The status widget can be absent for a moment after the heading appears while the script still runs
    # (a busy machine): also wait until the page has stopped growing for 1.5 s, then for everything to paint.
    last, stable_since = -1, time.monotonic()
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        n = page.evaluate("document.querySelectorAll(\"[data-testid='stMain'] *\").length")  # type: ignore[attr-defined]
        if n != last:
            last, stable_since = n, time.monotonic()
        elif time.monotonic() - stable_since >= 1.5:
            break
        page.wait_for_timeout(250)  # type: ignore[attr-defined]
    page.wait_for_function(
        """() => {  // same test as tests/e2e
        const all = sel => Array.from(document.querySelectorAll(sel));
        const plots = all("[data-testid='stPlotlyChart']").every(e => e.querySelector('.main-svg'));
        const decks = all("[data-testid='stDeckGlJsonChart']").every(e => e.querySelector('canvas'));
        const kpis = all("[data-testid='stMetric']").every(e => e.querySelector("[data-testid='stMetricValue']"));
        const idle = all("[data-testid='stSkeleton']").length === 0 && all("[data-testid='stSpinner']").length === 0
            && all("[data-stale='true']").length === 0;
        return plots && decks && kpis && idle;
    }""",
        timeout=timeout_ms,
    )  # type: ignore[attr-defined]
    page.wait_for_timeout(800)  # type: ignore[attr-defined]


def main() -> int:
    """Shoot the pages; exit non-zero if any request left localhost."""
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--pages", nargs="+", default=["overview"])
    ap.add_argument("--langs", nargs="+", default=["en", "zh"])
    ap.add_argument("--out", type=Path, default=Path("/tmp/anning-shots"))
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=1000)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []
    for lang in args.langs:
        port = free_port()
        server = start_server(args.db, lang, port)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": args.width, "height": args.height})
                page.on(
                    "request",
                    lambda r: (
                        outside.append(r.url)
                        if not r.url.startswith(("http://127.0.0.1", "http://localhost", "ws://", "data:", "blob:"))
                        else None
                    ),
                )
                for name in args.pages:
                    # Every page answers its own slug, the default page (overview) included.
                    page.goto(f"http://127.0.0.1:{port}/{name}")
                    wait_rendered(page)
                    path = args.out / f"{name}-{lang}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(path)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    if outside:
        print("requests to other hosts:", *sorted(set(outside)), sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
