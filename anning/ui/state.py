"""Settings that survive a reload and travel in a link: the view's state mirrored in the URL's query string.

The language (``lang``) and the quarter (``q``) are written by the shared frame on every run, always,
because their defaults move (a deployment's default language; the latest complete quarter changes with
each load): a link must name them, or it would open another view next quarter.

A page binds each of its main settings to a short parameter before drawing the widget::

    by = st.radio(label, DIMENSIONS, key=state.bind("rankings_by", "by", DIMENSIONS), ...)

The URL holds the setting's *code* (``by=company``, ``channel=sms``), never its label: Streamlit's own
``bind="query-params"`` writes the option as displayed, so a link made in Chinese would stop matching
once the page is read in English. :func:`bind` seeds the widget from the URL the first time the widget
is drawn in a session (a shared link, a bookmark, a reload) and afterwards writes the widget's value
back, so the address bar always reads the view on screen. A value that is not one of the options is
ignored and the default applies: a hand-edited link never breaks a page. Defaults stay out of the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_UNSET: Any = object()


def url_value(param: str) -> str | None:
    """The query parameter's value in the current URL, or None."""
    try:
        value = st.query_params.get(param)
    except Exception:  # no script run context (a bare import): no URL
        return None
    return None if value is None else str(value)


def publish(param: str, value: str | None) -> None:
    """Write ``value`` to the URL under ``param`` (removed when None); only when it changed."""
    current = url_value(param)
    if value is None:
        if current is not None:
            del st.query_params[param]
    elif current != value:
        st.query_params[param] = value


def code(value: Any) -> str:
    """How a setting reads in the URL: ``None`` is ``all``, booleans ``1``/``0``, whole floats without ``.0``."""
    if value is None:
        return "all"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def option_parser(options: Sequence[Any]) -> Callable[[str], Any]:
    """Accept exactly one of ``options``, written as :func:`code` writes it."""
    by_code = {code(o): o for o in options}

    def parse(text: str) -> Any:
        if text not in by_code:
            raise ValueError(text)
        return by_code[text]

    return parse


def number_parser(kind: type, low: float, high: float) -> Callable[[str], Any]:
    """Accept an int or a float within ``[low, high]``."""

    def parse(text: str) -> Any:
        value = kind(text)
        if not low <= value <= high:
            raise ValueError(text)
        return value

    return parse


def bind(
    key: str,
    param: str,
    options: Sequence[Any] | None = None,
    *,
    default: Any = _UNSET,
    parse: Callable[[str], Any] | None = None,
) -> str:
    """Tie the widget ``key`` to the URL parameter ``param``; returns ``key`` for the widget call.

    Pass ``options`` for a choice (its first option is the default unless ``default`` says otherwise) or
    ``parse`` with ``default`` for a number. When ``default`` is given the widget must be drawn without a
    ``value``/``index`` of its own: the starting value is set here (Streamlit warns when both are set).
    """
    parser = parse or (option_parser(options) if options is not None else str)
    base = default if default is not _UNSET else (options[0] if options else _UNSET)
    if key not in st.session_state:
        # The widget's first draw in this session: a link or a reload speaks first.
        seeded: Any = _UNSET
        text = url_value(param)
        if text is not None:
            try:
                seeded = parser(text)
            except (ValueError, TypeError, OverflowError):
                seeded = _UNSET
        if seeded is None:
            # None is an "all" option, always the widget's first (its own default): set through the API, a
            # selectbox would read None as "nothing chosen" and show its placeholder.
            pass
        elif seeded is not _UNSET:
            st.session_state[key] = seeded
        elif default is not _UNSET:
            st.session_state[key] = default
    if key in st.session_state and options is not None and st.session_state[key] not in options:
        # A value that is no longer (or never was) an option, set by older code or by hand: the default. A default
        # of None (an "all" option, in lists that never change) is not set through the API, where a selectbox
        # reads None as "nothing chosen"; the key is cleared instead. Lists that change with the quarter use a
        # string first option (compare_box): a cleared key can leave the browser showing the old choice.
        if base is _UNSET or base is None:
            del st.session_state[key]
        else:
            st.session_state[key] = base
    if key in st.session_state:
        value = st.session_state[key]
        publish(param, None if base is not _UNSET and value == base else code(value))
    return key


def bind_many(key: str, param: str, options: Sequence[Any], *, default: Sequence[Any]) -> str:
    """:func:`bind` for a multiselect (the widget drawn without ``default``): codes joined by commas."""
    parse = option_parser(options)
    if key not in st.session_state:
        chosen: list[Any] = list(default)
        text = url_value(param)
        if text is not None:
            try:
                chosen = [parse(p) for p in text.split(",") if p]
            except ValueError:
                chosen = list(default)
        st.session_state[key] = chosen
    value = list(st.session_state[key])
    publish(param, None if value == list(default) else ",".join(code(v) for v in value))
    return key


def compare_box(
    container: Any,
    label: str,
    key: str,
    earlier: Sequence[str],
    *,
    first: str,
    first_label: str,
    **kwargs: Any,
) -> str | None:
    """A "compare with" box: a first choice (``first``, e.g. ``"previous"`` or ``"none"``), then ``earlier``
    quarters; returns the chosen quarter, or None for the first choice.

    The first choice is a string, never None: the options change with the sidebar's quarter, and a choice
    that is no longer offered is reset through ``st.session_state``. Set that way, None reads to a selectbox
    as "nothing chosen" (Streamlit's own "Choose an option", in English on the Chinese page), and a cleared
    key left the browser showing the old quarter. The box is disabled when there is no earlier quarter.
    """
    options = [first, *earlier]
    choice = container.selectbox(
        label,
        options,
        key=bind(key, "vs", options),
        format_func=lambda q: first_label if q == first else q,
        disabled=not earlier,
        **kwargs,
    )
    return None if choice == first else choice
