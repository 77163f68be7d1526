"""Performance benchmark: demo data at 1M and 10M complaints; loader, page queries, page renders, memory.

Not a test: it takes minutes (about half an hour at 10M on 2 cores) and writes to /tmp.
Results go to ``bench/results/perf-s<scale>-<time>.json`` (git-ignored) and a markdown
summary to stdout; ``docs/performance.md`` records a run and the targets.

For each ``--scales`` value S (2.2 ≈ 1M complaints, 22 ≈ 10M):

1. **Generate** the demo files: ``python -m anning demo --scale S --out WORK/sS/demo``.
2. **Load**, in one subprocess (so the two compete on equal terms, with the files in the page
   cache): DuckDB's own ``read_csv`` into a typed table in a new database file, checkpointed
   (the baseline), interleaved with ``--load-repeats`` runs of ``anning.load.loader.load`` (each into a
   fresh store, each compared with the baselines just before and after it) on *the same files*: the UTF-8
   complaint files, which DuckDB reads natively (the 2019 files are GB18030, which DuckDB reads
   only with an extension that would have to be downloaded). The loader's stages are timed from
   its progress events (inspect, stage+validate, write, rollups+swap), and every rollup again on
   a copy of the store. Then the rest of the demo (2019 complaints, takedowns, enforcement) is
   loaded as a second batch, so the store matches ``python -m anning demo --load``, and the store is
   rebuilt from its Parquet archive (``python -m anning rebuild``), timed.
3. **Page queries**: every page of ``anning.ui.frame.PAGES`` is run with AppTest (with variants:
   each ranking dimension, both map measures, a source and a port company) while
   ``store.Reader.query`` records the named queries and parameters the page's ``anning``
   functions run. Each page variant's queries are then timed cold (a fresh ``store.Reader``,
   as after a load) and warm (again on the same reader), medians of ``--repeats`` runs, next to
   two raw DuckDB baselines on the same reader: ``select count(*) from complaints`` and a
   group-by over the raw table. The machine is shared and noisy, so ratios are reported.
4. **Renders**: the same variants' server-side AppTest run, median of ``--render-repeats``,
   with Streamlit's caches cleared (first visit after a load) and warm (cached).
5. **Peak memory**: a fresh subprocess renders every page variant with cold caches and
   reports ``resource.getrusage(RUSAGE_SELF).ru_maxrss``.

Usage::

    python bench/perf.py                         # scales 2.2 and 22 in /tmp/anning-bench
    python bench/perf.py --scales 2.2 --repeats 7
    python bench/perf.py --scales 22 --reuse     # reuse generated files and the loaded store
    python bench/perf.py --scales 22 --reuse --only pages   # re-time queries and renders only
    python bench/perf.py --scales 22 --reuse --only pages --pages handling rankings   # some pages only
    python bench/perf.py --scales 2.2 22 --reuse --only load --load-repeats 3   # the loader only
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"

# DuckDB's typed table for the baseline: the contract's complaint columns with their natural types.
BASELINE_COLUMNS = {
    "complaint_id": "VARCHAR",
    "received_at": "TIMESTAMP",
    "channel": "VARCHAR",
    "category": "VARCHAR",
    "sender_number": "VARCHAR",
    "operator": "VARCHAR",
    "industry": "VARCHAR",
    "company": "VARCHAR",
    "company_id": "VARCHAR",
    "province": "VARCHAR",
    "port": "VARCHAR",
    "port_company": "VARCHAR",
    # Issue 17: the demo's complaint files from 2020 on say how the operator handled each report.
    "handling_status": "VARCHAR",
    "handled_on": "DATE",
    # Issue 12: the reported message's text (demo files written since carry it).
    "content": "VARCHAR",
}
RAW_COUNT = "select count(*) from complaints"
RAW_GROUP_BY = 'select quarter, channel, category, sum("count") as n from complaints group by all'


def median(xs: list[float]) -> float:
    """The median, NaN for no values."""
    return float(statistics.median(xs)) if xs else float("nan")


def run_json(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run this script as a probe subprocess and parse the JSON it prints last."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise RuntimeError(f"probe {args[:2]} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- generate


def generate(scale: float, out: Path, reuse: bool) -> dict[str, Any]:
    """Write the demo files for ``scale`` (or reuse them); the seconds it took."""
    marker = out / ".generated"
    if reuse and marker.exists() and marker.read_text() == str(scale):
        return {"seconds": None, "reused": True}
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "anning", "demo", "--scale", str(scale), "--out", str(out)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    marker.write_text(str(scale))
    return {"seconds": time.perf_counter() - t0, "reused": False}


def split_files(demo: Path) -> tuple[list[Path], list[Path]]:
    """(UTF-8 complaint files DuckDB reads natively, everything else)."""
    utf8, rest = [], []
    for f in sorted(demo.iterdir()):
        if f.name.startswith("."):
            continue
        if f.name.startswith("complaints_") and f.suffix == ".csv" and not f.name.startswith("complaints_2019"):
            utf8.append(f)
        else:
            rest.append(f)
    return utf8, rest


# --------------------------------------------------------------------------- load probe (subprocess)


def _warm_files(files: list[Path]) -> None:
    for f in files:
        with open(f, "rb") as fh:
            while fh.read(16 * 1024 * 1024):
                pass


def _baseline(files: list[Path], db: Path) -> dict[str, Any]:
    import duckdb

    db.unlink(missing_ok=True)
    t0, c0 = time.perf_counter(), time.process_time()
    con = duckdb.connect(str(db))
    # Each file's own header picks its columns (demo files differ: handling from 2020, content since issue 12);
    # files of one layout are read by one read_csv, as the loader groups them.
    layouts: dict[tuple[str, ...], list[str]] = {}
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            layouts.setdefault(tuple(next(csv.reader(fh))), []).append(str(f))
    # The widest layout creates the table; the others insert by name (their missing columns are null).
    for i, (header, paths) in enumerate(sorted(layouts.items(), key=lambda kv: -len(kv[0]))):
        cols = {name: BASELINE_COLUMNS.get(name, "VARCHAR") for name in header}
        con.execute(
            ("create table complaints as " if i == 0 else "insert into complaints by name ")
            + "select * from read_csv($files, header = true, columns = $cols, auto_detect = false)",
            {"files": paths, "cols": cols},
        )
    con.execute("checkpoint")
    n = con.execute("select count(*) from complaints").fetchall()[0][0]
    con.close()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    db.unlink(missing_ok=True)
    return {"seconds": seconds, "cpu_seconds": cpu, "rows": int(n)}


def _timed_load(files: list[Path], db: Path, source: str) -> dict[str, Any]:
    from anning.load import loader

    marks: dict[str, float] = {}

    def progress(ev: Any) -> None:
        marks.setdefault(ev.step, time.perf_counter())

    t0, c0 = time.perf_counter(), time.process_time()
    report = loader.load(files, db, user="bench", source=source, progress=progress)
    t1, cpu = time.perf_counter(), time.process_time() - c0
    if not report.ok:
        raise RuntimeError("; ".join(report.lines()[:5]))
    order = ["read", "validate", "write", "rollup", "done"]
    at = {k: marks.get(k, t1) - t0 for k in order}
    return {
        "seconds": t1 - t0,
        "cpu_seconds": cpu,
        "rows": report.total_rows,
        "stages": {
            "inspect (hash, encoding, header)": at["validate"] - at["read"],
            "stage + validate (typed read_csv with rejects, maps, checks)": at["write"] - at["validate"],
            "write (upsert, Parquet archive, batch records)": at["rollup"] - at["write"],
            "rollups + meta + checkpoint + swap + audit": t1 - t0 - at["rollup"],
        },
    }


def _time_rollups(db: Path) -> dict[str, float]:
    import duckdb

    from anning.load import loader
    from anning.store import sql

    with tempfile.TemporaryDirectory(prefix="anning-rollups-", dir=db.parent) as tmp:
        copy = Path(tmp) / "copy.duckdb"
        shutil.copyfile(db, copy)
        con = duckdb.connect(str(copy))
        out = {}
        try:
            for name in loader._ROLLUPS:
                t0 = time.perf_counter()
                sql.execute(con, name)
                out[name] = time.perf_counter() - t0
        finally:
            con.close()
    return out


def _fresh(db: Path) -> None:
    for p in (db, db.with_name(db.stem + ".work.duckdb")):
        p.unlink(missing_ok=True)
    shutil.rmtree(db.parent / f"{db.stem}.archive", ignore_errors=True)


def _timed_rebuild(db: Path) -> dict[str, Any]:
    from anning.load import bootstrap

    t0, c0 = time.perf_counter(), time.process_time()
    batches = bootstrap.rebuild(db)
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0, "batches": batches}


def probe_load(args: argparse.Namespace) -> dict[str, Any]:
    """Baseline and loader interleaved on the same files (each loader run into a fresh store), a last
    baseline, the rollups one by one, the rest of the demo as a second batch, then a rebuild."""
    files_a = [Path(f) for f in args.files_a]
    files_b = [Path(f) for f in args.files_b]
    db = Path(args.db)
    _warm_files(files_a)
    baselines, loads = [], []
    for _ in range(args.load_repeats):
        baselines.append(_baseline(files_a, db.with_name("baseline.duckdb")))
        _fresh(db)
        loads.append(_timed_load(files_a, db, "demo"))
    baselines.append(_baseline(files_a, db.with_name("baseline.duckdb")))
    # Each loader run against the mean of the baselines just before and after it (same minutes of machine).
    ratios = [
        {
            "wall": ld["seconds"] / ((baselines[i]["seconds"] + baselines[i + 1]["seconds"]) / 2),
            "cpu": ld["cpu_seconds"] / ((baselines[i]["cpu_seconds"] + baselines[i + 1]["cpu_seconds"]) / 2),
        }
        for i, ld in enumerate(loads)
    ]
    rollups = _time_rollups(db)
    load_b = _timed_load(files_b, db, "demo")
    rebuild = _timed_rebuild(db)
    return {
        "baseline_runs": baselines,
        "loader_runs": loads,
        "loader": loads[len(loads) // 2] if len(loads) % 2 else loads[-1],
        "ratios": ratios,
        "ratio_wall_median": median([r["wall"] for r in ratios]),
        "ratio_cpu_median": median([r["cpu"] for r in ratios]),
        "baseline_median_s": median([b["seconds"] for b in baselines]),
        "baseline_median_cpu_s": median([b["cpu_seconds"] for b in baselines]),
        "loader_median_s": median([ld["seconds"] for ld in loads]),
        "loader_median_cpu_s": median([ld["cpu_seconds"] for ld in loads]),
        "rollups": rollups,
        "second_batch": load_b,
        "rebuild": rebuild,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# --------------------------------------------------------------------------- pages (AppTest)

Step = Callable[[Any], None]


def variants(db: Path, only: list[str] | None = None) -> dict[str, list[tuple[str, Step | None, Step | None]]]:
    """Page file -> [(variant, before switching to the page, widget step on the page)]; ``only`` keeps the
    pages whose URL path is listed (a shorter run on a busy machine)."""
    from anning.analysis import company
    from anning.store import db as store
    from anning.ui import frame as ui

    pages = {
        path: [("default", None, None)]
        for sect in ui.PAGES.values()
        for path, _, url in sect
        if not only or url in only
    }
    reader = store.Reader(db)
    try:
        top = company.search(reader, "", limit=50)
    finally:
        reader.close()
    source = next((k for k in top["key"] if not str(k).endswith("云信(示例)")), None)
    port = next((k for k in top["key"] if str(k).endswith("云信(示例)")), None)

    def set_state(key: str) -> Step:
        return lambda at: at.session_state.__setitem__("company_key", key)

    def radio(key: str, value: str) -> Step:
        return lambda at: at.radio(key=key).set_value(value)

    if "pages/rankings.py" in pages:
        from anning.analysis import rankings

        pages["pages/rankings.py"] = [
            (d, None, radio("rankings_by", d) if d != rankings.DIMENSIONS[0] else None) for d in rankings.DIMENSIONS
        ]
    if "pages/map.py" in pages:
        pages["pages/map.py"] = [("count", None, None), ("rate", None, radio("map_metric", "rate"))]
    if "pages/handling.py" in pages:
        pages["pages/handling.py"] = [("operator", None, None), ("province", None, radio("handling_by", "province"))]
    if "pages/company.py" in pages:
        pages["pages/company.py"] = [("none chosen", None, None)]
        if source:
            pages["pages/company.py"].append((f"source {source}", set_state(source), None))
        if port:
            pages["pages/company.py"].append((f"port {port}", set_state(port), None))
    return pages


class Recorder:
    """Wraps ``store.Reader.query`` to record (name, params) of every named query the app runs."""

    def __init__(self) -> None:
        from anning.store import db as store

        self.calls: list[tuple[str, str]] | None = None
        original = store.Reader.query

        def query(reader: Any, name: str, params: dict[str, Any] | None = None) -> Any:
            if self.calls is not None:
                self.calls.append((name, json.dumps(params or {}, sort_keys=True, default=str)))
            return original(reader, name, params)

        store.Reader.query = query  # type: ignore[method-assign]


def _app(page: str, before: Step | None, step: Step | None) -> Any:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["frame_lang"] = "zh"
    at.run()
    if before:
        before(at)
    at.switch_page(page).run()
    if step:
        step(at)
    return at


def _clear() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def probe_pages(args: argparse.Namespace) -> dict[str, Any]:
    """Render every page variant (recording its named queries), then time those queries cold and warm."""
    os.environ["ANNING_DB"] = str(args.db)
    from anning.store import db as store
    from anning.store import sql

    db = Path(args.db)
    rec = Recorder()
    out: dict[str, Any] = {"pages": {}}
    for page, vs in variants(db, args.pages).items():
        for name, before, step in vs:
            at = _app(page, before, step)
            cold, warm, cold_cpu, warm_cpu = [], [], [], []
            calls: list[tuple[str, str]] = []
            for i in range(args.render_repeats):
                _clear()
                rec.calls = [] if i == 0 else None
                t0, c0 = time.perf_counter(), time.process_time()
                at.run()
                cold.append(time.perf_counter() - t0)
                cold_cpu.append(time.process_time() - c0)
                if i == 0:
                    calls = list(dict.fromkeys(rec.calls or []))
                    rec.calls = None
                error = [str(e.value)[:200] for e in at.exception]
            for _ in range(args.render_repeats):
                t0, c0 = time.perf_counter(), time.process_time()
                at.run()
                warm.append(time.perf_counter() - t0)
                warm_cpu.append(time.process_time() - c0)
            out["pages"].setdefault(page, {})[name] = {
                "render_cold_s": median(cold),
                "render_warm_s": median(warm),
                "render_cold_cpu_s": median(cold_cpu),
                "render_warm_cpu_s": median(warm_cpu),
                "errors": error,
                "queries": [{"name": n, "params": json.loads(p)} for n, p in calls],
            }

    # Time every variant's queries: cold on fresh readers, warm on one reader; raw baselines beside them.
    cpu_log: list[float] = []

    def run_all(reader: store.Reader, calls: list[dict[str, Any]]) -> list[float]:
        # Wall time per query; the process CPU time of the whole list (all DuckDB threads) goes to cpu_log,
        # which is steadier than wall time on a shared, busy machine.
        times = []
        c0 = time.process_time()
        for c in calls:
            t0 = time.perf_counter()
            reader.query(c["name"], c["params"])
            times.append(time.perf_counter() - t0)
        cpu_log.append(time.process_time() - c0)
        return times

    warm_reader = store.Reader(db)
    cur = warm_reader.cursor()
    for q in (RAW_COUNT, RAW_GROUP_BY):
        cur.execute(q).fetchall()
    raw: dict[str, list[float]] = {"count": [], "group_by": []}
    raw_cpu: dict[str, list[float]] = {"count": [], "group_by": []}
    for vs in out["pages"].values():
        for v in vs.values():
            calls = [c for c in v["queries"] if c["name"] in sql.registry()]
            cold_totals, cold_per = [], []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                r = store.Reader(db)
                attach = time.perf_counter() - t0
                per = run_all(r, calls)
                r.close()
                cold_totals.append(attach + sum(per))
                cold_per.append(per)
            run_all(warm_reader, calls)
            warm_totals, warm_per = [], []
            cpu_log.clear()
            for _ in range(args.repeats):
                per = run_all(warm_reader, calls)
                warm_totals.append(sum(per))
                warm_per.append(per)
                for key, q in (("count", RAW_COUNT), ("group_by", RAW_GROUP_BY)):
                    t0, c0 = time.perf_counter(), time.process_time()
                    cur.execute(q).fetchall()
                    raw[key].append(time.perf_counter() - t0)
                    raw_cpu[key].append(time.process_time() - c0)
            v["queries_warm_cpu_s"] = median(cpu_log)
            v["queries_cold_s"] = median(cold_totals)
            v["queries_warm_s"] = median(warm_totals)
            for i, c in enumerate(calls):
                c["warm_s"] = median([p[i] for p in warm_per])
                c["cold_s"] = median([p[i] for p in cold_per])
            slowest = max(calls, key=lambda c: c["warm_s"], default=None)
            v["slowest_warm"] = {"name": slowest["name"], "s": slowest["warm_s"]} if slowest else None
    cur.close()
    warm_reader.close()
    out["raw_count_s"] = median(raw["count"])
    out["raw_group_by_s"] = median(raw["group_by"])
    out["raw_count_cpu_s"] = median(raw_cpu["count"])
    out["raw_group_by_cpu_s"] = median(raw_cpu["group_by"])
    return out


def probe_memory(args: argparse.Namespace) -> dict[str, Any]:
    """Render every page variant with cold caches in this fresh process; its peak RSS."""
    os.environ["ANNING_DB"] = str(args.db)
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rendered = []
    for page, vs in variants(Path(args.db), args.pages).items():
        for name, before, step in vs:
            _clear()
            at = _app(page, before, step)
            at.run()
            rendered.append(f"{page}:{name}")
    return {
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_at_start_mb": rss_start,
        "rendered": rendered,
    }


# --------------------------------------------------------------------------- report


def summary_load(scale: float, res: dict[str, Any]) -> str:
    """The loader part of the summary (``--only load``)."""
    full = summary(scale, {**res, "pages": None, "memory": None})
    return full


def summary(scale: float, res: dict[str, Any]) -> str:
    """A markdown summary of one scale's results."""
    lines = [f"## scale {scale}: {res['load']['loader']['rows']:,} complaint rows in the timed batch", ""]
    ld = res["load"]
    n = len(ld["loader_runs"])
    lines += [
        f"- DuckDB read_csv → typed table, median of {n + 1}: {ld['baseline_median_s']:.2f} s "
        f"(CPU {ld['baseline_median_cpu_s']:.1f} s); loader, median of {n}: {ld['loader_median_s']:.2f} s "
        f"(CPU {ld['loader_median_cpu_s']:.1f} s)",
        f"- ratio (each run against the baselines around it, median): wall {ld['ratio_wall_median']:.2f}×, "
        f"CPU {ld['ratio_cpu_median']:.2f}× (target ≤ 1.5×)",
        f"- second batch (2019 GB18030 complaints, takedowns, enforcement): {ld['second_batch']['seconds']:.2f} s",
        f"- rebuild from the Parquet archive ({ld['rebuild']['batches']} batches): {ld['rebuild']['seconds']:.2f} s "
        f"(CPU {ld['rebuild']['cpu_seconds']:.1f} s)",
        "",
        "| loader stage | s |",
        "|---|---:|",
    ]
    lines += [f"| {k} | {v:.2f} |" for k, v in ld["loader"]["stages"].items()]
    lines += ["", "| rollup (rebuilt on the full store) | s |", "|---|---:|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in ld["rollups"].items()]
    pg = res["pages"]
    if pg is None:
        return "\n".join(lines)
    g = pg["raw_group_by_s"]
    gc = pg.get("raw_group_by_cpu_s", float("nan"))
    lines += [
        "",
        f"Raw baselines (same reader, warm): count(*) {pg['raw_count_s'] * 1000:.1f} ms, "
        f"group-by {g * 1000:.1f} ms (CPU {gc * 1000:.1f} ms)",
        "",
        "| page | variant | queries | warm ms | ×group-by | warm CPU ms | cold ms | slowest (warm ms) | "
        "render cold s (CPU) | render warm s (CPU) |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for page, vs in pg["pages"].items():
        for name, v in vs.items():
            sl = v["slowest_warm"]
            cpu = v.get("queries_warm_cpu_s", float("nan"))
            lines.append(
                f"| {Path(page).stem} | {name} | {len(v['queries'])} | {v['queries_warm_s'] * 1000:.1f} | "
                f"{v['queries_warm_s'] / g:.2f} | {cpu * 1000:.1f} | {v['queries_cold_s'] * 1000:.1f} | "
                f"{sl['name'] + ' ' + format(sl['s'] * 1000, '.1f') if sl else '–'} | "
                f"{v['render_cold_s']:.2f} ({v.get('render_cold_cpu_s', float('nan')):.2f}) | "
                f"{v['render_warm_s']:.2f} ({v.get('render_warm_cpu_s', float('nan')):.2f}) |"
                + (f" errors: {v['errors']}" if v["errors"] else "")
            )
    lines += [
        "",
        f"Peak memory (AppTest process rendering every page variant): {res['memory']['maxrss_mb']:.0f} MB",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    """Run the benchmark (or one probe, in a subprocess)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", nargs="+", type=float, default=[2.2, 22.0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/anning-bench"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--render-repeats", type=int, default=3)
    ap.add_argument("--load-repeats", type=int, default=3, help="loader runs (each between two baselines)")
    ap.add_argument("--reuse", action="store_true", help="reuse generated files (and the store with --only pages)")
    ap.add_argument("--only", choices=["all", "pages", "load"], default="all")
    ap.add_argument("--pages", nargs="+", help="only these pages (URL paths, e.g. handling rankings overview)")
    ap.add_argument("--probe", choices=["load", "pages", "memory"], help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--files-a", nargs="*", default=[], help=argparse.SUPPRESS)
    ap.add_argument("--files-b", nargs="*", default=[], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.probe:
        fn = {"load": probe_load, "pages": probe_pages, "memory": probe_memory}[args.probe]
        print(json.dumps(fn(args), default=str))
        return 0

    RESULTS.mkdir(parents=True, exist_ok=True)
    for scale in args.scales:
        work = args.work / f"s{scale:g}"
        work.mkdir(parents=True, exist_ok=True)
        db = work / "store" / "anning.duckdb"
        db.parent.mkdir(exist_ok=True)
        res: dict[str, Any] = {
            "scale": scale,
            "started": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count()},
            "commands": [],
        }
        prev = None
        if args.only == "pages":
            prev = max(RESULTS.glob(f"perf-s{scale:g}-*.json"), default=None)
            res.update({k: v for k, v in json.loads(prev.read_text()).items() if k in ("generate", "load")})
        else:
            print(f"[scale {scale}] generating…", file=sys.stderr)
            res["generate"] = generate(scale, work / "demo", args.reuse)
            files_a, files_b = split_files(work / "demo")
            print(f"[scale {scale}] loading ({len(files_a)} + {len(files_b)} files)…", file=sys.stderr)
            res["load"] = run_json(
                [
                    "--probe",
                    "load",
                    "--db",
                    str(db),
                    "--load-repeats",
                    str(args.load_repeats),
                    "--files-a",
                    *map(str, files_a),
                    "--files-b",
                    *map(str, files_b),
                ]
            )
        if args.only == "load":
            res["finished"] = dt.datetime.now().isoformat(timespec="seconds")
            res["commands"] = [" ".join(["python", "bench/perf.py", *sys.argv[1:]])]
            out = RESULTS / f"perf-load-s{scale:g}-{dt.datetime.now():%Y%m%d-%H%M}.json"
            out.write_text(json.dumps(res, indent=1, default=str, ensure_ascii=False))
            print(summary_load(scale, res))
            print(f"(results: {out})")
            continue
        print(f"[scale {scale}] page queries and renders…", file=sys.stderr)
        res["pages"] = run_json(
            [
                "--probe",
                "pages",
                "--db",
                str(db),
                "--repeats",
                str(args.repeats),
                "--render-repeats",
                str(args.render_repeats),
                *(["--pages", *args.pages] if args.pages else []),
            ]
        )
        print(f"[scale {scale}] peak memory…", file=sys.stderr)
        res["memory"] = run_json(
            ["--probe", "memory", "--db", str(db), *(["--pages", *args.pages] if args.pages else [])]
        )
        res["finished"] = dt.datetime.now().isoformat(timespec="seconds")
        res["commands"] = [" ".join(["python", "bench/perf.py", *sys.argv[1:]])]
        out = RESULTS / f"perf-s{scale:g}-{dt.datetime.now():%Y%m%d-%H%M}.json"
        out.write_text(json.dumps(res, indent=1, default=str, ensure_ascii=False))
        print(summary(scale, res))
        print(f"(results: {out}{'; load from ' + prev.name if prev else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
