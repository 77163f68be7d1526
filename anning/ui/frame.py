"""Streamlit UI helpers: the shared frame, cached store access, navigation and small renderers.

Streamlit is imported only in :mod:`anning.ui` (this module, :mod:`anning.ui.auth` and
:mod:`anning.ui.publications`); this module is the one place that uses ``st.cache_data``. Pages call :func:`frame` first; it draws the
shared sidebar (quarter picker, language switch), the demo banner, and builds the
demo store on first start. ``app.py`` draws the same frame once around
``pg.run()``, so a page run through the router does not draw it twice, and a
page run on its own (``AppTest.switch_page`` with a ``pages/`` folder) still
gets it.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from anning.charts import theme
from anning.core import auth, config, fmt
from anning.i18n import t
from anning.load import bootstrap
from anning.store import db as store
from anning.store import info
from anning.ui import auth as ui_auth
from anning.ui import state

_LANG_LABELS = {"zh": "中文", "en": "English"}
_local = threading.local()

# The default page's internal url path prefix (it is served at the root; its own slug is a hidden twin).
DEFAULT_SLUG = "start"

# Pages by navigation section: (file, title key, url path).
PAGES: dict[str, list[tuple[str, str, str]]] = {
    "nav.overview": [("pages/overview.py", "page.overview", "overview")],
    "nav.analysis": [
        ("pages/rankings.py", "page.rankings", "rankings"),
        ("pages/map.py", "page.map", "map"),
        ("pages/company.py", "page.company", "company"),
        ("pages/forecast.py", "page.forecast", "forecast"),
        ("pages/enforcement.py", "page.enforcement", "enforcement"),
        ("pages/handling.py", "page.handling", "handling"),
    ],
    "nav.publications": [
        ("pages/inventory.py", "page.inventory", "inventory"),
        ("pages/exposure.py", "page.exposure", "exposure"),
        ("pages/referrals.py", "page.referrals", "referrals"),
    ],
    "nav.data": [("pages/data.py", "page.data", "data")],
    "nav.reference": [("pages/methodology.py", "page.methodology", "methodology")],
}


# --------------------------------------------------------------------------- cached store access


@st.cache_resource(max_entries=4, show_spinner=False)
def _reader(db: str, version_key: str) -> store.Reader:
    """One read-only attachment per store version (the key changes whenever a load swaps the file)."""
    del version_key  # part of the cache key only
    return store.Reader(Path(db))


@st.cache_data(ttl=3600, max_entries=1024, show_spinner=False)
def _query(db: str, version_key: str, name: str, params_json: str) -> pd.DataFrame:
    return _reader(db, version_key).query(name, json.loads(params_json))


@dataclass(frozen=True)
class CachedSource:
    """A :class:`anning.store.info.QuerySource` whose results are cached per store version."""

    db: Path
    version_key: str

    def query(self, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a named query through the cache (params must be JSON-serialisable)."""
        return _query(str(self.db), self.version_key, name, json.dumps(params or {}, sort_keys=True, default=str))


def cached(fn: Any) -> Any:
    """Cache an expensive pure function per store version (its first argument must be the version key)."""
    return st.cache_data(ttl=3600, max_entries=256, show_spinner=False)(fn)


def cached_figures(fn: Any) -> Any:
    """Cache a function that builds a page's Plotly figures, per store version, as shared objects.

    A figure costs as much to unpickle as to build (Plotly validates it either way: 30–100 ms each), so a
    copying ``st.cache_data`` would save nothing. The figures are kept as they are and must be treated as
    read-only: ``st.plotly_chart`` serialises a copy and never changes them.
    """
    return st.cache_resource(ttl=3600, max_entries=64, show_spinner=False)(fn)


def clear_caches() -> None:
    """Forget every cached query and connection (after a load)."""
    st.cache_data.clear()
    st.cache_resource.clear()


# --------------------------------------------------------------------------- the frame


@dataclass(frozen=True)
class Frame:
    """What every page needs: language, chosen quarter, the store and its summary."""

    lang: str
    quarter: str | None
    db: Path
    source: CachedSource
    info: info.StoreInfo
    user: auth.User | None = None
    cb: bool = False  # the colour-blind-safe palette instead of red/green (a sidebar choice, kept in the link)

    def t(self, key: str, **kwargs: object) -> str:
        """Translate in the frame's language."""
        return t(key, self.lang, **kwargs)


