"""Contract columns as people name them on the Data page: never the canonical snake_case code."""

from __future__ import annotations

import pytest

from anning.load import contract


@pytest.mark.parametrize(
    ("name", "lang", "shown"),
    [
        ("fine_yuan", "zh", "罚款金额"),
        ("fine_yuan", "en", "Fine yuan"),
        ("received_at", "zh", "受理时间"),
        ("received_at", "en", "Received at"),
        ("count", "en", "Count"),
    ],
)
def test_a_contract_column_reads_as_words(name: str, lang: str, shown: str) -> None:
    assert contract.header_label(name, lang) == shown


def test_every_contract_column_has_a_label_without_underscores() -> None:
    for cols in contract.KINDS.values():
        for col in cols:
            for lang in ("en", "zh"):
                label = contract.header_label(col.name, lang)
                assert label and "_" not in label, (col.name, lang, label)


@pytest.mark.parametrize("value", [None, float("nan"), "", "自定义列"])
def test_anything_else_is_shown_as_text(value: object) -> None:
    assert contract.header_label(value, "en") == ("" if value is None or value != value else value)
