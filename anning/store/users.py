"""Users for offline sign-in, and role mapping for single sign-on. Pure: no Streamlit here.

Offline mode (the default) keeps users in a local JSON file (``data/users.json``,
or ``ANNING_USERS``), git-ignored and written ``0600``::

    {"version": 1, "users": {"wang.li": {"role": "analyst", "display": "王丽",
                                          "hash": "scrypt$16384$8$1$<salt b64>$<key b64>"}}}

Passwords are stored only as salted ``hashlib.scrypt`` keys and checked with
``hmac.compare_digest``. An entry without a ``hash`` is a single-sign-on entry:
its key is the user's e-mail address as the identity provider reports it, and
it only gives that address a role (nobody can sign in to it with a password).

Names are stored and compared case-folded and stripped (:func:`anning.core.auth.user_key`), so
``ANA2`` cannot be added beside ``ana2``; a file whose names collide that way is refused.

Writes go to a temporary file in the same folder, are flushed to disk, and
replace the file with ``os.replace``, under a ``flock``, so two administrators
running the CLI at once never lose each other's change and a crash never
leaves half a file.

The app re-reads the file whenever it changes (:func:`current`, keyed on the file's identity), so a
removal or role change reaches open sessions on their next interaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anning.core import auth
from anning.core.config import DATA_DIR, file_identity
from anning.store import private_file, sessions

DEFAULT_USERS = DATA_DIR / "users.json"
FORMAT_VERSION = 1
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # scrypt hashes anything, but nobody needs a megabyte of password
# scrypt cost: n=2**14, r=8 uses 16 MiB and about 50 ms per check, the interactive-login
# setting from the scrypt paper; stored with each hash so it can be raised later.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32

# Offline names: letters, digits and . _ - @ (so an SSO e-mail fits too); no spaces, quotes or
# control characters, which keeps names safe to print in a terminal and to show in a table.
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class UserError(ValueError):
    """A user-management mistake with a message for the person who made it."""


@dataclass(frozen=True)
class Record:
    """One entry of the users file."""

    name: str
    role: str
    display: str = ""
    hash: str | None = None  # None: a single-sign-on entry (role mapping only)

    @property
    def sso(self) -> bool:
        """True for an entry that only maps an SSO identity to a role."""
        return self.hash is None

    def to_user(self, via: str = "password") -> auth.User:
        """The signed-in user this entry becomes."""
        return auth.User(self.name, self.role, self.display or self.name, via=via)


def users_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The users file: an explicit path, else ``ANNING_USERS``, else ``data/users.json``."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("ANNING_USERS")
    return Path(env).expanduser().resolve() if env else DEFAULT_USERS


# --------------------------------------------------------------------------- validation


def check_name(name: str) -> str:
    """The name, case-folded and stripped, if it is acceptable, else :class:`UserError`."""
    if isinstance(name, str):
        name = auth.user_key(name)
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise UserError(
            f"invalid user name {name!r}: use 1 to 64 letters, digits, '.', '_', '-' or '@', "
            "starting with a letter or digit"
        )
    return name


def check_role(role: str) -> str:
    """The role if it is one of :data:`anning.core.auth.ROLES`, else :class:`UserError`."""
    if role not in auth.ROLES:
        raise UserError(f"invalid role {role!r}: choose one of {', '.join(auth.ROLES)}")
    return role


def check_display(display: str) -> str:
    """A display name: printable, at most 64 characters."""
    if len(display) > 64 or any(not ch.isprintable() for ch in display):
        raise UserError("invalid display name: at most 64 printable characters")
    return display


def check_password(password: str) -> str:
    """A password long enough to resist guessing, and not absurdly long."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"password too short: use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"password too long: at most {MAX_PASSWORD} characters")
    return password


# --------------------------------------------------------------------------- hashing


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash, self-describing: ``scrypt$n$r$p$salt$key`` (base64)."""
    salt = salt if salt is not None else secrets.token_bytes(_SALT_BYTES)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_KEY_BYTES)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; the keys are compared in constant time."""
    try:
        scheme, n, r, p, salt_b64, key_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(key_b64, validate=True)
        n_i, r_i, p_i = int(n), int(r), int(p)
    except (ValueError, AttributeError):
        return False
    if not (2 <= n_i <= 2**20 and 1 <= r_i <= 32 and 1 <= p_i <= 16):
        return False  # a tampered file must not make sign-in allocate gigabytes
    key = hashlib.scrypt(
        password.encode("utf-8", "surrogatepass"),
        salt=salt,
        n=n_i,
        r=r_i,
        p=p_i,
        maxmem=256 * 1024 * 1024,
        dklen=len(expected) or _KEY_BYTES,
    )
    return hmac.compare_digest(key, expected)


# A hash nobody knows the password of: unknown names are checked against it so that a wrong
# name takes as long as a wrong password (no user enumeration by timing).
_DUMMY = hash_password(secrets.token_urlsafe(16))


# --------------------------------------------------------------------------- the file


