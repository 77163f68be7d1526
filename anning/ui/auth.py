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
name across the whole process and recorded in the audit log, as are sign-ins, sign-outs and
exports (:func:`audited_download`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from anning.core import auth, config
from anning.i18n import t, terms
from anning.store import db as store
from anning.store import users

log = logging.getLogger(__name__)

DEMO_USER = auth.User("demo-analyst", "analyst", "Demo analyst", demo=True)
_KEY = "auth_user_obj"  # the offline-signed-in user in st.session_state
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
    return auth.User(email, role, display or email) if role else None


def current_user(demo: bool) -> auth.User | None:
    """The signed-in user; else, with demo data, the demo analyst; else None."""
    user = st.session_state.get(_KEY)
    if isinstance(user, auth.User) and user.role in auth.ROLES:
        return user
    if mode() == "sso":
        sso = _sso_user()
        if sso is not None:
            return sso
    return DEMO_USER if demo else None


# --------------------------------------------------------------------------- audit


def record(db: Path | None, user: str, action: str, detail: dict[str, Any]) -> None:
    """Append to the audit log; a failure to write it is logged, never shown as a crash."""
    try:
        store.audit(db or config.db_path(), user, action, json.dumps(detail, ensure_ascii=False, default=str))
    except Exception:
        log.exception("could not write the audit log (%s by %s)", action, user)


# --------------------------------------------------------------------------- sign-in and sign-out


def _sign_in(name: str, password: str, lang: str) -> bool:
    """Check a password sign-in; on failure say so, throttle and audit."""
    name = name.strip()[:128]
    if _THROTTLE.blocked(name):
        st.error(t("auth.throttled", lang))
        record(None, name or "?", "signin_failed", {"reason": "throttled"})
        return False
    user = users.authenticate(users.users_path(), name, password) if name and password else None
    if user is None:
        _THROTTLE.failed(name)
        st.error(t("auth.failed", lang))
        record(None, name or "?", "signin_failed", {"reason": "wrong name or password"})
        return False
    _THROTTLE.succeeded(name)
    st.session_state[_KEY] = user
    record(None, user.name, "signin", {"role": user.role})
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
    if mode() == "sso" and _sso_identity()[0] is not None:
        st.logout()
    st.rerun()


def _role_label(role: str | None, lang: str) -> str:
    return terms.role(role, lang) if role in auth.ROLES else "?"


def _sidebar(user: auth.User | None, lang: str) -> None:
    with st.sidebar:
        if user is None:
            return
        if user.demo:
            st.caption(t("auth.demo_user", lang))
            with st.expander(t("auth.other_user", lang)):
                _sign_in_form("auth_side", lang)
            return
        st.caption(t("auth.signed_in_as", lang, name=user.display or user.name, role=_role_label(user.role, lang)))
        if st.button(t("auth.signout", lang), key="auth_signout"):
            _sign_out(user)


def _signed_out_screen(lang: str) -> None:
    st.title(t("auth.signin_title", lang))
    email, _ = _sso_identity() if mode() == "sso" else (None, None)
    if email is not None:
        # Signed in at the provider, but Anning gives this identity no role: fail closed.
        st.error(t("auth.sso_no_role", lang, email=email))
        if st.button(t("auth.signout", lang), key="auth_sso_signout"):
            st.logout()
        return
    st.write(t("auth.signin_intro", lang))
    _sign_in_form("auth_main", lang)


def gate(page_key: str | None, lang: str, demo: bool, *, draw: bool = True) -> auth.User | None:
    """Stop the run unless someone is signed in and, for a page, their role may open it.

    ``page_key`` None is the router: it needs a signed-in user but checks no page. ``draw``
    False is the page's own check under the router, which already drew the sidebar and the
    sign-in screen.
    """
    user = current_user(demo)
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
    """``st.download_button`` that records the export (who, which file, how big) in the audit log.

    ``fr`` is the page's :class:`anning.ui.frame.Frame`. ``requires`` names the :data:`anning.core.auth.ACTIONS`
    entry the user's role needs (``export_published`` for published lists); without it the
    button is disabled. ``what`` says what the file holds (e.g. ``"rankings 2026Q3 company"``).

    ``data`` may be a function of no arguments: the file is then built only when the user clicks
    (Streamlit's deferred download), and recorded when it is built; see :func:`deferred_export`.
    """
    user = getattr(fr, "user", None)
    allowed = user is not None and auth.can(user.role, requires)
    db, who = getattr(fr, "db", None), user.name if user else "anonymous"
    detail: dict[str, Any] = {"file": file_name, "what": what, "quarter": getattr(fr, "quarter", None)}
    disabled = not allowed or kwargs.pop("disabled", False)
    if callable(data):
        # An XLSX of a page's tables costs more than the page itself; build it for the users who ask.
        return st.download_button(
            label,
            deferred_export(data, db, who, detail),
            file_name=file_name,
            mime=mime,
            key=key,
            disabled=disabled,
            on_click="ignore",
            **kwargs,
        )
    detail["bytes"] = len(data.encode("utf-8") if isinstance(data, str) else data)
    return st.download_button(
        label,
        data,
        file_name=file_name,
        mime=mime,
        key=key,
        disabled=disabled,
        on_click=record,
        args=(db, who, "export", detail),
        **kwargs,
    )


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
