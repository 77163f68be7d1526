"""Small private files beside the store (users, sessions, the session key): written whole, 0600, under a lock.

Both the users file and the sessions file are read-modify-written by more than one process (the app and
the ``users`` command): :func:`locked` serialises the writers with an exclusive ``flock`` on a ``.lock``
file beside the target, and :func:`replace` makes each write atomic (a temporary file in the same folder,
``fsync``, ``os.replace``), so a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``path`` (on ``path.lock``, created 0600) for the ``with`` block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def replace(path: Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``, readable by its owner only; no temporary file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
