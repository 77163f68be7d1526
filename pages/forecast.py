"""Forecast page: pick a series; see its history, forecast with 80%/95% bands, the model choice and anomalies."""

import streamlit as st

from anning.charts import forecast as forecast_charts
from anning.core import fmt
from anning.core.escape import inert
from anning.forecast import series as forecasting
from anning.ui import frame as ui
from anning.ui import state

fr = ui.frame("forecast")
ui.title(fr, "page.forecast")
if fr.quarter is None:
    st.stop()

catalogue = forecasting.catalogue(fr.source, fr.lang)
c1, c2, c3, c4 = st.columns([2, 3, 2, 2])
dim = c1.selectbox(
    fr.t("fc.pick_dim"),
    list(forecasting.DIMS),
    key=state.bind("forecast_dim", "series", list(forecasting.DIMS)),
    format_func=lambda d: fr.t(f"fc.dim.{d}"),
)
options = catalogue[catalogue.dim == dim]
series_id = c2.selectbox(
    fr.t("fc.pick_key"),
    list(options.series_id),
    key=state.bind("forecast_series", "which", list(options.series_id)),
    format_func=dict(zip(options.series_id, options.label, strict=True)).get,
    disabled=dim == "total",
)
granularity = c3.radio(
    fr.t("fc.granularity"),
    list(forecasting.GRANULARITIES),
    key=state.bind("forecast_granularity", "by", list(forecasting.GRANULARITIES)),
    format_func=lambda g: fr.t(f"fc.{g}"),
    horizontal=True,
)
horizon = c4.slider(
    fr.t("fc.horizon"),
    1,
    forecasting.MAX_HORIZON[granularity],
    key=state.bind(
        f"forecast_horizon_{granularity}",
        "h",
        default=4 if granularity == "quarter" else 12,
        parse=state.number_parser(int, 1, forecasting.MAX_HORIZON[granularity]),
    ),
)

with ui.working(fr):  # a backtest of every candidate model: seconds on a first visit, cached after
    fc = ui.cached(forecasting.forecast_store_series)(fr.source, series_id or "total", granularity, horizon, fr.lang)
res = fc.result

st.subheader(fr.t("fc.heading", label=inert(fc.label), granularity=fr.t(f"fc.{granularity}")))
ui.chart(fr, forecast_charts.fan_chart(fc, fr.lang), key="forecast_chart")
if fc.incomplete_period:
    st.caption(fr.t("fc.partial_note", period=fc.incomplete_period, as_of=fmt.date_words(fr.info.data_as_of, fr.lang)))

# Full width, one above the other: side by side, each table was cut off at 1,400 pixels (seen in a screenshot).
# The forecast table comes first, then why this model and its backtest.
numbers, explanation = st.container(), st.container()
with explanation:
    st.markdown(f"**{fr.t('fc.model', model=fr.t(f'fc.m.{res.model}'))}**")
    if res.fallback:
        st.warning(fr.t("fc.fallback"), icon=":material/info:")
    n = int(res.backtest.n_origins.max()) if len(res.backtest) else res.fitted_on
    known = {
        "median_of_models",
        "best_backtest_mase",
        "short_history",
        "guard_replaced",
        "constant_series",
        "all_candidates_failed",
    }
    st.write(
        fr.t(f"fc.why.{res.reason}", n=n) if res.reason in known else fr.t("fc.why.other", reason=inert(res.reason))
    )
    if len(res.backtest):
        chosen = res.backtest[res.backtest.chosen]
        if len(chosen):
            st.write(
                fr.t(
                    "fc.coverage",
                    c80=fmt.pct(chosen.coverage80.iloc[0], fr.lang, 0),
                    c95=fmt.pct(chosen.coverage95.iloc[0], fr.lang, 0),
                )
            )
        st.markdown(f"**{fr.t('fc.backtest')}**")
        bt = res.backtest.assign(model=[fr.t(f"fc.m.{m}") for m in res.backtest.model])
        st.dataframe(
            bt.rename(columns={c: fr.t(f"fc.col.{c}") for c in bt.columns}),
            hide_index=True,
            key="forecast_backtest",
            column_config={
                fr.t("fc.col.model"): st.column_config.TextColumn(width=320),
                fr.t("fc.col.mase"): st.column_config.NumberColumn(format="%.3f", width=90),
                fr.t("fc.col.smape"): st.column_config.NumberColumn(format="%.1f", width=90),
                fr.t("fc.col.coverage80"): st.column_config.NumberColumn(format="percent", step=0.001, width=110),
                fr.t("fc.col.coverage95"): st.column_config.NumberColumn(format="percent", step=0.001, width=110),
                fr.t("fc.col.n_origins"): st.column_config.NumberColumn(format="localized", step=1, width=110),
                fr.t("fc.col.chosen"): st.column_config.CheckboxColumn(width=70),
            },
        )
with numbers:
    st.markdown(f"**{fr.t('fc.table')}**")
    table = fc.future[["period", "forecast", "lo80", "hi80", "lo95", "hi95"]].round(0)
    counts = {fr.t(f"fc.col.{c}"): "count" for c in ("forecast", "lo80", "hi80", "lo95", "hi95", "actual")}
    ui.show_table(table.rename(columns={c: fr.t(f"fc.col.{c}") for c in table.columns}), counts, key="forecast_table")
    st.markdown(f"**{fr.t('fc.anomalies')}**")
    if len(fc.anomalies):
        an = fc.anomalies.assign(direction=[fr.t(f"fc.dir.{d}") for d in fc.anomalies.direction]).round(0)
        an = an.rename(columns={"actual": "actual", "forecast": "forecast"})
        ui.show_table(an.rename(columns={c: fr.t(f"fc.col.{c}") for c in an.columns}), counts, key="forecast_anomalies")
    else:
        st.caption(fr.t("fc.no_anomalies"))
