"""The audit log: who loaded, published, approved, exported, signed in or failed to, and when.

Two places hold entries, for two kinds of event:

* **standalone events** (sign-ins, sign-outs, exports, loads, user changes) are appended to
  ``PATH`` stem + ``.audit.jsonl`` beside the store, one JSON object per line, by :func:`append`.
  Appending writes one line at the end of the file under an exclusive ``flock``; it never copies
  or rewrites anything, so an audit write costs the same whatever the size of the workflow file;
* **workflow events** (a list prepared, approved or published; a referral batch; an inventory
  published) are rows of the workflow file's ``audit_log`` table, written in the same swap as the
  change they record (:func:`anning.store.db.write_work`), so the change and its record commit
  together or not at all. Entries of the first kind written before this design are there too.

:func:`recent` reads both, newest first. The guarantees of ``docs/store.md`` hold for each: a
reader sees a workflow entry exactly when it sees its change, and an appended line once it is
whole. A line is written with one ``write`` and ``fsync``-ed; a writer killed mid-line leaves a
partial line without its newline, which readers skip and the next writer seals off with a newline,
so it can never glue onto the next entry. The file is ``0600`` (made so on each append).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from anning.store import info
from anning.store.info import QuerySource

COLUMNS = ["ts", "user_name", "action", "detail"]
_TAIL_BLOCK = 64 * 1024


def log_path(db: Path) -> Path:
    """The append-only audit file that sits beside a data file."""
    return db.with_name(db.stem + ".audit.jsonl")


def append(db: Path, user: str, action: str, detail: str) -> None:
    """Append one entry (now, ``user`` did ``action``; ``detail`` is a JSON text) to the audit file."""
    path = log_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {"ts": dt.datetime.now().isoformat(timespec="microseconds"), "user_name": user, "action": action}
    entry["detail"] = detail
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        stat = os.fstat(fd)
        if stat.st_mode & 0o077:  # a copy or an older file readable by others: private again
            os.fchmod(fd, 0o600)
        size = stat.st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line  # a writer died mid-line: keep its fragment on a line of its own
        view = memoryview(line)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _tail_lines(path: Path, limit: int) -> list[bytes]:
    """The last ``limit`` complete lines of the file (oldest first), reading backwards in blocks."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below; the file may vanish between calls
    except FileNotFoundError:
        return []
    with f:
        end = f.seek(0, os.SEEK_END)
        buf, pos = b"", end
        while pos > 0 and buf.count(b"\n") <= limit:
            step = min(_TAIL_BLOCK, pos)
            pos -= step
            f.seek(pos)
            buf = f.read(step) + buf
    lines = buf.split(b"\n")
    lines.pop()  # after the last newline: empty, or a line still being written
    if pos > 0:
        lines = lines[1:]  # the first piece may be the tail of a longer line
    return lines[-limit:] if limit > 0 else []


def read(db: Path, limit: int = 200) -> pd.DataFrame:
    """The latest ``limit`` appended entries, newest first (columns :data:`COLUMNS`)."""
    rows: list[dict[str, Any]] = []
    for raw in _tail_lines(log_path(db), limit):
        try:
            e = json.loads(raw)
            rows.append({c: e[c] for c in COLUMNS})
        except (ValueError, KeyError, TypeError):
            continue  # a fragment left by a writer that died mid-line
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["ts"] = pd.to_datetime(out["ts"], format="ISO8601")
    return out.iloc[::-1].reset_index(drop=True)


def recent(src: QuerySource, limit: int = 200, *, db: Path | None = None) -> pd.DataFrame:
    """The latest ``limit`` entries of both kinds, newest first (columns :data:`COLUMNS`).

    ``db`` is the data file (the appended entries sit beside it); by default ``src.db``, which both
    :class:`anning.store.db.Reader` and the app's cached source have.
    """
    # No workflow file or table yet: no workflow events.
    table = info.query_if_table(src, "audit_recent", "audit_log", {"limit": int(limit)})
    db = db if db is not None else getattr(src, "db", None)
    appended = read(Path(db), limit) if db is not None else pd.DataFrame(columns=COLUMNS)
    frames = [f for f in (table, appended) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    both = pd.concat(frames, ignore_index=True)
    both["ts"] = pd.to_datetime(both["ts"])
    return both.sort_values(["ts", "action"], ascending=[False, True], kind="stable").head(limit).reset_index(drop=True)
