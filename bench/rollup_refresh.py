"""A quarter's load into a populated store: rollups refreshed for its quarters only, against a full rebuild.

Not a test. Issue 13 (item 3) asks that a load refresh only the rollup quarters it touched where that is
cheaper than rebuilding every rollup. This measures the common case, the quarterly load: the demo files at
``--scale`` are generated once; a base store holds every file but the last two quarters' complaint files; then
the next quarter's complaint file is loaded into fresh copies of that store (store, work file and archive
copied whole), alternately

- **refresh**: the loader as shipped (``loader.touched_quarters`` finds the one quarter), and
- **full**: the same loader with ``touched_quarters`` made to answer ``None``, so every rollup is rebuilt as
  before the change (the baseline, in the same process and on the same files).

For each, the whole load's wall and CPU time (``time.process_time``: every DuckDB thread of the process) and
its last stage, "rollups + meta + checkpoint + swap + audit" (from the loader's progress events), medians over
``--repeats``. Each refreshed store is checked against the full one: every ``r_*`` table equal.

Usage::

    python bench/rollup_refresh.py --scale 2.2 --work /tmp/anning-refresh --repeats 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from anning.load import loader  # noqa: E402
from anning.store import sql  # noqa: E402
from tests.helpers import rows  # noqa: E402


def _generate(scale: float, out: Path) -> list[Path]:
    if not (out / "complaints_2026Q3.csv").exists():
        subprocess.run(
            [sys.executable, "-m", "anning", "demo", "--scale", str(scale), "--out", str(out)], check=True, cwd=ROOT
        )
    return sorted(p for p in out.iterdir() if p.suffix in (".csv", ".xlsx"))


def _timed_load(files: list[Path], db: Path) -> dict[str, float]:
    marks: dict[str, float] = {}

    def progress(ev: Any) -> None:
        marks.setdefault(ev.step, time.perf_counter())

    t0, c0 = time.perf_counter(), time.process_time()
    report = loader.load(files, db, user="bench", progress=progress)
    t1, cpu = time.perf_counter(), time.process_time() - c0
    if not report.ok:
        raise RuntimeError("; ".join(report.lines()[:5]))
    return {"seconds": t1 - t0, "cpu_seconds": cpu, "rollup_stage_seconds": t1 - marks.get("rollup", t1)}


def _tables(db: Path) -> dict[str, list[tuple]]:
    tables = [loader.rollup_table(n) for n in sql.ROLLUPS]
    return {t: rows(db, f"select * from {sql.ident(t)} order by all") for t in tables}


def main() -> int:
    """Generate, build the base store, time both variants alternately, check them equal, print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=2.2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/anning-refresh"))
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    files = _generate(args.scale, args.work / f"s{args.scale}" / "demo")
    held = {"complaints_2026Q3.csv", "complaints_2026Q4.csv"}
    base = args.work / f"s{args.scale}" / "base"
    if not (base / "anning.duckdb").exists():
        _timed_load([f for f in files if f.name not in held], base / "anning.duckdb")
    quarter_file = next(f for f in files if f.name == "complaints_2026Q3.csv")
    n_quarters = rows(base / "anning.duckdb", "select count(distinct quarter) from complaints")[0][0]
    n_rows = rows(base / "anning.duckdb", "select count(*) from complaints")[0][0]

    real = loader.touched_quarters
    results: dict[str, list[dict[str, float]]] = {"refresh": [], "full": []}
    for i in range(args.repeats):
        order = ("refresh", "full") if i % 2 == 0 else ("full", "refresh")
        stores: dict[str, Path] = {}
        for variant in order:
            run = args.work / f"s{args.scale}" / f"run-{variant}"
            shutil.rmtree(run, ignore_errors=True)
            shutil.copytree(base, run)
            loader.touched_quarters = real if variant == "refresh" else (lambda con, kinds: None)  # type: ignore[assignment]
            try:
                results[variant].append(_timed_load([quarter_file], run / "anning.duckdb"))
            finally:
                loader.touched_quarters = real  # type: ignore[assignment]
            stores[variant] = run / "anning.duckdb"
        if i == 0 and _tables(stores["refresh"]) != _tables(stores["full"]):
            raise SystemExit("the refreshed rollups differ from the full rebuild's")

    def med(variant: str, key: str) -> float:
        return statistics.median(r[key] for r in results[variant])

    summary = {
        "scale": args.scale,
        "store_complaints": n_rows,
        "store_quarters": n_quarters,
        "loaded_file": quarter_file.name,
        "repeats": args.repeats,
        "load_avg": os.getloadavg(),
        "results": results,
    }
    out = ROOT / "bench" / "results" / f"rollup-refresh-s{args.scale}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=1))
    print(f"store: {n_rows:,} complaints in {n_quarters} quarters; loaded {quarter_file.name}; {args.repeats} repeats")
    print(f"load average {summary['load_avg'][0]:.1f}; results in {out}")
    print("| variant | load s | load CPU s | rollups + checkpoint + swap s |")
    print("|---|---:|---:|---:|")
    for v in ("full", "refresh"):
        print(f"| {v} | {med(v, 'seconds'):.2f} | {med(v, 'cpu_seconds'):.2f} | {med(v, 'rollup_stage_seconds'):.2f} |")
    print(
        f"| full ÷ refresh | {med('full', 'seconds') / med('refresh', 'seconds'):.2f} | "
        f"{med('full', 'cpu_seconds') / med('refresh', 'cpu_seconds'):.2f} | "
        f"{med('full', 'rollup_stage_seconds') / med('refresh', 'rollup_stage_seconds'):.2f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
