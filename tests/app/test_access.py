"""AppTest: roles and sign-in. Every role against every page (``ui.PAGES``), through the router and
run directly; real data refuses everyone until sign-in; failed sign-ins are refused, throttled and
audited; single sign-on picks its mode and roles from the secrets; exports are audited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from anning.core import auth
from anning.core.config import archive_dir
from anning.core.escape import inert
from anning.i18n import t
from anning.load import loader
from anning.store import audit, users
from anning.store import db as store
from anning.ui import auth as ui_auth
from anning.ui import frame as ui
from tests import helpers
from tests.helpers import COMPLAINT_HEADER, complaint, write_csv

ROOT = Path(__file__).resolve().parents[2]
# (file, url key, title key) for every page in the navigation.
PAGES = [(path, url, title) for pages in ui.PAGES.values() for path, title, url in pages]
PASSWORD = "correct-horse-9"
ROLE_USERS = {role: f"{role}.user" for role in auth.ROLES}


def _copy_store(src: Path, dst_dir: Path) -> Path:
    return helpers.copy_store(src, dst_dir / "anning.duckdb")


@pytest.fixture()
def demo_store(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = _copy_store(demo_db, tmp_path / "demo")
    monkeypatch.setenv("ANNING_DB", str(db))
    return db


@pytest.fixture(scope="module")
def users_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("users") / "users.json"
    for role, name in ROLE_USERS.items():
        users.add(path, name, role, PASSWORD, display=f"Test {role}")
    return path


@pytest.fixture(scope="module")
def real_store_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small hand-built store loaded from a plain file: its meta has no demo flag."""
    base = tmp_path_factory.mktemp("real")
    f = write_csv(base / "in" / "complaints.csv", COMPLAINT_HEADER, [complaint(i) for i in range(30)])
    db = base / "store" / "anning.duckdb"
    report = loader.load([f], db, user="setup", source="file")
    assert report.ok, report.lines()
    return db


@pytest.fixture()
def real_store(real_store_src: Path, tmp_path: Path, users_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = _copy_store(real_store_src, tmp_path / "real")
    monkeypatch.setenv("ANNING_DB", str(db))
    monkeypatch.setenv("ANNING_USERS", str(users_file))
    monkeypatch.setattr(ui_auth, "_THROTTLE", users.Throttle())  # each test starts with no failed attempts
    reader = store.Reader(db)
    try:
        assert not bool(reader.query("store_info").demo.iloc[0])
    finally:
        reader.close()
    return db


def _app(lang: str = "en", role: str | None = None, script: str = "app.py") -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=90)
    at.session_state["frame_lang"] = lang
    if role is not None:
        at.session_state["auth_user_obj"] = auth.User(ROLE_USERS[role], role, f"Test {role}")
    return at


def _registered(at: AppTest) -> set[str]:
    """The url keys of the pages the last run put into the navigation."""
    by_file = {str(ROOT / path): url for path, url, _ in PAGES}
    return {by_file[info["script_path"]] for info in at._registered_pages.values()}


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def _audit(db: Path) -> pd.DataFrame:
    reader = store.Reader(db)
    try:
        return audit.recent(reader, limit=100)
    finally:
        reader.close()


# --------------------------------------------------------------------------- roles × pages


@pytest.mark.parametrize("role", auth.ROLES)
def test_navigation_lists_exactly_the_roles_pages(demo_store: Path, role: str) -> None:
    at = _app(role=role).run()
    assert not at.exception, [e.value for e in at.exception]
    expected = {url for _, url, _ in PAGES if auth.can_open(role, url)}
    assert _registered(at) == expected
    # The landing page is the role's first page; the press, which reads only what is published, starts on
    # the published inventory rather than on the rankings tables taken from it.
    first = "inventory" if role == "press" else next(u for _, u, _ in PAGES if u in expected)
    assert at.title[0].value == t(next(tk for _, u, tk in PAGES if u == first), "en")


@pytest.mark.parametrize("role", auth.ROLES)
@pytest.mark.parametrize(("page", "url", "title_key"), PAGES)
def test_role_against_page(demo_store: Path, role: str, page: str, url: str, title_key: str) -> None:
    title = t(title_key, "en")
    refusal = t("auth.refused", "en")
    # Through the router.
    at = _app(role=role).run()
    if auth.can_open(role, url):
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        assert title in [x.value for x in at.title]
        assert refusal not in _errors(at)
    else:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)  # the router does not even register the page for this role
    # Run directly, as a URL that bypassed the menu would.
    direct = _app(role=role, script=page).run()
    assert not direct.exception, [e.value for e in direct.exception]
    if auth.can_open(role, url):
        assert title in [x.value for x in direct.title]
        assert refusal not in _errors(direct)
    else:
        assert _errors(direct) == [refusal]
        # The refusal and nothing else: no heading, no table, no chart, no banner built from the store.
        assert [type(c).__name__ for c in direct.main.children.values()] == ["Error"]
        assert not direct.title and not direct.dataframe and not direct.selectbox


