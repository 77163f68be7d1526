"""The colour-blind-safe palette (sidebar toggle): every chart drawn through it loses its red/green pairs.

``theme.for_palette`` swaps the house colours in a figure's JSON; these tests hold the swap to what the
toggle promises: no house red or green left, no two colours of one chart made the same, the shared cached
figure untouched, and the pages that drew Plotly charts around the toggle now go through it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go

from anning.charts import enforcement, theme

ROOT = Path(__file__).resolve().parents[2]
RED_GREEN = {theme.UP.lower(), theme.DOWN.lower(), "rgba(192,57,43,", "rgba(46,133,64,"}


def _colours(spec: object) -> set[str]:
    return {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}|rgba?\(\d+,\d+,\d+,?", json.dumps(spec))}


def _figure(colours: list[str]) -> go.Figure:
    fig = go.Figure([go.Bar(x=[i], y=[1], marker_color=c, name=c) for i, c in enumerate(colours)])
    return theme.style(fig)


def test_the_safe_palette_leaves_no_house_red_or_green_and_keeps_colours_apart() -> None:
    palettes = [
        list(theme.SEQUENCE),
        list(enforcement.ROLE_COLORS.values()),
        list(enforcement.TYPE_COLORS.values()),
        list(enforcement.STATUS_COLORS.values()),
        list(enforcement.AUTHORITY_COLORS.values()),
        list(enforcement.ACTION_COLORS.values()),
        [theme.UP, theme.DOWN, theme.MUTED],
    ]
    for colours in palettes:
        fig = _figure(colours)
        before = fig.to_json()
        swapped = theme.for_palette(fig, True)
        assert fig.to_json() == before  # the cached, shared figure is never changed
        drawn = [str(t["marker"]["color"]).lower() for t in swapped["data"]]
        assert not RED_GREEN & set(drawn), colours
        assert len(set(drawn)) == len({c.lower() for c in colours}), (colours, drawn)  # nothing merged
        # The template's colour sequence too (traces without a colour of their own take it).
        assert not RED_GREEN & _colours(swapped["layout"]["template"]["layout"]["colorway"])


def test_orange_stays_apart_from_the_safe_rise_colour() -> None:
    # Vermillion (the safe "rise") next to the house orange would be one colour to most readers: the orange
    # moves to Okabe-Ito's orange.
    swapped = theme.for_palette(_figure(["#d9822b", theme.UP]), True)
    drawn = [t["marker"]["color"].lower() for t in swapped["data"]]
    assert drawn == ["#e69f00", theme.CB_UP]


def test_the_default_palette_is_the_figure_itself() -> None:
    fig = _figure([theme.UP, theme.DOWN])
    assert theme.for_palette(fig, False) is fig


def test_pages_draw_plotly_only_through_the_palette() -> None:
    # ui.chart applies the reader's palette; a bare st.plotly_chart on a page would ignore the toggle.
    for path in sorted((ROOT / "pages").glob("*.py")):
        assert "st.plotly_chart(" not in path.read_text(encoding="utf-8"), path.name
    text = (ROOT / "anning" / "ui" / "publications.py").read_text(encoding="utf-8")
    assert "for_palette(" in text
