"""Enforcement page: the quarter's headline figures, then one tab per section: the chain of responsibility,
takedowns, penalties (actions, fines, deciding authorities, the statutory cap), repeat targets and the MVNO
scorecard. Only the open tab is computed and drawn (each section is built on its own, see
:mod:`anning.enforcement.sections`); its settings sit in the tab and travel in the link."""

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from anning.charts import enforcement as charts
from anning.core import fmt
from anning.core.escape import inert
from anning.enforcement import actions as enf
from anning.enforcement import sections
from anning.i18n import terms
from anning.publish import exports
from anning.ui import auth as ui_auth
from anning.ui import frame as ui
from anning.ui import state

fr = ui.frame("enforcement")
ui.title(fr, "page.enforcement")
if fr.quarter is None:
    st.info(fr.t("enf.no_data"))
    st.stop()
st.caption(fr.t("enf.intro"))

# ---- settings: each lives in its tab; a closed tab's settings are kept in the link (state.bind seeds them back)
DEFAULTS = enf.Settings()
SERIOUS = list(DEFAULTS.scorecard.serious_actions)


def _setting(key: str, param: str, parse: Callable[[str], Any], default: Any) -> Any:
    """A setting's value whether or not its tab is open: the widget's, else the link's, else the default."""
    if key in st.session_state:
        return st.session_state[key]
    text = state.url_value(param)
    try:
        return default if text is None else parse(text)
    except ValueError:
        return default


SETTINGS: dict[str, tuple[str, Callable[[str], Any], Any]] = {
    "enforcement_channel": ("channel", state.option_parser([None, *terms.CHANNELS]), None),
    "enforcement_top_pc": ("senders", state.number_parser(int, 3, 15), DEFAULTS.top_port_companies),
    "enforcement_top_ports": ("ports", state.number_parser(int, 10, 500), DEFAULTS.top_ports),
    "enforcement_effect_quarters": ("effect", state.number_parser(int, 1, 8), DEFAULTS.effect_quarters),
    "enforcement_window": ("window", state.number_parser(int, 1, 8), DEFAULTS.scorecard.window_quarters),
    "enforcement_rate_factor": ("factor", state.number_parser(float, 0.1, 5.0), DEFAULTS.scorecard.rate_factor),
    "enforcement_market": ("market", state.option_parser(list(enf.MARKETS)), DEFAULTS.scorecard.market),
}


def _bound(key: str) -> str:
    param, parse, default = SETTINGS[key]
    if default is None:  # the channel: "both" (None) is the first option and the widget's own default
        return state.bind(key, param, [None, *terms.CHANNELS])
    return state.bind(key, param, default=default, parse=parse)


def current_settings() -> enf.Settings:
    """Every section's settings, read without drawing a widget (the export needs all of them)."""
    v = {k: _setting(k, p, parse, d) for k, (p, parse, d) in SETTINGS.items()}
    serious = st.session_state.get("enforcement_serious")
    if serious is None:
        text = state.url_value("serious")
        serious = [a for a in text.split(",") if a in enf.ACTIONS] if text else SERIOUS
    return enf.Settings(
        top_ports=int(v["enforcement_top_ports"]),
        top_port_companies=int(v["enforcement_top_pc"]),
        channel=v["enforcement_channel"],
        effect_quarters=int(v["enforcement_effect_quarters"]),
        scorecard=enf.ScorecardConfig(
            window_quarters=int(v["enforcement_window"]),
            serious_actions=tuple(serious),
            rate_factor=float(v["enforcement_rate_factor"]),
            market=str(v["enforcement_market"]),
        ),
    )


# ---- cached builders: the actions frame once per store version, each section on its own


@ui.cached
def _actions(version_key: str, _src: object) -> pd.DataFrame:
    del version_key
    return enf.actions(_src)  # type: ignore[arg-type]


