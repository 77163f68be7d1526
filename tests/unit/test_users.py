"""Offline users: hashing, verification, the users file, throttling, SSO mode and roles, and the CLI."""

from __future__ import annotations

import hmac
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from anning.core import auth
from anning.store import users

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    return tmp_path / "conf" / "users.json"


def test_hash_is_salted_scrypt_and_verifies() -> None:
    h1, h2 = users.hash_password("correct horse"), users.hash_password("correct horse")
    assert h1.startswith("scrypt$16384$8$1$") and h1 != h2  # a fresh salt each time
    assert "correct horse" not in h1
    assert users.verify_password("correct horse", h1) and users.verify_password("correct horse", h2)
    assert not users.verify_password("correct horsE", h1)
    assert not users.verify_password("", h1)


def test_verify_rejects_malformed_and_absurd_hashes() -> None:
    for bad in [
        "",
        "plain",
        "md5$1$2$3$aa$bb",
        "scrypt$16384$8$1$!!$??",
        "scrypt$x$8$1$AA==$AA==",
        "scrypt$1099511627776$8$1$AAAA$AAAA",
    ]:  # a tampered cost must not allocate terabytes
        assert not users.verify_password("whatever1", bad), bad


def test_verify_compares_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(users.hmac, "compare_digest", spy)
    h = users.hash_password("secret-pass")
    assert users.verify_password("secret-pass", h)
    assert not users.verify_password("wrong-pass", h)
    assert len(calls) == 2


def test_users_file_add_authenticate_remove(path: Path) -> None:
    users.add(path, "wang.li", "analyst", "secret-pass", display="王丽")
    users.add(path, "zhao@miit.example", "press", None)  # SSO entry: role only
    mode = stat.S_IMODE(os.stat(path).st_mode)
    assert mode == 0o600, oct(mode)
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")], "no temp file left behind"
    body = json.loads(path.read_text(encoding="utf-8"))
    assert "secret-pass" not in path.read_text(encoding="utf-8")
    assert body["users"]["wang.li"]["role"] == "analyst"
    assert "hash" not in body["users"]["zhao@miit.example"]

    assert users.authenticate(path, "wang.li", "secret-pass") == auth.User("wang.li", "analyst", "王丽", via="password")
    assert users.authenticate(path, "wang.li", "wrong-pass") is None
    assert users.authenticate(path, "nobody", "secret-pass") is None
    assert users.authenticate(path, "zhao@miit.example", "") is None  # no password sign-in for SSO entries

    users.set_password(path, "wang.li", "another-pass")
    assert users.authenticate(path, "wang.li", "secret-pass") is None
    assert users.authenticate(path, "wang.li", "another-pass") is not None
    users.remove(path, "wang.li")
    assert users.authenticate(path, "wang.li", "another-pass") is None
    assert set(users.load(path)) == {"zhao@miit.example"}


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("", "analyst", "secret-pass", "invalid user name"),
        ("'; drop table complaints; --", "analyst", "secret-pass", "invalid user name"),
        ("a b", "analyst", "secret-pass", "invalid user name"),
        ("x" * 65, "analyst", "secret-pass", "invalid user name"),
        ("ok", "admin", "secret-pass", "invalid role"),
        ("ok", "analyst", "short", "too short"),
    ],
)
def test_add_validates(path: Path, name: str, role: str, password: str, message: str) -> None:
    with pytest.raises(users.UserError, match=message):
        users.add(path, name, role, password)
    assert not path.exists()


def test_change_errors_are_clear(path: Path) -> None:
    users.add(path, "li", "approver", "secret-pass")
    with pytest.raises(users.UserError, match="already exists"):
        users.add(path, "li", "press", "secret-pass")
    with pytest.raises(users.UserError, match="no user named"):
        users.remove(path, "nobody")
    with pytest.raises(users.UserError, match="no user named"):
        users.set_password(path, "nobody", "secret-pass")
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(users.UserError, match="not a valid users file"):
        users.load(path)
    assert users.authenticate(path, "li", "secret-pass") is None  # a broken file lets nobody in


def test_users_path_default_and_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ANNING_USERS", raising=False)
    assert users.users_path() == ROOT / "data" / "users.json"
    monkeypatch.setenv("ANNING_USERS", str(tmp_path / "u.json"))
    assert users.users_path() == tmp_path / "u.json"
    assert users.users_path(tmp_path / "v.json") == tmp_path / "v.json"
    assert "data/users.json" in (ROOT / ".gitignore").read_text(encoding="utf-8")


