"""Rankings page: industries, companies, port companies, operators, number ranges and provinces for a quarter.

Settings -> :func:`anning.analysis.rankings.rank` (the same call as ``python -m anning rank``) -> table, with a
company row opening the company profile, and CSV/XLSX exports with the methodology footnote.
"""

import pandas as pd
import streamlit as st

from anning.analysis import rankings
from anning.charts import rankings as ranking_colours
from anning.core import auth, fmt
from anning.core.escape import inert
from anning.i18n import terms
from anning.publish import exports, inventory
from anning.ui import auth as ui_auth
from anning.ui import frame as ui
from anning.ui import state

fr = ui.frame("rankings")
if st.session_state.pop("rankings_goto_company", False):  # set by the callbacks below
    st.switch_page("pages/company.py")
ui.title(fr, "page.rankings")
if fr.quarter is None:
    st.stop()

if not auth.can(fr.user.role if fr.user else None, "see_unpublished"):
    # The press: the ranking tables of the published inventory, exactly as published (frozen), nothing live.
    published = inventory.published_quarters(fr.source)
    if not published:
        st.info(fr.t("rk.press_none"))
        st.stop()
    shown = fr.quarter if fr.quarter in published else published[0]
    if shown != fr.quarter:
        st.info(fr.t("rk.press_other", quarter=fr.quarter, shown=shown))
    doc, tables = inventory.published_rankings(fr.source, shown, fr.lang)  # type: ignore[misc]
    st.caption(fr.t("rk.press_intro", title=doc.title, version=doc.meta.get("version_label", "")))
    for i, tb in enumerate(tables):
        st.subheader(tb.title)
        st.dataframe(tb.frame, hide_index=True, key=f"rankings_published_{i}")
        if tb.note:
            st.caption(tb.note)
        ui_auth.audited_download(
            fr,
            fr.t("rk.export_csv"),
            exports.csv_bytes(tb.frame, demo=fr.info.demo, lang=fr.lang, notes=doc.footnotes),
            f"anning-published-{tb.key}-{shown}.csv",
            key=f"rankings_published_csv_{i}",
            mime="text/csv",
            what=f"published rankings {shown} {tb.key}",
            requires="export_published",
        )
    st.stop()


def _all(value: object) -> str:
    return fr.t("rk.all") if value is None else str(value)


@ui.cached
def _export_files(
    version_key: str, view: pd.DataFrame, notes: tuple[str, ...], demo: bool, lang: str, sheet: str, notes_title: str
) -> tuple[bytes, bytes]:
    """CSV and XLSX bytes of the shown table (cached: the workbook takes a moment to build)."""
    del version_key  # part of the cache key only
    return (
        exports.csv_bytes(view, demo=demo, lang=lang, notes=notes),
        exports.xlsx_bytes({sheet: view}, demo=demo, lang=lang, notes=notes, notes_title=notes_title),
    )


TOPS = [20, 50, 100, None]
by = st.radio(
    fr.t("rk.tab"),
    rankings.DIMENSIONS,
    key=state.bind("rankings_by", "by", rankings.DIMENSIONS),
    horizontal=True,
    format_func=lambda d: rankings.dimension_label(d, fr.lang),
    label_visibility="collapsed",
)
cols = iter(st.columns(5))
# "all" rather than None: a None option makes Streamlit draw a clear button on the box.
channel = next(cols).selectbox(
    fr.t("rk.channel"),
    ["all", *rankings.CHANNELS],
    key=state.bind("rankings_channel", "channel", ["all", *rankings.CHANNELS]),
    format_func=lambda c: fr.t("rk.all") if c == "all" else terms.channel(c, fr.lang),
)
category = next(cols).selectbox(
    fr.t("rk.category"),
    ["all", *rankings.CATEGORIES],
    key=state.bind("rankings_category", "category", ["all", *rankings.CATEGORIES]),
    format_func=lambda c: fr.t("rk.all") if c == "all" else terms.category(c, fr.lang),
)
kind = "all"
if by == "operator":  # operators: basic or MVNO instead of a top-N cut (there are only a few dozen)
    kind = next(cols).selectbox(
        fr.t("rk.operator_kind"),
        ["all", *rankings.OPERATOR_KINDS],
        key=state.bind("rankings_kind", "kind", ["all", *rankings.OPERATOR_KINDS]),
        format_func=lambda k: fr.t("rk.all") if k == "all" else terms.operator_kind(k, fr.lang),
    )
