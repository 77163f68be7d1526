"""Exposure page: name-and-shame lists (曝光名单): candidates → review → approve → publish → correct.

Analysts prepare a quarter's list from explicit rules (:mod:`anning.enforcement.exposure`) and review every
candidate in an editable table (include, or exclude with a reason); an approver who did not prepare it
approves and publishes it (:mod:`anning.publish.lists`). Published versions never change: a correction is a new
version. Press staff see published lists only and export them (XLSX, CSV, PNG) with the footnote
(methodology, data-as-of date, version, content hash) built from the frozen record (:mod:`anning.publish.list_exports`).
"""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from anning.core import auth
from anning.enforcement import exposure
from anning.publish import list_exports, lists
from anning.ui import frame as ui
from anning.ui import publications as uip

fr = ui.frame("exposure")
ui.title(fr, "page.exposure")
if fr.quarter is None or fr.user is None:
    st.stop()
role = fr.user.role
q = fr.quarter
list_id = lists.list_id_for(q)
REASON_LABELS = {fr.t(f"pub.reason.{r}"): r for r in lists.REASONS}


def _run(step: str, fn: Callable[..., object], *args: object, **kwargs: object) -> None:
    """Take a workflow step; show a refusal as a message, and rerun on success (the store changed)."""
    try:
        fn(*args, **kwargs)
    except lists.SelfApprovalError:
        st.error(fr.t("pub.page.self_approval"))
        return
    except (lists.WorkflowError, PermissionError, ValueError) as exc:
        st.error(fr.t("pub.page.refused", reason=str(exc)))
        return
    st.session_state["exposure_flash"] = fr.t(f"pub.page.done.{step}")
    st.rerun()


@ui.cached
def _published_png(version_key: str, list_id: str, version: int, lang: str) -> bytes:
    """The press PNG of a published version (kaleido: a moment, so cached)."""
    del version_key
    rec, h = lists.record(fr.source, list_id, version)
    return list_exports.png_bytes(rec, h, lang)


def _rules_form() -> exposure.Rules:
    d = exposure.Rules()
    with st.expander(fr.t("pub.page.rules"), expanded=True):
        c = st.columns(4)
        n = c[0].number_input(fr.t("pub.page.rule_n"), 0, value=d.min_complaints, step=10, key="exposure_rule_n")
        k = c[1].number_input(fr.t("pub.page.rule_k"), 0, value=d.top_per_industry, key="exposure_rule_k")
        m = c[2].number_input(
            fr.t("pub.page.rule_m"),
            0,
            value=d.repeat_quarters,
            key="exposure_rule_m",
            help=fr.t("pub.page.rule_m_help"),
        )
        p = c[3].number_input(fr.t("pub.page.rule_p"), 0, value=d.min_ports_shut, key="exposure_rule_p")
        c = st.columns(4)
        fined = c[0].checkbox(fr.t("pub.page.rule_fined"), value=d.fined, key="exposure_rule_fined")
        floor = c[1].number_input(fr.t("pub.page.rule_floor"), 0, value=d.floor, key="exposure_rule_floor")
        channel = c[2].selectbox(
            fr.t("rk.channel"),
            list(exposure.CHANNELS),
            key="exposure_rule_channel",
            format_func=lambda x: fr.t(f"rk.channel.{x}") if x else fr.t("rk.all_channels"),
        )
    return exposure.Rules(int(n), int(k), int(m), int(p), bool(fined), int(floor), channel)


def _editor_frame(d: lists.Draft) -> pd.DataFrame:
    view = list_exports.review_frame(list(d.candidates), {k: v.as_dict() for k, v in d.decisions.items()}, fr.lang)
    return view.set_index(view[fr.t("pub.col.key")])


def _decisions(edited: pd.DataFrame) -> dict[str, lists.Decision]:
    out = {}
    for key, row in edited.iterrows():
        include = bool(row[fr.t("pub.col.include")])
        label = row[fr.t("pub.col.reason")]
        note = row[fr.t("pub.col.note")]
        out[str(key)] = lists.Decision(
            include,
            "" if include else REASON_LABELS.get(str(label or ""), ""),
            "" if note is None or pd.isna(note) else str(note),
        )
    return out


