"""The leadership brief: one printable A4 page for a quarter, built from the overview.

The figures (complaints, by channel, takedowns, actions, fines) with their change on the previous
quarter and a year earlier and whether each change is significant, the headline sentences, the
quarterly trend with the running quarter marked, and the actions by type. It is an internal reading
aid, not a publication: it carries the data-as-of date, the demo watermark when demo data is loaded,
and no version or hash. :func:`pdf` renders it through the documents' Chromium PDF path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from anning.analysis import headlines, overview
from anning.charts import overview as overview_charts
from anning.core import fmt
from anning.i18n import t, terms
from anning.publish import documents
from anning.publish.documents import Bullets, Chart, Document, Section, Table
from anning.store import info
from anning.store.info import QuerySource


def _change(change: float | None, significant: bool | None, lang: str) -> str:
    if change is None:
        return "–"
    text = fmt.pct(change, lang, signed=True)
    return text + t("ov.not_significant", lang) if significant is False else text


def figures_table(ov: overview.Overview, lang: str) -> pd.DataFrame:
    """The brief's figures: value, change on the comparison quarter and a year earlier, tests noted."""
    rows = []
    for key in (*overview.COMPLAINT_KPIS, *overview.ACTION_KPIS):
        k = ov.kpi(key)
        rows.append(
            {
                t("brief.col.measure", lang): overview.kpi_label(key, lang),
                ov.quarter: fmt.yuan(k.value, lang) if key == "fines" else fmt.count(k.value, lang),
                t("brief.col.vs", lang, quarter=ov.previous_quarter): _change(k.qoq, k.qoq_significant, lang),
                t("brief.col.vs", lang, quarter=ov.year_ago_quarter): _change(k.yoy, k.yoy_significant, lang),
            }
        )
    return pd.DataFrame(rows)


def build(
    src: QuerySource,
    quarter: str,
    lang: str,
    *,
    anomalies: Sequence[headlines.AnomalyNote] = (),
    today: dt.date | None = None,
) -> Document:
    """The one-page brief for ``quarter`` in ``lang`` (the chart still a figure; :func:`pdf` renders it)."""
    si = info.store_info(src, today)
    ov = overview.build(src, quarter, lang, anomalies=anomalies, today=today)
    trend = overview_charts.trend_figure(ov.trend, lang, selected=ov.quarter, data_as_of=ov.data_as_of)
    actions = ov.actions[ov.actions.actions > 0]
    by_type = terms.join(
        [
            f"{terms.action(a, lang) if a in terms.ACTIONS else a} {fmt.count(n, lang)}"
            for a, n in zip(actions.action, actions.actions, strict=True)
        ],
        lang,
    )
    blocks_main: list = [Table("figures", t("brief.figures", lang, quarter=ov.quarter), figures_table(ov, lang))]
    if by_type:
        blocks_main.append(documents.Paragraph(t("brief.actions", lang, items=by_type), style="note"))
    if not ov.complete:
        blocks_main.append(
            documents.Paragraph(
                t("ov.partial_kpis", lang, quarter=ov.quarter, as_of=fmt.date_words(ov.data_as_of, lang))
            )
        )
    sections = (
        Section("figures", t("brief.s.figures", lang), tuple(blocks_main)),
        Section(
            "headlines",
            t("ov.h.headlines", lang),
            (Bullets(tuple(ov.headlines) or (t("ov.no_headlines", lang),)),),
        ),
        Section(
            "trend",
            t("ov.h.trend", lang, first=ov.trend.quarter.iloc[0]),
            (Chart("trend", "", trend, width=760, height=250, width_cm=16.0),),
        ),
    )
    as_of = si.data_as_of
    stamp = dt.datetime.combine(as_of, dt.time()) if as_of else dt.datetime(2000, 1, 1)
    return Document(
        title=t("brief.title", lang, quarter=ov.quarter),
        subtitle=t("brief.subtitle", lang, as_of=fmt.date_words(as_of, lang)),
        lang=lang,
        demo=si.demo,
        timestamp=stamp.isoformat(),
        sections=sections,
        footnotes=(t("brief.foot", lang),),
        meta={"quarter": ov.quarter, "kind": "leadership brief"},
    )


def pdf(doc: Document) -> bytes:
    """The brief as an A4 PDF (charts rendered to images first)."""
    return documents.to_pdf(documents.render_charts(doc))