sort = next(cols).selectbox(
    fr.t("rk.sort"),
    rankings.SORTS,
    key=state.bind("rankings_sort", "sort", rankings.SORTS),
    format_func=lambda s: fr.t(f"rk.sort.{s}"),
)
min_volume = next(cols).number_input(
    fr.t("rk.min_volume"),
    min_value=0,
    step=5,
    key=state.bind(
        "rankings_min_volume",
        "min",
        default=rankings.DEFAULT_MIN_VOLUME,
        parse=state.number_parser(int, 0, 1_000_000),
    ),
    help=fr.t("rk.min_volume_help"),
)
top = None
if by != "operator":
    top = next(cols).selectbox(fr.t("rk.top"), TOPS, key=state.bind("rankings_top", "top", TOPS), format_func=_all)
earlier = [q for q in reversed(fr.info.quarters) if q < fr.quarter]
compare = state.compare_box(
    st,
    fr.t("rk.compare"),
    "rankings_compare",
    earlier,
    first="previous",
    first_label=fr.t("rk.compare_previous"),
    width=220,
)

spec = rankings.RankSpec(
    by=by,
    quarter=fr.quarter,
    channel=None if channel == "all" else channel,
    category=None if category == "all" else category,
    top=top,
    min_volume=int(min_volume),
    operator_kind=None if kind == "all" else kind,
    sort=sort,
    compare=compare,
)
ranking = rankings.rank(fr.source, spec, fr.lang)
ranked, complete = ranking.table, ranking.complete

if not complete:
    st.warning(fr.t("rk.partial", quarter=fr.quarter), icon=":material/hourglass_top:")
if ranked.empty:
    st.info(fr.t("rk.no_rows"))
    st.stop()

st.caption(
    fr.t(
        "rk.summary",
        n=len(ranked),
        total_n=ranking.n_keys,
        total=fmt.count(ranking.total, fr.lang),
        previous_total=fmt.count(ranking.previous_total, fr.lang) if ranking.has_previous else "–",
    )
)
if sort == "change":
    st.caption(fr.t("rk.change_hint"))
if len(ranking.unranked):
    # Unclassified and "other" are not industries: their shares are stated, never ranked.
    shares = dict(zip(ranking.unranked["key"], ranking.unranked["share"], strict=True))
    st.caption(
        fr.t(
            "rk.unranked",
            unclassified=fmt.pct(shares.get("unclassified", 0.0), fr.lang),
            other=fmt.pct(shares.get("other", 0.0), fr.lang),
        )
    )

view = rankings.display_frame(ranked, by, fr.lang, compare=spec.compare)
label = {c: rankings.column_label(c, by, fr.lang, spec.compare) for c in ranked.columns}
# Pixel widths that fit the table in the page (1,400-pixel window) without a horizontal scroll; the key
# and the year-earlier count stay in the exports and the company picker below.
# The previous rank stays in the exports: the Move column already says how the rank changed.
px = {
    "rank": 44,
    "movement": 48,
    "name": 190,
    "kind": 110,
    "complaints": 80,
    "rate_per_million": 110,
    "handling_rate": 64,
    "share": 56,
    "previous_complaints": 80,
    "change_pct": 60,
    "yoy_pct": 60,
    "note": 110,
    "yoy_note": 110,
}
if by in rankings.COMPANY_DIMENSIONS:
    px.update(name=170, note=100, yoy_note=100)  # room for the row-selection column
