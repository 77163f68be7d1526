"""Enforcement page: the chain of responsibility with the actions that landed on it, takedowns against
complaints, actions and fines (with the statutory cap check), repeat targets and the MVNO scorecard."""

import pandas as pd
import streamlit as st

from anning.charts import enforcement as charts
from anning.core import fmt
from anning.core.escape import inert
from anning.enforcement import actions as enf
from anning.enforcement import tables as enf_tables
from anning.i18n import terms
from anning.publish import exports
from anning.ui import auth as ui_auth
from anning.ui import frame as ui

fr = ui.frame("enforcement")
ui.title(fr, "page.enforcement")
if fr.quarter is None:
    st.info(fr.t("enf.no_data"))
    st.stop()
st.caption(fr.t("enf.intro"))

# ---- settings
with st.expander(fr.t("enf.settings"), expanded=False):
    c1, c2, c3 = st.columns(3)
    channel = c1.selectbox(
        fr.t("enf.set.channel"),
        [None, "sms", "call"],
        key="enforcement_channel",
        format_func=lambda c: terms.channel(c, fr.lang),
    )
    top_pc = c2.slider(fr.t("enf.set.top_pc"), 3, 15, 8, key="enforcement_top_pc")
    top_ports = c3.number_input(fr.t("enf.set.top_ports"), 10, 500, 50, step=10, key="enforcement_top_ports")
    c4, c5, c6 = st.columns(3)
    effect_q = c4.slider(fr.t("enf.set.effect_quarters"), 1, 8, 4, key="enforcement_effect_quarters")
    window = c5.slider(fr.t("enf.set.window"), 1, 8, 4, key="enforcement_window")
    factor = c6.number_input(fr.t("enf.set.rate_factor"), 0.1, 5.0, 1.0, step=0.1, key="enforcement_rate_factor")
    market = st.radio(
        fr.t("enf.set.market"),
        list(enf.MARKETS),
        key="enforcement_market",
        horizontal=True,
        format_func=lambda m: fr.t(f"enf.market.{m}"),
    )
    serious = st.multiselect(
        fr.t("enf.set.serious"),
        list(enf.ACTIONS),
        default=["fine", "suspension", "credit_listing"],
        key="enforcement_serious",
        format_func=lambda a: enf.label_action(a, fr.lang),
    )
settings = enf.Settings(
    top_ports=int(top_ports),
    top_port_companies=int(top_pc),
    channel=channel,
    effect_quarters=int(effect_q),
    scorecard=enf.ScorecardConfig(
        window_quarters=int(window), serious_actions=tuple(serious), rate_factor=float(factor), market=market
    ),
)


@ui.cached
def _view(
    version_key: str, _src: object, quarter: str, lang: str, settings: enf.Settings, available: tuple[str, ...]
) -> enf.EnforcementView:
    del version_key  # the cache key
    return enf.view(_src, quarter, lang, settings, available)  # type: ignore[arg-type]


@ui.cached_figures
def _figures(
    version_key: str, _src: object, quarter: str, lang: str, settings: enf.Settings, available: tuple[str, ...]
) -> dict[str, object]:
    view = _view(version_key, _src, quarter, lang, settings, available)
    return charts.page_figures(view, enf.operator_names(_src, lang), enf.operator_kinds(_src), lang)  # type: ignore[arg-type]


v = _view(fr.source.version_key, fr.source, fr.quarter, fr.lang, settings, fr.info.quarters)
figs = _figures(fr.source.version_key, fr.source, fr.quarter, fr.lang, settings, fr.info.quarters)
ops = enf.operator_names(fr.source, fr.lang)
tv, card = v.takedowns, v.scorecard

# ---- headline
m = st.columns(6)
m[0].metric(fr.t("enf.kpi.ports"), fmt.count(tv.totals["port"]))
m[1].metric(fr.t("enf.kpi.numbers"), fmt.count(tv.totals["number"]))
m[2].metric(fr.t("enf.kpi.actions"), fmt.count(int(v.counts.actions.sum())))
m[3].metric(fr.t("enf.kpi.fines"), fmt.count(v.fine_summary.total_yuan), help=fr.t("enf.kpi.fines_help"))
m[4].metric(fr.t("enf.kpi.over_cap"), fmt.count(int((v.over_cap.quarter == fr.quarter).sum())))
m[5].metric(
    fr.t("enf.kpi.green"),
    f"{int((card.table.status == 'green').sum())} / {len(card.table)}",
    help=fr.t("enf.kpi.green_help"),
)

# ---- the chain
st.header(fr.t("enf.h.chain"))
st.caption(fr.t("enf.chain.help"))
st.markdown("\n".join(f"- {inert(s)}" for s in v.chain.sentences))
st.plotly_chart(figs["sankey"], key="enforcement_sankey")
st.plotly_chart(figs["shares"], key="enforcement_shares")

