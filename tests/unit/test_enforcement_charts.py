"""The enforcement page's figures, built from the demo store in both languages, without Streamlit."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go

from anning.charts import enforcement as charts
from anning.charts import theme
from anning.enforcement import actions as enf
from anning.store import db as store
from anning.store import info

NAMES = {
    "sankey",
    "shares",
    "takedowns_trend",
    "takedowns_operator",
    "lag",
    "actions",
    "actions_trend",
    "authority",
    "fines",
    "rates",
}


def test_every_figure_is_built_translated_and_in_the_house_style(demo_db: Path) -> None:
    reader = store.Reader(demo_db)
    try:
        quarter = info.store_info(reader).default_quarter
        assert quarter is not None
        titles: dict[str, dict[str, str]] = {}
        for lang in ("zh", "en"):
            v = enf.view(reader, quarter, lang)
            names = enf.operator_names(reader, lang)
            figs = charts.page_figures(v, names, enf.operator_kinds(reader), lang)
            assert set(figs) == NAMES
            for name, fig in figs.items():
                assert isinstance(fig, go.Figure) and fig.data, f"{name} has no data"
                # The house template (CJK font first) is there without being named per figure.
                assert fig.layout.template.layout.font.family == theme.FONT_FAMILY, name
            titles[lang] = {n: f.layout.title.text for n, f in figs.items() if f.layout.title.text}
            (sankey,) = figs["sankey"].data
            assert sankey.type == "sankey"
            # Node labels are drawn in the clear bands above the nodes (annotations), never over the flows;
            # the operators carrying complaints appear under their names in the page's language.
            assert not any(sankey.node.label)
            labels = " ".join(a.text for a in figs["sankey"].layout.annotations)
            assert any(n in labels for n in names.values()), labels[:300]
            # One "other" node per column: the reference's own "other"/"unclassified" industries join it.
            industries = v.chain.nodes[v.chain.nodes.layer == "industry"]
            assert not set(industries.key) & {"other", "unclassified"}
            assert (industries.key == enf.OTHER).sum() <= 1
    finally:
        reader.close()
    assert titles["zh"].keys() == titles["en"].keys() and titles["zh"]
    assert all(titles["zh"][n] != titles["en"][n] for n in titles["zh"]), titles