def default_lang() -> str:
    """The deployment's default language (``ANNING_LANG``), Chinese unless set."""
    return "en" if os.environ.get("ANNING_LANG", "zh").lower().startswith("en") else "zh"


def current_lang() -> str:
    """The language chosen in this session; a session's first run takes it from the link (``?lang=en``)."""
    if "frame_lang" not in st.session_state:
        linked = state.url_value("lang")
        if linked in _LANG_LABELS:
            st.session_state["frame_lang"] = linked
    return str(st.session_state.get("frame_lang", default_lang()))


def _ensure_store(db: Path, lang: str) -> None:
    if db.exists() or not bootstrap.demo_enabled():
        return
    with st.status(t("banner.building", lang), expanded=True) as status:
        bootstrap.ensure_store(db, progress_callback(st.progress(0.0), lang))
        status.update(state="complete", expanded=False)
    clear_caches()


def _draw(page_key: str | None) -> Frame:
    db = config.db_path()
    lang = current_lang()
    st.session_state.setdefault("frame_lang", lang)
    _ensure_store(db, lang)
    with st.sidebar:
        st.radio(
            t("sidebar.language", lang),
            list(_LANG_LABELS),
            key="frame_lang",
            horizontal=True,
            format_func=_LANG_LABELS.get,
        )
    lang = current_lang()
    state.publish("lang", lang)  # always in the link: deployments differ in their default language
    if not db.exists():
        st.info(t("banner.empty", lang))
        empty = info.StoreInfo("0", None, False, 0, 0, (), ())
        user = ui_auth.gate(page_key, lang, False)
        return Frame(lang, None, db, CachedSource(db, "none"), empty, user)
    src = CachedSource(db, store.version(db).key)
    summary = info.store_info(src)
    # Sign-in comes before anything drawn from the store: a signed-out visitor sees only the form.
    user = ui_auth.gate(page_key, lang, info.demo_only(summary))
    quarter = None
    with st.sidebar:
        if summary.quarters:
            options = list(reversed(summary.quarters))
            # The choice is kept under a plain key as well: a page run on its own (Streamlit's pages-folder
            # mode, AppTest.switch_page) draws this widget afresh, and the widget's own state would not carry.
            chosen = st.session_state.get("frame_quarter", st.session_state.get("_frame_quarter"))
            if "frame_quarter" not in st.session_state and state.url_value("q") in options:
                chosen = state.url_value("q")  # a shared link or a reload: the quarter it was made on
            if chosen not in options:
                chosen = summary.default_quarter
            quarter = st.selectbox(
                t("sidebar.quarter", lang), options, index=options.index(chosen), key="frame_quarter"
            )
            st.session_state["_frame_quarter"] = quarter
            state.publish("q", quarter)
            if quarter and not summary.is_complete(quarter):
                st.caption(
                    "⚠ "
                    + t("sidebar.incomplete", lang, quarter=quarter, as_of=fmt.date_words(summary.data_as_of, lang))
                )
        if summary.data_as_of:
            st.caption(t("sidebar.as_of", lang, as_of=fmt.date_words(summary.data_as_of, lang)))
        cb = bool(st.toggle(t("sidebar.cb", lang), key=_cb_key(), help=t("sidebar.cb_help", lang)))
        state.publish("cb", "1" if cb else None)
    if summary.demo:
        banner = t("banner.demo", lang)
        if user is not None and user.demo:
            banner += " " + t("auth.demo_banner", lang)
        st.warning(banner, icon=":material/science:")
    return Frame(lang, quarter, db, src, summary, user, cb)


def _cb_key() -> str:
    """The palette toggle's key, seeded from the link (``?cb=1``) on a session's first run."""
    if "frame_cb" not in st.session_state and state.url_value("cb") == "1":
        st.session_state["frame_cb"] = True
    return "frame_cb"


@contextlib.contextmanager
def shared_frame() -> Iterator[Frame]:
    """Draw the frame once for the router; pages run inside reuse it."""
    fr = _draw(None)
    _local.frame = fr
    try:
        yield fr
    finally:
        _local.frame = None


