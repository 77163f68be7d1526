"""Reference data shipped in ``data/reference/``: industries, departments, operators, provinces, number ranges.

The loader copies these tables into every store (``ref_*``), so SQL can resolve
names; the UI and exports read display names from the store the same way.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd

from anning.core.config import REFERENCE_DIR
from anning.core.text import norm_key
from anning.i18n import name_column

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


# --------------------------------------------------------------------------------------------- departments
#
# ``departments.csv`` lists every body that has supervised an industry or decided an action, with the dates it
# existed (``valid_from`` inclusive, ``valid_to`` exclusive; blank: open) and the body that replaced it
# (``successor``). A body that split its work between two successors' predecessors names the industries it
# covered in ``scope`` (银监会 for loans, 保监会 for insurance, both replaced by 银保监会 in 2018, itself
# replaced by 国家金融监督管理总局 in 2023). ``kind`` is ``telecom`` for the ministry and the provincial
# communications administrations, ``department`` for every other department.


def _date(v: object) -> dt.date | None:
    s = str(v or "").strip()
    return dt.date.fromisoformat(s) if s else None


@functools.cache
def _departments() -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for r in table("department").to_dict("records"):
        out[str(r["code"])] = {
            **r,
            "valid_from": _date(r.get("valid_from")),
            "valid_to": _date(r.get("valid_to")),
            "scope": tuple(s for s in str(r.get("scope") or "").split("|") if s),
        }
    return out


def department_valid(code: str, on: dt.date) -> bool:
    """Whether department ``code`` existed on ``on`` (unknown codes: True, nothing to check against)."""
    d = _departments().get(code)
    if d is None:
        return True
    vf, vt = d["valid_from"], d["valid_to"]
    return (vf is None or on >= vf) and (vt is None or on < vt)  # type: ignore[operator]


def department_at(code: str, on: dt.date | None, industry: str | None = None) -> str:
    """The body of ``code``'s line that existed on ``on``: its successor after it was replaced, its
    predecessor before it was founded (the one whose ``scope`` covers ``industry`` when the work was split).

    ``department_at("nfra", date(2020, 5, 1))`` is ``cbirc`` (银保监会); ``department_at("cbirc",
    date(2024, 5, 1))`` is ``nfra``. Unknown codes and ``on=None`` return ``code`` unchanged.
    """
    deps = _departments()
    if on is None or code not in deps:
        return code
    cur, seen = code, {code}
    while True:
        d = deps[cur]
        vt, succ = d["valid_to"], str(d.get("successor") or "")
        if vt is not None and on >= vt and succ in deps and succ not in seen:  # type: ignore[operator]
            cur = succ
            seen.add(cur)
            continue
        vf = d["valid_from"]
        if vf is not None and on < vf:  # type: ignore[operator]
            preds = [k for k, v in deps.items() if v.get("successor") == cur and k not in seen]
            if industry:
                scoped = [k for k in preds if industry in deps[k]["scope"]]  # type: ignore[operator]
                preds = scoped or [k for k in preds if not deps[k]["scope"]] or preds
            if preds:
                cur = sorted(preds)[0]
                seen.add(cur)
                continue
        return cur


@functools.cache
def _department_keys() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Exact name/alias keys -> code, and the (key, code) pairs matched inside longer names (longest first)."""
    exact: dict[str, str] = {}
    for code, d in _departments().items():
        for s in (code, d["name_zh"], d["name_en"], *str(d.get("aliases") or "").split("|")):
            k = norm_key(str(s))
            if k:
                exact.setdefault(k, code)
    # Local bodies are named after the national one's function: 广东省通信管理局, 北京市公安局, 上海市市场监督管理局.
    local = {"通信管理局": "ca", "通管局": "ca", "公安局": "mps", "公安厅": "mps", "公安机关": "mps"}
    local |= {"市场监督管理局": "samr", "市场监管局": "samr", "金融监管局": "nfra", "金融监督管理局": "nfra"}
    local |= {"银保监局": "cbirc", "银保监分局": "cbirc", "证监局": "csrc", "教育局": "moe", "教育厅": "moe"}
    local |= {"卫生健康委": "nhc", "卫健委": "nhc", "住房和城乡建设": "mohurd", "住建": "mohurd"}
    local |= {"人力资源和社会保障": "mohrss", "人社": "mohrss", "文化和旅游": "mct", "文旅": "mct"}
    pairs = sorted(((norm_key(k), c) for k, c in local.items()), key=lambda p: -len(p[0]))
    return exact, tuple(pairs)


