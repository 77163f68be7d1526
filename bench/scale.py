"""Scale-out benchmark: the loader, DuckDB's and Spark's rollups of the Parquet archive, time and peak memory.

Not a test: at 10M complaints it takes a quarter of an hour or more on 2 cores, and writes to /tmp.
For each ``--scales`` value S (2.2 ≈ 1M complaints, 22 ≈ 10M), in ``WORK/sS``:

1. the demo files (generated once, reused), loaded by the loader into a new store as one demo batch;
2. the store's rows written as the loader's Parquet archive (tests/scale_archive.py; the loader of
   issue 13 will write it while loading, so this step is not timed as the loader's);
3. ``python -m anning rollups --engine duckdb`` and ``--engine spark`` (local[2]) over that archive;
4. the two outputs compared table by table (they must be equal), and ``attach-rollups`` of Spark's.

Each command runs as a subprocess; its wall time and the peak resident memory of its whole process tree
(the Spark run's JVM included), sampled every 0.2 s from /proc, are recorded. Results go to
``bench/results/scale-<time>.json`` and a markdown table to stdout; ``docs/scale-out.md`` records a run.

Usage::

    python bench/scale.py --scales 2.2 22
    python bench/scale.py --scales 22 --driver-memory 4g --reuse   # keep the store a killed run loaded
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def _tree(root: int) -> tuple[int, float]:
    """Resident bytes and CPU seconds so far (user + system) of ``root`` and all its descendants, from /proc."""
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stats[int(entry)] = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, s in stats.items() if int(s[1]) == p and c not in tree]
        tree.update(kids)
        frontier.extend(kids)
    rss, ticks = 0, 0
    for pid in tree:
        if pid in stats:
            # stat fields 14-17 (utime, stime, cutime, cstime), 12-15 after the command name is cut off
            ticks += sum(int(x) for x in stats[pid][11:15])
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, ticks / os.sysconf("SC_CLK_TCK")


def measure(cmd: list[str], log: Path) -> dict[str, float]:
    """Run ``cmd``; its wall and CPU seconds and peak process-tree RSS (MB). Raises if it fails.

    CPU seconds (user + system of the whole process tree, the Spark JVM included, sampled like the memory) say
    more than wall time on a machine that other people's work shares: compare those across engines and scales.
    """
    peak, tree_cpu = 0, 0.0
    started = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            # The Spark JVM is not a child Python waits for, so wait4 misses its CPU: sample the tree's too.
            nonlocal peak, tree_cpu
            while not done.wait(0.2):
                rss, cpu = _tree(proc.pid)
                peak, tree_cpu = max(peak, rss), max(tree_cpu, cpu)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        thread.join()
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed ({proc.returncode}); see {log}")
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(max(usage.ru_utime + usage.ru_stime, tree_cpu), 1),
        "peak_mb": round(peak / 2**20),
        "load_avg_5min": round(os.getloadavg()[1], 1),
    }


def _clear(d: Path, names: tuple[str, ...]) -> None:
    for name in names:
        p = d / name
        shutil.rmtree(p) if p.is_dir() else p.unlink(missing_ok=True)


def run_scale(scale: float, work: Path, driver_memory: str | None, reuse: bool) -> dict[str, object]:
    """Everything for one scale; returns the measurements (also kept in ``WORK/sS/results.json`` as they come)."""
    import duckdb

    from anning.scale import plan
    from tests import scale_archive
    from tests.scale import compare

    py = sys.executable
    d = work / f"s{scale:g}"
    demo = d / "demo"
    if not (demo.is_dir() and any(demo.glob("complaints_*"))):
        subprocess.run([py, "-m", "anning", "demo", "--scale", str(scale), "--out", str(demo)], cwd=ROOT, check=True)
    db = d / "anning.duckdb"
    partial = d / "results.json"
    res: dict[str, object] = json.loads(partial.read_text()) if reuse and partial.exists() else {}

    def keep(key: str, value: object) -> None:
        res[key] = value
        partial.write_text(json.dumps(res, indent=2, default=str))

    keep("scale", scale)
    if not (reuse and "load" in res and db.exists()):
        _clear(d, ("anning.duckdb", "anning.work.duckdb", "anning.archive"))
        files = sorted(str(p) for p in demo.iterdir() if p.suffix in (".csv", ".xlsx"))
        loader = (
            "import sys; from pathlib import Path; from anning.load import bootstrap; "
            "r = bootstrap.load_demo_files([Path(f) for f in sys.argv[2:]], Path(sys.argv[1])); "
            "sys.exit(0 if r.ok else 1)"
        )
        keep("load", measure([py, "-c", loader, str(db), *files], d / "load.log"))
    _clear(d, ("parquet", "out_duckdb", "out_spark", "served.duckdb"))
    t0 = time.monotonic()
    archive = d / "parquet"
    scale_archive.from_store(db, archive)
    keep("archive_seconds", round(time.monotonic() - t0, 1))
    keep("archive_mb", round(sum(f.stat().st_size for f in archive.rglob("*.parquet")) / 2**20, 1))
    keep("store_mb", round(db.stat().st_size / 2**20, 1))
    base = [py, "-m", "anning", "rollups", "--archive", str(archive)]
    keep("rollups_duckdb", measure([*base, "--engine", "duckdb", "--out", str(d / "out_duckdb")], d / "duckdb.log"))
    spark_cmd = [*base, "--engine", "spark", "--out", str(d / "out_spark")]
    if driver_memory:
        spark_cmd += ["--driver-memory", driver_memory]
    keep("rollups_spark", measure(spark_cmd, d / "spark.log"))
    attach_cmd = [py, "-m", "anning", "attach-rollups", str(d / "out_spark"), "--catalog", str(db)]
    keep("attach", measure([*attach_cmd, "--db", str(d / "served.duckdb")], d / "attach.log"))
    keep("served_mb", round((d / "served.duckdb").stat().st_size / 2**20, 1))
    keep("output_mb", round(sum(f.stat().st_size for f in (d / "out_spark").rglob("*.parquet")) / 2**20, 1))
    con = duckdb.connect()
    try:
        diffs = {
            t: compare.differences(con, str(d / "out_duckdb" / t), str(d / "out_spark" / t)) for t in plan.OUTPUT_TABLES
        }
        facts = con.read_parquet(str(d / "out_duckdb" / "archive_facts" / "*.parquet")).df().iloc[0]
    finally:
        con.close()
    keep("complaints", int(facts.complaints))
    keep("equal", all(not v for v in diffs.values()))
    keep("differences", {k: v for k, v in diffs.items() if v})
    return res


def main() -> int:
    """Run the benchmark; print a markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=float, nargs="+", default=[2.2, 22])
    ap.add_argument("--work", type=Path, default=Path("/tmp/anning-bench-scale"))
    ap.add_argument("--driver-memory", default=None, help="Spark driver memory (default: Spark's, 1g)")
    ap.add_argument("--reuse", action="store_true", help="keep a store an earlier run loaded, and its load figures")
    args = ap.parse_args()
    results = [run_scale(s, args.work, args.driver_memory, args.reuse) for s in args.scales]
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"scale-{stamp}.json").write_text(json.dumps(results, indent=2, default=str))
    print("| scale | complaints | step | wall s | CPU s | peak MB | load avg (5 min) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        for step in ("load", "rollups_duckdb", "rollups_spark", "attach"):
            m = r[step]
            print(
                f"| {r['scale']} | {r['complaints']:,} | {step} | {m['seconds']} | {m['cpu_seconds']} | "
                f"{m['peak_mb']} | {m['load_avg_5min']} |"
            )
        print(
            f"| {r['scale']} | | equal: {r['equal']} | archive {r['archive_mb']} MB, store {r['store_mb']} MB, "
            f"output {r['output_mb']} MB, served {r['served_mb']} MB | | | |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