@ui.cached
def _section(
    version_key: str, _src: object, name: str, quarter: str, lang: str, settings: enf.Settings, available: tuple
) -> object:
    acts = _actions(version_key, _src)
    return sections.section(name, _src, acts, quarter, lang, settings, available)  # type: ignore[arg-type]


@ui.cached_figures
def _figures(
    version_key: str, _src: object, name: str, quarter: str, lang: str, settings: enf.Settings, available: tuple
) -> dict[str, object]:
    part = _section(version_key, _src, name, quarter, lang, settings, available)
    running = tuple(q for q in available if not fr.info.is_complete(q))
    return charts.section_figures(name, part, enf.operator_names(_src, lang), enf.operator_kinds(_src), lang, running)  # type: ignore[arg-type]


key, src, q, lang, avail = fr.source.version_key, fr.source, fr.quarter, fr.lang, fr.info.quarters
ops = enf.operator_names(src, lang)

# ---- headline (cheap: takedown counts and the actions frame)
with ui.working(fr):
    hl = sections.headline(src, _actions(key, src), q)
m = st.columns(5)
m[0].metric(fr.t("enf.kpi.ports"), fmt.count(hl.ports))
m[1].metric(fr.t("enf.kpi.numbers"), fmt.count(hl.numbers))
m[2].metric(fr.t("enf.kpi.actions"), fmt.count(hl.actions))
m[3].metric(fr.t("enf.kpi.fines"), fmt.count(hl.fines_yuan), help=fr.t("enf.kpi.fines_help"))
m[4].metric(fr.t("enf.kpi.over_cap"), fmt.count(hl.over_cap))


def show(table: sections.Table, table_key: str, **kwargs: Any) -> None:
    """One shaped table, its columns formatted for people (the same frame the workbook writes)."""
    if table.screen:
        kwargs.setdefault("column_order", table.screen)
    ui.show_table(table.frame, table.formats, key=table_key, **kwargs)


# ---- the tabs: only the open one runs
TAB_TITLES = ("enf.h.chain", "enf.h.takedowns", "enf.h.actions", "enf.h.repeat", "enf.h.mvno")
labels = {name: fr.t(key) for name, key in zip(sections.SECTIONS, TAB_TITLES, strict=True)}
by_label = {v: k for k, v in labels.items()}
linked = state.url_value("tab")
tabs = st.tabs(
    list(labels.values()),
    key="enforcement_tab",
    on_change="rerun",
    default=labels.get(linked or "", labels["chain"]),
)
open_name = by_label.get(str(st.session_state.get("enforcement_tab")), "chain")
state.publish("tab", None if open_name == "chain" else open_name)
tab = dict(zip(sections.SECTIONS, tabs, strict=True))

if tab["chain"].open:
    with tab["chain"]:
        c1, c2 = st.columns(2)
        c1.selectbox(
            fr.t("enf.set.channel"),
            [None, *terms.CHANNELS],
            key=_bound("enforcement_channel"),
            format_func=lambda c: terms.channel(c, fr.lang),
        )
        c2.slider(fr.t("enf.set.top_pc"), 3, 15, key=_bound("enforcement_top_pc"))
        s = current_settings()
        with ui.working(fr):
            cv = _section(key, src, "chain", q, lang, s, avail)
            figs = _figures(key, src, "chain", q, lang, s, avail)
        st.caption(fr.t("enf.chain.help"))
        st.markdown("\n".join(f"- {inert(x)}" for x in cv.sentences))
        ui.chart(fr, figs["sankey"], key="enforcement_sankey")
        ui.chart(fr, figs["shares"], key="enforcement_shares")

