"""Reference data shipped in ``data/reference/``: industries, departments, operators, provinces, number ranges.

The loader copies these tables into every store (``ref_*``), so SQL can resolve
names; the UI and exports read display names from the store the same way.
"""

from __future__ import annotations

import functools

import pandas as pd

from anning.core.config import REFERENCE_DIR
from anning.core.text import norm_key

FILES = {
    "industry": "industries.csv",
    "department": "departments.csv",
    "operator": "operators.csv",
    "subscribers": "operator_subscribers.csv",
    "province": "provinces.csv",
    "number_range": "number_ranges.csv",
}


@functools.cache
def table(name: str) -> pd.DataFrame:
    """One reference table, all columns as text except explicit numerics."""
    df = pd.read_csv(REFERENCE_DIR / FILES[name], dtype=str, keep_default_na=False)
    for col in ("sort", "year", "subscribers", "population"):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col], errors="coerce")
    for col in ("centroid_lon", "centroid_lat"):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col], errors="coerce")
    return df


def _alias_frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["alias_key", "code"]).drop_duplicates()
    return df[df.alias_key != ""]


def operator_aliases() -> pd.DataFrame:
    """``alias_key -> operator code`` from code, names and listed aliases."""
    rows = []
    for r in table("operator").itertuples():
        for s in (r.code, r.name_zh, r.name_en, *str(r.aliases).split("|")):
            rows.append((norm_key(s), r.code))
        # Resellers are often written without the demo marker or with the English name only.
        rows.append((norm_key(str(r.name_zh).replace("（示例）", "")), r.code))
    return _alias_frame(rows)


def industry_aliases() -> pd.DataFrame:
    """``alias_key -> industry code`` from code, Chinese and English names."""
    rows = []
    for r in table("industry").itertuples():
        for s in (r.code, r.name_zh, r.name_en):
            rows.append((norm_key(s), r.code))
    return _alias_frame(rows)


def province_aliases() -> pd.DataFrame:
    """``alias_key -> adcode`` from adcode, full and short Chinese names and English name."""
    rows = []
    for r in table("province").itertuples():
        for s in (r.adcode, r.name_zh, r.short_zh, r.name_en, str(r.name_en).replace(" ", "")):
            rows.append((norm_key(s), r.adcode))
    return _alias_frame(rows)
