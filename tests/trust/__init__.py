"""Trust tests: Anning survives hostile input and concurrent use.

The tests count what they do (examples fuzzed, loads, reader queries, faults injected) and
:func:`record` writes the counts to ``bench/results/reliability.json`` (git-ignored), which
``docs/reliability.md`` quotes. Run ``python -m pytest tests/trust -s`` to also see them printed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results" / "reliability.json"


def record(section: str, figures: dict[str, object]) -> None:
    """Merge one section of measured figures into the results file and print it."""
    print(f"\n[reliability] {section}: " + json.dumps(figures, ensure_ascii=False, sort_keys=True))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(RESULTS.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = json.loads(RESULTS.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            data = {}
        data[section] = {
            **figures,
            "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
            "host": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        }
        tmp = RESULTS.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, RESULTS)
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        os.close(lock)