# ---- takedowns
st.header(fr.t("enf.h.takedowns"))
c1, c2 = st.columns(2)
c1.plotly_chart(figs["takedowns_trend"], key="enforcement_takedowns_trend")
c2.plotly_chart(figs["takedowns_operator"], key="enforcement_takedowns_operator")
cov = tv.coverage
st.markdown(
    fr.t(
        "enf.takedowns.coverage",
        top=cov.top_n,
        shut=cov.shut_top_n,
        share=fmt.pct(cov.share_top_n, fr.lang, 0),
        decile=cov.decile_n,
        shut_decile=cov.shut_decile,
        share_decile=fmt.pct(cov.share_decile, fr.lang, 0),
        ports=fmt.count(cov.complained_ports),
    )
)
if tv.median_lag is not None:
    st.markdown(
        fr.t(
            "enf.takedowns.lag",
            median=f"{tv.median_lag:.0f}",
            n=fmt.count(int(tv.lags.lag_days.notna().sum())),
            monitoring=fmt.count(tv.from_monitoring),
        )
    )
c1, c2 = st.columns(2)
c1.plotly_chart(figs["lag"], key="enforcement_lag")
with c2:
    st.markdown(f"**{fr.t('enf.takedowns.holders')}**")
    holders = tv.by_holder.assign(
        holder=tv.by_holder.holder.fillna(fr.t("enf.takedowns.no_holder")),
        target_type=[enf.label_type(x, fr.lang) for x in tv.by_holder.target_type],
    ).drop(columns="holder_key")
    st.dataframe(enf.display(holders.head(15), fr.lang), hide_index=True, key="enforcement_holders")
with st.expander(fr.t("enf.takedowns.top_ports", n=cov.top_n)):
    tp = tv.top_ports.assign(
        operator=[ops.get(o, o) for o in tv.top_ports.operator],
        shut=[fr.t("enf.yes") if pd.notna(x) else fr.t("enf.no") for x in tv.top_ports.taken_at],
        first_complaint_at=tv.top_ports.first_complaint_at.dt.strftime("%Y-%m-%d %H:%M"),
        taken_at=pd.to_datetime(tv.top_ports.taken_at).dt.strftime("%Y-%m-%d"),
    )[["rank", "port", "port_company", "operator", "complaints", "first_complaint_at", "taken_at", "shut"]]
    st.dataframe(enf.display(tp, fr.lang), hide_index=True, key="enforcement_top_ports")

# ---- actions and fines
st.header(fr.t("enf.h.actions"))
c1, c2 = st.columns(2)
c1.plotly_chart(figs["actions"], key="enforcement_actions_chart")
c2.plotly_chart(figs["actions_trend"], key="enforcement_actions_trend")
st.dataframe(v.matrix, hide_index=True, key="enforcement_matrix")
c1, c2 = st.columns([3, 2])
c1.plotly_chart(figs["fines"], key="enforcement_fines")
if len(v.fines):
    c2.markdown(v.fine_summary.sentence(fr.lang))

# ---- by deciding authority (the ministry's own, other departments', operators' internal)
st.header(fr.t("enf.h.authority"))
st.caption(fr.t("enf.authority.caption"))
c1, c2 = st.columns([3, 2])
c1.plotly_chart(figs["authority"], key="enforcement_authority_chart")
with c2:
    st.dataframe(enf.display(enf.authority_table(v, fr.lang), fr.lang), hide_index=True, key="enforcement_authority")
    if len(v.by_department):
        st.dataframe(enf.display(v.by_department, fr.lang), hide_index=True, key="enforcement_departments")
renamed = int(v.actions.authority_renamed.sum())
if renamed:
    st.warning(fr.t("enf.authority.renamed", n=renamed))

# ---- the statutory cap
st.header(fr.t("enf.h.cap"))
st.caption(fr.t("enf.cap.rule"))
if v.over_cap.empty:
    st.success(fr.t("enf.cap.none"))
else:
    st.error(
        fr.t("enf.cap.found", n=len(v.over_cap), q=int((v.over_cap.quarter == fr.quarter).sum()), quarter=fr.quarter)
    )
    # Amounts as text: a missing illegal gain must read "–" in either language, not "None".
    oc = v.over_cap.assign(
        target_role=[enf.label_role(r, fr.lang) for r in v.over_cap.target_role],
        decided_on=pd.to_datetime(v.over_cap.decided_on).dt.strftime("%Y-%m-%d"),
        **{
            c: [fmt.count(x) for x in v.over_cap[c]]
            for c in ("fine_yuan", "illegal_gains_yuan", "cap_yuan", "excess_yuan")
        },
    )
    st.dataframe(enf.display(oc, fr.lang), hide_index=True, key="enforcement_over_cap")