def _parse(path: Path) -> dict[str, Record]:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(raw)
        entries = data["users"]
        if not isinstance(entries, dict):
            raise TypeError("users must be an object")
        out: dict[str, Record] = {}
        for raw_name, e in entries.items():
            name = auth.user_key(raw_name)
            if name in out:
                # Two entries that differ only in case or spaces would make "who approved this" ambiguous.
                raise ValueError(f"two entries are the same user {name!r} apart from case or spaces")
            out[name] = Record(name, str(e["role"]), str(e.get("display") or ""), e.get("hash"))
        return out
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"{path}: not a valid users file ({exc})") from None


def load(path: Path) -> dict[str, Record]:
    """Every entry by (case-folded) name; an absent file has none."""
    return _parse(path)


_CURRENT: dict[Path, tuple[tuple[int, int, int] | None, dict[str, Record] | UserError]] = {}
_CURRENT_LOCK = threading.Lock()


def current(path: Path) -> dict[str, Record]:
    """The file's entries as they are now, parsed again only when the file changed (inode, mtime, size).

    Called on every interaction of every session and by the upload gate, so it must cost a ``stat``;
    writers replace the file (a new inode), so a change is never missed. A broken file raises
    :class:`UserError` (callers treat it as "nobody").
    """
    ident = file_identity(path)
    with _CURRENT_LOCK:
        cached = _CURRENT.get(path)
        if cached is not None and cached[0] == ident:
            found = cached[1]
        else:
            try:
                found = _parse(path) if ident is not None else {}
            except UserError as exc:
                found = exc
            if len(_CURRENT) > 64:  # tests point ANNING_USERS at many files; keep the cache small
                _CURRENT.clear()
            _CURRENT[path] = (ident, found)
    if isinstance(found, UserError):
        raise found
    return dict(found)


def lookup(path: Path, name: str) -> Record | None:
    """The current entry for ``name`` (case-folded), or None when it is absent or the file is broken."""
    try:
        return current(path).get(auth.user_key(name))
    except UserError:
        return None


