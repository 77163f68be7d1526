"""Referrals page: prepare a quarter's lead-referral batch (线索移交), record it as sent (after a confirmation),
load the departments' feedback, and keep the referral log.

An analyst prepares the chosen quarter's batch (:func:`anning.publish.referrals.prepare`): one file and one
covering letter per department, addressed to the departments of that time, public security's number list
included. Recording the batch as sent asks for an explicit confirmation and is audited
(:func:`anning.publish.referrals.mark_referred`). Departments' feedback files are loaded all or nothing
(:func:`anning.publish.referrals.load_feedback`) and the page shows how many leads were answered and how. The
log lists every batch, the yearly totals beside the published 2020 figure, and rebuilds any recorded file.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from anning.core import auth
from anning.core.escape import inert
from anning.publish import referrals
from anning.ui import frame as ui
from anning.ui import publications as uip

fr = ui.frame("referrals")
ui.title(fr, "page.referrals")
if fr.quarter is None or fr.user is None:
    st.stop()
role = fr.user.role
q = fr.quarter
st.caption(fr.t("pub.page.ref_intro"))

batches = referrals.batches(fr.source)
files = referrals.files(fr.source)
done = batches[batches["quarter"] == q]
flash = st.session_state.pop("referrals_flash", None)
if flash:
    st.success(flash)

st.subheader(fr.t("pub.page.ref_prepare", quarter=q))
if not done.empty:
    b = done.iloc[0]
    headline, detail = referrals.prepared_text(b, fr.lang)
    st.success(headline)
    st.caption(detail)
    if pd.notna(b["referred_on"]):
        st.info(
            fr.t("ref.page.sent", on=str(b["referred_on"])[:10], by=inert(b["referred_by"])), icon=":material/send:"
        )
    elif auth.can(role, "prepare_referral"):
        # Recording a batch as sent cannot be undone: ask for the date and an explicit confirmation first.
        with st.container(border=True):
            st.markdown(fr.t("ref.page.send_help", batch=b["batch_id"], departments=int(b["departments"])))
            c1, c2 = st.columns([1, 2])
            on = c1.date_input(
                fr.t("ref.page.send_date"),
                value=dt.date.today(),
                max_value=dt.date.today(),
                key="referrals_send_date",
            )
            sure = c2.checkbox(fr.t("ref.page.confirm", batch=b["batch_id"]), key="referrals_confirm")
            if st.button(
                fr.t("ref.page.mark_sent"),
                key="referrals_mark_sent",
                type="primary",
                disabled=not sure,
                icon=":material/send:",
            ):
                try:
                    referrals.mark_referred(
                        fr.db, fr.source, str(b["batch_id"]), fr.user, confirmed=sure, referred_on=on
                    )
                except (referrals.ReferralError, PermissionError) as exc:
                    st.error(fr.t("pub.page.refused", reason=inert(exc)))
                else:
                    st.session_state["referrals_flash"] = fr.t("ref.page.sent_done", batch=b["batch_id"])
                    st.rerun()
elif not fr.info.is_complete(q):
    st.info(fr.t("pub.page.ref_incomplete", quarter=q))
elif not auth.can(role, "prepare_referral"):
    st.info(fr.t("pub.page.ref_not_prepared", quarter=q))
else:
    days = st.number_input(
        fr.t("ref.page.feedback_days"), 1, 365, referrals.FEEDBACK_DAYS, key="referrals_feedback_days"
    )
    if st.button(
        fr.t("pub.page.ref_prepare_button", quarter=q),
        key="referrals_prepare",
        type="primary",
        icon=":material/outbox:",
    ):
        try:
            with st.spinner(fr.t("pub.page.building")):
                batch = referrals.prepare(fr.db, fr.source, q, fr.user, lang=fr.lang, feedback_days=int(days))
        except (referrals.ReferralError, PermissionError) as exc:
            st.error(fr.t("pub.page.refused", reason=inert(exc)))
        else:
            # Keep the files of this run for download right away; the log can rebuild them later.
            fresh = {f.file_name: f.data for f in batch.files} | {f.letter_name: f.letter for f in batch.files}
            st.session_state["referrals_prepared"] = fresh
            st.rerun()
fresh = st.session_state.get("referrals_prepared")
if fresh:
    uip.download_files(fr, fresh, key="referrals_fresh_dl", what=f"referral batch {q}", requires="export_analysis")

# ---- feedback
st.subheader(fr.t("ref.page.feedback"))
st.markdown(referrals.answered_sentence(fr.source, fr.lang))
table = referrals.feedback_table(fr.source, fr.lang)
if not table.empty:
    # Thousands separators on every count, as in the log below; widths left to the grid, so the outcome
    # headers (longer than ui.show_table's fixed count width) are read in full.
    counts = [c for c in table.columns if pd.api.types.is_integer_dtype(table[c])]
    st.dataframe(
        table,
        hide_index=True,
        key="referrals_feedback_table",
        column_config={c: st.column_config.NumberColumn(format="localized") for c in counts},
    )
if auth.can(role, "prepare_referral"):
    with st.expander(fr.t("ref.page.load_feedback")):
        st.caption(fr.t("ref.page.feedback_help", outcomes=referrals.outcome_words(fr.lang)))
        up = st.file_uploader(fr.t("ref.page.feedback_file"), type=["csv", "xlsx"], key="referrals_feedback_upload")
        if st.button(fr.t("ref.page.load"), key="referrals_feedback_load", disabled=up is None) and up is not None:
            try:
                rep = referrals.load_feedback(fr.db, fr.source, up.getvalue(), up.name, fr.user)
            except referrals.FeedbackError as exc:
                st.error(fr.t("ref.page.feedback_refused", n=len(exc.problems)))
                st.markdown("\n".join(f"- {inert(p.render(fr.lang))}" for p in exc.problems[:30]))
            except (referrals.ReferralError, PermissionError) as exc:
                st.error(fr.t("pub.page.refused", reason=inert(exc)))
            else:
                st.session_state["referrals_flash"] = fr.t("ref.page.feedback_done", n=rep.rows)
                st.rerun()

# ---- the log
st.subheader(fr.t("pub.page.ref_log"))
log = referrals.log_table(fr.source, fr.lang)
if log.empty:
    st.caption(fr.t("pub.page.ref_empty"))
else:
    st.dataframe(
        log,
        hide_index=True,
        key="referrals_years",
        column_config={
            **{
                fr.t(k): st.column_config.NumberColumn(format="localized")
                for k in ("ref.col.leads", "ref.col.company_leads", "ref.col.numbers")
            },
            fr.t("ref.col.year"): st.column_config.NumberColumn(format="%d"),
        },
    )
st.caption(fr.t("pub.page.ref_bulletin"))
if not files.empty:
    view = pd.DataFrame(
        {
            fr.t("pub.page.ref_col_batch"): files["batch_id"],
            fr.t("pub.page.ref_col_quarter"): files["quarter"],
            fr.t("pub.page.ref_col_department"): files["department_zh" if fr.lang == "zh" else "department_en"],
            fr.t("ref.col.leads"): files["leads"].astype("int64"),
            fr.t("pub.page.ref_col_companies"): files["companies"].astype("int64"),
            fr.t("pub.page.ref_col_file"): files["file_name"],
            fr.t("pub.page.ref_col_hash"): files["content_hash"],
        }
    )
    ui.show_table(
        view,
        {fr.t("ref.col.leads"): "count", fr.t("pub.page.ref_col_companies"): "count"},
        key="referrals_files",
    )
    with st.expander(fr.t("pub.page.ref_redownload")):
        options = list(zip(files["batch_id"], files["department_code"], strict=True))
        names = dict(
            zip(files["department_code"], files["department_zh" if fr.lang == "zh" else "department_en"], strict=False)
        )
        pick = st.selectbox(
            fr.t("pub.page.ref_pick"),
            options,
            key="referrals_pick",
            format_func=lambda o: f"{o[0]} · {names.get(o[1], o[1])}",
        )
        if st.button(
            fr.t("pub.page.ref_rebuild"), key="referrals_rebuild", disabled=not auth.can(role, "export_analysis")
        ):
            with st.spinner(fr.t("pub.page.building")):
                f, status = referrals.department_file(fr.source, pick[0], pick[1])
            st.session_state["referrals_rebuilt"] = (pick, f.file_name, f.data, f.letter_name, f.letter, status)
        rebuilt = st.session_state.get("referrals_rebuilt")
        if rebuilt and rebuilt[0] == pick:
            _, name, data, letter_name, letter, status = rebuilt
            if status == "identical":
                st.success(fr.t("pub.page.ref_same"))
            elif status == "same_leads":
                st.info(fr.t("pub.page.ref_same_leads"))
            else:
                st.warning(fr.t("pub.page.ref_changed"))
            uip.download_files(
                fr,
                {name: data, letter_name: letter},
                key="referrals_rebuilt_dl",
                what=f"referral file {name}",
                requires="export_analysis",
                columns=2,
            )
