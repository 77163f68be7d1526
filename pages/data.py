"""Data page: loaded batches with their warnings; validate and load uploaded files."""

import streamlit as st

from anning.core import auth
from anning.core.config import MAX_UPLOAD_BYTES
from anning.load import batches
from anning.store import audit, info
from anning.ui import frame as ui

UPLOAD_TYPES = ["csv", "xlsx", "txt"]
fr = ui.frame("data")
ui.title(fr, "page.data")
tab_batches, tab_upload = st.tabs([fr.t("data.tab_batches"), fr.t("data.tab_upload")])

with tab_upload:
    # Loading changes the store: only roles with the "load" action get the uploader (leadership reads only).
    if not auth.can(fr.user.role if fr.user else None, "load"):
        st.info(fr.t("auth.read_only"))
    else:
        if info.demo_only(fr.info):
            # A real file ends demo sign-in for everyone (info.demo_only); say so before anyone tries one.
            st.warning(fr.t("data.demo_ends"))
        ui.localize_uploader(fr.lang, UPLOAD_TYPES, MAX_UPLOAD_BYTES // (1024 * 1024))
        files = st.file_uploader(
            fr.t("data.upload"),
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key="data_upload",
            help=fr.t("data.upload_help"),
        )
        kinds = [None, "complaints", "takedowns", "enforcement"]
        kind = st.selectbox(
            fr.t("data.kind"),
            kinds,
            key="data_kind",
            format_func=lambda k: fr.t("data.kind_auto") if k is None else fr.t(f"kind.{k}"),
        )
        uploads = [batches.Upload(f.name, f.getvalue()) for f in files or []]
        signature = tuple((u.name, len(u.data)) for u in uploads) + (kind,)
        c1, c2 = st.columns(2)
        if c1.button(fr.t("data.validate"), key="data_validate", disabled=not uploads):
            report = batches.run_uploads(uploads, fr.db, kind=kind, user=ui.user_name(), dry_run=True)
            st.session_state["data_report"] = (signature, report)
        held = st.session_state.get("data_report")
        report = held[1] if held and held[0] == signature else None
        if c2.button(fr.t("data.commit"), key="data_commit", type="primary", disabled=report is None or not report.ok):
            bar = st.progress(0.0)
            report = batches.run_uploads(
                uploads,
                fr.db,
                kind=kind,
                user=ui.user_name(),
                dry_run=False,
                progress=ui.progress_callback(bar, fr.lang),
            )
            st.session_state["data_report"] = (signature, report)
            ui.clear_caches()
            if report.ok and report.already_loaded:
                st.info(fr.t("data.already", batch=report.files[0].already_in_batch))
            elif report.ok:
                st.success(fr.t("data.loaded", batch=report.batch_id, rows=report.total_rows, seconds=report.seconds))
        if report is not None:
            ui.show_load_report(fr, report)
        elif uploads:
            st.caption(fr.t("data.validate_first"))

with tab_batches:
    view = batches.overview(fr.source, fr.lang)
    st.subheader(fr.t("data.batches"))
    if view.batches.empty:
        st.caption(fr.t("data.no_batches"))
    else:
        counts = {
            fr.t(key): "count"
            for key in (
                "col.files",
                "col.rows_complaints",
                "col.rows_takedowns",
                "col.rows_enforcement",
                "col.rows_replaced",
                "col.n_warnings",
            )
        }
        ui.show_table(ui.translated(view.batches, fr.lang), counts, key="data_batches_table")
        st.subheader(fr.t("data.files"))
        ui.show_table(ui.translated(view.files, fr.lang), {fr.t("col.rows"): "count"}, key="data_files_table")
    st.subheader(fr.t("data.warnings"))
    if view.warnings.empty:
        st.caption(fr.t("data.no_warnings"))
    else:
        st.dataframe(ui.translated(view.warnings, fr.lang), hide_index=True, key="data_warnings_table")
    with st.expander(fr.t("audit.title")):
        log = audit.recent(fr.source, limit=200)
        st.caption(fr.t("audit.caption", n=200))
        if log.empty:
            st.caption(fr.t("audit.empty"))
        else:
            ui.show_table(
                ui.translated(batches.audit_table(log, fr.lang), fr.lang),
                {fr.t("col.detail"): "wide"},
                key="data_audit_table",
            )