def test_leadership_navigation_has_no_data_page(demo_store: Path) -> None:
    # Leadership reads the analyses; data loads are the analysts' business (issue 16).
    at = _app(role="leadership", script="pages/data.py").run()
    assert not at.exception
    assert _errors(at) == [t("auth.refused", "en")]
    assert not at.get("file_uploader") and not at.dataframe
    assert not auth.can_open("leadership", "data") and auth.can_open("leadership", "methodology")
    analyst = _app(role="analyst", script="pages/data.py").run()
    assert analyst.get("file_uploader")


def test_demo_mode_starts_as_the_demo_analyst_and_says_so(demo_store: Path) -> None:
    at = _app().run()
    assert not at.exception
    banner = " ".join(w.value for w in at.warning)
    assert "Synthetic demo data" in banner and "signed in as the demo analyst" in banner
    assert _registered(at) == {url for _, url, _ in PAGES}
    assert t("auth.demo_user", "en") in [c.value for c in at.sidebar.caption]


def test_demo_mode_lets_you_sign_in_as_another_role(
    demo_store: Path, users_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNING_USERS", str(users_file))
    at = _app(script="pages/overview.py").run()
    at.text_input(key="auth_side_name").input(ROLE_USERS["press"])
    at.text_input(key="auth_side_password").input(PASSWORD)
    at.button(key="FormSubmitter:auth_side_form-Sign in").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _errors(at) == [t("auth.refused", "en")]  # the press may not open the overview
    assert at.session_state["auth_user_obj"].role == "press"
    # Signing out in demo mode returns to the demo analyst. (Pages run directly here and below: AppTest
    # does not deliver clicks on widgets that app.py draws around st.navigation; the e2e tests cover those.)
    at = _app(role="approver", script="pages/overview.py").run()
    at.button(key="auth_signout").click().run()
    assert "auth_user_obj" not in at.session_state
    assert "signed in as the demo analyst" in " ".join(w.value for w in at.warning)


# --------------------------------------------------------------------------- real data: sign in first


@pytest.mark.parametrize(("page", "url", "title_key"), PAGES)
def test_real_data_refuses_everyone_until_sign_in(real_store: Path, page: str, url: str, title_key: str) -> None:
    for at in (_app(), _app(script=page)):
        at.run()
        if at._script_path.endswith("app.py") and page != "pages/overview.py":
            at.switch_page(page).run()  # a deep link resolves, then meets the sign-in form
        assert not at.exception, [e.value for e in at.exception]
        assert [x.value for x in at.title] == [t("auth.signin_title", "en")]
        assert at.text_input(key="auth_main_password")
        assert not at.dataframe and not at.warning  # nothing from the store, not even the quarter list
        assert not at.selectbox, "no quarter picker before sign-in"
        assert t(title_key, "en") not in [x.value for x in at.title]


def _sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="auth_main_name").input(name)
    at.text_input(key="auth_main_password").input(password)
    return at.button(key="FormSubmitter:auth_main_form-Sign in").click().run()


def test_wrong_password_is_refused_and_audited_then_right_one_signs_in(real_store: Path) -> None:
    at = _app(script="pages/data.py").run()
    _sign_in(at, ROLE_USERS["analyst"], "wrong-password")
    assert not at.exception
    assert t("auth.failed", "en") in _errors(at)
    assert [x.value for x in at.title] == [t("auth.signin_title", "en")]
    # The form clears on submit: the attempted password does not stay in the session.
    assert "wrong-password" not in [v for _, v in at.session_state.items()]
    _sign_in(at, "no.such.user", PASSWORD)
    assert t("auth.failed", "en") in _errors(at)  # same message: no telling which names exist
    log = _audit(real_store)
    failed = log[log.action == "signin_failed"]
    assert set(failed.user_name) == {ROLE_USERS["analyst"], "no.such.user"}
    assert not failed.detail.str.contains(PASSWORD).any() and not failed.detail.str.contains("wrong-password").any()

    _sign_in(at, ROLE_USERS["analyst"], PASSWORD)
    assert not at.exception, [e.value for e in at.exception]
    assert t("page.data", "en") in [x.value for x in at.title]

    assert at.session_state["auth_user_obj"] == auth.User(
        ROLE_USERS["analyst"], "analyst", "Test analyst", via="password"
    )
    assert (_audit(real_store).action == "signin").sum() == 1
    # The real user, not the demo analyst, is whom loads and audits are attributed to.
    assert not [w.value for w in at.warning if "demo analyst" in w.value]


