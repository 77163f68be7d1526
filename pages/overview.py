"""Overview page (leadership): KPI cards, headline sentences and the quarterly trend for the chosen quarter."""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from anning.analysis import overview
from anning.charts import overview as overview_charts
from anning.core import fmt
from anning.core.escape import inert
from anning.forecast import series as forecasting
from anning.i18n import terms
from anning.ui import frame as ui

fr = ui.frame("overview")
ui.title(fr, "page.overview")
if fr.quarter is None:
    st.stop()

# Unusual moves come from the forecaster: each series' forecast made just before the quarter (cached per store).
anomalies = ui.cached(forecasting.anomaly_notes)(fr.source, fr.quarter)
ov = overview.build(fr.source, fr.quarter, fr.lang, anomalies=anomalies)


def _card(col: DeltaGenerator, kpi: overview.Kpi, value: str, color: str) -> None:
    delta = None if kpi.qoq is None else fmt.pct(kpi.qoq, fr.lang, signed=True)
    flat = delta is not None and round(abs(kpi.qoq or 0) * 100, 1) == 0  # "+0.0%" is neither rise nor fall
    col.metric(
        overview.kpi_label(kpi.key, fr.lang),
        value,
        delta=delta,
        delta_color="off" if flat else color,
        delta_arrow="off" if flat else "auto",
        border=True,
        delta_description=fr.t("ov.qoq", quarter=ov.previous_quarter) if delta else None,
    )
    if kpi.yoy is not None:
        col.caption(fr.t("ov.yoy", quarter=ov.year_ago_quarter, change=fmt.pct(kpi.yoy, fr.lang, signed=True)))


if not ov.complete:
    st.warning(fr.t("ov.partial_kpis", quarter=ov.quarter, as_of=ov.data_as_of), icon=":material/hourglass_top:")

st.subheader(fr.t("ov.h.complaints", quarter=ov.quarter))
for col, key in zip(st.columns(3), overview.COMPLAINT_KPIS, strict=True):
    # More complaints is bad news: a rise shows red.
    _card(col, ov.kpi(key), fmt.count(ov.kpi(key).value, fr.lang), "inverse")

st.subheader(fr.t("ov.h.headlines"))
if ov.headlines:
    # Sentences can carry names from loaded data (anomaly notes name companies): escape Markdown so a
    # name such as ![x](http://…) stays text and never makes the browser fetch anything.
    st.markdown("\n".join(f"- {inert(h)}" for h in ov.headlines))
else:
    st.caption(fr.t("ov.no_headlines"))

st.subheader(fr.t("ov.h.trend", first=ov.trend.quarter.iloc[0]))
st.plotly_chart(
    overview_charts.trend_figure(ov.trend, fr.lang, selected=ov.quarter, data_as_of=ov.data_as_of),
    key="overview_trend",
    config={"displaylogo": False},
)

st.subheader(fr.t("ov.h.action", quarter=ov.quarter))
for col, key in zip(st.columns(4), overview.ACTION_KPIS, strict=True):
    kpi = ov.kpi(key)
    value = fmt.yuan(kpi.value, fr.lang) if key == "fines" else fmt.count(kpi.value, fr.lang)
    _card(col, kpi, value, "off")  # more takedowns or fines is neither good nor bad news by itself

left, right = st.columns([3, 2])
with left:
    st.markdown(f"**{fr.t('ov.h.actions_by_type')}**")
    st.plotly_chart(
        overview_charts.actions_figure(ov.actions, fr.lang), key="overview_actions", config={"displaylogo": False}
    )
with right:
    table = ov.actions.assign(action=[terms.action(a, fr.lang) if a in terms.ACTIONS else a for a in ov.actions.action])
    st.dataframe(
        table.rename(columns={c: fr.t(f"ov.col.{c}") for c in table.columns}),
        hide_index=True,
        key="overview_actions_table",
        column_config={fr.t("ov.col.fines_yuan"): st.column_config.NumberColumn(format="localized")},
    )
