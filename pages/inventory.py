"""Inventory page: the quarter's complaint inventory (垃圾信息投诉情况盘点), previewed, exported and published.

Analysts, approvers and leadership see the draft built from the store now (:func:`anning.publish.inventory.build`)
and may export it; analysts edit its narrative (typical cases, next steps, advice to users), which every build
and export then carries; approvers publish it, which freezes it (both languages, narrative included) as a new
version. Press staff see only published versions, rebuilt from their frozen records, and export those.
"""

import functools

import streamlit as st

from anning.core import auth
from anning.core.escape import inert
from anning.publish import inventory
from anning.publish.documents import Document
from anning.ui import confirm
from anning.ui import frame as ui
from anning.ui import publications as uip

fr = ui.frame("inventory")
ui.title(fr, "page.inventory")
if fr.quarter is None or fr.user is None:
    st.stop()
role = fr.user.role
q = fr.quarter


@ui.cached
def _draft(version_key: str, db: str, quarter: str, lang: str) -> Document:
    """The inventory built from the store (charts as live figures), once per store version."""
    del version_key, db  # the cache key
    return inventory.build(fr.source, quarter, lang)


@ui.cached
def _draft_files(version_key: str, db: str, quarter: str, lang: str) -> tuple[str, dict[str, bytes]]:
    """The draft with charts rendered to PNG and every export file (a few seconds: on request only)."""
    del db
    doc = inventory.draft_document(_draft(version_key, str(fr.db), quarter, lang))
    return str(doc.meta.get("content_hash")), uip.document_files(doc, inventory.file_stem(doc))


@ui.cached
def _published_files(version_key: str, inventory_id: str, version: int, lang: str) -> dict[str, bytes]:
    """Every export of a published version, from its frozen record alone."""
    del version_key
    rec, h = inventory.record(fr.source, inventory_id, version)
    doc = inventory.published_document(rec, h, lang)
    return uip.document_files(doc, f"{inventory_id}_v{version}_{lang}")


def _published_view(key: str) -> None:
    """Published versions of the chosen quarter: pick one, read it, export it."""
    versions = inventory.versions(fr.source, q)
    if versions.empty:
        st.info(fr.t("pub.page.inv_none_published", quarter=q))
        others = inventory.versions(fr.source)
        if not others.empty:
            st.caption(fr.t("pub.page.inv_other_quarters", quarters=", ".join(sorted(set(others["quarter"])))))
        return
    labels = {
        int(v): fr.t("pub.inv.version_label", id=i, version=int(v))
        for i, v in zip(versions["inventory_id"], versions["version"], strict=True)
    }
    version = st.selectbox(
        fr.t("pub.page.version"), list(labels), key=f"inventory_{key}_version", format_func=labels.get
    )
    row = versions[versions["version"] == version].iloc[0]
    rec, h = inventory.record(fr.source, str(row["inventory_id"]), int(version))
    doc = inventory.published_document(rec, h, fr.lang)
    st.caption(fr.t("pub.page.published_caption", by=inert(row["published_by"]), at=inert(row["published_at"]), hash=h))
    if int(version) != int(versions["version"].max()):
        st.warning(fr.t("pub.page.superseded"), icon=":material/history:")
    # Built on the first click (the PDF takes seconds), then from the cache; each download audited as served.
    files = uip.deferred_files(
        f"{row['inventory_id']}_v{int(version)}_{fr.lang}",
        functools.partial(_published_files, fr.source.version_key, str(row["inventory_id"]), int(version), fr.lang),
    )
    uip.download_files(
        fr,
        files,
        key=f"inventory_{key}_dl",
        what=f"inventory {row['inventory_id']} v{version}",
        requires="export_published",
    )
    uip.render_document(doc, key=f"inventory_{key}_doc", cb=fr.cb)


if not auth.can(role, "see_unpublished"):
    # Press: the published inventory only.
    _published_view("press")
    st.stop()

tab_draft, tab_published = st.tabs([fr.t("pub.page.tab_draft"), fr.t("pub.page.tab_published")])
with tab_draft:
    try:
        with st.spinner(fr.t("pub.page.inv_building")):
            draft = _draft(fr.source.version_key, str(fr.db), q, fr.lang)
    except ValueError as exc:
        st.info(inert(exc))
        st.stop()
    if not draft.meta.get("complete", True):
        st.warning(fr.t("pub.page.inv_incomplete", quarter=q), icon=":material/hourglass_top:")
    st.caption(fr.t("pub.page.inv_draft_caption"))
    narrative = {k: tuple(v) for k, v in (draft.meta.get("narrative") or {}).items()}
    uip.narrative_editor(fr, q, narrative, inventory.edited_sections(fr.source, q, fr.lang))
    c1, c2 = st.columns(2)
    if c1.button(
        fr.t("pub.page.build_files"),
        key="inventory_build",
        icon=":material/description:",
        disabled=not auth.can(role, "export_analysis"),
    ):
        st.session_state["inventory_files_for"] = (fr.source.version_key, q, fr.lang)
    if st.session_state.get("inventory_files_for") == (fr.source.version_key, q, fr.lang):
        with st.spinner(fr.t("pub.page.building")):
            h, files = _draft_files(fr.source.version_key, str(fr.db), q, fr.lang)
        st.caption(fr.t("pub.hash_line", hash=h))
        uip.download_files(
            fr, files, key="inventory_draft_dl", what=f"inventory draft {q} {fr.lang}", requires="export_analysis"
        )
    if auth.can(role, "publish"):
        if confirm.confirm_button(
            c2,
            fr.t("pub.page.publish_inventory"),
            key="inventory_publish",
            question=fr.t("confirm.publish_inventory", quarter=q),
            lang=fr.lang,
            type="primary",
            icon=":material/publish:",
        ):
            try:
                with st.spinner(fr.t("pub.page.publishing")):
                    done = inventory.publish(fr.db, fr.source, q, fr.user)
            except (ValueError, PermissionError) as exc:
                st.error(fr.t("pub.page.refused", reason=inert(exc)))
                st.stop()
            st.session_state["inventory_flash"] = fr.t(
                "pub.page.inv_published", id=done.inventory_id, version=done.version, hash=done.content_hash
            )
            st.rerun()
    else:
        c2.caption(fr.t("pub.page.publish_needs_approver"))
    flash = st.session_state.pop("inventory_flash", None)
    if flash:
        st.success(flash)
    uip.render_document(draft, key="inventory_draft_doc", cb=fr.cb)
with tab_published:
    _published_view("internal")
