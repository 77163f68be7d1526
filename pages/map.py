"""Province map: complaints or complaints per 100,000 residents by provincial-level unit, with a ranked table."""

import streamlit as st

from anning.analysis import provinces
from anning.charts import map as map_charts
from anning.core import fmt
from anning.core.escape import inert
from anning.i18n import terms
from anning.publish import exports
from anning.ui import auth as ui_auth
from anning.ui import frame as ui

fr = ui.frame("map")
ui.title(fr, "page.map")

if fr.quarter is None:
    st.info(fr.t("banner.empty"))
    st.stop()

c1, c2, c3 = st.columns([2, 1, 1])
metric = c1.radio(
    fr.t("map.metric"),
    provinces.METRICS,
    key="map_metric",
    horizontal=True,
    format_func=lambda m: fr.t(f"map.metric_{m}"),
)
channel = c2.selectbox(
    fr.t("map.channel"),
    provinces.CHANNELS,
    key="map_channel",
    format_func=lambda c: fr.t("map.all") if c is None else terms.channel(c, fr.lang),
)
category = c3.selectbox(
    fr.t("map.category"),
    provinces.CATEGORIES,
    key="map_category",
    format_func=lambda c: fr.t("map.all") if c is None else terms.category(c, fr.lang),
)

view = provinces.view(fr.source, fr.quarter, metric=metric, channel=channel, category=category)

st.subheader(fr.t("map.heading", metric=fr.t(f"map.metric_{metric}"), quarter=fr.quarter))
if view.located == 0:
    st.info(fr.t("map.empty", quarter=fr.quarter))

left, right = st.columns([3, 2])
with left:
    st.pydeck_chart(map_charts.province_deck(view, fr.lang), key="map_deck", height=560)
    legend_col, note_col = st.columns([1, 2])
    legend_col.markdown(map_charts.legend_html(view, fr.lang), unsafe_allow_html=True)
    with note_col:
        st.caption(fr.t("map.legend_note"))
        if not view.no_data.empty:
            st.caption(fr.t("map.no_data_note", names=inert(provinces.no_data_names(view, fr.lang))))
        if view.unlocated:
            st.caption(
                fr.t(
                    "map.unlocated",
                    n=fmt.count(view.unlocated, fr.lang),
                    quarter=fr.quarter,
                    share=fmt.pct(view.unlocated / view.quarter_total, fr.lang),
                )
            )

with right:
    st.markdown(f"**{fr.t('map.ranked')}**")
    table = provinces.ranked_table(view, fr.lang)
    # Population stays in the CSV; on screen the narrow column keeps rank, name, count, share and rate.
    st.dataframe(
        table.drop(columns=[fr.t("map.col_population")]),
        hide_index=True,
        key="map_table",
        height=560,
        column_config={
            fr.t("map.col_share"): st.column_config.NumberColumn(format="%.1f%%"),
            fr.t("map.col_rate"): st.column_config.NumberColumn(format="%.2f"),
        },
    )
    ui_auth.audited_download(
        fr,
        fr.t("map.download"),
        lambda: exports.csv_bytes(table, demo=fr.info.demo, lang=fr.lang),  # built on click
        f"provinces_{fr.quarter}.csv",
        key="map_download",
        mime="text/csv",
        what=f"province map {fr.quarter} {metric} {channel or 'all'} {category or 'all'}",
    )

st.caption(fr.t("map.attribution"))
