"""Sign-in for the app (a Streamlit UI module): who is using it, the gate every page passes, audited exports.

Two modes, chosen automatically:

* **offline** (default): users in a local JSON file (:mod:`anning.store.users`), a sign-in form, the
  user held in this browser session's ``st.session_state`` (a reload asks again);
* **single sign-on**: when ``.streamlit/secrets.toml`` has an ``[auth]`` section, ``st.login``
  signs users in with the ministry's OpenID Connect provider, and a role comes from
  ``[anning.roles]`` in the secrets or an SSO entry in the users file. An identity without a
  role gets nothing.

With demo data only (every batch in the store is demo data; ``info.demo_only``) a session starts
signed in as the demo analyst, and the banner says so; anyone may still sign in as another user to try a role. With
real data nobody gets past :func:`gate` without signing in. Failed sign-ins are throttled per
name and per client address across the whole process (:class:`anning.store.users.Throttle`) and
recorded in the audit log, as are sign-ins, sign-outs and exports (:func:`audited_download`).

A session signed in from the users file follows that file: on every interaction the user is looked
up again, so a removed user is signed out and a changed role applies at once.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from anning.core import auth, config
from anning.core.escape import inert
from anning.i18n import t, terms
from anning.store import db as store
from anning.store import sessions, users
from anning.ui import gate as upload_gate

log = logging.getLogger(__name__)

DEMO_USER = auth.User("demo-analyst", "analyst", "Demo analyst", demo=True, via="demo")
_KEY = "auth_user_obj"  # the offline-signed-in user in st.session_state
_COOKIE = "auth_cookie"  # this session's sign-in cookie value (to end it on sign-out); never sent to the page
_THROTTLE = users.Throttle()  # one per server process, shared by every session


# --------------------------------------------------------------------------- who is signed in


def mode() -> str:
    """``"sso"`` when the secrets configure an OpenID Connect provider, else ``"offline"``."""
    try:
        available = st.secrets.load_if_toml_exists()
    except Exception:  # an unreadable secrets file must not lock the app open or shut: fall back to offline
        return "offline"
    return users.auth_mode(st.secrets if available else None)


def _anning_secrets() -> dict[str, Any]:
    try:
        section = st.secrets.get("anning") if st.secrets.load_if_toml_exists() else None
    except Exception:
        return {}
    return dict(section) if section else {}


def _sso_identity() -> tuple[str | None, str | None]:
    """The e-mail and display name st.user reports, when signed in through the provider."""
    try:
        if not st.user.is_logged_in:
            return None, None
        email = st.user.get("email") or st.user.get("preferred_username") or st.user.get("sub")
        return (str(email) if email else None), str(st.user.get("name") or "") or None
    except Exception:  # no [auth] section reachable: nobody is signed in through SSO
        return None, None


def _sso_user() -> auth.User | None:
    email, display = _sso_identity()
    if email is None:
        return None
    try:
        records = users.load(users.users_path())
    except users.UserError:
        records = {}
    role = users.sso_role(email, records, _anning_secrets().get("roles"))
    # Record each SSO identity's arrival once per session: a sign-in, or a refusal for want of a role.
    if st.session_state.get("auth_sso_seen") != email:
        st.session_state["auth_sso_seen"] = email
        record(
            None,
            email,
            "signin" if role else "signin_failed",
            {"via": "sso", "role": role} if role else {"via": "sso", "reason": "no role"},
        )
    return auth.User(email, role, display or email, via="sso") if role else None


def _end_session(user: auth.User, reason: str) -> None:
    """Sign a session out because the users file no longer backs it; audited, and said on the sign-in screen."""
    st.session_state.pop(_KEY, None)
    st.session_state["auth_notice"] = reason
    record(None, user.name, "session_ended", {"reason": reason})


def _follow_users_file(user: auth.User) -> auth.User | None:
    """The session's user as the users file has it now: None once removed, the new role after a change.

    Runs on every interaction (a ``stat`` of the file; it is parsed again only when it changed), so
    ``users remove`` or a role change reaches every open session on its next click. A session with a
    cookie also ends when that cookie's session ended elsewhere (sign-out in another tab, expiry).
    """
    path = users.users_path()
    rec = users.lookup(path, user.name)
    if rec is None or rec.sso or rec.role not in auth.ROLES:
        _end_session(user, "removed")
        return None
    cookie = st.session_state.get(_COOKIE)
    if cookie and sessions.resolve(path, cookie) is None:
        st.session_state.pop(_COOKIE, None)
        _end_session(user, "expired")
        return None
    if rec.role != user.role or (rec.display or rec.name) != user.display:
        now = rec.to_user(via=user.via)
        st.session_state[_KEY] = now
        if rec.role != user.role:
            record(None, user.name, "role_changed", {"from": user.role, "to": rec.role})
        return now
    return user


def current_user(demo: bool) -> auth.User | None:
    """The signed-in user; else, with demo data, the demo analyst; else None."""
    user = st.session_state.get(_KEY)
    if isinstance(user, auth.User) and user.role in auth.ROLES:
        if user.via in ("password", "cookie"):
            user = _follow_users_file(user)
        if user is not None:
            return user
    if mode() == "sso":
        sso = _sso_user()
        if sso is not None:
            return sso
    resumed = _resume_from_cookie()
    if resumed is not None:
        return resumed
    return DEMO_USER if demo else None


def _request_cookie() -> str | None:
    """The session cookie the browser sent when this page was (re)loaded, if any."""
    try:
        value = st.context.cookies.get(sessions.COOKIE)
    except Exception:  # no client context (a bare script run)
        return None
    return value if isinstance(value, str) and value else None


def _resume_from_cookie() -> auth.User | None:
    """Sign the session in from its cookie after a reload: valid signature, live session, user still there."""
    cookie = _request_cookie()
    if cookie is None or cookie == st.session_state.get("auth_cookie_ended"):
        return None
    path = users.users_path()
    name = sessions.resolve(path, cookie)
    rec = users.lookup(path, name) if name else None
    if rec is None or rec.sso or rec.role not in auth.ROLES:
        return None
    user = rec.to_user(via="cookie")
    st.session_state[_KEY] = user
    st.session_state[_COOKIE] = cookie
    record(None, user.name, "signin", {"role": user.role, "via": "cookie", "client": client_address()})
    return user


# --------------------------------------------------------------------------- audit


def record(db: Path | None, user: str, action: str, detail: dict[str, Any]) -> None:
    """Append to the audit log; a failure to write it is logged, never shown as a crash."""
    try:
        store.audit(db or config.db_path(), user, action, json.dumps(detail, ensure_ascii=False, default=str))
    except Exception:
        log.exception("could not write the audit log (%s by %s)", action, user)


# --------------------------------------------------------------------------- sign-in and sign-out


def client_address() -> str:
    """The client's address as the server sees it ("" when unknown, e.g. in tests)."""
    try:
        ip = st.context.ip_address
    except Exception:  # no client context (a bare script run): one shared bucket
        return ""
    return ip if isinstance(ip, str) else ""  # AppTest reports a mock object