def test_throttle_locks_a_name_after_repeated_failures() -> None:
    now = [0.0]
    th = users.Throttle(limit=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        assert not th.blocked("Wang")
        th.failed("wang")
    assert th.blocked("WANG ")  # names compare case- and space-insensitively
    assert not th.blocked("li")
    now[0] = 61
    assert not th.blocked("wang")  # the window has passed
    th.failed("li")
    th.succeeded("li")
    assert not th.blocked("li")


def test_mode_selection() -> None:
    assert users.auth_mode(None) == "offline"
    assert users.auth_mode({}) == "offline"
    assert users.auth_mode({"anning": {"roles": {}}}) == "offline"
    assert users.auth_mode({"auth": {}}) == "offline"  # an empty section configures nothing
    assert (
        users.auth_mode({"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "client_id": "x"}}) == "sso"
    )

    class Raising(dict):
        def get(self, key: object, default: object = None) -> object:
            raise FileNotFoundError("no secrets.toml")

    assert users.auth_mode(Raising()) == "offline"


def test_sso_role_mapping(path: Path) -> None:
    users.add(path, "zhao@miit.example", "press", None)
    users.add(path, "qian@miit.example", "analyst", "secret-pass")
    records = users.load(path)
    table = {"Sun@MIIT.example": "leadership", "typo@miit.example": "admin"}
    assert users.sso_role("sun@miit.example", records, table) == "leadership"  # secrets first, case-insensitive
    assert users.sso_role("ZHAO@miit.example", records, table) == "press"  # then the users file
    assert users.sso_role("typo@miit.example", records, table) is None  # unknown role fails closed
    assert users.sso_role("stranger@example.com", records, table) is None
    assert users.sso_role(None, records, table) is None


def test_secrets_example_is_committed_and_secrets_ignored() -> None:
    example = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    import tomllib

    parsed = tomllib.loads(example)
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"} <= set(parsed["auth"])
    assert set(parsed["anning"]["roles"].values()) <= set(auth.ROLES)
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the CLI, as an administrator runs it


def _cli(args: list[str], tmp_path: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANNING_USERS": str(tmp_path / "users.json"), "ANNING_DB": str(tmp_path / "none.duckdb")}
    return subprocess.run(
        [sys.executable, "-m", "anning", "users", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_add_passwd_remove_list(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    r = _cli(
        ["add", "wang.li", "--role", "analyst", "--display", "王丽", "--password-stdin"], tmp_path, "secret-pass\n"
    )
    assert r.returncode == 0, r.stderr
    assert users.authenticate(path, "wang.li", "secret-pass") is not None
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

    r = _cli(["list"], tmp_path)
    assert r.returncode == 0 and "wang.li\tanalyst\tpassword\t王丽" in r.stdout
    assert "scrypt" not in r.stdout

    r = _cli(["passwd", "wang.li", "--password-stdin"], tmp_path, "new-secret\n")
    assert r.returncode == 0, r.stderr
    assert users.authenticate(path, "wang.li", "new-secret") is not None
    assert users.authenticate(path, "wang.li", "secret-pass") is None

    r = _cli(["role", "WANG.LI", "--role", "approver"], tmp_path)  # names fold case here too
    assert r.returncode == 0, r.stderr
    assert users.load(path)["wang.li"].role == "approver" and users.load(path)["wang.li"].display == "王丽"
    assert users.authenticate(path, "wang.li", "new-secret") is not None  # the password is kept

    r = _cli(["add", "zhao@miit.example", "--role", "press", "--sso"], tmp_path)
    assert r.returncode == 0, r.stderr
    r = _cli(["remove", "wang.li"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert set(users.load(path)) == {"zhao@miit.example"}


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "bad name", "--role", "analyst", "--password-stdin"], "secret-pass\n", "invalid user name"),
        (["add", "ok", "--role", "root", "--password-stdin"], "secret-pass\n", "invalid choice"),
        (["add", "ok", "--role", "analyst", "--password-stdin"], "short\n", "too short"),
        (["add", "ok", "--role", "analyst"], "", "--password-stdin"),  # no terminal to prompt on
        (["remove", "nobody"], None, "no user named"),
        (["passwd", "nobody", "--password-stdin"], "secret-pass\n", "no user named"),
        (["role", "nobody", "--role", "press"], None, "no user named"),
        (["role", "nobody", "--role", "root"], None, "invalid choice"),
    ],
)
def test_cli_errors_are_clear(tmp_path: Path, args: list[str], stdin: str | None, message: str) -> None:
    r = _cli(args, tmp_path, stdin)
    assert r.returncode != 0
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "users.json").exists()


def test_cli_records_user_changes_in_the_audit_log(tmp_path: Path, demo_db: Path) -> None:
    import shutil

    from anning.store import audit
    from anning.store import db as store

    db = tmp_path / "s" / "anning.duckdb"
    db.parent.mkdir()
    shutil.copyfile(demo_db, db)
    r = _cli(["add", "li", "--role", "approver", "--password-stdin", "--db", str(db)], tmp_path, "secret-pass\n")
    assert r.returncode == 0, r.stderr
    reader = store.Reader(db)
    try:
        log = audit.recent(reader, limit=10)
    finally:
        reader.close()
    assert (log.action == "user_add").sum() == 1
    assert "secret-pass" not in " ".join(log.detail)


def test_concurrent_changes_lose_nothing(path: Path) -> None:
    # Administrators adding users at the same moment: the lock serialises the read-modify-write.
    import threading

    names = [f"user{i}" for i in range(8)]
    threads = [threading.Thread(target=users.add, args=(path, n, "analyst", "secret-pass")) for n in names]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert set(users.load(path)) == set(names)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
