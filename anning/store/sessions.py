"""Sign-in sessions that survive a reload: a signed, expiring, HttpOnly cookie backed by a sessions file. Pure.

When a user signs in with a password, the app starts a session here and the browser receives a
cookie (``anning_session``, set by :mod:`anning.ui.gate` over HTTP, so ``HttpOnly`` and
``SameSite=Strict``). The cookie holds a random token signed with the server's key
(:class:`itsdangerous.TimestampSigner`); the sessions file holds only the token's SHA-256, the user's
name and the session's expiry. A reload sends the cookie on the new WebSocket
(``st.context.cookies``); :func:`resolve` accepts it when

* the signature holds and the cookie is younger than the session length (a forged or stale value
  is refused without reading any file),
* the sessions file still has the token and its expiry has not passed,
* and the caller then finds the user in the users file (removed: refused; role changed: the new role).

A session ends on sign-out (:func:`end`), when its user is removed or given a new password
(:func:`end_user`, called by :mod:`anning.store.users`), or when it expires (``ANNING_SESSION_HOURS``,
default 8). The file sits beside the users file (``users.sessions.json``), the key too
(``users.session-key``, or ``ANNING_SESSION_SECRET``); both are ``0600`` and written like the users
file: a temporary copy, ``fsync``, ``os.replace``, under a ``flock``.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, TimestampSigner

from anning.core import auth
from anning.core.config import file_identity
from anning.store import private_file

COOKIE = "anning_session"
_SALT = "anning-session"
_MAX_SESSIONS = 10_000  # sessions are made only by successful sign-ins; this keeps a runaway file small


def hours() -> float:
    """How long a session lasts, in hours (``ANNING_SESSION_HOURS``, default 8: a working day)."""
    try:
        value = float(os.environ.get("ANNING_SESSION_HOURS", "8"))
    except ValueError:
        value = 8.0
    return min(max(value, 0.05), 24 * 14)


def seconds() -> int:
    """The session length in seconds (the cookie's ``Max-Age``)."""
    return int(hours() * 3600)


def sessions_path(users_file: Path) -> Path:
    """The sessions file beside a users file."""
    return users_file.with_name(users_file.stem + ".sessions.json")


def _key_path(users_file: Path) -> Path:
    return users_file.with_name(users_file.stem + ".session-key")


def _secret(users_file: Path) -> bytes:
    env = os.environ.get("ANNING_SESSION_SECRET")
    if env:
        return env.encode("utf-8")
    path = _key_path(users_file)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    with private_file.locked(path):
        if not path.exists():
            private_file.replace(path, secrets.token_bytes(32))
        return path.read_bytes()


def _signer(users_file: Path) -> TimestampSigner:
    return TimestampSigner(_secret(users_file), salt=_SALT)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


_cache: dict[Path, tuple[tuple[int, int, int] | None, dict[str, Any]]] = {}
_cache_lock = threading.Lock()


def _read(path: Path) -> dict[str, Any]:
    """The sessions by token digest; parsed again only when the file changed (a ``stat`` per call)."""
    ident = file_identity(path)
    with _cache_lock:
        hit = _cache.get(path)
        if hit is not None and hit[0] == ident:
            return hit[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if ident is not None else {}
        found = data.get("sessions", {}) if isinstance(data, dict) else {}
        if not isinstance(found, dict):
            found = {}
    except (OSError, ValueError):
        found = {}  # a broken sessions file ends every session: users sign in again
    with _cache_lock:
        if len(_cache) > 64:
            _cache.clear()
        _cache[path] = (ident, found)
    return found


def _change(users_file: Path, fn: Callable[[dict[str, Any]], None]) -> None:
    path = sessions_path(users_file)
    with private_file.locked(path):
        now = time.time()
        found = {k: v for k, v in _read(path).items() if isinstance(v, dict) and v.get("expires", 0) > now}
        fn(found)
        if len(found) > _MAX_SESSIONS:  # keep the newest
            keep = sorted(found, key=lambda k: found[k].get("issued", 0))[-_MAX_SESSIONS:]
            found = {k: found[k] for k in keep}
        private_file.replace(path, (json.dumps({"version": 1, "sessions": found}, indent=1) + "\n").encode("utf-8"))


def start(users_file: Path, name: str) -> str:
    """Start a session for ``name``; returns the cookie value (signed token) to hand to the browser."""
    token = secrets.token_urlsafe(32)
    now = time.time()
    entry = {"user": auth.user_key(name), "issued": now, "expires": now + seconds()}
    _change(users_file, lambda s: s.__setitem__(_digest(token), entry))
    return _signer(users_file).sign(token).decode("ascii")


def _token(users_file: Path, cookie: str | None) -> str | None:
    if not cookie or len(cookie) > 512:
        return None
    try:
        return _signer(users_file).unsign(cookie, max_age=seconds()).decode("ascii")
    except (BadSignature, UnicodeDecodeError):  # forged, altered, signed with another key, or too old
        return None


def resolve(users_file: Path, cookie: str | None) -> str | None:
    """The user name a cookie stands for, or None when it is forged, expired or ended."""
    token = _token(users_file, cookie)
    if token is None:
        return None
    entry = _read(sessions_path(users_file)).get(_digest(token))
    if not isinstance(entry, dict) or entry.get("expires", 0) <= time.time():
        return None
    user = entry.get("user")
    return str(user) if user else None


def end(users_file: Path, cookie: str | None) -> None:
    """End the session behind a cookie (sign-out); an unknown or forged cookie ends nothing."""
    token = _token(users_file, cookie)
    if token is not None:
        _change(users_file, lambda s: s.pop(_digest(token), None))


def end_user(users_file: Path, name: str) -> None:
    """End every session of a user (removed, or given a new password)."""
    key = auth.user_key(name)

    def drop(s: dict[str, Any]) -> None:
        for k in [k for k, v in s.items() if v.get("user") == key]:
            del s[k]

    if sessions_path(users_file).exists():
        _change(users_file, drop)
