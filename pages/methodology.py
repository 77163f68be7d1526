"""Methodology and glossary: what every figure counts, and the one name each term has everywhere.

Settings (a search box) -> :func:`anning.i18n.glossary.entries` -> one table per section, then the
methods every page and publication follows.
"""

import pandas as pd
import streamlit as st

from anning.analysis import rankings
from anning.i18n import glossary
from anning.publish import inventory
from anning.ui import frame as ui

fr = ui.frame("methodology")
ui.title(fr, "page.methodology")
st.caption(fr.t("gl.intro"))

query = st.text_input(fr.t("gl.search"), key="methodology_search", max_chars=60).strip().casefold()
rows = pd.DataFrame(glossary.entries(fr.lang), columns=["section", "term", "other", "definition"])
if query:
    hit = rows[["term", "other", "definition"]].apply(lambda col: col.str.casefold().str.contains(query, regex=False))
    rows = rows[hit.any(axis=1)]
    if rows.empty:
        st.info(fr.t("gl.no_match"))

other = fr.t("gl.col.en") if fr.lang == "zh" else fr.t("gl.col.zh")
for section, items in rows.groupby("section", sort=False):
    st.subheader(section)
    # A static table wraps the long definitions and always fits the page's width.
    st.table(
        items[["term", "other", "definition"]]
        .rename(columns={"term": fr.t("gl.col.term"), "other": other, "definition": fr.t("gl.col.definition")})
        .set_index(fr.t("gl.col.term"))
    )

if not query:
    st.subheader(fr.t("gl.sec.method"))
    lines = inventory.method_items(fr.info.data_as_of, fr.quarter, fr.lang)
    lines.append(fr.t("rk.method.test", alpha=rankings.ALPHA))
    lines.append(fr.t("map.legend_note"))
    lines.append(fr.t("gl.method.forecast"))
    st.markdown("\n".join(f"- {line}" for line in lines))
