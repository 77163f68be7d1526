"""Sign-in for the app (a Streamlit UI module): who is using it, and the gate every page passes.

Until sign-in lands, demo mode signs everyone in as a demo analyst.
"""

from __future__ import annotations

import streamlit as st

from anning import auth


def current_user(demo: bool) -> auth.User | None:
    """The signed-in user, or the demo analyst in demo mode, or None."""
    user = st.session_state.get("auth_user_obj")
    if isinstance(user, auth.User):
        return user
    if demo:
        return auth.User("demo-analyst", "analyst", "Demo analyst", demo=True)
    return None


def gate(page_key: str | None, lang: str, demo: bool) -> auth.User | None:
    """Stop the page unless the user may open it (``page_key`` None: the router, no check)."""
    from anning.i18n import t

    user = current_user(demo)
    if page_key is not None and (user is None or not auth.can_open(user.role, page_key)):
        st.error(t("auth.refused", lang))
        st.stop()
    return user
