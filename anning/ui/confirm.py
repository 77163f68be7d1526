"""Confirm before an action that cannot be undone (publishing, recording a referral batch): a shared helper.

:func:`confirm_button` draws the action's button; a click does not act but asks, in a bordered box beside
it, the page's own question ("Publish version 2 of EXP-2026Q3? A published list never changes.") with
"Yes, …" and "Cancel". Only "Yes" returns True, once. Any page with an irreversible step uses this one
helper, so every such step reads and behaves the same.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from anning.i18n import t


def confirm_button(
    where: Any,
    label: str,
    *,
    key: str,
    question: str,
    lang: str,
    confirm_label: str | None = None,
    **kwargs: Any,
) -> bool:
    """A button whose action runs only after an explicit confirmation; True on the confirming click.

    ``where`` is the container (``st`` or a column); ``kwargs`` go to the first button (``type``, ``icon``,
    ``disabled``). The question is Markdown from the page (escape any data in it).
    """
    pending = f"{key}_confirming"
    if where.button(label, key=key, **kwargs):
        st.session_state[pending] = True
    if not st.session_state.get(pending) or kwargs.get("disabled"):
        return False
    box = where.container(border=True)
    box.warning(question, icon=":material/warning:")
    yes, no = box.columns(2)
    if yes.button(confirm_label or t("confirm.yes", lang, action=label), key=f"{key}_yes", type="primary"):
        st.session_state.pop(pending, None)
        return True
    if no.button(t("confirm.cancel", lang), key=f"{key}_cancel"):
        st.session_state.pop(pending, None)
        st.rerun()
    return False