if by == "operator":
    # Narrower, so the handling rate fits too (its median days stay in the exports).
    px.update(
        name=120,
        kind=100,
        complaints=70,
        rate_per_million=80,
        handling_rate=64,
        share=50,
        previous_complaints=70,
        change_pct=56,
        yoy_pct=56,
        note=86,
    )
    px.pop("yoy_note")  # the YoY % is coloured by its own test; the words stay in the exports
formats = {
    "complaints": "localized",
    "previous_complaints": "localized",
    "yoy_complaints": "localized",
    "share": "%.1f",
    "change_pct": "%+.1f",
    "yoy_pct": "%+.1f",
    "rate_per_million": "%.2f",
    "handling_rate": "%.1f",
    "rank": "%d",
    "previous_rank": "%d",
}
config = {
    label[c]: (
        st.column_config.NumberColumn(width=px[c], format=formats[c])
        if c in formats
        else st.column_config.TextColumn(width=px[c])
    )
    for c in px
    if c in label and label[c] in view.columns
}


is_company = by in rankings.COMPANY_DIMENSIONS
st.session_state["rankings_row_keys"] = list(ranked.key)


# Opening a profile goes through callbacks: a callback runs once per new selection or click (so coming
# back from the profile does not bounce again), and before the script, so the choice survives a rerun.
def _open_selected() -> None:
    rows = st.session_state["rankings_table"].selection.rows
    keys = st.session_state.get("rankings_row_keys", [])
    if rows and rows[0] < len(keys):
        st.session_state["company_key"] = keys[rows[0]]
        st.session_state["rankings_goto_company"] = True


def _open_chosen() -> None:
    if st.session_state.get("rankings_company"):
        st.session_state["company_key"] = st.session_state["rankings_company"]
        st.session_state["rankings_goto_company"] = True


st.dataframe(
    view.style.apply(
        lambda v: ranking_colours.table_css(
            v, label, list(ranked["note"]), complete=complete, yoy_notes=list(ranked["yoy_note"]), cb=fr.cb
        ),
        axis=None,
    ),
    hide_index=True,
    key="rankings_table",
    column_config=config,
    column_order=[label[c] for c in px if c in label and label[c] in view.columns],
    height=min(38 + 35 * len(view), 38 + 35 * 25),
    on_select=_open_selected if is_company else "ignore",
    selection_mode="single-row",
)
if is_company:
    st.caption(fr.t("rk.click_hint"))
    names = dict(zip(ranked.key, ranked.name, strict=True))
    p1, p2 = st.columns([3, 1], vertical_alignment="bottom")
    # Show the credit code where there is one; a name key (n:...) would only repeat the name.
    chosen = p1.selectbox(
        fr.t("rk.pick_company"),
        list(names),
        key="rankings_company",
        format_func=lambda k: names[k] if k.startswith("n:") else f"{names[k]} · {k}",
    )
    p2.button(fr.t("rk.open_company"), key="rankings_open", disabled=chosen is None, on_click=_open_chosen)

notes = rankings.methodology(spec, fr.lang, complete=complete)
with st.expander(fr.t("rk.methodology")):
    for line in notes:
        st.markdown(f"- {inert(line)}")

stem = f"anning-{by}-{spec.quarter}"
what = f"rankings {spec.quarter} {by}"
sheet, notes_title = rankings.dimension_label(by, fr.lang), fr.t("rk.notes_sheet")


def _files() -> tuple[bytes, bytes]:
    """Built when an export button is clicked (deferred), outside the page run: everything is captured here."""
    return _export_files(fr.source.version_key, view, tuple(notes), fr.info.demo, fr.lang, sheet, notes_title)


e1, e2, _ = st.columns([1, 1, 4])
with e1:
    ui_auth.audited_download(
        fr, fr.t("rk.export_csv"), lambda: _files()[0], f"{stem}.csv", key="rankings_csv", mime="text/csv", what=what
    )
with e2:
    ui_auth.audited_download(
        fr,
        fr.t("rk.export_xlsx"),
        lambda: _files()[1],
        f"{stem}.xlsx",
        key="rankings_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        what=what,
    )
