"""Province map: complaints or complaints per 100,000 residents by provincial-level unit, with a ranked table.

Settings (measure, channel, category, the minimum count for a rate, a quarter to compare with; all in the
link) -> :func:`anning.analysis.provinces.view` -> the choropleth, its legend and the ranked table.
"""

import streamlit as st

from anning.analysis import provinces
from anning.charts import map as map_charts
from anning.core import fmt
from anning.core.escape import inert
from anning.i18n import terms
from anning.publish import exports
from anning.ui import auth as ui_auth
from anning.ui import frame as ui
from anning.ui import state

fr = ui.frame("map")
ui.title(fr, "page.map")

if fr.quarter is None:
    st.info(fr.t("banner.empty"))
    st.stop()

c1, c2, c3, c4, c5 = st.columns([3, 2, 2, 2, 2])
metric = c1.radio(
    fr.t("map.metric"),
    provinces.METRICS,
    key=state.bind("map_metric", "metric", provinces.METRICS),
    horizontal=True,
    format_func=lambda m: provinces.metric_label(m, fr.lang),
)
channel = c2.selectbox(
    fr.t("map.channel"),
    provinces.CHANNELS,
    key=state.bind("map_channel", "channel", provinces.CHANNELS),
    format_func=lambda c: fr.t("map.all") if c is None else terms.channel(c, fr.lang),
)
category = c3.selectbox(
    fr.t("map.category"),
    provinces.CATEGORIES,
    key=state.bind("map_category", "category", provinces.CATEGORIES),
    format_func=lambda c: fr.t("map.all") if c is None else terms.category(c, fr.lang),
)
min_count = c4.number_input(
    fr.t("map.min_count"),
    min_value=0,
    step=5,
    key=state.bind("map_min_count", "min", default=provinces.MIN_COUNT, parse=state.number_parser(int, 0, 1_000_000)),
    disabled=metric != "rate",
)
earlier = [q for q in reversed(fr.info.quarters) if q < fr.quarter]
compare = state.compare_box(
    c5, fr.t("map.compare"), "map_compare", earlier, first="none", first_label=fr.t("map.compare_none")
)

view = provinces.view(
    fr.source, fr.quarter, metric=metric, channel=channel, category=category, min_count=int(min_count)
)
before = (
    provinces.view(fr.source, compare, metric=metric, channel=channel, category=category, min_count=int(min_count))
    if compare
    else None
)

st.subheader(fr.t("map.heading", metric=provinces.metric_label(metric, fr.lang), quarter=fr.quarter))
if view.located == 0:
    st.info(fr.t("map.empty", quarter=fr.quarter))

left, right = st.columns([3, 2])
with left:
    st.pydeck_chart(map_charts.province_deck(view, fr.lang), key="map_deck", height=560)
    legend_col, note_col = st.columns([1, 2])
    legend_col.markdown(map_charts.legend_html(view, fr.lang), unsafe_allow_html=True)
    with note_col:
        st.caption(fr.t("map.legend_note"))
        if metric == "rate" and not view.guarded.empty:
            st.caption(fr.t("map.too_few_note", n=view.min_count, names=inert(provinces.names(view.guarded, fr.lang))))
        if not view.no_data.empty:
            st.caption(fr.t("map.no_data_note", names=inert(provinces.names(view.no_data, fr.lang))))
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
    st.markdown(f"**{fr.t('map.ranked', measure=terms.inline(provinces.metric_label(metric, fr.lang), fr.lang))}**")
    table = provinces.ranked_table(view, fr.lang, compare=before)
    # The earlier quarter sits beside the measure it repeats, so on screen its header is the quarter alone (the
    # measure's name in its tooltip): with it, the rank, name, measure and change fit the column.
    then_config = (
        {
            provinces.then_label(view, compare, fr.lang): st.column_config.NumberColumn(
                compare,
                help=fr.t("map.col_then_measure", measure=provinces.metric_label(metric, fr.lang), quarter=compare),
                format="localized",
                step=1 if metric == "count" else 0.01,
                width=64,
            ),
            fr.t("map.col_change"): st.column_config.NumberColumn(
                format="%+.1f%%", help=provinces.change_note(view, compare, fr.lang), width=66
            ),
        }
        if compare
        else {}
    )
    # Population stays in the CSV; on screen: rank, name, the measure ranked by (and the comparison), the rest.
    st.dataframe(
        table.drop(columns=[fr.t("map.col_population")]),
        hide_index=True,
        key="map_table",
        height=560,
        # Narrow columns so that rank, name, count, share and rate fit the right-hand column of a 1,400-pixel
        # window with every header whole: the rate shows a short header and its full name as the tooltip.
        column_config={
            fr.t("map.col_rank"): st.column_config.NumberColumn(width=40),
            fr.t("map.col_province"): st.column_config.TextColumn(width=106),
            fr.t("map.col_complaints"): st.column_config.NumberColumn(format="localized", step=1, width=86),
            fr.t("map.col_share"): st.column_config.NumberColumn(format="%.1f%%", width=56),
            terms.rate("residents", fr.lang): st.column_config.NumberColumn(
                fr.t("map.col_rate_short"),
                help=terms.rate("residents", fr.lang),
                format="localized",
                step=0.01,
                width=74,
            ),
            **then_config,
        },
    )
    if compare:
        # The change compares the measure the table is ranked by; said under the table, not only in a tooltip.
        st.caption(provinces.change_note(view, compare, fr.lang))
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