def test_a_signed_in_role_is_still_refused_other_pages(real_store: Path) -> None:
    at = _app(script="pages/forecast.py").run()  # live analyses stay closed to the press
    _sign_in(at, ROLE_USERS["press"], PASSWORD)
    assert _errors(at) == [t("auth.refused", "en")]
    assert not at.dataframe


def test_failed_sign_ins_are_throttled(real_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_auth, "_THROTTLE", users.Throttle(limit=3, window=300))
    at = _app(script="pages/overview.py").run()
    for _ in range(3):
        _sign_in(at, ROLE_USERS["approver"], "guess-guess")
    _sign_in(at, ROLE_USERS["approver"], PASSWORD)  # even the right password waits out the lockout
    assert t("auth.throttled", "en") in _errors(at)
    assert "auth_user_obj" not in at.session_state
    log = _audit(real_store)
    assert (log.action == "signin_failed").sum() == 4
    assert log.detail.str.contains("throttled").sum() == 1


def test_sign_out_returns_to_the_sign_in_form(real_store: Path) -> None:
    at = _app(role="analyst", script="pages/overview.py").run()
    assert t("page.overview", "en") in [x.value for x in at.title]
    at.button(key="auth_signout").click().run()
    assert [x.value for x in at.title] == [t("auth.signin_title", "en")]
    assert (_audit(real_store).action == "signout").sum() == 1


def test_no_users_file_sends_to_the_administrator(
    real_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNING_USERS", str(tmp_path / "absent.json"))
    at = _app(script="pages/overview.py").run()
    # The reader is told whom to ask; the shell command is for the administrator (README), not shown here.
    assert t("auth.no_users", "en") in [c.value for c in at.caption]
    assert not any("python -m" in c.value for c in at.caption)


def test_user_name_is_the_signed_in_user(real_store: Path) -> None:
    script = """
from anning.ui import frame as ui
fr = ui.frame("overview")
import streamlit as st
st.write("who:" + ui.user_name())
"""
    at = AppTest.from_string(script, default_timeout=60)
    at.session_state["auth_user_obj"] = auth.User("leader.one", "leadership", "L")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "who:leader.one" in [m.value for m in at.markdown]


# --------------------------------------------------------------------------- single sign-on (no real provider)

SSO_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "anning",
        "client_secret": "s",
        "server_metadata_url": "http://localhost:1/.well-known",
    },
    "anning": {"roles": {"Leader@Example.gov.cn": "leadership"}},
}


def test_sso_mode_maps_identities_to_roles(real_store: Path) -> None:
    at = _app()
    at.secrets = dict(SSO_SECRETS)
    at.user = {"is_logged_in": True, "email": "leader@example.gov.cn", "name": "Leader"}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _registered(at) == {url for _, url, _ in PAGES if auth.can_open("leadership", url)}
    assert any("Leader" in c.value and "(Leadership)" in c.value for c in at.sidebar.caption)
    at.run()
    log = _audit(real_store)
    assert list(log[log.action == "signin"].user_name) == ["leader@example.gov.cn"]  # once per session


def test_sso_identity_without_a_role_gets_nothing(real_store: Path) -> None:
    at = _app(script="pages/overview.py")
    at.secrets = dict(SSO_SECRETS)
    at.user = {"is_logged_in": True, "email": "stranger@example.com", "name": "S"}
    at.run()
    assert not at.exception
    # The identity provider's e-mail is user text: shown inert (no mailto autolink), reading as itself.
    assert _errors(at) == [t("auth.sso_no_role", "en", email=inert("stranger@example.com"))]
    assert not at.dataframe and t("page.overview", "en") not in [x.value for x in at.title]
    log = _audit(real_store)
    assert list(log[log.action == "signin_failed"].user_name) == ["stranger@example.com"]


def test_sso_mode_offers_the_provider_not_a_password(real_store: Path) -> None:
    at = _app(script="pages/overview.py")
    at.secrets = dict(SSO_SECRETS)
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    assert at.button(key="auth_main_sso").label == t("auth.sso_button", "en")
    assert not at.text_input


