"""Sign-in sessions behind the reload cookie (issue 16): signed, expiring, ended by sign-out, removal or a new password."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import itsdangerous.timed
import pytest

from anning.store import sessions, users

PASSWORD = "correct-horse-9"


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    p = tmp_path / "users.json"
    users.add(p, "press.li", "press", PASSWORD)
    users.add(p, "ana", "analyst", PASSWORD)
    return p


def test_a_session_resolves_until_it_is_ended(path: Path) -> None:
    cookie = sessions.start(path, "Press.Li")
    assert sessions.resolve(path, cookie) == "press.li"
    other = sessions.start(path, "ana")
    sessions.end(path, cookie)  # sign-out ends this session only
    assert sessions.resolve(path, cookie) is None
    assert sessions.resolve(path, other) == "ana"
    for f in (sessions.sessions_path(path), path.with_name("users.session-key")):
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600
    token = cookie.split(".")[0]
    assert token not in sessions.sessions_path(path).read_text(encoding="utf-8")  # only digests on disk


def test_forged_altered_and_foreign_cookies_are_refused(path: Path, tmp_path: Path) -> None:
    cookie = sessions.start(path, "ana")
    token, *sig = cookie.split(".")
    assert sessions.resolve(path, "x" + cookie) is None
    assert sessions.resolve(path, cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")) is None
    assert sessions.resolve(path, token) is None  # unsigned
    assert sessions.resolve(path, "a" * 5000) is None
    assert sessions.resolve(path, None) is None
    elsewhere = tmp_path / "other" / "users.json"
    users.add(elsewhere, "ana", "analyst", PASSWORD)
    assert sessions.resolve(elsewhere, cookie) is None  # another installation's key


def test_removal_and_a_new_password_end_every_session_of_the_user(path: Path) -> None:
    a, b = sessions.start(path, "ana"), sessions.start(path, "ana")
    p = sessions.start(path, "press.li")
    users.set_password(path, "ana", "another-pass-1")
    assert sessions.resolve(path, a) is None and sessions.resolve(path, b) is None
    assert sessions.resolve(path, p) == "press.li"
    users.remove(path, "press.li")
    assert sessions.resolve(path, p) is None
    users.add(path, "press.li", "press", PASSWORD)  # a later namesake does not inherit the old cookie
    assert sessions.resolve(path, p) is None


def test_sessions_expire(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNING_SESSION_HOURS", "1")
    cookie = sessions.start(path, "ana")
    real = sessions.time.time()
    monkeypatch.setattr(sessions.time, "time", lambda: real + 3601)
    assert sessions.resolve(path, cookie) is None  # the server-side expiry
    monkeypatch.setattr(sessions.time, "time", lambda: real)
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real + 3601)
    assert sessions.resolve(path, cookie) is None  # the signature's age alone is enough too
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real)
    assert sessions.resolve(path, cookie) == "ana"


def test_a_broken_sessions_file_ends_every_session(path: Path) -> None:
    cookie = sessions.start(path, "ana")
    sessions.sessions_path(path).write_text("{broken", encoding="utf-8")
    assert sessions.resolve(path, cookie) is None
    assert sessions.resolve(path, sessions.start(path, "ana")) == "ana"  # and the next sign-in repairs it
