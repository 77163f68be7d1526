"""Issue 15, findings 7 and 9: sessions follow the users file; names are case-folded; sign-in throttling is
per name and per client address; the audit log is appended without rewriting a store file."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from anning.core import auth, config
from anning.i18n import t
from anning.store import audit, users
from anning.store import db as store
from anning.ui import auth as ui_auth
from tests import helpers

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-9"


# --------------------------------------------------------------------------- names (finding 9)


def test_names_are_case_folded_and_stripped_at_creation(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    users.add(path, "ana2", "analyst", PASSWORD)
    # "ANA2 beside ana2" was the finding: an approver twin of an analyst, differing only by case.
    for twin in ("ANA2", "Ana2", " ana2 "):
        with pytest.raises(users.UserError, match="already exists"):
            users.add(path, twin, "approver", PASSWORD)
    rec = users.add(path, " Wang.Li ", "approver", PASSWORD)
    assert rec.name == "wang.li" and set(users.load(path)) == {"ana2", "wang.li"}
    signed = users.authenticate(path, "WANG.LI", PASSWORD)
    assert signed is not None and signed.name == "wang.li" and signed.role == "approver"
    users.remove(path, "Wang.Li")
    assert set(users.load(path)) == {"ana2"}


def test_a_users_file_with_case_twins_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    h = users.hash_password(PASSWORD)
    body = {"version": 1, "users": {"ana2": {"role": "analyst", "hash": h}, "ANA2": {"role": "approver", "hash": h}}}
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(users.UserError, match="same user"):
        users.load(path)
    assert users.authenticate(path, "ana2", PASSWORD) is None  # a broken file lets nobody in


def test_every_user_object_and_comparison_folds_case() -> None:
    assert auth.User("ANA2 ", "approver").name == "ana2"
    assert auth.same_user("Ana2", "ana2 ") and auth.same_user("ＡＮＡ２", "ana2")  # full width too
    assert not auth.same_user("ana2", "ana21") and not auth.same_user("", "")


# --------------------------------------------------------------------------- throttling (finding 9)


def test_a_stranger_cannot_lock_a_user_out_of_their_own_address() -> None:
    now = [0.0]
    th = users.Throttle(clock=lambda: now[0])
    th.succeeded("ana1", "10.0.0.5")  # ana1's usual machine
    for _ in range(5):
        th.failed("ana1", "203.0.113.9")
    assert th.blocked("ana1", "203.0.113.9") == "name"  # the stranger is stopped ...
    assert th.blocked("ANA1", "10.0.0.5") is None  # ... ana1 is not
    assert th.blocked("ana1", "10.0.0.7") is None  # nor from another office machine


def test_one_client_spraying_invented_names_is_stopped() -> None:
    now = [0.0]
    th = users.Throttle(clock=lambda: now[0])
    processed = 0
    for i in range(12):  # the finding: 12 invented names in 29 s, all processed
        now[0] += 29 / 12
        if th.blocked(f"nobody{i}", "198.51.100.1"):
            continue
        processed += 1
        th.failed(f"nobody{i}", "198.51.100.1")
    assert processed == 10
    assert th.blocked("nobody99", "198.51.100.1") == "address"
    assert th.blocked("nobody99", "198.51.100.2") is None  # other clients are unaffected


def test_a_spread_attack_on_one_name_spares_known_addresses_and_every_lockout_ends() -> None:
    now = [0.0]
    th = users.Throttle(clock=lambda: now[0])
    th.succeeded("ana1", "10.0.0.5")
    for i in range(50):
        th.failed("ana1", f"192.0.2.{i}")
    assert th.blocked("ana1", "192.0.2.200") == "name_all"  # a new address waits
    assert th.blocked("ana1", "10.0.0.5") is None  # the user's known address does not
    # Refused attempts are not counted, so the lockout cannot be kept alive by retrying while locked.
    for _ in range(100):
        assert th.blocked("ana1", "192.0.2.200")
        now[0] += 5
    now[0] = 901
    assert th.blocked("ana1", "192.0.2.200") is None
    assert th.blocked("ana1", "192.0.2.1") is None


# --------------------------------------------------------------------------- sessions follow the file (finding 7)


@pytest.fixture()
def real_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    from anning.load import loader

    f = helpers.write_csv(tmp_path / "in.csv", helpers.COMPLAINT_HEADER, [helpers.complaint(i) for i in range(10)])
    db = tmp_path / "store" / "anning.duckdb"
    assert loader.load([f], db, user="setup", source="file").ok
    path = tmp_path / "users.json"
    users.add(path, "ana1", "analyst", PASSWORD, display="Ana")
    monkeypatch.setenv("ANNING_DB", str(db))
    monkeypatch.setenv("ANNING_USERS", str(path))
    monkeypatch.setattr(ui_auth, "_THROTTLE", users.Throttle())
    return db, path


def _signed_in(script: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=90)
    at.session_state["frame_lang"] = "en"
    at.run()
    at.text_input(key="auth_main_name").input("ANA1")  # any case signs in the one user
    at.text_input(key="auth_main_password").input(PASSWORD)
    at.button(key="FormSubmitter:auth_main_form-Sign in").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_removed_user_is_signed_out_on_the_next_interaction(real_env: tuple[Path, Path]) -> None:
    db, path = real_env
    at = _signed_in("pages/data.py")
    assert t("page.data", "en") in [x.value for x in at.title]
    assert at.session_state["auth_user_obj"].name == "ana1"
    users.remove(path, "ana1")  # `python -m anning users remove ana1`, while the session is open
    at.run()  # the next click
    assert [x.value for x in at.title] == [t("auth.signin_title", "en")]
    assert t("auth.ended.removed", "en") in [w.value for w in at.warning]
    assert not at.get("file_uploader") and not at.dataframe
    log = audit.recent(store.Reader(db))
    assert list(log[log.action == "session_ended"].user_name) == ["ana1"]


def test_a_role_change_applies_on_the_next_interaction(real_env: tuple[Path, Path]) -> None:
    db, path = real_env
    at = _signed_in("pages/data.py")
    assert at.get("file_uploader"), "an analyst may load"
    users.set_role(path, "ANA1", "leadership")  # `python -m anning users role ana1 --role leadership`
    at.run()
    assert at.session_state["auth_user_obj"].role == "leadership"
    assert not at.get("file_uploader"), "leadership may not load"
    assert t("auth.refused", "en") in [e.value for e in at.error]  # nor open the Data page (issue 16)
    users.set_role(path, "ana1", "analyst")
    at.run()
    assert at.session_state["auth_user_obj"].role == "analyst"
    assert at.get("file_uploader"), "the analyst's role is back on the next interaction"
    log = audit.recent(store.Reader(db))
    assert (log.action == "role_changed").sum() == 2


def test_remove_then_add_ends_the_session_rather_than_keeping_it(real_env: tuple[Path, Path]) -> None:
    # Removal ends the user's sessions (and their sign-in cookies) even when the name is added again at once:
    # the new account does not inherit the old one's open session.
    db, path = real_env
    at = _signed_in("pages/data.py")
    users.remove(path, "ana1")
    users.add(path, "ana1", "analyst", PASSWORD)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "auth_user_obj" not in at.session_state
    assert t("auth.ended.expired", "en") in [w.value for w in at.warning]
    assert not at.get("file_uploader")


# --------------------------------------------------------------------------- the audit log (finding 9)


def _work_file(db: Path, mb: float) -> None:
    """Grow the workflow file to about ``mb`` MB, as years of published lists would."""
    blob = "x" * 1000

    def fill(con: object) -> None:
        con.execute("create table if not exists filler (s varchar)")  # type: ignore[attr-defined]
        con.execute("insert into filler select $b || i from range($n) t(i)", {"b": blob, "n": int(mb * 1000)})  # type: ignore[attr-defined]

    store.write_work(db, fill)


def test_an_audit_write_rewrites_no_store_file(demo_db: Path, tmp_path: Path) -> None:
    db = helpers.copy_store(demo_db, tmp_path / "s" / "anning.duckdb")
    _work_file(db, 3)
    work = store.work_path(db)
    before = (helpers.file_state(db), helpers.file_state(work), store.version(db).key)
    for i in range(20):
        store.audit(db, "ana1", "export", json.dumps({"file": f"f{i}.csv"}))
    # The finding: each audit write copied the whole workflow file. Now neither file changes, and the
    # store version (the app's cache key) stays, so exports and sign-ins no longer empty every cache.
    assert (helpers.file_state(db), helpers.file_state(work), store.version(db).key) == before
    log = audit.recent(store.Reader(db), limit=500)
    assert (log.action == "export").sum() == 20
    assert log.iloc[0].detail == json.dumps({"file": "f19.csv"})  # newest first
    assert stat.S_IMODE(os.stat(audit.log_path(db)).st_mode) == 0o600


def _append_many(db: str, who: str, n: int) -> None:
    for i in range(n):
        store.audit(Path(db), who, "export", json.dumps({"i": i, "pad": "安" * 300}))


def test_concurrent_appends_from_processes_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "anning.duckdb"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_many, args=(str(db), f"p{k}", 150)) for k in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)  # generous: spawning imports pandas and duckdb on a shared, busy machine
        assert p.exitcode == 0
    lines = audit.log_path(db).read_bytes().split(b"\n")
    assert lines[-1] == b""
    entries = [json.loads(x) for x in lines[:-1]]  # every line whole: no two writes interleaved
    assert len(entries) == 600
    for k in range(4):
        mine = [json.loads(e["detail"])["i"] for e in entries if e["user_name"] == f"p{k}"]
        assert mine == list(range(150))


def test_a_writer_killed_mid_line_costs_only_its_own_entry(tmp_path: Path) -> None:
    db = tmp_path / "anning.duckdb"
    store.audit(db, "a", "signin", "{}")
    with open(audit.log_path(db), "ab") as f:
        f.write(b'{"ts": "2026-01-01T00:00:00", "user_na')  # the fragment a killed writer leaves
    assert list(audit.read(db).user_name) == ["a"]  # readers skip it
    store.audit(db, "b", "signout", "{}")
    assert list(audit.read(db).user_name) == ["b", "a"]  # the next entry is not glued onto it


def test_the_tail_is_read_backwards_in_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "anning.duckdb"
    path = audit.log_path(db)
    row = json.dumps({"ts": "2026-01-01T00:00:00", "user_name": "x", "action": "export", "detail": "{}"})
    path.write_text((row + "\n") * 200_000, encoding="utf-8")  # about 17 MB: years of exports
    store.audit(db, "last", "signin", "{}")
    monkeypatch.setattr(audit, "_TAIL_BLOCK", 1000)  # blocks shorter than a few lines: the seams must hold
    log = audit.read(db, limit=200)
    assert len(log) == 200 and log.iloc[0].user_name == "last" and set(log.user_name[1:]) == {"x"}


# --------------------------------------------------------------------------- production configuration (finding 10)


def test_the_shipped_streamlit_config_is_for_production() -> None:
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["client"]["showErrorDetails"] in ("type", "none")  # no traceback with server paths
    assert cfg["server"]["fileWatcherType"] == "none" and cfg["server"]["runOnSave"] is False
    # Pre-sign-in bounds (finding 1): frames refused from their header, small widget state, sessions freed.
    assert cfg["server"]["maxMessageSize"] <= 8 and cfg["server"]["maxWidgetStateSize"] <= 1
    assert cfg["server"]["disconnectedSessionTTL"] <= 120 and cfg["server"]["enableAgentApi"] is False


def test_the_cli_creates_private_files(tmp_path: Path) -> None:
    import subprocess
    import sys

    f = helpers.write_csv(tmp_path / "in.csv", helpers.COMPLAINT_HEADER, [helpers.complaint(i) for i in range(3)])
    db = tmp_path / "s" / "anning.duckdb"
    r = subprocess.run(
        [sys.executable, "-m", "anning", "load", str(f), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ANNING_DB": str(db)},
    )
    assert r.returncode == 0, r.stderr
    made = [p for p in db.parent.rglob("*") if p.is_file()]
    archive = config.archive_dir(db)
    assert db in made and audit.log_path(db) in made and any(archive in p.parents for p in made)
    loose = {str(p.relative_to(db.parent)): oct(stat.S_IMODE(p.stat().st_mode)) for p in made}
    assert all(mode == "0o600" for mode in loose.values()), loose
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