def _leave_pages_folder_mode() -> None:
    """Send a deep link on a fresh server through the router.

    With a ``pages/`` folder, Streamlit starts in its old folder mode: until some
    session runs ``st.navigation``, a URL such as ``/rankings`` runs the page file
    directly, without ``app.py`` (no page config, file-name navigation). When the
    entry script is ``app.py``, switch the process to the router and rerun, so the
    same URL goes through ``app.py``. A page run on its own (tests) is left alone.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not PagesManager.uses_pages_directory:
        return
    # AppTest runs pages in folder mode on every run; a rerun there would drop the run's button clicks.
    if ctx.session_id == "test session id":
        return
    if Path(ctx.main_script_path).name != "app.py":
        return
    PagesManager.uses_pages_directory = False
    st.rerun()


def frame(page_key: str) -> Frame:
    """The shared frame for a page: reused when the router drew it, drawn here otherwise."""
    fr = getattr(_local, "frame", None)
    if fr is None:
        _leave_pages_folder_mode()
        return _draw(page_key)
    # The router drew the frame without knowing the page; the page's own access check happens here.
    ui_auth.gate(page_key, fr.lang, info.demo_only(fr.info), draw=False)
    return fr


def _store_is_demo() -> bool:
    """Whether the store holds only demo data (a store still to be built on first start will)."""
    db = config.db_path()
    if not db.exists():
        return bootstrap.demo_enabled()
    return info.demo_only(info.store_info(CachedSource(db, store.version(db).key)))


def navigation(lang: str) -> dict[str, list[Any]]:
    """``st.navigation`` sections with translated titles: only the pages the signed-in user's role may open.

    Signed out (real data), every page is listed but the menu is hidden (:func:`nav_position`), so
    a deep link survives the sign-in form, which stops the run before any page.
    """
    user = ui_auth.current_user(_store_is_demo())
    allowed = [
        (section, path, title, url)
        for section, pages in PAGES.items()
        for path, title, url in pages
        if user is None or auth.can_open(user.role, url)
    ]
    default = auth.home_page(user.role if user else None, [a[3] for a in allowed])
    out: dict[str, list[Any]] = {}
    for section, path, title, url in allowed:
        pages = out.setdefault(t(section, lang), [])
        if url != default:
            pages.append(st.Page(path, title=t(title, lang), url_path=url))
            continue
        # Streamlit serves the default page at the root URL only, so /overview would be "page not found":
        # the menu's entry is the root, and a hidden twin answers the page's own slug.
        pages.append(st.Page(path, title=t(title, lang), url_path=f"{DEFAULT_SLUG}-{url}", default=True))
        pages.append(st.Page(path, title=t(title, lang), url_path=url, visibility="hidden"))
    return out


def nav_position() -> str:
    """The menu's place: the sidebar when someone is signed in, hidden on the sign-in screen."""
    return "sidebar" if ui_auth.current_user(_store_is_demo()) is not None else "hidden"


def title(fr: Frame, key: str) -> None:
    """The page heading."""
    st.title(fr.t(key))