def _write(path: Path, records: Mapping[str, Record]) -> None:
    """Atomically replace the file (0600; :func:`anning.store.private_file.replace`)."""
    body = {
        "version": FORMAT_VERSION,
        "users": {
            r.name: {k: v for k, v in (("role", r.role), ("display", r.display), ("hash", r.hash)) if v is not None}
            for r in sorted(records.values(), key=lambda r: r.name)
        },
    }
    private_file.replace(path, (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def _change(path: Path, fn: Callable[[dict[str, Record]], None]) -> None:
    with private_file.locked(path):
        records = _parse(path)
        fn(records)
        _write(path, records)


def add(path: Path, name: str, role: str, password: str | None, display: str = "") -> Record:
    """Add a user; ``password`` None adds a single-sign-on entry (``name`` is then the e-mail).

    The name is stored case-folded and stripped: ``ANA2`` beside ``ana2`` is "already exists".
    """
    name = check_name(name)
    check_role(role)
    check_display(display)
    digest = hash_password(check_password(password)) if password is not None else None
    rec = Record(name, role, display, digest)

    def _add(records: dict[str, Record]) -> None:
        if name in records:
            raise UserError(f"user {name!r} already exists")
        records[name] = rec

    _change(path, _add)
    return rec


def remove(path: Path, name: str) -> None:
    """Remove a user."""
    name = auth.user_key(name)

    def _remove(records: dict[str, Record]) -> None:
        if name not in records:
            raise UserError(f"no user named {name!r}")
        del records[name]

    _change(path, _remove)
    sessions.end_user(path, name)  # a reload must not bring a removed user back (nor a later namesake)


def set_password(path: Path, name: str, password: str) -> None:
    """Give an existing password user a new password."""
    name = auth.user_key(name)
    digest = hash_password(check_password(password))

    def _set(records: dict[str, Record]) -> None:
        rec = records.get(name)
        if rec is None:
            raise UserError(f"no user named {name!r}")
        if rec.sso:
            raise UserError(f"{name!r} signs in through single sign-on and has no password here")
        records[name] = Record(rec.name, rec.role, rec.display, digest)

    _change(path, _set)
    sessions.end_user(path, name)  # a new password signs the old sessions out


def set_role(path: Path, name: str, role: str) -> Record:
    """Give an existing user another role; their open sessions take it on their next interaction.

    Unlike ``remove`` then ``add`` (which ends the user's sessions), the sign-in cookie stays valid: the
    session re-reads the users file on every interaction (:func:`anning.ui.auth.current_user`).
    """
    name = auth.user_key(name)
    check_role(role)
    out: list[Record] = []

    def _set(records: dict[str, Record]) -> None:
        rec = records.get(name)
        if rec is None:
            raise UserError(f"no user named {name!r}")
        records[name] = Record(rec.name, role, rec.display, rec.hash)
        out.append(records[name])

    _change(path, _set)
    return out[0]


def authenticate(path: Path, name: str, password: str) -> auth.User | None:
    """The user when name and password match a password entry, else None (same work either way)."""
    try:
        rec = _parse(path).get(auth.user_key(name))
    except UserError:
        rec = None
    if rec is None or rec.sso or rec.role not in auth.ROLES:
        verify_password(password, _DUMMY)
        return None
    return rec.to_user() if verify_password(password, rec.hash or _DUMMY) else None


# --------------------------------------------------------------------------- single sign-on


def auth_mode(secrets_: Mapping[str, Any] | None) -> str:
    """``"sso"`` when the Streamlit secrets configure an OpenID Connect provider (``[auth]``), else ``"offline"``."""
    try:
        section = secrets_.get("auth") if secrets_ is not None else None
    except Exception:  # Streamlit raises when there is no secrets file at all
        return "offline"
    return "sso" if isinstance(section, Mapping) and len(section) > 0 else "offline"


def sso_role(email: str | None, records: Mapping[str, Record], table: Mapping[str, Any] | None = None) -> str | None:
    """The role of an SSO identity: an ``[anning.roles]`` secrets entry, else a users-file entry, else None.

    Addresses compare case-insensitively (providers differ in how they report case). A role that
    is not one of :data:`anning.core.auth.ROLES` counts as none, so a typo fails closed.
    """
    if not email:
        return None
    key = email.strip().casefold()
    for name, role in (table or {}).items():
        if str(name).strip().casefold() == key:
            return str(role) if role in auth.ROLES else None
    for rec in records.values():
        if rec.name.casefold() == key:
            return rec.role if rec.role in auth.ROLES else None
    return None


# --------------------------------------------------------------------------- throttling


class _Window:
    """Failure times per key within a sliding window, bounded in memory."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self.times: dict[Any, list[float]] = {}

    def recent(self, key: Any, now: float) -> list[float]:
        times = [t for t in self.times.get(key, []) if now - t < self.window]
        if times:
            self.times[key] = times
        else:
            self.times.pop(key, None)
        return times

    def full(self, key: Any, now: float) -> bool:
        return len(self.recent(key, now)) >= self.limit

    def add(self, key: Any, now: float) -> None:
        if len(self.times) > 10_000:  # a flood of invented names must not grow memory without bound
            for k in list(self.times):
                self.recent(k, now)
            while len(self.times) > 10_000:  # still a flood inside one window: forget the oldest keys
                self.times.pop(next(iter(self.times)))
        self.times.setdefault(key, []).append(now)


class Throttle:
    """Failed sign-ins, counted per name *and* per client address, in sliding windows.

    One per process, shared by every session, so a new browser tab does not reset it. Three rules:

    * **name from one address** (``limit`` failures in ``window`` seconds): that address may not try
      that name again until its oldest counted failure leaves the window;
    * **one address, any names** (``per_address`` in ``window``): stops one client spraying invented or
      guessed names; blocks only that client;
    * **one name, all addresses** (``per_name`` in ``name_window``): slows a guessing attack spread over
      many addresses, but never for an address this name has signed in from before (remembered
      for ``trusted_for`` seconds), so a stranger cannot lock a user out of their usual machine.

    Every lockout ends by itself once the failures stop: refused attempts are not counted, so
    retrying does not extend it. The client address is what the server sees (``st.context.ip_address``);
    behind a reverse proxy, configure the proxy to pass the real address.
    """

    def __init__(
        self,
        limit: int = 5,
        window: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        *,
        per_address: int = 10,
        per_name: int = 50,
        name_window: float = 900.0,
        trusted_for: float = 30 * 86400.0,
    ) -> None:
        self._clock = clock
        self._pair = _Window(limit, window)
        self._address = _Window(per_address, window)
        self._name = _Window(per_name, name_window)
        self.trusted_for = trusted_for
        self._trusted: dict[str, dict[str, float]] = {}  # name -> {address: last success}
        self._lock = threading.Lock()

    @staticmethod
    def _key(name: str) -> str:
        return auth.user_key(name)[:128]

    def _is_trusted(self, name: str, address: str, now: float) -> bool:
        seen = self._trusted.get(name, {}).get(address)
        return seen is not None and now - seen < self.trusted_for

    def blocked(self, name: str, address: str = "") -> str | None:
        """Why ``name`` may not try from ``address`` now (``"name"``, ``"address"``, ``"name_all"``), or None."""
        key, now = self._key(name), self._clock()
        with self._lock:
            if self._pair.full((key, address), now):
                return "name"
            if self._address.full(address, now):
                return "address"
            if self._name.full(key, now) and not self._is_trusted(key, address, now):
                return "name_all"
            return None

    def failed(self, name: str, address: str = "") -> None:
        """Record a failed attempt."""
        key, now = self._key(name), self._clock()
        with self._lock:
            self._pair.add((key, address), now)
            self._address.add(address, now)
            self._name.add(key, now)

    def succeeded(self, name: str, address: str = "") -> None:
        """Forget this address's failures for the name, and trust the address for it from now on."""
        key, now = self._key(name), self._clock()
        with self._lock:
            self._pair.times.pop((key, address), None)
            known = self._trusted.setdefault(key, {})
            known[address] = now
            if len(known) > 16:  # the most recent addresses are enough
                del known[min(known, key=known.__getitem__)]
            if len(self._trusted) > 10_000:
                self._trusted.pop(next(iter(self._trusted)))
