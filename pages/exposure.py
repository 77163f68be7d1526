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
from anning.core.escape import inert
from anning.enforcement import exposure
from anning.i18n import terms
from anning.publish import list_exports, lists
from anning.ui import confirm
from anning.ui import frame as ui
from anning.ui import publications as uip

fr = ui.frame("exposure")
ui.title(fr, "page.exposure")
if fr.quarter is None or fr.user is None:
    st.stop()
role = fr.user.role
q = fr.quarter
list_id = lists.list_id_for(q)


def _run(step: str, fn: Callable[..., object], *args: object, **kwargs: object) -> None:
    """Take a workflow step; show a refusal as a message, and rerun on success (the store changed)."""
    try:
        fn(*args, **kwargs)
    except lists.SelfApprovalError:
        st.error(fr.t("pub.page.self_approval"))
        return
    except (lists.WorkflowError, PermissionError, ValueError) as exc:
        st.error(fr.t("pub.page.refused", reason=inert(exc)))
        return
    st.session_state["exposure_flash"] = fr.t(f"pub.page.done.{step}")
    st.rerun()


@ui.cached
def _press_sheet(version_key: str, list_id: str, version: int, lang: str) -> tuple[bytes, bytes]:
    """The press sheet of a published version as PNG and PDF (Chromium: a moment each, so cached)."""
    del version_key
    rec, h = lists.record(fr.source, list_id, version)
    return list_exports.png_bytes(rec, h, lang), list_exports.pdf_bytes(rec, h, lang)


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
        share = c[2].number_input(
            fr.t("pub.page.rule_floor_share"),
            0.0,
            99.0,
            value=d.floor_share,
            step=0.1,
            format="%.1f",
            key="exposure_rule_floor_share",
        )
        channel = c[3].selectbox(
            fr.t("rk.channel"),
            list(exposure.CHANNELS),
            key="exposure_rule_channel",
            format_func=lambda x: terms.channel(x, fr.lang),
        )
    return exposure.Rules(int(n), int(k), int(m), int(p), bool(fined), int(floor), channel, float(share))


def _editor_config(editable: bool) -> dict[str, object]:
    """Translated headers through column_config only: the frame itself is keyed by codes."""
    cfg: dict[str, object] = {
        code: st.column_config.Column(fr.t(key)) for code, key in list_exports.REVIEW_HEADERS.items()
    }
    cfg["include"] = st.column_config.CheckboxColumn(fr.t("pub.col.include"), width="small")
    cfg["reason"] = st.column_config.SelectboxColumn(
        fr.t("pub.col.reason"),
        options=list(lists.REASONS),
        format_func=lambda r: fr.t(f"pub.reason.{r}"),
        width="medium",
    )
    cfg["note"] = st.column_config.TextColumn(fr.t("pub.col.note"), width="medium", max_chars=200)
    cfg["complaints"] = st.column_config.NumberColumn(fr.t("pub.col.complaints"), format="localized")
    for code in ("change_pct", "yoy_pct"):
        cfg[code] = st.column_config.NumberColumn(fr.t(list_exports.REVIEW_HEADERS[code]), format="%+.1f")
    cfg["grounds"] = st.column_config.TextColumn(fr.t("pub.col.grounds"), width="large")
    cfg["measure"] = st.column_config.TextColumn(fr.t("pub.col.measure"), width="large")
    cfg["key"] = None  # the row's identity, never shown
    return cfg


