"""Streamlit helpers for the publication pages: draw a document, offer its files, explain a refusal.

Part of the Streamlit layer (:mod:`anning.ui`); the logic lives in
:mod:`anning.publish.inventory`, :mod:`anning.publish.lists`, :mod:`anning.publish.list_exports` and :mod:`anning.publish.referrals`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from anning.charts import theme
from anning.core.escape import inert
from anning.i18n import t
from anning.publish import documents
from anning.publish.documents import Bullets, Chart, Document, Image, Paragraph, Table
from anning.ui import auth as ui_auth
from anning.ui import widths

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "zip": "application/zip",
    "png": "image/png",
}


def _column_config(tb: Table) -> dict[str, Any]:
    """Numbers formatted, and every column sized so the table fits the page.

    A number column is as wide as its header (80–340 px), a text column as its longest value or header (at most
    360 px). When they do not fit, the row labels keep up to 260 px and the numbers give way first (a cut header
    shows in full in its tooltip; a cut name cannot be read), then the text columns. Seen in screenshots:
    without widths the English preview's wider tables ran past the right edge; with equal widths their
    headers were cut; with the numbers first, operator names were; with numbers capped at 170 px, English
    headers such as "Change in share (percentage points)" were cut in tables that had room for them.
    """
    cfg: dict[str, Any] = {}
    frame = tb.frame
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    number_px = {c: min(max(widths.px(widths.display_width(str(c))), 80), 340) for c in numeric}
    text_px = {
        c: min(
            widths.px(max([widths.display_width(str(c)), *(widths.display_width(str(v)) for v in frame[c].head(200))])),
            360,
        )
        for c in frame.columns
        if c not in number_px
    }
    if sum(number_px.values()) + sum(text_px.values()) > widths.PAGE_PX:
        text_px = {c: min(w, 260) for c, w in text_px.items()}
        number_px = widths.shrink(number_px, widths.PAGE_PX - sum(text_px.values()), 70)
        text_px = widths.shrink(text_px, widths.PAGE_PX - sum(number_px.values()), 80)
    for c in frame.columns:
        col = frame[c]
        if pd.api.types.is_float_dtype(col):
            fmt = f"%.{tb.decimals.get(str(c), 1)}f"
            cfg[str(c)] = st.column_config.NumberColumn(format=fmt, width=number_px[c])
        elif pd.api.types.is_integer_dtype(col):
            cfg[str(c)] = st.column_config.NumberColumn(format="localized", width=number_px[c])
        elif c in text_px:
            cfg[str(c)] = st.column_config.Column(width=text_px[c])
    return cfg


def render_document(doc: Document, key: str, *, cb: bool = False) -> None:
    """Draw a document in the page: headings, text, tables, charts (live figures or frozen PNGs).

    A document is plain text (it also becomes DOCX and PDF), so every string passes :func:`inert` before
    Streamlit reads it as Markdown.
    """
    st.subheader(inert(doc.title))
    if doc.subtitle:
        st.caption(inert(doc.subtitle))
    for si, s in enumerate(doc.sections):
        st.markdown(f"#### {inert(s.title)}")
        for bi, b in enumerate(s.blocks):
            k = f"{key}_{si}_{bi}"
            if isinstance(b, Paragraph):
                if b.style == "note":
                    st.caption(inert(b.text))
                elif b.style == "lead":
                    st.markdown(f"**{inert(b.text)}**")
                else:
                    st.markdown(inert(b.text))
            elif isinstance(b, Bullets):
                st.markdown("\n".join(f"- {inert(i)}" for i in b.items))
            elif isinstance(b, Table):
                st.caption(inert(b.title))
                st.dataframe(b.frame, hide_index=True, key=k, column_config=_column_config(b))
                if b.note:
                    st.caption(inert(b.note))
            elif isinstance(b, Chart):
                st.caption(inert(b.title))
                # On screen in the reader's palette (``cb``); the document's own images keep the house colours.
                st.plotly_chart(theme.for_palette(b.figure, cb), key=k, config=theme.plotly_config(doc.lang))
            elif isinstance(b, Image):
                st.caption(inert(b.title))
                st.image(b.png, width="stretch")
    if doc.footnotes:
        with st.expander(t("pub.doc.notes", doc.lang)):
            for line in doc.footnotes:
                st.caption(inert(line))


def download_files(
    fr: Any,
    files: Mapping[str, bytes | Callable[[], bytes]],
    *,
    key: str,
    what: str,
    requires: str,
    columns: int = 4,
) -> None:
    """One audited download button per file (the label is the file name); each file reaches the browser on click."""
    cols = st.columns(columns)
    for i, (name, data) in enumerate(files.items()):
        ext = name.rsplit(".", 1)[-1]
        with cols[i % columns]:
            ui_auth.audited_download(
                fr,
                name,
                data,
                name,
                key=f"{key}_{i}",
                mime=MIME.get(ext),
                what=what,
                requires=requires,
                icon=":material/download:",
            )


# The files of a document, by suffix: document_files builds them, deferred_files names them before they exist.
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".xlsx", "_csv.zip")


def document_files(doc: Document, stem: str) -> dict[str, bytes]:
    """Every export of a document for download: DOCX, PDF, XLSX and the CSVs in one zip."""
    from anning.publish import inventory

    csvs = inventory.export(doc, "csv")
    assert isinstance(csvs, dict)
    built = (
        bytes(inventory.export(doc, "docx")),  # type: ignore[arg-type]
        bytes(inventory.export(doc, "pdf")),  # type: ignore[arg-type]
        bytes(inventory.export(doc, "xlsx")),  # type: ignore[arg-type]
        documents.zip_files(csvs, doc.when),
    )
    return {f"{stem}{sfx}": data for sfx, data in zip(DOCUMENT_SUFFIXES, built, strict=True)}


def deferred_files(stem: str, build: Callable[[], Mapping[str, bytes]]) -> dict[str, Callable[[], bytes]]:
    """A document's files for :func:`download_files`, none built until one is clicked.

    ``build`` makes all of them (:func:`document_files`, cached by the caller), so the first click pays
    for the PDF and the others come from the cache.
    """
    return {f"{stem}{sfx}": functools.partial(_one_file, build, f"{stem}{sfx}") for sfx in DOCUMENT_SUFFIXES}


def _one_file(build: Callable[[], Mapping[str, bytes]], name: str) -> bytes:
    return build()[name]


def narrative_editor(fr: Any, quarter: str, current: dict[str, tuple[str, ...]], edited: list[str]) -> None:
    """The inventory's narrative (typical cases, next steps, advice) as text areas, saved for the quarter and
    language (:func:`anning.publish.inventory.save_narrative`); analysts only. Blank lines separate paragraphs."""
    from anning.core import auth
    from anning.publish import inventory

    if fr.user is None or not auth.can(fr.user.role, "build_inventory"):
        return
    with st.expander(t("pub.inv.narr.heading", fr.lang), expanded=False, icon=":material/edit_note:"):
        st.caption(t("pub.inv.narr.help", fr.lang))
        if edited:
            names = "、".join if fr.lang == "zh" else ", ".join
            st.caption(t("pub.inv.narr.edited", fr.lang, sections=names(t(f"pub.inv.s.{s}", fr.lang) for s in edited)))
        else:
            st.caption(t("pub.inv.narr.generated", fr.lang))
        with st.form(key=f"inventory_narr_form_{quarter}_{fr.lang}", border=False):
            texts = {
                s: st.text_area(
                    t(f"pub.inv.s.{s}", fr.lang),
                    value="\n\n".join(current.get(s, ())),
                    height=180,
                    max_chars=inventory.MAX_NARRATIVE_CHARS,
                    key=f"inventory_narr_{quarter}_{fr.lang}_{s}",
                )
                for s in inventory.NARRATIVE
            }
            c1, c2 = st.columns(2)
            save = c1.form_submit_button(
                t("pub.inv.narr.save", fr.lang), type="primary", icon=":material/save:", key="inventory_narr_save"
            )
            reset = c2.form_submit_button(
                t("pub.inv.narr.reset", fr.lang), icon=":material/restart_alt:", key="inventory_narr_reset"
            )
        if save or reset:
            # Only what the analyst changed is saved: an untouched section keeps following the data.
            changed = {s: v for s, v in texts.items() if inventory.paragraphs(v) != tuple(current.get(s, ()))}
            try:
                inventory.save_narrative(
                    fr.db, quarter, fr.lang, {s: None for s in texts} if reset else changed, fr.user
                )
            except (ValueError, PermissionError) as exc:
                st.error(t("pub.page.refused", fr.lang, reason=inert(exc)))
                return
            if reset:
                for s in texts:
                    st.session_state.pop(f"inventory_narr_{quarter}_{fr.lang}_{s}", None)
            st.session_state["inventory_flash"] = t("pub.inv.narr.saved", fr.lang)
            st.rerun()