def _draft_panel(d: lists.Draft) -> None:
    st.markdown(
        fr.t(
            "pub.page.draft_status",
            draft=d.draft_id,
            status=fr.t(f"pub.status.{d.status}"),
            by=d.prepared_by,
            at=d.prepared_at,
            n=len(d.candidates),
            included=d.included,
        )
    )
    if d.base_version:
        st.info(fr.t("pub.page.correcting", version=d.base_version, note=d.note), icon=":material/edit_note:")
    if d.returned_note and d.status == "draft":
        st.warning(fr.t("pub.page.returned", note=d.returned_note), icon=":material/undo:")
    if d.approved_by:
        st.caption(fr.t("pub.page.approved_caption", by=d.approved_by, at=d.approved_at))
    with st.expander(fr.t("pub.page.rules_used")):
        for line in exposure.rules_summary(d.rules, fr.lang):
            st.caption(line)
    editable = d.status == "draft" and auth.can(role, "prepare_list")
    frame = _editor_frame(d)
    inc, rea, note = fr.t("pub.col.include"), fr.t("pub.col.reason"), fr.t("pub.col.note")
    config = {
        inc: st.column_config.CheckboxColumn(width="small"),
        rea: st.column_config.SelectboxColumn(options=list(REASON_LABELS), width="medium"),
        note: st.column_config.TextColumn(width="medium", max_chars=200),
        fr.t("pub.col.complaints"): st.column_config.NumberColumn(format="localized"),
        fr.t("rk.col.change_pct"): st.column_config.NumberColumn(format="%+.1f"),
        fr.t("rk.col.yoy_pct"): st.column_config.NumberColumn(format="%+.1f"),
        fr.t("pub.col.key"): None,
    }
    disabled = [c for c in frame.columns if not (editable and c in (inc, rea, note))]
    edited = st.data_editor(
        frame,
        key=f"exposure_editor_{d.draft_id}",
        hide_index=True,
        column_config=config,
        disabled=disabled,
        num_rows="fixed",
        height=min(38 + 35 * len(frame), 560),
        placeholder="–",
    )
    decisions = _decisions(edited)
    problems = [(k, p) for k, dec in decisions.items() if (p := dec.problem())]
    if problems:
        names = {c["key"]: c["name"] for c in d.candidates}
        st.warning(
            fr.t("pub.page.problems", n=len(problems))
            + " "
            + fr.t("pub.sep").join(f"{names.get(k, k)}: {fr.t(p)}" for k, p in problems[:8])
        )
    cols = st.columns(5)
    if editable:
        changed = decisions != {c["key"]: d.decision(c["key"]) for c in d.candidates}
        if cols[0].button(fr.t("pub.page.save"), key="exposure_save", disabled=not changed):
            _run("save", lists.save_decisions, fr.db, d.draft_id, decisions, fr.user)
        if cols[1].button(
            fr.t("pub.page.submit"), key="exposure_submit", type="primary", disabled=changed or bool(problems)
        ):
            _run("submit", lists.submit, fr.db, d.draft_id, fr.user)
        if changed:
            cols[1].caption(fr.t("pub.page.save_first"))
    if d.status == "submitted" and auth.can(role, "approve"):
        own = d.prepared_by == fr.user.name
        if cols[2].button(fr.t("pub.page.approve"), key="exposure_approve", type="primary", disabled=own):
            _run("approve", lists.approve, fr.db, d.draft_id, fr.user)
        if own:
            cols[2].caption(fr.t("pub.page.self_approval"))
    if d.status in ("submitted", "approved") and auth.can(role, "approve"):
        back = cols[3].text_input(fr.t("pub.page.return_note"), key="exposure_return_note")
        if cols[3].button(fr.t("pub.page.return"), key="exposure_return", disabled=not back.strip()):
            _run("return", lists.return_draft, fr.db, d.draft_id, fr.user, back)
    if (
        d.status == "approved"
        and auth.can(role, "publish")
        and cols[2].button(fr.t("pub.page.publish"), key="exposure_publish", type="primary", icon=":material/publish:")
    ):
        _run("publish", lists.publish, fr.db, d.draft_id, fr.user)
    if (
        auth.can(role, "prepare_list")
        and d.status in lists.OPEN
        and cols[4].button(fr.t("pub.page.discard"), key="exposure_discard")
    ):
        _run("discard", lists.discard, fr.db, d.draft_id, fr.user)
    if auth.can(role, "export_analysis"):
        data = list_exports.review_frame(list(d.candidates), {k: v.as_dict() for k, v in decisions.items()}, fr.lang)
        from anning.publish import exports

        body = exports.xlsx_bytes(
            {fr.t("pub.sheet.review"): data},
            demo=bool(d.context.get("demo")),
            lang=fr.lang,
            notes=[fr.t("pub.page.review_export_note", draft=d.draft_id), *exposure.rules_summary(d.rules, fr.lang)],
            notes_title=fr.t("pub.doc.notes"),
        )
        uip.download_files(
            fr,
            {f"{d.draft_id}_review_{fr.lang}.xlsx": body},
            key="exposure_review_dl",
            what=f"exposure review {d.draft_id}",
            requires="export_analysis",
            columns=1,
        )


