"""Colours of the rankings table: the house rise/fall colours applied to a displayed ranking.

The Rankings page styles its table with :func:`table_css`; keeping the rule here means the page
holds no colour codes and the palette lives in :mod:`anning.charts.theme` alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from anning.charts import theme


def note_colours(cb: bool = False) -> dict[str, str]:
    """A note code -> the colour its change is shown in (see anning.analysis.rankings for the codes)."""
    up, down = theme.change_colours(cb)
    return {"rise": up, "new": up, "fall": down, "not_significant": theme.MUTED, "partial": theme.MUTED}


NOTE_COLOURS = note_colours()


def table_css(
    view: pd.DataFrame,
    label: Mapping[str, str],
    notes: Sequence[str],
    *,
    complete: bool,
    yoy_notes: Sequence[str] | None = None,
    cb: bool = False,
) -> pd.DataFrame:
    """CSS per cell of ``view`` (a display frame whose columns are ``label[code]``).

    Red for a significant rise (bad news), green for a significant fall, grey when not significant, for
    the quarter-on-quarter and the year-on-year change alike, each by its own test; ``cb`` uses the
    colour-blind-safe pair instead of red and green.
    """
    colours = note_colours(cb)
    up, down = theme.change_colours(cb)
    css = pd.DataFrame("", index=view.index, columns=view.columns)
    tones = [f"color: {colours[n]}" if n in colours else "" for n in notes]
    css[label["change_pct"]] = tones
    css[label["note"]] = tones
    if yoy_notes is not None:
        yoy_tones = [f"color: {colours[n]}" if n in colours else "" for n in yoy_notes]
        css[label["yoy_pct"]] = yoy_tones
        if label.get("yoy_note") in css:
            css[label["yoy_note"]] = yoy_tones
    elif not complete:
        css[label["yoy_pct"]] = f"color: {theme.MUTED}"
    css[label["movement"]] = [
        f"color: {up}" if m.startswith("▲") else f"color: {down}" if m.startswith("▼") else ""
        for m in view[label["movement"]].astype(str)
    ]
    return css
