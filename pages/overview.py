"""Overview page (leadership): KPI cards, headline sentences and the quarterly trend for the chosen quarter.

Settings (the quarter to compare the cards with; in the link) -> :func:`anning.analysis.overview.build` ->
cards (both changes tested and coloured), headlines, the trend with the running quarter marked, actions.
"""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from anning.analysis import overview
from anning.charts import overview as overview_charts
from anning.charts import theme
from anning.core import fmt
from anning.core.escape import inert
from anning.forecast import series as forecasting
from anning.i18n import terms
from anning.publish import brief
from anning.ui import auth as ui_auth
from anning.ui import frame as ui
from anning.ui import state

fr = ui.frame("overview")
ui.title(fr, "page.overview")
if fr.quarter is None:
    st.stop()

earlier = [q for q in reversed(fr.info.quarters) if q < fr.quarter]
c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
compare = state.compare_box(
    c1,
    fr.t("ov.compare"),
    "overview_compare",
    earlier,
    first="previous",
    first_label=fr.t("ov.compare_previous"),
    width=240,
)

# Unusual moves come from the forecaster: each series' forecast made just before the quarter (cached per store).
with ui.working(fr):  # the anomaly notes backtest every series once per store version
    anomalies = ui.cached(forecasting.anomaly_notes)(fr.source, fr.quarter)
    ov = overview.build(fr.source, fr.quarter, fr.lang, anomalies=anomalies, compare=compare)
src, quarter, lang = fr.source, fr.quarter, fr.lang


def _brief() -> bytes:
    # Built on the download thread when clicked (the PDF takes a few seconds), from the frozen frame only.
    return brief.pdf(brief.build(src, quarter, lang, anomalies=anomalies))


with c2:
    ui_auth.audited_download(
        fr,
        fr.t("brief.download"),
        _brief,
        f"anning-brief-{fr.quarter}-{fr.lang}.pdf",
        key="overview_brief",
        mime="application/pdf",
        what=f"leadership brief {fr.quarter}",
        requires="export_brief",
    )
UP, DOWN = theme.change_colours(fr.cb)
# st.metric and Markdown name their colours; the colour-blind pair is orange and blue.
DELTA_UP, DELTA_DOWN = ("orange", "blue") if fr.cb else ("red", "green")


def _change_colour(change: float | None, significant: bool | None, bad_when_up: bool) -> str | None:
    """The Markdown colour of a change: red (orange) for bad news, green (blue) for good, grey when chance
    explains it; None when the change is neither good nor bad news."""
    if change is None or round(abs(change) * 100, 1) == 0:
        return "gray"
    if significant is False:
        return "gray"
    if not bad_when_up:
        return None
    return DELTA_UP if change > 0 else DELTA_DOWN


def _card(col: DeltaGenerator, kpi: overview.Kpi, value: str, bad_when_up: bool) -> None:
    delta = None if kpi.qoq is None else fmt.pct(kpi.qoq, fr.lang, signed=True)
    colour = _change_colour(kpi.qoq, kpi.qoq_significant, bad_when_up)
    col.metric(
        overview.kpi_label(kpi.key, fr.lang),
        value,
        delta=delta,
        delta_color="off" if colour in (None, "gray") else colour,
        delta_arrow="off" if colour == "gray" and kpi.qoq is not None and round(abs(kpi.qoq) * 100, 1) == 0 else "auto",
        border=True,
        # Short, so it fits a card a quarter of the page wide; "not significant" goes on its own line below.
        delta_description=fr.t("ov.qoq", quarter=ov.previous_quarter) if delta else None,
    )
    if delta and kpi.qoq_significant is False:
        col.caption(fr.t("ov.qoq_not_significant", quarter=ov.previous_quarter))
    if kpi.yoy is not None:
        change = fmt.pct(kpi.yoy, fr.lang, signed=True)
        tone = _change_colour(kpi.yoy, kpi.yoy_significant, bad_when_up)
        shown = f":{tone}[{change}]" if tone else change
        note = fr.t("ov.not_significant") if kpi.yoy_significant is False else ""
        col.caption(fr.t("ov.yoy", quarter=ov.year_ago_quarter, change=shown) + note)


if not ov.complete:
    st.warning(
        fr.t("ov.partial_kpis", quarter=ov.quarter, as_of=fmt.date_words(ov.data_as_of, fr.lang)),
        icon=":material/hourglass_top:",
    )

st.subheader(fr.t("ov.h.complaints", quarter=ov.quarter))
for col, key in zip(st.columns(3), overview.COMPLAINT_KPIS, strict=True):
    # More complaints is bad news: a significant rise shows red (orange).
    _card(col, ov.kpi(key), fmt.count(ov.kpi(key).value, fr.lang), bad_when_up=True)

st.subheader(fr.t("ov.h.headlines"))
if ov.headlines:
    # Sentences can carry names from loaded data (anomaly notes name companies): escape Markdown so a
    # name such as ![x](http://…) stays text and never makes the browser fetch anything.
    st.markdown("\n".join(f"- {inert(h)}" for h in ov.headlines))
else:
    st.caption(fr.t("ov.no_headlines"))

st.subheader(fr.t("ov.h.trend", first=ov.trend.quarter.iloc[0]))
ui.chart(
    fr,
    overview_charts.trend_figure(ov.trend, fr.lang, selected=ov.quarter, data_as_of=ov.data_as_of),
    key="overview_trend",
)

st.subheader(fr.t("ov.h.action", quarter=ov.quarter))
for col, key in zip(st.columns(4), overview.ACTION_KPIS, strict=True):
    kpi = ov.kpi(key)
    value = fmt.yuan(kpi.value, fr.lang) if key == "fines" else fmt.count(kpi.value, fr.lang)
    _card(col, kpi, value, bad_when_up=False)  # more takedowns or fines is neither good nor bad news by itself

left, right = st.columns([3, 2])
with left:
    st.markdown(f"**{fr.t('ov.h.actions_by_type')}**")
    ui.chart(fr, overview_charts.actions_figure(ov.actions, fr.lang), key="overview_actions")
with right:
    table = ov.actions.assign(action=[terms.action(a, fr.lang) if a in terms.ACTIONS else a for a in ov.actions.action])
    ui.show_table(
        table.rename(columns={c: fr.t(f"ov.col.{c}") for c in table.columns}),
        {fr.t("ov.col.actions"): "count", fr.t("ov.col.fines_yuan"): "yuan"},
        key="overview_actions_table",
    )
    if ov.fines_differ:
        st.caption(fr.t("ov.fines_note"))