if tab["takedowns"].open:
    with tab["takedowns"]:
        st.number_input(fr.t("enf.set.top_ports"), 10, 500, step=10, key=_bound("enforcement_top_ports"))
        s = current_settings()
        with ui.working(fr):
            tv = _section(key, src, "takedowns", q, lang, s, avail)
            figs = _figures(key, src, "takedowns", q, lang, s, avail)
        shaped = sections.tables("takedowns", tv, lang, ops)
        c1, c2 = st.columns(2)
        ui.chart(fr, figs["takedowns_trend"], key="enforcement_takedowns_trend", where=c1)
        ui.chart(fr, figs["takedowns_operator"], key="enforcement_takedowns_operator", where=c2)
        cov = tv.coverage
        st.markdown(
            fr.t(
                "enf.takedowns.coverage",
                top=fmt.count(cov.top_n),
                shut=fmt.count(cov.shut_top_n),
                share=fmt.pct(cov.share_top_n, fr.lang),
                decile=fmt.count(cov.decile_n),
                shut_decile=fmt.count(cov.shut_decile),
                share_decile=fmt.pct(cov.share_decile, fr.lang),
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
        ui.chart(fr, figs["lag"], key="enforcement_lag", where=c1)
        with c2:
            st.markdown(f"**{fr.t('enf.takedowns.holders')}**")
            show(shaped["holders"], "enforcement_holders", height=360)
        st.markdown(f"**{fr.t('enf.takedowns.top_ports', n=cov.top_n)}**")
        show(shaped["top_ports"], "enforcement_top_ports_table", height=360)

if tab["penalties"].open:
    with tab["penalties"]:
        s = current_settings()
        with ui.working(fr):
            pv = _section(key, src, "penalties", q, lang, s, avail)
            figs = _figures(key, src, "penalties", q, lang, s, avail)
        shaped = sections.tables("penalties", pv, lang, ops)
        c1, c2 = st.columns(2)
        ui.chart(fr, figs["actions"], key="enforcement_actions_chart", where=c1)
        ui.chart(fr, figs["actions_trend"], key="enforcement_actions_trend", where=c2)
        show(shaped["actions"], "enforcement_matrix")
        c1, c2 = st.columns([3, 2])
        ui.chart(fr, figs["fines"], key="enforcement_fines", where=c1)
        if len(pv.fines):
            c2.markdown(pv.fine_summary.sentence(fr.lang))
        st.subheader(fr.t("enf.h.authority"))
        st.caption(fr.t("enf.authority.caption"))
        c1, c2 = st.columns([3, 2])
        ui.chart(fr, figs["authority"], key="enforcement_authority_chart", where=c1)
        with c2:
            show(shaped["authority"], "enforcement_authority")
            if len(pv.by_department):
                show(shaped["departments"], "enforcement_departments")
        if pv.renamed:
            st.warning(fr.t("enf.authority.renamed", n=pv.renamed))
        st.subheader(fr.t("enf.h.cap"))
        st.caption(fr.t("enf.cap.rule"))
        # An alarm only for the chosen quarter; earlier fines above the cap stay listed for the check.
        if pv.over_cap_in_quarter:
            st.error(fr.t("enf.cap.found", n=len(pv.over_cap), q=pv.over_cap_in_quarter, quarter=q))
        elif len(pv.over_cap):
            st.info(fr.t("enf.cap.none_this_quarter", quarter=q, n=len(pv.over_cap)))
        else:
            st.success(fr.t("enf.cap.none"))
        if len(pv.over_cap):
            show(shaped["over_cap"], "enforcement_over_cap")

if tab["repeat"].open:
    with tab["repeat"]:
        st.slider(fr.t("enf.set.effect_quarters"), 1, 8, key=_bound("enforcement_effect_quarters"))
        s = current_settings()
        with ui.working(fr):
            rv = _section(key, src, "repeat", q, lang, s, avail)
        st.caption(fr.t("enf.repeat.help", n=s.effect_quarters))
        st.markdown(rv.effect)
        if len(rv.repeat):
            show(sections.tables("repeat", rv, lang, ops)["repeat"], "enforcement_repeat")

if tab["mvno"].open:
    with tab["mvno"]:
        c1, c2, c3 = st.columns(3)
        c1.slider(fr.t("enf.set.window"), 1, 8, key=_bound("enforcement_window"))
        c2.number_input(fr.t("enf.set.rate_factor"), 0.1, 5.0, step=0.1, key=_bound("enforcement_rate_factor"))
        c3.radio(
            fr.t("enf.set.market"),
            list(enf.MARKETS),
            key=_bound("enforcement_market"),
            horizontal=True,
            format_func=lambda m: fr.t(f"enf.market.{m}"),
        )
        st.multiselect(
            fr.t("enf.set.serious"),
            list(enf.ACTIONS),
            key=state.bind_many("enforcement_serious", "serious", list(enf.ACTIONS), default=SERIOUS),
            format_func=lambda a: enf.label_action(a, fr.lang),
        )
        s = current_settings()
        with ui.working(fr):
            card = _section(key, src, "mvno", q, lang, s, avail)
            figs = _figures(key, src, "mvno", q, lang, s, avail)
        shaped = sections.tables("mvno", card, lang, ops)
        st.caption(
            fr.t(
                "enf.score.help",
                window=card.config.window_quarters,
                serious=terms.join([enf.label_action(a, fr.lang) for a in card.config.serious_actions], fr.lang) or "–",
            )
        )
        st.markdown(enf.scorecard_summary(card, fr.lang))
        show(shaped["scorecard"], "enforcement_scorecard")
        ui.chart(fr, figs["rates"], key="enforcement_rates")
        st.markdown(f"**{fr.t('enf.score.history', first=card.window[0], last=card.window[1])}**")
        show(shaped["history"], "enforcement_history", height=360)

# ---- exports (audited; disabled for roles without the right; built only when clicked, every section)
st.subheader(fr.t("enf.export"))
s_all = current_settings()
notes = [
    fr.t("enf.cap.rule"),
    fr.t(
        "enf.score.help",
        window=s_all.scorecard.window_quarters,
        serious=terms.join([enf.label_action(a, fr.lang) for a in s_all.scorecard.serious_actions], fr.lang),
    ),
]


# Built on Streamlit's download thread when clicked: every section with the settings in force, through the
# same shaping as the screen (sections.tables), so the workbook holds exactly what the tabs show.
def _all_tables() -> dict[str, sections.Table]:
    out: dict[str, sections.Table] = {}
    for name in sections.SECTIONS:
        part = sections.section(name, src, _actions(key, src), q, lang, s_all, avail)
        out.update(sections.tables(name, part, lang, ops))
    return out


def _workbook() -> bytes:
    shaped = _all_tables()
    sheets = {sections.sheet_name(k, q, lang): shaped[k].frame for k in sections.SHEETS if k in shaped}
    return exports.xlsx_bytes(sheets, demo=fr.info.demo, lang=lang, notes=notes, notes_title=fr.t("enf.sheet.notes"))


def _scorecard_zip() -> bytes:
    # A clean table for pandas and Excel (the tab's shaping), with its notes beside it in a README.
    import datetime as dt

    card = sections.section("mvno", src, _actions(key, src), q, lang, s_all, avail)
    frame = sections.tables("mvno", card, lang, ops)["scorecard"].frame
    return exports.csv_zip(
        {"mvno_scorecard.csv": frame},
        title=fr.t("enf.csv_title", quarter=q),
        notes=notes[1:],
        demo=fr.info.demo,
        lang=lang,
        when=dt.datetime.combine(fr.info.data_as_of or dt.date(2000, 1, 1), dt.time()),
    )


stem = f"anning-enforcement-{q}"
c1, c2 = st.columns(2)
with c1:
    ui_auth.audited_download(
        fr,
        fr.t("enf.export_xlsx"),
        _workbook,
        f"{stem}.xlsx",
        key="enforcement_xlsx",
        what=f"enforcement {q}",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
with c2:
    ui_auth.audited_download(
        fr,
        fr.t("enf.export_csv"),
        _scorecard_zip,
        f"{stem}-mvno.zip",
        key="enforcement_csv",
        what=f"enforcement {q} mvno scorecard",
        mime="application/zip",
    )
