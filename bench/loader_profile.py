"""Where a load's time goes: every named query the loader runs, timed, beside DuckDB's own typed read.

Not a test. Loads the UTF-8 complaint files of a demo folder (as ``bench/perf.py`` does) into a fresh
store once, after one run of the same-process baseline (``bench/perf.py``'s typed ``read_csv`` into a
table, checkpointed), and prints the loader's stages and its named queries by total time, so the
next optimisation starts from a measurement. The archive's queries run in the loader's writer threads,
beside the rollups: their total is thread time, more than the time they add to the load.

Usage::

    python -m anning demo --scale 2.2 --out /tmp/lb/demo          # about 1M complaints
    python bench/loader_profile.py --demo /tmp/lb/demo --work /tmp/lb/profile
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import perf  # noqa: E402

from anning.load import loader  # noqa: E402
from anning.store import sql  # noqa: E402


def main() -> int:
    """Time the baseline and one load; print the stages and the 20 costliest named queries."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--demo", type=Path, required=True, help="a folder written by `python -m anning demo`")
    ap.add_argument("--work", type=Path, required=True, help="scratch folder (emptied first)")
    args = ap.parse_args()
    files, _ = perf.split_files(args.demo)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    spent: dict[str, float] = collections.defaultdict(float)
    calls: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()  # the archive's writer threads run named queries too

    def timed(fn: Any) -> Any:
        """``fn`` (a runner of named queries), adding each call's time to its query's total."""

        def run(con: Any, name: str, *args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(con, name, *args, **kwargs)
            finally:
                with lock:
                    spent[name] += time.perf_counter() - t0
                    calls[name] += 1

        return run

    # The loader runs its named queries through these two (DML with row counts through the second).
    sql._run_all = timed(sql._run_all)  # type: ignore[assignment]
    sql.execute_counts = timed(sql.execute_counts)  # type: ignore[assignment]
    perf._warm_files(files)
    base = perf._baseline(files, args.work / "baseline.duckdb")
    marks: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    report = loader.load(
        files,
        args.work / "anning.duckdb",
        user="bench",
        source="demo",
        progress=lambda ev: marks.setdefault(ev.step, time.perf_counter()),
    )
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if not report.ok:
        print("\n".join(report.lines()[:5]), file=sys.stderr)
        return 1
    print(f"{report.total_rows:,} complaints in {len(files)} files")
    print(f"baseline read_csv: {base['seconds']:.2f} s wall, {base['cpu_seconds']:.2f} s CPU")
    print(
        f"loader: {wall:.2f} s wall ({wall / base['seconds']:.2f}x), {cpu:.2f} s CPU ({cpu / base['cpu_seconds']:.2f}x)"
    )
    print("stages, seconds from the start:", {k: round(v - t0, 2) for k, v in marks.items()})
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:20]:
        print(f"{seconds:8.2f} s {calls[name]:4d} x {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
