"""The province map as a user meets it: time until the deck's canvas shows the provinces, in Chromium.

Not a test: it starts ``streamlit run app.py`` on a store, opens ``/map`` in Debian's headless Chromium
(Playwright, ``/usr/bin/chromium``; never a downloaded browser) and watches the map's WebGL canvas from
inside the page, frame by frame. What it reports (medians over ``--repeats`` fresh browser contexts,
i.e. new Streamlit sessions with an empty HTTP cache, the server already warm):

- **first paint**: milliseconds from navigation start to the first frame on which the provinces are
  drawn (a sample of the canvas has filled pixels). This is what "first visit" means to a user;
- **settled**: the frame after which the canvas no longer changes (tooltips aside);
- **jump**: whether the drawing moved or was re-scaled after its first paint (the bounding box of the
  filled pixels changed by more than 2 % of the canvas): the "zoom jump" of issue 16;
- **filter change**: milliseconds from the click that picks another channel to the first frame whose
  fills differ, and to the frame after which they stop changing;
- **server cold**: the first visit right after the server started (the script's imports and the
  per-process caches are paid once), reported on its own.

To read the canvas, ``preserveDrawingBuffer`` is forced on for WebGL contexts (an init script wraps
``getContext``), so that a 2D canvas can copy the frame after it was presented; the watcher copies it
into a 160 x 112 sample, at most every 40 ms (so times are known to 40 ms): where WebGL runs in software, as in
headless Chromium without a GPU, each read-back costs milliseconds, and sampling every frame slowed the page
being timed.

Usage::

    python bench/map_first_visit.py --db /tmp/me/anning.duckdb                 # both languages, 5 repeats each
    python bench/map_first_visit.py --db /tmp/me/anning.duckdb --langs zh --repeats 9 --json /tmp/me/map.json
    python bench/map_first_visit.py --db /tmp/me/anning.duckdb --in-app   # from the overview, by the sidebar's link

**Baseline**: ``bench/map_baseline_app.py``, a page of the same Streamlit with one pydeck rectangle at the
same view and canvas width, served by a second server and visited in the same browser, alternately with the
map (baseline, map, baseline, map, ...). Its times are Streamlit's own cost of a deck (the deck.gl bundle,
the page's boot); the ratios ``map / baseline`` say what the province map adds, on any machine.

The load average (``os.getloadavg``) is printed with the results: on a shared machine the absolute
times mean little without it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import screenshot  # noqa: E402  (tools/screenshot.py: chromium path and flags, free port, server start)

DECK = "[data-testid='stDeckGlJsonChart'] canvas"
BASELINE_APP = ROOT / "bench" / "map_baseline_app.py"

# Runs in every document before the app's scripts: keeps WebGL frames readable and samples the map's canvas
# on every animation frame, recording (time, filled pixels, bounding box, fingerprint) whenever it changes.
WATCH = """
(() => {
  const orig = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, opts) {
    if (kind === 'webgl' || kind === 'webgl2' || kind === 'experimental-webgl') {
      opts = Object.assign({}, opts || {}, {preserveDrawingBuffer: true});
    }
    return orig.call(this, kind, opts);
  };
  const W = 160, H = 112, SAMPLE_MS = 40;
  const log = [];
  window.__mapLog = log;
  window.__clicks = [];
  document.addEventListener('click', () => window.__clicks.push(performance.now()), true);
  let sample = null, last = null, sampled = -1e9;
  window.__marks = {};
  function mark(name, present) { if (present && !(name in window.__marks)) window.__marks[name] = performance.now(); }
  function tick(now) {
    mark('heading', document.querySelector("[data-testid='stMain'] h1"));
    mark('deck_element', document.querySelector("[data-testid='stDeckGlJsonChart']"));
    mark('table', document.querySelector("[data-testid='stMain'] [data-testid='stDataFrame']"));
    const c = document.querySelector("[data-testid='stDeckGlJsonChart'] canvas");
    mark('canvas', c);
    // Reading a WebGL canvas back is costly where WebGL is software (headless Chromium without a GPU): at most
    // one sample per SAMPLE_MS, or the watcher itself would slow the page it times.
    if (c && c.width > 0 && c.height > 0 && now - sampled >= SAMPLE_MS) {
      sampled = now;
      if (!sample) { sample = document.createElement('canvas'); sample.width = W; sample.height = H; }
      const g = sample.getContext('2d', {willReadFrequently: true});
      g.clearRect(0, 0, W, H);
      try { g.drawImage(c, 0, 0, W, H); } catch (e) { requestAnimationFrame(tick); return; }
      const d = g.getImageData(0, 0, W, H).data;
      let n = 0, x0 = W, y0 = H, x1 = -1, y1 = -1, h = 0;
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
        const i = (y * W + x) * 4;
        if (d[i + 3] > 32) {
          n++; if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
          h = (h * 31 + d[i] * 7 + d[i + 1] * 3 + d[i + 2] + x * 13 + y) | 0;
        }
      }
      const key = n + ':' + h;
      if (key !== last) {
        last = key;
        log.push({t: now, n: n, box: [x0, y0, x1, y1], key: key, cw: c.clientWidth, ch: c.clientHeight});
      }
    }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();
"""

FILLED = 0.05  # a frame shows the map once this share of the sample is filled
QUIET_MS = 1500  # no change for this long: settled
IN_APP_SETTLE_MS = 3000  # an in-app visit's first page: time to finish drawing before the link is followed


def _painted(entry: dict[str, Any]) -> bool:
    return entry["n"] >= FILLED * 160 * 112


def _wait_settled(page: Any, since: float, timeout_s: float = 60.0) -> list[dict[str, Any]]:
    """Poll the in-page log until a painted frame exists after ``since`` and nothing changed for QUIET_MS."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        log, now = page.evaluate("[window.__mapLog, performance.now()]")
        after = [e for e in log if e["t"] >= since]
        if any(_painted(e) for e in after) and now - after[-1]["t"] >= QUIET_MS:
            return list(log)
        page.wait_for_timeout(100)
    raise RuntimeError("the map did not paint and settle within the timeout")


def _jumped(frames: list[dict[str, Any]]) -> bool:
    """Whether the painted frames' bounding box moved by more than 2 % of the sample after the first paint."""
    boxes = [e["box"] for e in frames if _painted(e)]
    if not boxes:
        return False
    first, final = boxes[0], boxes[-1]
    return any(abs(a - b) > 0.02 * 160 for a, b in zip(first, final, strict=True))


def visit(
    browser: Any,
    url: str,
    lang: str,
    *,
    change_filter: bool,
    viewport: tuple[int, int] = (1400, 1000),
    path: str = "/map",
    via: str | None = None,
) -> dict[str, Any]:
    """One first visit in a fresh context (new session, empty cache); optionally one filter change after it.

    With ``via``, the session opens that page first and reaches ``path`` through the sidebar's link; times
    are then from the click.
    """
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN")
    context.add_init_script(WATCH)
    outside: list[str] = []
    context.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None,
    )
    page = context.new_page()
    try:
        start = 0.0
        if via is None:
            page.goto(f"{url}{path}{'&' if '?' in path else '?'}lang={lang}")
        else:
            # In-app: open ``via`` first, let it finish, then follow the sidebar's link to ``path`` and time
            # from the click, as a user who opened the app and then chose the map.
            page.goto(f"{url}{via}{'&' if '?' in via else '?'}lang={lang}")
            page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
            page.wait_for_timeout(IN_APP_SETTLE_MS)
            page.locator(f"a[data-testid='stSidebarNavLink'][href*='{path.split('?')[0]}']").first.click()
            start = page.evaluate("window.__clicks[window.__clicks.length - 1]")
            page.evaluate("window.__marks = {}")
        log = _wait_settled(page, start)
        painted = [e for e in log if _painted(e) and e["t"] >= start]
        out: dict[str, Any] = {
            "first_paint_ms": painted[0]["t"] - start,
            "settled_ms": log[-1]["t"] - start,
            "frames_changed": len(log),
            "jump": _jumped(log),
            "canvas_px": [log[-1]["cw"], log[-1]["ch"]],
            "marks": {k: round(v - start) for k, v in page.evaluate("window.__marks").items()},
            "boxes": [[round(e["t"]), e["n"], e["box"], e["cw"]] for e in log],
        }
        if change_filter:
            before = log[-1]["key"]
            n_log = len(log)
            # The channel filter: the first selectbox of the main area (the sidebar's quarter picker is another).
            page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").nth(0).click()
            page.get_by_role("option").nth(1).click()  # the first channel after "all"
            clicked = page.evaluate("window.__clicks[window.__clicks.length - 1]")
            log = _wait_settled(page, clicked)
            changed = [e for e in log[n_log:] if e["key"] != before and _painted(e)]
            if changed:
                out["filter_first_ms"] = changed[0]["t"] - clicked
                out["filter_settled_ms"] = log[-1]["t"] - clicked
        out["outside"] = sorted(set(outside))
        print(f"  {lang} {path}: {json.dumps(out)}", file=sys.stderr, flush=True)
        return out
    finally:
        context.close()