def _sign_in(name: str, password: str, lang: str) -> bool:
    """Check a password sign-in; on failure say so, throttle (per name and per client address) and audit."""
    name = auth.user_key(name)[:128]
    address = client_address()
    why = _THROTTLE.blocked(name, address)
    if why:
        st.error(t("auth.throttled_address" if why == "address" else "auth.throttled", lang))
        record(None, name or "?", "signin_failed", {"reason": "throttled", "rule": why, "client": address})
        return False
    user = users.authenticate(users.users_path(), name, password) if name and password else None
    if user is None:
        _THROTTLE.failed(name, address)
        st.error(t("auth.failed", lang))
        record(None, name or "?", "signin_failed", {"reason": "wrong name or password", "client": address})
        return False
    _THROTTLE.succeeded(name, address)
    st.session_state[_KEY] = user
    st.session_state.pop("auth_notice", None)
    # A session that survives a reload: the browser trades a one-time ticket for the HttpOnly cookie.
    cookie = sessions.start(users.users_path(), user.name)
    st.session_state[_COOKIE] = cookie
    st.session_state["auth_cookie_ticket"] = upload_gate.issue_ticket(cookie, sessions.seconds())
    record(None, user.name, "signin", {"role": user.role, "client": address})
    return True


def _sign_in_form(prefix: str, lang: str) -> None:
    if mode() == "sso":
        provider = _anning_secrets().get("sso_provider")
        if st.button(t("auth.sso_button", lang), key=f"{prefix}_sso", type="primary"):
            if provider:
                st.login(str(provider))
            else:
                st.login()
        return
    path = users.users_path()
    # clear_on_submit: the password must not linger in the session's widget state after the attempt.
    with st.form(f"{prefix}_form", clear_on_submit=True):
        name = st.text_input(t("auth.name", lang), key=f"{prefix}_name", max_chars=128, autocomplete="username")
        password = st.text_input(
            t("auth.password", lang),
            type="password",
            key=f"{prefix}_password",
            max_chars=users.MAX_PASSWORD,
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(t("auth.submit", lang), type="primary")
    if submitted:
        # Forget the typed password at once (clear_on_submit only clears it in the browser).
        st.session_state.pop(f"{prefix}_password", None)
        if _sign_in(name, password, lang):
            st.rerun()
    if not path.exists():
        st.caption(t("auth.no_users", lang))


def _sign_out(user: auth.User) -> None:
    record(None, user.name, "signout", {})
    st.session_state.pop(_KEY, None)
    cookie = st.session_state.pop(_COOKIE, None)
    if cookie:
        sessions.end(users.users_path(), cookie)  # ended on the server: the cookie is worthless from now on
        st.session_state["auth_cookie_ended"] = cookie
    st.session_state["auth_cookie_clear"] = True  # and the browser is asked to forget it
    if mode() == "sso" and _sso_identity()[0] is not None:
        st.logout()
    st.rerun()


def _role_label(role: str | None, lang: str) -> str:
    return terms.role(role, lang) if role in auth.ROLES else "?"


def _cookie_requests() -> None:
    """Have the browser fetch or drop the session cookie (a page script cannot set an HTTP cookie itself)."""
    from streamlit import config as st_config

    base = "/" + str(st_config.get_option("server.baseUrlPath") or "").strip("/")
    url = json.dumps(base.rstrip("/") + upload_gate.SESSION_PATH)
    ticket = st.session_state.pop("auth_cookie_ticket", None)
    if ticket:
        body = json.dumps(str(ticket))
        call = f"fetch({url}, {{method: 'POST', credentials: 'same-origin', body: {body}}})"
    elif st.session_state.pop("auth_cookie_clear", None):
        call = f"fetch({url}, {{method: 'DELETE', credentials: 'same-origin'}})"
    else:
        return
    # Anning's own constant script with a random ticket in it: no data or user string reaches it.
    st.html(f"<script>{call};</script>", unsafe_allow_javascript=True, width="content")


def _sidebar(user: auth.User | None, lang: str) -> None:
    with st.sidebar:
        _cookie_requests()
        if user is None:
            return
        if user.demo:
            st.caption(t("auth.demo_user", lang))
            with st.expander(t("auth.other_user", lang)):
                _sign_in_form("auth_side", lang)
            return
        st.caption(
            t("auth.signed_in_as", lang, name=inert(user.display or user.name), role=_role_label(user.role, lang))
        )
        if st.button(t("auth.signout", lang), key="auth_signout"):
            _sign_out(user)


def _signed_out_screen(lang: str) -> None:
    st.title(t("auth.signin_title", lang))
    email, _ = _sso_identity() if mode() == "sso" else (None, None)
    if email is not None:
        # Signed in at the provider, but Anning gives this identity no role: fail closed.
        st.error(t("auth.sso_no_role", lang, email=inert(email)))
        if st.button(t("auth.signout", lang), key="auth_sso_signout"):
            st.logout()
        return
    notice = st.session_state.get("auth_notice")
    if notice:
        st.warning(t(f"auth.ended.{notice}", lang))
    st.write(t("auth.signin_intro", lang))
    _sign_in_form("auth_main", lang)


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def served_ungated() -> bool:
    """True when a Streamlit server runs this app without Anning's HTTP gate (not ``streamlit run serve.py``).

    Streamlit records how it was started; AppTest starts no server and is not affected.
    """
    from streamlit import config as st_config

    return getattr(st_config, "_server_mode", None) is not None and not upload_gate.installed()


def gate(page_key: str | None, lang: str, demo: bool, *, draw: bool = True) -> auth.User | None:
    """Stop the run unless someone is signed in and, for a page, their role may open it.

    ``page_key`` None is the router: it needs a signed-in user but checks no page. ``draw``
    False is the page's own check under the router, which already drew the sidebar and the
    sign-in screen.
    """
    if not demo and served_ungated():
        # `streamlit run app.py` leaves Streamlit's upload route open to signed-out clients: no real data then.
        st.error(t("auth.ungated", lang))
        st.stop()
    user = current_user(demo)
    upload_gate.sync(_session_id(), user)  # uploads reach the server only while this session's user may load
    if draw:
        _sidebar(user, lang)
    if user is None:
        if draw:
            _signed_out_screen(lang)
        else:
            st.error(t("auth.signin_required", lang))
        st.stop()
    if page_key is not None and not auth.can_open(user.role, page_key):
        st.error(t("auth.refused", lang))
        st.stop()
    return user


# --------------------------------------------------------------------------- exports


def audited_download(
    fr: Any,
    label: str,
    data: bytes | str | Callable[[], bytes | str],
    file_name: str,
    *,
    key: str,
    mime: str | None = None,
    what: str = "",
    requires: str = "export_analysis",
    **kwargs: Any,
) -> bool:
    """``st.download_button`` for an export: built when clicked, recorded in the audit log when served.

    ``fr`` is the page's :class:`anning.ui.frame.Frame`. ``requires`` names the :data:`anning.core.auth.ACTIONS`
    entry the user's role needs (``export_published`` for published lists). ``what`` says what the
    file holds (e.g. ``"rankings 2026Q3 company"``).

    ``data`` is best a function of no arguments that builds the file; bytes are accepted too. Either
    way the browser gets no file and no ``/media`` URL while the page renders: Streamlit's deferred
    download calls :func:`deferred_export` when the user clicks, which builds the file, records the
    export (who, which file, how big) and hands the bytes over. A role without the right gets a
    disabled button and nothing else: no bytes, no URL, and no builder a client could call.
    """
    user = getattr(fr, "user", None)
    allowed = user is not None and auth.can(user.role, requires)
    db, who = getattr(fr, "db", None), user.name if user else "anonymous"
    detail: dict[str, Any] = {"file": file_name, "what": what, "quarter": getattr(fr, "quarter", None)}
    if not allowed or kwargs.pop("disabled", False):
        # A disabled button with a builder registers nothing (Streamlit revokes it), and the builder is empty.
        make: Callable[[], bytes | str] = _nothing
        disabled = True
    else:
        make = data if callable(data) else functools.partial(_same, data)
        disabled = False
    return st.download_button(
        label,
        deferred_export(make, db, who, detail) if not disabled else make,
        file_name=file_name,
        mime=mime,
        key=key,
        disabled=disabled,
        on_click="ignore",
        **kwargs,
    )


def _nothing() -> bytes:
    return b""


def _same(data: bytes | str) -> bytes | str:
    return data


def deferred_export(
    make: Callable[[], bytes | str], db: Path | None, who: str, detail: dict[str, Any]
) -> Callable[[], bytes]:
    """The file-building function for a deferred download: builds the file, records the export, returns it.

    Streamlit runs it on its own thread when the user clicks, outside the page script, so it takes
    everything it needs as arguments and never touches the session.
    """

    def build() -> bytes:
        data = make()
        body = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        record(db, who, "export", {**detail, "bytes": len(body)})
        return body

    return build
