"""Report handling: how operators dealt with the reports forwarded to them, and how fast, per operator or province.

Settings -> :func:`anning.analysis.handling.measures` (the same call as ``python -m anning handling``) -> national
figures, the operators below the handling-rate threshold, the rate per key, the table, the quarterly trend and
the exports with the methodology. A quarter loaded without status data says so; it never shows 0%.
"""

import streamlit as st

from anning.analysis import handling
from anning.charts import handling as charts
from anning.core import fmt
from anning.core.escape import inert
from anning.publish import exports
from anning.ui import auth as ui_auth
from anning.ui import frame as ui
from anning.ui import widths

fr = ui.frame("handling")
ui.title(fr, "page.handling")
if fr.quarter is None:
    st.info(fr.t("banner.empty"))
    st.stop()
st.caption(fr.t("hd.intro"))

# ---- settings
c1, c2, c3, c4 = st.columns([2, 1, 1, 1])
by = c1.radio(
    fr.t("hd.by"),
    handling.DIMENSIONS,
    key="handling_by",
    horizontal=True,
    format_func=lambda d: fr.t(f"hd.by.{d}"),
)
sla_days = int(
    c2.number_input(
        fr.t("hd.set.sla"),
        min_value=0,
        max_value=handling.MAX_SLA_DAYS,
        value=handling.DEFAULT_SLA_DAYS,
        step=1,
        key="handling_sla_days",
        help=fr.t("hd.set.sla_help"),
    )
)
threshold = (
    c3.number_input(
        fr.t("hd.set.threshold"),
        min_value=1,
        max_value=100,
        value=int(handling.DEFAULT_RATE_THRESHOLD * 100),
        step=1,
        key="handling_threshold",
    )
    / 100.0
)
min_reports = int(
    c4.number_input(
        fr.t("hd.set.min_reports"),
        min_value=0,
        value=handling.DEFAULT_MIN_REPORTS,
        step=10,
        key="handling_min_reports",
    )
)

h = handling.measures(fr.source, fr.quarter, by, fr.lang, sla_days=sla_days)
if h.state == "unavailable":
    st.info(fr.t("hd.unavailable"))
    st.stop()
trend = handling.trend(fr.source, list(fr.info.quarters), fr.lang, sla_days=sla_days)


def _trend() -> None:
    st.subheader(fr.t("hd.h.trend"))
    ui.chart(
        fr,
        charts.trend_figure(
            trend,
            fr.lang,
            threshold=threshold,
            complete=fr.info.complete,
            selected=fr.quarter,
            data_as_of=fr.info.data_as_of,
        ),
        key="handling_trend",
    )
    st.caption(fr.t("hd.trend.caption"))


if h.state != "ok":
    st.info(fr.t(f"hd.{h.state}", quarter=fr.quarter), icon=":material/info:")
    if len(trend):
        _trend()
    st.stop()
if not h.complete:
    st.warning(
        fr.t("hd.partial", quarter=fr.quarter, as_of=fmt.date_words(h.data_as_of, fr.lang)),
        icon=":material/hourglass_top:",
    )

# ---- the nation
n = h.national
assert n is not None  # state "ok"
m = st.columns(5)
m[0].metric(fr.t("hd.kpi.forwarded"), fmt.count(n.forwarded, fr.lang), border=True)
m[1].metric(
    fr.t("hd.kpi.rate"),
    fmt.pct(n.handling_rate, fr.lang),
    border=True,
    help=fr.t("hd.kpi.rate_help", n=fmt.count(n.not_actionable, fr.lang)),
)


def _days(x: float | None) -> str:
    if x is None:
        return "–"
    d = f"{x:.1f}".removesuffix(".0")
    return fr.t("hd.day_one") if d == "1" else fr.t("hd.days", d=d)


m[2].metric(fr.t("hd.kpi.median"), _days(n.median_days), border=True)
m[3].metric(fr.t("hd.kpi.p90"), _days(n.p90_days), border=True)
m[4].metric(fr.t("hd.kpi.sla", n=sla_days), fmt.pct(n.within_sla_share, fr.lang), border=True)

# ---- operators below the threshold (always per operator: a province does not handle reports)
low = handling.below_threshold(h, threshold, min_reports)
st.subheader(fr.t("hd.h.below"))
if low.empty:
    st.success(fr.t("hd.below.none", n=fmt.count(min_reports, fr.lang), threshold=fmt.pct(threshold, fr.lang, 0)))
else:
    # Names come from the reference tables, but are escaped like any text before Markdown.
    st.error(
        "\n".join(
            "- "
            + inert(
                fr.t(
                    "hd.below.item",
                    name=r.name,
                    rate=fmt.pct(r.handling_rate, fr.lang),
                    n=fmt.count(int(r.handled + r.pending), fr.lang),
                )
            )
            for r in low.itertuples()
        )
    )

# ---- per key: the table, then the rate per key beside the trend
st.subheader(fr.t(f"hd.h.table_{by}"))
view = handling.display_frame(h.rows, by, fr.lang, sla_days)
formats = {
    "forwarded": "localized",
    "handled": "localized",
    "pending": "localized",
    "not_actionable": "localized",
    "handling_rate": "%.1f",
    "median_days": "%.1f",
    "p90_days": "%.1f",
    "within_sla_share": "%.1f",
}
number_formats = {handling.column_label(c, by, fr.lang, sla_days): f for c, f in formats.items()}
px = widths.for_table(view, number_formats)
st.dataframe(
    view,
    hide_index=True,
    key="handling_table",
    height=min(38 + 35 * len(view), 38 + 35 * 12),
    column_config={
        # The numbers share what the name and type columns leave of the page, each by its header's length, so
        # English headers show whole and long Chinese ones are cut least (in full in their tooltips).
        c: st.column_config.NumberColumn(format=number_formats[c], width=px[c])
        if c in number_formats
        else st.column_config.TextColumn(width=px[c])
        for c in view.columns
    },
)
left, right = st.columns([2, 3])
with left:
    st.subheader(fr.t("hd.h.rates", quarter=fr.quarter))
    ui.chart(
        fr,
        charts.rate_figure(h.rows, fr.lang, threshold=threshold, min_reports=min_reports if by == "operator" else 0),
        key="handling_rates",
    )
    if by == "operator":
        st.caption(fr.t("hd.rates.caption", n=fmt.count(min_reports, fr.lang)))
with right:
    _trend()

notes = handling.methodology(h, fr.lang)
with st.expander(fr.t("hd.methodology")):
    st.markdown("\n".join(f"- {inert(line)}" for line in notes))

stem = f"anning-handling-{by}-{h.quarter}"
what = f"handling {h.quarter} {by} sla={sla_days}"
e1, e2, _ = st.columns([1, 1, 4])
with e1:
    ui_auth.audited_download(
        fr,
        fr.t("hd.export_csv"),
        lambda: exports.csv_bytes(view, demo=fr.info.demo, lang=fr.lang, notes=notes),
        f"{stem}.csv",
        key="handling_csv",
        mime="text/csv",
        what=what,
    )
with e2:
    ui_auth.audited_download(
        fr,
        fr.t("hd.export_xlsx"),
        lambda: exports.xlsx_bytes(
            {fr.t("hd.sheet"): view}, demo=fr.info.demo, lang=fr.lang, notes=notes, notes_title=fr.t("hd.notes_sheet")
        ),
        f"{stem}.xlsx",
        key="handling_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        what=what,
    )
