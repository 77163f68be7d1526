"""How a bulletin writes quarters, dates, counts and changes, in Chinese (公文) and official English.

Chinese follows the ministry's bulletins: "2026年第三季度", "2026年11月15日", counts of ten
thousand or more in 万件 with one decimal ("1.1万件"; the tables keep the exact count), changes in
words ("环比下降10.9%"), and a change of a share in 百分点. English follows an official register:
"the third quarter of 2026", "15 November 2026", "down 10.9%", "1.2 percentage points".

Nothing here writes a quarter code (``2026Q3``), an ISO date or an arrow: those are for machines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from anning.core import fmt, quarters
from anning.i18n import t

_ZH_DIGITS = "〇一二三四五六七八九"
_ZH_ORDINAL = {1: "一", 2: "二", 3: "三", 4: "四"}
_EN_ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}
# Below this a change of a share is too small to state ("0.0个百分点" reads as a misprint).
MIN_POINTS = 0.05


def quarter(q: str, lang: str) -> str:
    """``2026年第三季度`` / ``the third quarter of 2026`` (inside a sentence)."""
    y, k = quarters.parse(q)
    return f"{y}年第{_ZH_ORDINAL[k]}季度" if lang == "zh" else f"the {_EN_ORDINAL[k]} quarter of {y}"


def quarter_title(q: str, lang: str) -> str:
    """``2026年第三季度`` / ``Third Quarter of 2026`` (in a title)."""
    y, k = quarters.parse(q)
    return f"{y}年第{_ZH_ORDINAL[k]}季度" if lang == "zh" else f"{_EN_ORDINAL[k].capitalize()} Quarter of {y}"


def quarter_short(q: str, lang: str) -> str:
    """A chart axis label: ``2026年<br>三季度`` / ``Q3<br>2026`` (a line break Plotly understands)."""
    y, k = quarters.parse(q)
    return f"{y}年<br>{_ZH_ORDINAL[k]}季度" if lang == "zh" else f"Q{k}<br>{y}"


def date(d: dt.date | None, lang: str) -> str:
    """``2026年11月15日`` / ``15 November 2026``; a dash when unknown (:func:`anning.core.fmt.date_words`)."""
    return fmt.date_words(d, lang)


def count(n: float, lang: str, *, unit: bool = True) -> str:
    """A count in prose: ``1.1万件`` from ten thousand up, else ``6,762件`` (``unit=False``: no 件);
    English keeps the exact figure (``11,137``)."""
    v = int(round(float(n)))
    if lang != "zh":
        return f"{v:,}"
    text = f"{v / 10_000:.1f}万" if v >= 10_000 else f"{v:,}"
    return text + ("件" if unit else "")


def amount(yuan: float, lang: str) -> str:
    """Money in prose: ``35.9万元`` from ten thousand yuan up, ``8,000元``; ``¥359,000`` in English."""
    v = float(yuan)
    if lang != "zh":
        return f"¥{v:,.0f}"
    if v < 10_000:
        return f"{v:,.0f}元"
    wan = f"{v / 10_000:.1f}".removesuffix(".0")  # 1万元, not 1.0万元
    return f"{wan}万元"


def share(fraction: float, lang: str) -> str:
    """A share: ``29.6%``."""
    del lang
    return f"{float(fraction) * 100:.1f}%"


def change(cur: float, base: float | None, lang: str) -> str | None:
    """``上升2.0%`` / ``下降10.9%`` / ``持平`` (``up 2.0%`` / ``down 10.9%`` / ``unchanged``); ``None`` without a base."""
    if base is None or not base:
        return None
    frac = (float(cur) - float(base)) / float(base)
    if round(frac * 100, 1) == 0:
        return t("pub.inv.w.flat", lang)
    return t("pub.inv.w.up" if frac > 0 else "pub.inv.w.down", lang, pct=f"{abs(frac) * 100:.1f}%")


def points(delta: float, lang: str) -> str:
    """A change of a share given in percentage points: ``上升1.2个百分点`` / ``up 1.2 percentage points``."""
    if abs(delta) < MIN_POINTS:
        return t("pub.inv.w.flat", lang)
    return t("pub.inv.w.pp_up" if delta > 0 else "pub.inv.w.pp_down", lang, pp=f"{abs(delta):.1f}")


def join(items: Sequence[str], lang: str) -> str:
    """``甲、乙、丙`` / ``A, B and C``."""
    items = list(items)
    if lang == "zh":
        return "、".join(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def numeral(n: int, lang: str) -> str:
    """A section number: ``一`` … ``十三`` in Chinese, ``1`` … in English."""
    if lang != "zh":
        return str(n)
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + ("" if ones == 0 else _ZH_DIGITS[ones])


def ordinal_clause(i: int, lang: str) -> str:
    """The start of the i-th item in a 公文 enumeration: ``一是`` … (English: ``First,`` …)."""
    if lang == "zh":
        return numeral(i, "zh") + "是"
    words = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
    return words[i - 1] + "," if i <= len(words) else f"{i}."