def test_offline_mode_without_auth_secrets(real_store: Path) -> None:
    at = _app(script="pages/overview.py")
    at.secrets = {"anning": {"roles": {}}}
    at.run()
    assert at.text_input(key="auth_main_password")


# --------------------------------------------------------------------------- audited exports


def test_audited_download_ships_nothing_until_clicked_and_nothing_to_a_role_without_the_right(demo_store: Path) -> None:
    """Issue 15, finding 4: a disabled button used to carry the file's bytes (and so a /media URL)."""
    script = """
from anning.ui import frame as ui
from anning.ui import auth as ui_auth
fr = ui.frame("overview")
ui_auth.audited_download(fr, "CSV", b"a,b\\n1,2\\n", "rank.csv", key="t_dl", what="rankings test")
ui_auth.audited_download(fr, "Pub", b"secret", "pub.csv", key="t_pub", requires="publish")
"""
    at = AppTest.from_string(script, default_timeout=60)
    at.session_state["auth_user_obj"] = auth.User("ana", "analyst", "Ana")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    buttons = {b.key: b for b in at.get("download_button")}
    assert buttons["t_pub"].proto.disabled  # an analyst may not export what needs the publish right
    assert not buttons["t_dl"].proto.disabled
    for b in buttons.values():  # neither button carries a file or a URL to one while the page renders
        assert b.proto.url == "", b.proto
    assert buttons["t_dl"].proto.deferred_file_id, "the allowed export is built on click"
    assert not buttons["t_pub"].proto.deferred_file_id, "the refused one has no builder a client could call"
    before = (_audit(demo_store).action == "export").sum()
    at.run()
    assert (_audit(demo_store).action == "export").sum() == before  # rendering exports nothing


def test_a_deferred_export_is_built_and_recorded_only_when_clicked(demo_store: Path) -> None:
    """A file passed as a function is not built while the page renders; building it records the export."""
    script = """
import streamlit as st
from anning.ui import frame as ui
from anning.ui import auth as ui_auth
fr = ui.frame("overview")
def make():
    st.session_state["built"] = True  # would show that the page built the file itself
    return "a,b"
ui_auth.audited_download(fr, "CSV", make, "late.csv", key="t_late", what="deferred test")
"""
    at = AppTest.from_string(script, default_timeout=60)
    at.session_state["auth_user_obj"] = auth.User("ana", "analyst", "Ana")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (button,) = at.get("download_button")
    assert not button.proto.disabled
    assert "built" not in at.session_state
    before = (_audit(demo_store).action == "export").sum()

    build = ui_auth.deferred_export(lambda: "名称,数\n甲,1\n", demo_store, "ana", {"file": "late.csv", "what": "t"})
    body = build()
    assert body == "名称,数\n甲,1\n".encode()
    log = _audit(demo_store)
    exports = log[log.action == "export"]
    assert len(exports) == before + 1
    detail = json.loads(exports.iloc[0].detail)
    assert detail == {"file": "late.csv", "what": "t", "bytes": len(body)}


def test_audit_log_view_on_the_data_page(demo_store: Path) -> None:
    ui_auth.record(demo_store, "someone", "publish", {"list": "2026Q3 exposure"})
    at = _app(role="analyst", script="pages/data.py").run()
    frames = [df.value for df in at.dataframe]
    log = next(v for v in frames if "Action" in v.columns)
    # Actions read as words, never as codes; an action this release has no label for is spelled out.
    assert {"Loaded data", "Publish"} <= set(log["Action"])
    assert not {"load", "publish"} & set(log["Action"])
    assert "list: 2026Q3 exposure" in set(log[log["Action"] == "Publish"].iloc[:, -1])


def test_real_data_loaded_into_a_demo_store_requires_sign_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_db: Path
) -> None:
    """Loading one real batch into a demo store ends automatic sign-in: the banner stays, the gate closes."""
    db = tmp_path / "mixed" / "anning.duckdb"
    db.parent.mkdir()
    shutil.copyfile(demo_db, db)
    shutil.copytree(archive_dir(demo_db), archive_dir(db))
    real = write_csv(tmp_path / "real.csv", COMPLAINT_HEADER, [complaint(1, received_at="2026-09-30")])
    assert loader.load([real], db, source="upload").ok
    monkeypatch.setenv("ANNING_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "rankings.py"), default_timeout=120).run()
    assert not at.dataframe, "no data before sign-in"
    assert len(at.text_input) >= 2, "the sign-in form (name and password) is shown instead"
