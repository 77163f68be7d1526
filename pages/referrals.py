"""Referrals page: prepare a quarter's lead-referral batch (线索移交) and keep the referral log.

An analyst prepares the chosen quarter's batch (:func:`anning.publish.referrals.prepare`): one query for the
quarter's leads, one file per supervising department, the batch recorded with its hash. The log lists
every batch, the yearly totals beside the published 2020 figure (4 batches, 38,000 leads), and rebuilds
any recorded department file for download, saying whether it still matches its recorded hash.
"""

import pandas as pd
import streamlit as st

from anning.core import auth
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

st.subheader(fr.t("pub.page.ref_prepare", quarter=q))
if not done.empty:
    b = done.iloc[0]
    st.success(
        fr.t(
            "pub.page.ref_done",
            batch=b["batch_id"],
            leads=f"{int(b['leads']):,}",
            departments=int(b["departments"]),
            by=b["prepared_by"],
            at=str(b["prepared_at"]),
        )
    )
elif not fr.info.is_complete(q):
    st.info(fr.t("pub.page.ref_incomplete", quarter=q))
elif not auth.can(role, "prepare_referral"):
    st.info(fr.t("pub.page.ref_not_prepared", quarter=q))
elif st.button(
    fr.t("pub.page.ref_prepare_button", quarter=q), key="referrals_prepare", type="primary", icon=":material/outbox:"
):
    try:
        with st.spinner(fr.t("pub.page.building")):
            batch = referrals.prepare(fr.db, fr.source, q, fr.user, lang=fr.lang)
    except (referrals.ReferralError, PermissionError) as exc:
        st.error(fr.t("pub.page.refused", reason=str(exc)))
    else:
        # Keep the files of this run for download right away; the log can rebuild them later.
        st.session_state["referrals_prepared"] = {f.file_name: f.data for f in batch.files}
        st.rerun()
fresh = st.session_state.get("referrals_prepared")
if fresh:
    uip.download_files(fr, fresh, key="referrals_fresh_dl", what=f"referral batch {q}", requires="export_analysis")

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
            fr.t("ref.col.leads"): st.column_config.NumberColumn(format="localized"),
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
    st.dataframe(
        view,
        hide_index=True,
        key="referrals_files",
        column_config={fr.t("ref.col.leads"): st.column_config.NumberColumn(format="localized")},
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
            st.session_state["referrals_rebuilt"] = (pick, f.file_name, f.data, status)
        rebuilt = st.session_state.get("referrals_rebuilt")
        if rebuilt and rebuilt[0] == pick:
            _, name, data, status = rebuilt
            if status == "identical":
                st.success(fr.t("pub.page.ref_same"))
            elif status == "same_leads":
                st.info(fr.t("pub.page.ref_same_leads"))
            else:
                st.warning(fr.t("pub.page.ref_changed"))
            uip.download_files(
                fr,
                {name: data},
                key="referrals_rebuilt_dl",
                what=f"referral file {name}",
                requires="export_analysis",
                columns=1,
            )
