"""The Report handling charts (anning.charts.handling) on hand-built frames: the running quarter marked as the
overview marks it, and the rate bars drawn from 0% with their labels clear of the threshold line."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from anning.charts import handling as charts
from anning.charts import theme
from anning.core.escape import inert

QUARTERS = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
# MVNOs at about 91% until the running quarter, where reports still pending pull the rate to 74%.
RATES = {
    "all": [0.97, None, 0.98, 0.88],
    "basic": [0.98, None, 0.985, 0.89],
    "mvno": [0.90, None, 0.915, 0.74],
}
AS_OF = dt.date(2026, 11, 15)


def _trend() -> pd.DataFrame:
    rows = [
        {"quarter": q, "group": g, "handling_rate": r}
        for i, q in enumerate(QUARTERS)
        for g, rates in RATES.items()
        if (r := rates[i]) is not None or g == "all"
    ]
    return pd.DataFrame(rows)


def _trend_figure(lang: str = "en") -> go.Figure:
    return charts.trend_figure(
        _trend(), lang, threshold=0.9, complete=QUARTERS[:-1], selected="2026Q3", data_as_of=AS_OF
    )


def _solid(fig: go.Figure) -> list[go.Scatter]:
    return [tr for tr in fig.data if tr.showlegend is not False]


def _dotted(fig: go.Figure) -> list[go.Scatter]:
    return [tr for tr in fig.data if tr.showlegend is False]


def test_the_running_quarter_is_not_on_the_solid_lines() -> None:
    fig = _trend_figure()
    solid = _solid(fig)
    assert [tr.name for tr in solid] == ["All operators", "Basic operators", "MVNOs"]
    mvno = solid[2]
    assert list(mvno.x) == QUARTERS[:-1] and mvno.line.dash == "solid"
    # The quarter without status data stays a gap, not a 0% and not bridged.
    assert list(mvno.y) == [90.0, None, 91.5] and mvno.connectgaps is False


def test_the_running_quarter_is_joined_dotted_with_hollow_markers() -> None:
    fig = _trend_figure()
    dotted = _dotted(fig)
    assert len(dotted) == 3
    mvno = next(tr for tr in dotted if tr.name == "MVNOs")
    assert list(mvno.x) == ["2026Q3", "2026Q4"] and list(mvno.y) == [91.5, 74.0]
    assert mvno.line.dash == "dot" and mvno.marker.symbol == "circle-open"
    assert list(mvno.customdata) == ["", "(running quarter)"]  # said in the running point's hover
    assert mvno.legendgroup == _solid(fig)[2].legendgroup  # one legend entry hides both parts


def test_the_running_quarter_is_shaded_and_labelled_in_both_languages() -> None:
    for lang, label in (
        ("en", "running quarter: data to 15 November 2026, reports still pending"),
        ("zh", "当季未结束：数据截至2026年11月15日，仍有举报待处理"),
    ):
        fig = _trend_figure(lang)
        shaded = [s for s in fig.layout.shapes if s.fillcolor == theme.INCOMPLETE_FILL]
        assert [(s.x0, s.x1) for s in shaded] == [(2.5, 3.5)]  # 2026Q4 only
        assert inert(label) in [a.text for a in fig.layout.annotations]  # text, never markup
    # The label sits above 100%, where no rate can be, and no tick reads more than 100%.
    y = fig.layout.yaxis
    assert y.range[1] > 100 and max(y.tickvals) == 100 and y.ticktext[-1] == "100%"


def test_without_a_running_quarter_nothing_is_dotted() -> None:
    fig = charts.trend_figure(_trend(), "en", threshold=0.9, complete=QUARTERS)
    assert not _dotted(fig) and not [a for a in fig.layout.annotations if "running" in (a.text or "")]
    assert list(_solid(fig)[2].y) == [90.0, None, 91.5, 74.0]


def _rows() -> pd.DataFrame:
    rates = {"Hengxu": 0.78, "Jicong": 0.941, "China Mobile": 0.987, "Tiny": 0.5}
    return pd.DataFrame(
        {
            "key": list(rates),
            "name": list(rates),
            "handling_rate": list(rates.values()),
            "handled": [78, 941, 987, 1],
            "pending": [22, 59, 13, 1],
        }
    )


def test_rate_bars_start_at_zero() -> None:
    fig = charts.rate_figure(_rows(), "en", threshold=0.9, min_reports=30)
    assert list(fig.data[0].y) == ["China Mobile", "Jicong", "Hengxu"]  # Tiny: 2 reports, left out
    assert fig.layout.xaxis.range[0] == 0  # an axis from 70% made 78% look a third of 98%


def test_rate_labels_are_clear_of_the_threshold_line() -> None:
    fig = charts.rate_figure(_rows(), "zh", threshold=0.9, min_reports=30)
    assert not fig.data[0].text  # nothing written on the bars, where 94.1% sat on the 90% line
    labels = {a.y: a for a in fig.layout.annotations if a.xref == "paper"}
    assert {y: a.text for y, a in labels.items()} == {"China Mobile": "98.7%", "Jicong": "94.1%", "Hengxu": "78.0%"}
    # Right of the plot (paper x 1 = the 100% edge), left-aligned: past every bar and the threshold line.
    assert all(a.x == 1 and a.xanchor == "left" for a in labels.values())
    assert labels["Hengxu"].font.color == charts.BELOW and labels["Jicong"].font.color == charts.ABOVE
    threshold = [a for a in fig.layout.annotations if a.xref != "paper"]
    assert [a.text for a in threshold] == [inert("提示水平90%")]