def match_department(text: object) -> tuple[str | None, bool]:
    """The department a recorded authority names: ``(code, exact)``.

    ``exact`` is True when the text is the body's own name or alias (``银保监会``), False when a local body
    was recognised by its function (``广东省通信管理局`` -> ``ca``, ``北京市公安局`` -> ``mps``). ``(None,
    False)`` when nothing matches.
    """
    key = norm_key(str(text or ""))
    if not key:
        return None, False
    exact, pairs = _department_keys()
    if key in exact:
        return exact[key], True
    for k, code in pairs:
        if k in key:
            return code, False
    return None, False


def department_name(code: str, lang: str) -> str:
    """A department's name in ``lang`` (the code when unknown)."""
    d = _departments().get(code)
    if d is None:
        return code
    return str(d[name_column(lang)])


def local_name_en(code: str, recorded: str) -> str | None:
    """The English name of a local body recognised by its function (广东省通信管理局 -> ``Guangdong
    Communications Administration``): the province the recorded name starts with, in the department's
    ``local_en`` pattern. None when the department has no pattern or no province starts the name (the caller
    then keeps the recorded Chinese name), so English text never guesses a body it cannot name."""
    d = _departments().get(code)
    pattern = str((d or {}).get("local_en") or "")
    if not pattern:
        return None
    text = str(recorded or "").strip()
    provinces = table("province")
    # Longest first: 内蒙古自治区 before 内蒙古, so the full name is matched when it is there.
    names = sorted(
        (
            (str(n), str(en))
            for col in ("name_zh", "short_zh")
            for n, en in zip(provinces[col], provinces["name_en"], strict=True)
        ),
        key=lambda p: -len(p[0]),
    )
    for zh, en in names:
        if zh and text.startswith(zh):
            return pattern.format(province=en)
    return None


def department_kind(code: str) -> str | None:
    """``telecom`` or ``department`` (None for an unknown code)."""
    d = _departments().get(code)
    return None if d is None else str(d["kind"])


def store_tables() -> dict[str, pd.DataFrame]:
    """The ``ref_*`` tables a store carries for its pages, by table name (the loader and the rollup runs copy these).

    The loader adds ``ref_enum`` (the contract's spellings of codes), which only its validation reads.
    """
    return {
        "ref_industry": table("industry"),
        "ref_department": table("department"),
        "ref_operator": table("operator"),
        "ref_subscribers": table("subscribers"),
        "ref_province": table("province"),
        "ref_number_range": table("number_range"),
        "ref_operator_alias": operator_aliases(),
        "ref_industry_alias": industry_aliases(),
        "ref_province_alias": province_aliases(),
    }


# --------------------------------------------------------------------------------------------- deciding authorities

AUTHORITY_TYPES = ("telecom", "other_department", "operator_internal")


@functools.cache
def _operator_keys() -> tuple[str, ...]:
    """Operator names and aliases as keys, longest first (an authority that starts with one is an operator)."""
    keys = {k.replace(" ", "") for k in operator_aliases()["alias_key"] if len(k.replace(" ", "")) >= 2}
    return tuple(sorted(keys, key=len, reverse=True))


def is_operator_name(text: str) -> bool:
    """Whether a recorded authority names an operator (中国移动, 中国联通广东分公司): exactly one of its names,
    or starting with one of four characters or more ("移动" alone is too loose to start a name with)."""
    key = norm_key(text).replace(" ", "")
    return any(key == k or (len(k) >= 4 and key.startswith(k)) for k in _operator_keys())


@functools.lru_cache(maxsize=1024)
def authority_kind(text: str | None, action: str) -> tuple[str, str | None, bool]:
    """The authority type of an action from its recorded authority and action: ``(type, department code,
    local)``, the code as recorded (not yet valid in time; see :func:`department_at`). The one classifier:
    ``anning.enforcement.authority`` builds on it, and the overview uses it for its fine total.

    ``accountability``, or an operator as the authority: ``operator_internal``. Blank: ``telecom`` (the
    enforcement file is the ministry's own record). A telecom body (工业和信息化部, a communications
    administration): ``telecom``. Any other department, national or local: ``other_department``; an
    authority nobody recognises stays ``other_department`` under its recorded name, never the ministry's.
    """
    if action == "accountability" or (text and is_operator_name(text)):
        return "operator_internal", None, False
    if not text:
        return "telecom", None, False
    code, exact = match_department(text)
    if code is None:
        return "other_department", None, False
    return ("telecom" if department_kind(code) == "telecom" else "other_department"), code, not exact
