"""Company profile: complaints, the ports and lines shut, and every enforcement action, for one company.

Opened by key from the Rankings page (``st.session_state["company_key"]``) or a link
(``company?key=...``), or chosen here. The chosen key is written back to the URL so a
profile can be shared.
"""

import streamlit as st

from anning.analysis import company
from anning.charts import company as company_charts
from anning.core.escape import inert
from anning.ui import frame as ui

fr = ui.frame("company")
ui.title(fr, "page.company")

# A new request selects that company: a click on another page (it sets st.session_state["company_key"]) or
# a link (?key=...). Whichever changed since this page last ran wins; a pick here wins afterwards.
from_state = company.resolve_key(st.session_state.get("company_key"))
from_url = company.resolve_key(st.query_params.get("key"))
seen = st.session_state.get("company_seen", ("", ""))
requested = from_state if from_state and from_state != seen[0] else from_url if from_url and from_url != seen[1] else ""
if requested:
    st.session_state["company_pick"] = requested

c1, c2 = st.columns([1, 2])
text = c1.text_input(fr.t("company.search"), key="company_search")
found = company.search(fr.source, text)
labels = {r.key: company.option_label(r.name, r.company_id) for r in found.itertuples()}
current = st.session_state.get("company_pick")
if current and current not in labels:
    # Keep the open profile selectable even when the search does not list it.
    labels = {current: company.label_for(fr.source, current), **labels}
key = c2.selectbox(
    fr.t("company.pick"),
    list(labels),
    key="company_pick",
    index=None,
    placeholder=fr.t("company.pick_placeholder"),
    format_func=lambda k: labels.get(k, company.key_text(k)),
)
if text and found.empty:
    st.caption(fr.t("company.no_match", q=inert(text)))

if not key:
    st.info(fr.t("company.none"))
    st.stop()

st.session_state["company_key"] = key
st.session_state["company_seen"] = (key, key)
if st.query_params.get("key") != key:
    st.query_params["key"] = key

prof = company.profile(fr.source, key)
if not prof.found:
    st.warning(fr.t("company.unknown", ref=inert(company.key_text(key))))
    st.stop()

st.header(inert(prof.name or company.key_text(key)))
st.caption(fr.t("company.code", code=inert(prof.company_id)) if prof.company_id else fr.t("company.name_key"))
if len(prof.keys) > 1:
    shown = fr.t("map.list_sep").join(inert(company.key_text(k)) for k in prof.keys)
    st.caption(fr.t("company.aliases", keys=shown))
if fr.lang == "en":
    st.caption(fr.t("company.as_recorded"))
st.markdown(f"#### {inert(company.summary_sentence(prof, fr.lang))}")

# Complaints over time, with the takedowns and actions that followed.
st.subheader(fr.t("company.sec_complaints"))
if not prof.roles:
    st.caption(fr.t("company.no_complaints"))
running = [q for q in fr.info.quarters if not fr.info.is_complete(q)]
for role in prof.roles:
    left, right = st.columns([3, 2])
    ui.chart(
        fr,
        company_charts.timeline_figure(
            prof,
            role=role,
            by="channel",
            lang=fr.lang,
            quarters=fr.info.quarters,
            highlight=fr.quarter,
            running=running,
        ),
        key=f"company_chart_channel_{role}",
        where=left,
    )
    ui.chart(
        fr,
        company_charts.timeline_figure(
            prof,
            role=role,
            by="category",
            lang=fr.lang,
            quarters=fr.info.quarters,
            highlight=fr.quarter,
            chain=False,
            running=running,
        ),
        key=f"company_chart_category_{role}",
        where=right,
    )
if prof.roles:
    st.caption(fr.t("company.chart_note", quarter=fr.quarter))

# Counts with thousands separators, shares to one decimal: one number style on every page.
involved_config = {
    fr.t("company.col_share"): st.column_config.NumberColumn(format="%.1f%%"),
    fr.t("company.col_complaints"): st.column_config.NumberColumn(format="localized", step=1),
}
if prof.roles:
    st.subheader(fr.t("company.sec_involved"))
    for role in prof.roles:
        left, right = st.columns(2)
        left.markdown(f"**{fr.t('company.industries')}**")
        left.dataframe(
            company.involved_table(prof, "industry", role, fr.lang),
            hide_index=True,
            key=f"company_industries_{role}",
            column_config=involved_config,
        )
        right.markdown(f"**{fr.t('company.operators')}**")
        right.dataframe(
            company.involved_table(prof, "operator", role, fr.lang),
            hide_index=True,
            key=f"company_operators_{role}",
            column_config=involved_config,
        )

st.subheader(fr.t("company.sec_takedowns"))
takedowns = company.takedown_table(prof, fr.lang)
if takedowns.empty:
    st.caption(fr.t("company.no_takedowns"))
else:
    # Plain frame, not a Styler: styling 4,000 rows (a large port company) costs 0.25 s of CPU per render.
    # Ten columns in the page's width (about 940 pixels beside the sidebar): each sized to its content, counts
    # with separators; a longer reason or header shows in full in its tooltip.
    widths = {
        "taken_at": 88,
        "target_type": 60,
        "target": 118,
        "relation": 56,
        "holder": 120,
        "operator": 84,
        "first_complaint": 88,
        "reason": 150,
    }
    st.dataframe(
        takedowns,
        hide_index=True,
        key="company_takedowns",
        column_config={
            **{fr.t(f"company.col_{c}"): st.column_config.Column(width=w) for c, w in widths.items()},
            fr.t("company.col_quarter_complaints"): st.column_config.NumberColumn(format="localized", step=1, width=80),
            fr.t("company.col_days"): st.column_config.NumberColumn(format="localized", step=1, width=52),
        },
    )
    st.caption(fr.t("company.takedowns_caption"))

st.subheader(fr.t("company.sec_enforcement"))
actions = company.enforcement_table(prof, fr.lang)
if actions.empty:
    st.caption(fr.t("company.no_enforcement"))
else:
    st.dataframe(actions, hide_index=True, key="company_enforcement")

st.subheader(fr.t("company.sec_lists"))
if not prof.lists_available:
    st.caption(fr.t("company.lists_pending"))
elif prof.lists.empty:
    st.caption(fr.t("company.no_lists"))
else:
    st.dataframe(company.lists_table(prof, fr.lang), hide_index=True, key="company_lists")
