"""A document's tables in the page preview are sized to the page (issue 16: every table fits 1,400 px).

Screenshots showed the English inventory preview's wide tables running past the right edge, then, with equal
widths, their long headers cut: columns are sized by header and content and shrink to the page together.
"""

from __future__ import annotations

import pandas as pd

from anning.publish.documents import Table
from anning.ui import publications
from anning.ui import widths as ui_widths


def widths(frame: pd.DataFrame) -> dict[str, int]:
    cfg = publications._column_config(Table("t", "T", frame))
    return {c: cfg[c]["width"] for c in frame.columns}


def test_a_wide_english_table_fits_the_page_and_numbers_keep_their_format() -> None:
    frame = pd.DataFrame(
        {
            "Operator": ["Mobile virtual network operators together", "China Mobile"],
            "Complaints per million subscribers": [12.5, 3.25],
            "Reports forwarded to the operator": [12345, 678],
            "Could not be acted on": [5, 6],
            "Handled within 7 days (%)": [88.0, 97.5],
            "Median days to handle": [2.0, 1.5],
        }
    )
    w = widths(frame)
    assert sum(w.values()) <= ui_widths.PAGE_PX
    assert min(w.values()) >= 70
    cfg = publications._column_config(Table("t", "T", frame))
    assert cfg["Reports forwarded to the operator"]["type_config"]["format"] == "localized"


def test_a_short_header_and_short_values_leave_room_instead_of_taking_it() -> None:
    frame = pd.DataFrame(
        {"Type": ["Spam SMS", "Calls"], "Complaints": [1200, 800], "Share of all complaints (%)": [60.0, 40.0]}
    )
    w = widths(frame)
    assert w["Type"] < 200  # was 444 px for "Spam SMS"
    # A number column is as wide as its header, within bounds: the longer header gets the wider column.
    assert w["Share of all complaints (%)"] > w["Complaints"]


def test_chinese_headers_count_double() -> None:
    frame = pd.DataFrame({"运营商": ["中国移动"], "每百万用户投诉量": [1.5], "投诉量": [3]})
    w = widths(frame)
    assert w["每百万用户投诉量"] > w["投诉量"]
    assert sum(w.values()) <= ui_widths.PAGE_PX


def test_row_labels_keep_their_width_and_numbers_give_way() -> None:
    # The inventory's handling table in English: a screenshot showed the operator names cut to 82 px.
    frame = pd.DataFrame(
        {
            "Operator": ["China Mobile", "Mobile virtual network operators together"],
            "Reports forwarded to operators": [12000, 300],
            "Could not be acted on": [10, 2],
            "Handling rate (%)": [97.5, 88.0],
            "Days within which half were handled": [1.0, 3.0],
            "Handled within 7 days (%)": [99.0, 80.0],
            "Complaints per million subscribers": [3.5, 12.0],
        }
    )
    w = widths(frame)
    assert w["Operator"] >= 240
    assert sum(w.values()) <= ui_widths.PAGE_PX


def test_a_long_number_header_is_whole_where_the_page_has_room() -> None:
    # The English inventory's category table: "Change in share (percentage points)" was cut at 170 px.
    frame = pd.DataFrame(
        {
            "Type": ["Spam SMS", "Harassing calls"],
            "Category": ["Commercial marketing", "Category not given"],
            "Complaints": [5345, 452],
            "Share of its type (%)": [79.0, 10.3],
            "Change in share (percentage points)": [-1.7, -0.1],
            "On previous quarter (%)": [-14.0, -10.0],
        }
    )
    w = widths(frame)
    assert sum(w.values()) <= ui_widths.PAGE_PX
    # About 5.3 px a character of the grid's font plus 16 px of padding were measured in the screenshot that
    # showed the cut ("Change in share (percentage p", 29 characters, in 170 px); every header gets that much.
    for header in frame.columns:
        assert w[header] >= 5.3 * len(header) + 16, header


def test_the_handling_tables_english_headers_are_whole_beside_its_names() -> None:
    # A screenshot showed "Not actionab", "Handling rat", "90th pct. day" at a fixed 78 px.
    from anning.analysis import handling

    labels = [handling.column_label(c, "operator", "en", 7) for c in handling.FIELDS[2:]]
    view = pd.DataFrame(
        {"Operator": ["Hengling Mobile (demo)"], "Type": ["Reseller (MVNO)"], **{x: [1] for x in labels}}
    )
    got = ui_widths.for_table(view, labels)
    assert sum(got.values()) <= ui_widths.PAGE_PX
    assert got["Operator"] >= 5.3 * len("Hengling Mobile (demo)") + 16
    for label in labels:
        assert got[label] >= 5.3 * len(label) + 16, label
