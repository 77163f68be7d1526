"""Static PNG images of Plotly figures through kaleido 1.x and the system Chromium.

kaleido 1.x drives a Chromium (Debian's ``chromium`` package; never a downloaded
browser). Started per call it costs about three seconds, so one server is started
per process on first use (:func:`kaleido.start_sync_server`) and reused by every
later image. The page template is kaleido's own, with plotly.js from the installed
plotly package and MathJax off, so nothing is fetched from the network.

Images are deterministic: the same figure, size and scale give the same bytes,
which the tests check.

No geographic subplot is used anywhere (plotly.js fetches its base-map topojson
from a CDN), see :mod:`anning.charts.inventory` for the map drawn in plain axes.
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading
from typing import Any

import plotly.graph_objects as go

_LOCK = threading.Lock()
_STARTED = False
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str | None:
    """The Chromium to use: ``BROWSER_PATH`` if set, else Debian's, else one on ``PATH``."""
    env = os.environ.get("BROWSER_PATH")
    if env and os.path.exists(env):
        return env
    for p in CHROMIUM_CANDIDATES:
        if os.path.exists(p):
            return p
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _ensure_server() -> None:
    global _STARTED
    with _LOCK:
        if _STARTED:
            return
        import kaleido

        path = chromium_path()
        if path is None:
            raise RuntimeError("PNG charts need Chromium: apt-get install chromium")
        # choreographer looks the browser up through BROWSER_PATH before its own search.
        os.environ.setdefault("BROWSER_PATH", path)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        atexit.register(_stop)
        _STARTED = True


def _stop() -> None:
    global _STARTED
    import kaleido

    try:
        kaleido.stop_sync_server(silence_warnings=True)
    finally:
        _STARTED = False


def png(fig: go.Figure | dict[str, Any], *, width: int, height: int, scale: float = 2.0) -> bytes:
    """The figure as PNG bytes at ``width`` x ``height`` CSS pixels times ``scale``."""
    import kaleido

    _ensure_server()
    opts = {"format": "png", "width": int(width), "height": int(height), "scale": scale}
    with _LOCK:  # one render at a time through the shared server
        return bytes(kaleido.calc_fig_sync(fig, opts=opts))


def size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels read from a PNG header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