def _draft_panel(d: lists.Draft) -> None:
    st.markdown(
        fr.t(
            "pub.page.draft_status",
            draft=inert(d.draft_id),
            status=fr.t(f"pub.status.{d.status}"),
            by=inert(d.prepared_by),
            at=inert(d.prepared_at),
            n=len(d.candidates),
            included=d.included,
        )
    )
    if d.base_version:
        st.info(fr.t("pub.page.correcting", version=d.base_version, note=inert(d.note)), icon=":material/edit_note:")
    if d.returned_note and d.status == "draft":
        st.warning(fr.t("pub.page.returned", note=inert(d.returned_note)), icon=":material/undo:")
    if d.approved_by:
        st.caption(fr.t("pub.page.approved_caption", by=inert(d.approved_by), at=inert(d.approved_at)))
    with st.expander(fr.t("pub.page.rules_used")):
        for line in exposure.rules_summary(d.rules, fr.lang):
            st.caption(inert(line))
    held = list(d.context.get("unidentified") or [])
    if held:
        with st.expander(fr.t("pub.page.unidentified", n=len(held))):
            st.caption(fr.t("pub.page.unidentified_help"))
            st.dataframe(list_exports.unidentified_frame(held, fr.lang), hide_index=True, key="exposure_unidentified")
    editable = lists.editable(d.status, role)
    decided = {k: v.as_dict() for k, v in d.decisions.items()}
    frame = list_exports.review_rows(list(d.candidates), decided, d.rules, d.quarter, fr.lang).set_index("key")
    inputs = ("include", "reason", "note")
    edited = st.data_editor(
        frame,
        key=f"exposure_editor_{d.draft_id}",
        hide_index=True,
        column_config=_editor_config(editable),
        disabled=[c for c in frame.columns if not (editable and c in inputs)],
        num_rows="fixed",
        height=min(38 + 35 * len(frame), 560),
        placeholder="–",
    )
    decisions = lists.decisions_from(edited[list(inputs)].to_dict("index"))
    problems = [(k, p) for k, dec in decisions.items() if (p := dec.problem())]
    if problems:
        names = {c["key"]: c["name"] for c in d.candidates}
        st.warning(
            fr.t("pub.page.problems", n=len(problems))
            + " "
            + fr.t("pub.sep").join(f"{inert(names.get(k, k))}: {fr.t(p)}" for k, p in problems[:8])
        )
    changed = decisions != {c["key"]: d.decision(c["key"]) for c in d.candidates}
    offered = lists.steps(
        d.status, role, own=auth.same_user(d.prepared_by, fr.user.name), changed=changed, problems=len(problems)
    )
    cols = st.columns(5)
    slot = {"save": 0, "submit": 1, "approve": 2, "publish": 2, "return": 3, "discard": 4}

    def _button(step: str, **kwargs: object) -> bool:
        s_ = offered[step]
        col = cols[slot[step]]
        pressed = col.button(fr.t(f"pub.page.{step}"), key=f"exposure_{step}", disabled=not s_.enabled, **kwargs)
        if s_.why and not s_.enabled and step != "save":
            col.caption(fr.t(s_.why))
        return pressed

    if "save" in offered and _button("save"):
        _run("save", lists.save_decisions, fr.db, d.draft_id, decisions, fr.user)
    if "submit" in offered and _button("submit", type="primary"):
        _run("submit", lists.submit, fr.db, d.draft_id, fr.user)
    if "approve" in offered and _button("approve", type="primary"):
        _run("approve", lists.approve, fr.db, d.draft_id, fr.user)
    if "return" in offered:
        back = cols[3].text_input(fr.t("pub.page.return_note"), key="exposure_return_note")
        if cols[3].button(fr.t("pub.page.return"), key="exposure_return", disabled=not back.strip()):
            _run("return", lists.return_draft, fr.db, d.draft_id, fr.user, back)
    # Publishing names companies in public and cannot be undone: the shared confirmation asks first.
    if "publish" in offered and confirm.confirm_button(
        cols[slot["publish"]],
        fr.t("pub.page.publish"),
        key="exposure_publish",
        question=fr.t("confirm.publish_list", draft=inert(d.draft_id)),
        lang=fr.lang,
        type="primary",
        icon=":material/publish:",
        disabled=not offered["publish"].enabled,
    ):
        _run("publish", lists.publish, fr.db, d.draft_id, fr.user)
    if "discard" in offered and _button("discard"):
        _run("discard", lists.discard, fr.db, d.draft_id, fr.user)
    if auth.can(role, "export_analysis"):
        from anning.publish import exports

        data = list_exports.review_frame(
            list(d.candidates), {k: v.as_dict() for k, v in decisions.items()}, d.rules, d.quarter, fr.lang
        )
        notes = [fr.t("pub.page.review_export_note", draft=d.draft_id), *exposure.rules_summary(d.rules, fr.lang)]

        def body() -> bytes:  # built when clicked (a deferred, audited download)
            return exports.xlsx_bytes(
                {
                    fr.t("pub.sheet.review"): data,
                    fr.t("pub.sheet.unidentified"): list_exports.unidentified_frame(held, fr.lang),
                },
                demo=bool(d.context.get("demo")),
                lang=fr.lang,
                notes=notes,
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
    internal = auth.can(role, "see_unpublished")
    st.dataframe(
        list_exports.versions_frame(versions, fr.lang, internal=internal),
        hide_index=True,
        key="exposure_versions_table",
    )
    options = [(str(r.list_id), int(r.version)) for r in versions.itertuples()]
    quarter_of = {(str(r.list_id), int(r.version)): str(r.quarter) for r in versions.itertuples()}
    mine = [o for o in options if o[0] == list_id]
    default = options.index(mine[0]) if mine else 0
    chosen = st.selectbox(
        fr.t("pub.page.version"),
        options,
        index=default,
        key="exposure_version",
        format_func=lambda o: f"{quarter_of[o]} · {fr.t('pub.version_public', version=o[1])}",
    )
    rec, h = lists.record(fr.source, chosen[0], chosen[1])
    row = versions[(versions["list_id"] == chosen[0]) & (versions["version"] == chosen[1])].iloc[0]
    if pd.notna(row["superseded_by"]):
        st.warning(fr.t("pub.page.list_superseded", version=int(row["superseded_by"])), icon=":material/history:")
    st.subheader(list_exports.title(rec, fr.lang))
    pct = st.column_config.NumberColumn(format="%+.1f")
    st.dataframe(
        list_exports.press_frame(rec, fr.lang),
        hide_index=True,
        key="exposure_press_table",
        column_config={
            fr.t("rk.col.change_pct"): pct,
            fr.t("rk.col.yoy_pct"): pct,
            fr.t("pub.col.complaints"): st.column_config.NumberColumn(format="localized"),
            fr.t("pub.col.industry_share"): st.column_config.NumberColumn(format="%.1f"),
            fr.t("pub.col.grounds"): st.column_config.TextColumn(width="large"),
            fr.t("pub.col.measure"): st.column_config.TextColumn(width="large"),
        },
    )
    for line in list_exports.footnotes(rec, h, fr.lang):
        st.caption(inert(line))
    files = {  # each built when its button is clicked (deferred, audited)
        list_exports.file_name(rec, fr.lang, "xlsx"): lambda: list_exports.xlsx_bytes(rec, h, fr.lang),
        list_exports.file_name(rec, fr.lang, "csv"): lambda: list_exports.csv_bytes(rec, h, fr.lang),
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
            png, pdf = _press_sheet(fr.source.version_key, chosen[0], chosen[1], fr.lang)
        uip.download_files(
            fr,
            {list_exports.file_name(rec, fr.lang, "png"): png, list_exports.file_name(rec, fr.lang, "pdf"): pdf},
            key="exposure_png_dl",
            what=f"exposure {rec['list_id']} v{rec['version']} press sheet",
            requires="export_published",
            columns=2,
        )
        st.image(png)
    if auth.can(role, "see_unpublished") and auth.can(role, "export_analysis"):
        uip.download_files(
            fr,
            {
                list_exports.file_name(rec, fr.lang, "xlsx", full=True): lambda: list_exports.xlsx_bytes(
                    rec, h, fr.lang, full=True
                )
            },
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