# ---- repeat targets
st.header(fr.t("enf.h.repeat"))
st.caption(fr.t("enf.repeat.help", n=settings.effect_quarters))
st.markdown(v.effect)
if len(v.repeat):
    rep = v.repeat.assign(
        target_role=[enf.label_role(r, fr.lang) for r in v.repeat.target_role],
        escalated=[fr.t("enf.yes") if e else fr.t("enf.no") for e in v.repeat.escalated],
        outcome=[fr.t(f"enf.outcome.{o}") for o in v.repeat.outcome],
    ).drop(columns=["dim", "key"])
    st.dataframe(
        enf.display(rep, fr.lang),
        hide_index=True,
        key="enforcement_repeat",
        column_config={
            fr.t("enf.col.change"): st.column_config.NumberColumn(format="percent"),
            fr.t("enf.col.before"): st.column_config.NumberColumn(format="%.1f"),
            fr.t("enf.col.after"): st.column_config.NumberColumn(format="%.1f"),
        },
    )

# ---- MVNO scorecard
st.header(fr.t("enf.h.mvno"))
st.caption(
    fr.t(
        "enf.score.help",
        window=card.config.window_quarters,
        serious=", ".join(enf.label_action(a, fr.lang) for a in card.config.serious_actions) or "–",
    )
)
st.markdown(enf.scorecard_summary(card, fr.lang))
marks = {
    "pass": "✓ " + fr.t("enf.test.pass"),
    "fail": "✗ " + fr.t("enf.test.fail"),
    "unknown": "? " + fr.t("enf.test.unknown"),
}
sc = card.table.assign(
    status=[fr.t(f"enf.status.{s}") for s in card.table.status],
    lawful=[marks[x] for x in card.table.lawful],
    real_name_ok=[marks[x] for x in card.table.real_name_ok],
    response=[marks[x] for x in card.table.response],
)[
    [
        "name",
        "status",
        "lawful",
        "real_name_ok",
        "response",
        "reasons",
        "complaints",
        "rate",
        "fraud_share",
        "numbers_shut",
        "actions",
        "subscribers",
        "host",
    ]
]
st.dataframe(
    enf.display(sc, fr.lang),
    hide_index=True,
    key="enforcement_scorecard",
    column_config={
        enf.column_label("rate", fr.lang): st.column_config.NumberColumn(format="%.1f"),
        fr.t("enf.col.fraud_share"): st.column_config.NumberColumn(format="percent"),
        fr.t("enf.col.subscribers"): st.column_config.NumberColumn(format="%,d"),
        fr.t("enf.col.reasons"): st.column_config.TextColumn(width="large"),
    },
)
st.plotly_chart(figs["rates"], key="enforcement_rates")
with st.expander(fr.t("enf.score.history", first=card.window[0], last=card.window[1])):
    st.dataframe(
        enf.display(card.history.drop(columns="code"), fr.lang),
        hide_index=True,
        key="enforcement_history",
        column_config={
            enf.column_label("rate", fr.lang): st.column_config.NumberColumn(format="%.1f"),
            fr.t("enf.col.fraud_share"): st.column_config.NumberColumn(format="percent"),
        },
    )

# ---- exports (audited; disabled for roles without the right; built only when clicked)
st.subheader(fr.t("enf.export"))
notes = [
    fr.t("enf.cap.rule"),
    fr.t(
        "enf.score.help",
        window=card.config.window_quarters,
        serious=", ".join(enf.label_action(a, fr.lang) for a in card.config.serious_actions),
    ),
]


# Both files are built on Streamlit's download thread when clicked; they read only the frozen frame and view.
# One shaping for both (anning.enforcement.tables): every header and code in words, rates rounded.
def _workbook() -> bytes:
    sheets = enf_tables.export_sheets(v, fr.lang)
    return exports.xlsx_bytes(sheets, demo=fr.info.demo, lang=fr.lang, notes=notes, notes_title=fr.t("enf.sheet.notes"))


def _scorecard_zip() -> bytes:
    # A clean table for pandas and Excel, with its notes beside it in a README.
    import datetime as dt

    return exports.csv_zip(
        {"mvno_scorecard.csv": enf_tables.scorecard(card, fr.lang)},
        title=fr.t("enf.csv_title", quarter=fr.quarter),
        notes=notes[1:],
        demo=fr.info.demo,
        lang=fr.lang,
        when=dt.datetime.combine(fr.info.data_as_of or dt.date(2000, 1, 1), dt.time()),
    )


stem = f"anning-enforcement-{fr.quarter}"
c1, c2 = st.columns(2)
with c1:
    ui_auth.audited_download(
        fr,
        fr.t("enf.export_xlsx"),
        _workbook,
        f"{stem}.xlsx",
        key="enforcement_xlsx",
        what=f"enforcement {fr.quarter}",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
with c2:
    ui_auth.audited_download(
        fr,
        fr.t("enf.export_csv"),
        _scorecard_zip,
        f"{stem}-mvno.zip",
        key="enforcement_csv",
        what=f"enforcement {fr.quarter} mvno scorecard",
        mime="application/zip",
    )