def _prepare_panel() -> None:
    versions = lists.versions(fr.source, list_id)
    if not versions.empty:
        latest = int(versions["version"].max())
        st.info(fr.t("pub.page.already_published", list_id=list_id, version=latest), icon=":material/verified:")
        if auth.can(role, "prepare_list"):
            note = st.text_input(fr.t("pub.page.correction_note"), key="exposure_correction_note")
            if st.button(fr.t("pub.page.start_correction"), key="exposure_correct", disabled=not note.strip()):
                _run("correct", lists.start_correction, fr.db, fr.source, list_id, fr.user, note)
        return
    if not auth.can(role, "prepare_list"):
        st.info(fr.t("pub.page.no_draft", quarter=q))
        return
    rules = _rules_form()
    if st.button(fr.t("pub.page.prepare"), key="exposure_prepare", type="primary", icon=":material/playlist_add:"):
        _run("prepare", lists.prepare, fr.db, fr.source, q, rules, fr.user)


def _published_panel() -> None:
    versions = lists.versions(fr.source)
    if versions.empty:
        st.info(fr.t("pub.page.no_published"))
        return
    st.dataframe(list_exports.versions_frame(versions, fr.lang), hide_index=True, key="exposure_versions_table")
    options = [(str(r.list_id), int(r.version)) for r in versions.itertuples()]
    mine = [o for o in options if o[0] == list_id]
    default = options.index(mine[0]) if mine else 0
    chosen = st.selectbox(
        fr.t("pub.page.version"),
        options,
        index=default,
        key="exposure_version",
        format_func=lambda o: fr.t("pub.version_label", list_id=o[0], version=o[1]),
    )
    rec, h = lists.record(fr.source, chosen[0], chosen[1])
    row = versions[(versions["list_id"] == chosen[0]) & (versions["version"] == chosen[1])].iloc[0]
    if pd.notna(row["superseded_by"]):
        st.warning(fr.t("pub.page.list_superseded", version=int(row["superseded_by"])), icon=":material/history:")
    st.subheader(fr.t("pub.list_title", quarter=rec["quarter"]) + " · " + list_exports.version_label(rec, fr.lang))
    pct = st.column_config.NumberColumn(format="%+.1f")
    st.dataframe(
        list_exports.press_frame(rec, fr.lang),
        hide_index=True,
        key="exposure_press_table",
        column_config={
            fr.t("rk.col.change_pct"): pct,
            fr.t("rk.col.yoy_pct"): pct,
            fr.t("pub.col.complaints"): st.column_config.NumberColumn(format="localized"),
        },
    )
    for line in list_exports.footnotes(rec, h, fr.lang):
        st.caption(line)
    stem = f"{rec['list_id']}_v{rec['version']}_{fr.lang}"
    files = {
        f"{stem}.xlsx": list_exports.xlsx_bytes(rec, h, fr.lang),
        f"{stem}.csv": list_exports.csv_bytes(rec, h, fr.lang),
    }
    uip.download_files(
        fr,
        files,
        key="exposure_pub_dl",
        what=f"exposure {rec['list_id']} v{rec['version']}",
        requires="export_published",
        columns=3,
    )
    if st.button(
        fr.t("pub.page.make_png"),
        key="exposure_png",
        icon=":material/image:",
        disabled=not auth.can(role, "export_published"),
    ):
        st.session_state["exposure_png_for"] = chosen
    if st.session_state.get("exposure_png_for") == chosen:
        with st.spinner(fr.t("pub.page.building")):
            png = _published_png(fr.source.version_key, chosen[0], chosen[1], fr.lang)
        uip.download_files(
            fr,
            {f"{stem}.png": png},
            key="exposure_png_dl",
            what=f"exposure {rec['list_id']} v{rec['version']} png",
            requires="export_published",
            columns=1,
        )
        st.image(png)
    if auth.can(role, "see_unpublished") and auth.can(role, "export_analysis"):
        full = list_exports.xlsx_bytes(rec, h, fr.lang, full=True)
        uip.download_files(
            fr,
            {list_exports.file_name(rec, fr.lang, "xlsx", full=True): full},
            key="exposure_full_dl",
            what=f"exposure {rec['list_id']} v{rec['version']} full record",
            requires="export_analysis",
            columns=1,
        )


flash = st.session_state.pop("exposure_flash", None)
if flash:
    st.success(flash)
if not auth.can(role, "see_unpublished"):
    _published_panel()
    st.stop()
tab_work, tab_published = st.tabs([fr.t("pub.page.tab_work", quarter=q), fr.t("pub.page.tab_lists")])
with tab_work:
    draft = lists.open_draft(fr.source, list_id)
    if draft is None:
        _prepare_panel()
    else:
        _draft_panel(draft)
with tab_published:
    _published_panel()
