"""Colours of the rankings table: the house rise/fall colours applied to a displayed ranking.

The Rankings page styles its table with :func:`table_css`; keeping the rule here means the page
holds no colour codes and the palette lives in :mod:`anning.charts.theme` alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from anning.charts import theme

# A note code -> the colour its change is shown in (see anning.analysis.rankings for the codes).
NOTE_COLOURS = {
    "rise": theme.UP,
    "new": theme.UP,
    "fall": theme.DOWN,
    "not_significant": theme.MUTED,
    "partial": theme.MUTED,
}


def table_css(view: pd.DataFrame, label: Mapping[str, str], notes: Sequence[str], *, complete: bool) -> pd.DataFrame:
    """CSS per cell of ``view`` (a display frame whose columns are ``label[code]``).

    Red for a significant rise (bad news), green for a significant fall, grey when not significant;
    a partial quarter greys its year-on-year change too, which would mislead as much as its QoQ one.
    """
    css = pd.DataFrame("", index=view.index, columns=view.columns)
    tones = [f"color: {NOTE_COLOURS[n]}" if n in NOTE_COLOURS else "" for n in notes]
    css[label["change_pct"]] = tones
    css[label["note"]] = tones
    if not complete:
        css[label["yoy_pct"]] = f"color: {theme.MUTED}"
    css[label["movement"]] = [
        f"color: {theme.UP}" if m.startswith("▲") else f"color: {theme.DOWN}" if m.startswith("▼") else ""
        for m in view[label["movement"]].astype(str)
    ]
    return css