def start_baseline(port: int) -> subprocess.Popen[bytes]:
    """Serve ``bench/map_baseline_app.py`` with the app's Streamlit settings and wait until it answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(BASELINE_APP), "--server.port", str(port)]
        + ["--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the baseline app did not start")


def _median(runs: list[dict[str, Any]], key: str) -> float | None:
    xs = [r[key] for r in runs if key in r]
    return round(statistics.median(xs)) if xs else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def run(
    db: Path, lang: str, repeats: int, viewport: tuple[int, int] = (1400, 1000), *, in_app: bool = False
) -> dict[str, Any]:
    """Start the app on ``db`` in ``lang`` and the baseline app, and time first visits of both, alternately.

    ``in_app``: each visit opens the overview (the baseline's start page) and follows the sidebar's link.
    """
    via, base_via = ("/overview", "/") if in_app else (None, None)
    from playwright.sync_api import sync_playwright

    port, base_port = screenshot.free_port(), screenshot.free_port()
    t0 = time.monotonic()
    server = screenshot.start_server(db, lang, port)
    started = time.monotonic() - t0
    baseline = start_baseline(base_port)
    url, base_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{base_port}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=screenshot.CHROMIUM, args=screenshot.ARGS)
            cold = visit(browser, url, lang, change_filter=False, viewport=viewport)
            # The baseline draws at the map's canvas width (the map sits in a column beside the sidebar).
            width = cold["canvas_px"][0]
            base_path = f"/deck?w={width}"
            visit(browser, base_url, lang, change_filter=False, viewport=viewport, path=base_path)  # its cold start
            runs, base_runs = [], []
            for _ in range(repeats):
                base_via_w = f"{base_via}?w={width}" if base_via else None
                base_runs.append(
                    visit(
                        browser, base_url, lang, change_filter=True, viewport=viewport, path=base_path, via=base_via_w
                    )
                )
                runs.append(visit(browser, url, lang, change_filter=True, viewport=viewport, via=via))
            browser.close()
    finally:
        for proc in (server, baseline):
            proc.terminate()
            proc.wait(timeout=10)

    out: dict[str, Any] = {
        "lang": lang,
        "in_app": in_app,
        "repeats": repeats,
        "server_start_s": round(started, 1),
        "server_cold": {k: cold[k] for k in ("first_paint_ms", "settled_ms", "jump")},
        "first_paint_all": [round(r["first_paint_ms"]) for r in runs],
        "filter_all": [round(r.get("filter_first_ms", -1)) for r in runs],
        "jumps": sum(bool(r["jump"]) for r in runs) + bool(cold["jump"]),
        "canvas_px": runs[-1]["canvas_px"] if runs else cold["canvas_px"],
        "outside": sorted({u for r in [cold, *runs, *base_runs] for u in r["outside"]}),
    }
    for key in ("first_paint_ms", "settled_ms", "filter_first_ms", "filter_settled_ms"):
        out[key] = _median(runs, key)
        out[f"baseline_{key}"] = _median(base_runs, key)
        out[f"ratio_{key}"] = _ratio(out[key], out[f"baseline_{key}"])
    # Where the first visit goes: the page's heading, the deck's element and canvas, then its first drawn frame.
    for mark in ("heading", "deck_element", "canvas"):
        out[f"{mark}_ms"] = _median([r["marks"] for r in runs], mark)
        out[f"baseline_{mark}_ms"] = _median([r["marks"] for r in base_runs], mark)
    return out


def main() -> int:
    """Time the map in each language and print one JSON object per language and a markdown line each."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--langs", nargs="+", default=["zh", "en"])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--viewport", default="1400x1000", help="browser window, WIDTHxHEIGHT (default 1400x1000)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument(
        "--in-app",
        action="store_true",
        help="reach the map from the overview through the sidebar's link (times from the click), not by its URL",
    )
    args = ap.parse_args()
    results = []
    for lang in args.langs:
        load_before = os.getloadavg()
        width, height = (int(x) for x in args.viewport.lower().split("x"))
        r = run(args.db, lang, args.repeats, (width, height), in_app=args.in_app)
        r["loadavg"] = [round(x, 1) for x in load_before]
        results.append(r)
        print(json.dumps(r, ensure_ascii=False))
    # One markdown row per language, as in docs/performance.md.
    for r in results:
        print(
            f"| {r['lang']} | {r['first_paint_ms']} | {r['baseline_first_paint_ms']} | {r['ratio_first_paint_ms']} | "
            f"{r['jumps']}/{r['repeats'] + 1} | {r['filter_first_ms']} | {r['baseline_filter_first_ms']} | "
            f"{r['ratio_filter_first_ms']} | {r['server_cold']['first_paint_ms']:.0f} | {r['loadavg'][0]} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 1 if any(r["outside"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