def translated(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rename columns through the translation table (``col.<name>``) where an entry exists."""
    from anning.i18n import TABLE

    return df.rename(columns={c: t(f"col.{c}", lang) for c in df.columns if f"col.{c}" in TABLE})


def user_name() -> str:
    """The signed-in user's name, for batch and audit records."""
    user = ui_auth.current_user(_store_is_demo())
    return user.name if user else "anonymous"


def progress_callback(bar: Any, lang: str) -> Any:
    """A loader progress callback drawing on an ``st.progress`` bar with rows and rows per second."""

    def update(ev: Any) -> None:
        bar.progress(
            ev.fraction,
            text=t(
                "data.progress",
                lang,
                step=t(f"step.{ev.step}", lang),
                rows=f"{ev.rows:,}",
                rate=f"{ev.rows_per_s:,.0f}",
            ),
        )

    return update


def show_load_report(fr: Frame, report: Any) -> None:
    """The validation report: summary line, files, errors and warnings."""
    from anning.load import batches

    files, errors, warnings = batches.report_tables(report, fr.lang)
    summary = t(
        "load.summary",
        fr.lang,
        errors=report.n_errors,
        warnings=report.n_warnings,
        files=len(report.files),
        rows=report.total_rows,
    )
    if report.ok:
        st.success(summary if report.dry_run is False else t("data.ok", fr.lang, rows=report.total_rows))
    else:
        st.error(t("data.failed", fr.lang, n=report.n_errors) + " " + summary)
    if report.ok and not report.already_loaded:
        st.caption(report.accounting(fr.lang))  # every row read is accounted for (issue 15 #2)
    st.subheader(t("data.report", fr.lang))
    st.dataframe(translated(files, fr.lang), hide_index=True, key="data_report_files")
    if not errors.empty:
        st.markdown(f"**{t('data.errors', fr.lang)}**")
        st.dataframe(translated(errors, fr.lang), hide_index=True, key="data_report_errors")
        if report.n_errors > len(errors):
            st.caption(t("load.more_errors", fr.lang, n=report.n_errors - len(errors)))
    if not warnings.empty:
        st.markdown(f"**{t('data.warnings', fr.lang)}**")
        st.dataframe(translated(warnings, fr.lang), hide_index=True, key="data_report_warnings")


# --------------------------------------------------------------------------- rendering helpers


def plotly_config(fr: Frame) -> dict[str, Any]:
    """``st.plotly_chart`` config: the toolbar in the reader's language, no Plotly logo."""
    return theme.plotly_config(fr.lang)


def chart(fr: Frame, fig: Any, *, key: str, where: Any = None, **kwargs: Any) -> None:
    """Draw a Plotly figure in the reader's palette, with Plotly's own texts in the reader's language."""
    (where or st).plotly_chart(theme.for_palette(fig, fr.cb), key=key, config=plotly_config(fr), **kwargs)


# Column formats of shaped tables (anning.enforcement.sections and others): thousands separators for counts
# and yuan, one decimal for percentages (values are fractions) and rates.
_FORMATS: dict[str, Any] = {
    # The step sets the decimals Streamlit shows ("percent" shows two fewer than the step has).
    "count": lambda: st.column_config.NumberColumn(format="localized", step=1, width=90),
    "yuan": lambda: st.column_config.NumberColumn(format="localized", step=1, width=100),
    "pct": lambda: st.column_config.NumberColumn(format="percent", step=0.001, width=90),
    "rate": lambda: st.column_config.NumberColumn(format="localized", step=0.1, width=120),
    "days": lambda: st.column_config.NumberColumn(format="localized", step=1, width=80),
    "wide": lambda: st.column_config.TextColumn(width=300),
}


def show_table(frame: pd.DataFrame, formats: dict[str, str] | Any, *, key: str, **kwargs: Any) -> None:
    """``st.dataframe`` of a shaped table, its columns formatted by kind (see :data:`_FORMATS`)."""
    config = {col: _FORMATS[kind]() for col, kind in dict(formats).items() if kind in _FORMATS and col in frame}
    if "wide" in dict(formats).values():
        # Rows taller than 4 rem let the grid wrap text: long reasons read in full inside 1,400 pixels.
        kwargs.setdefault("row_height", 72)
    st.dataframe(frame, hide_index=True, key=key, column_config=config, **kwargs)


def localize_uploader(lang: str, types: Sequence[str], max_mb: int) -> None:
    """Streamlit's uploader in the reader's language: its button and its size line have no API, so in
    Chinese a style sheet replaces their text (the English ones are Streamlit's own). Only our strings
    go into the style sheet, escaped for CSS."""
    if lang != "zh":
        return
    limit = t("data.uploader_limit", lang, mb=max_mb, types="、".join(x.upper() for x in types))

    def css(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"')

    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzone"] button {font-size: 0}'
        # Newer Streamlit writes the button's word as Markdown, whose own font size the rule above misses.
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {display: none}'
        '[data-testid="stFileUploaderDropzone"] button::after'
        f' {{content: "{css(t("data.uploader_button", lang))}"; font-size: 0.875rem}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] small,'
        ' [data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0}'
        '[data-testid="stFileUploaderDropzoneInstructions"] > div::after'
        f' {{content: "{css(limit)}"; font-size: 0.875rem; opacity: 0.7}}'
        "</style>"
    )


def working(fr: Frame) -> Any:
    """A spinner around work that can take more than a moment on a first visit (cached afterwards)."""
    return st.spinner(fr.t("ui.working"), show_time=True)
