"""Write the operator reference (operators.csv, operator_subscribers.csv) once.

The basic operators' subscriber counts are rounded public year-end figures; the
mobile resellers (MVNOs) are fictitious. Their 2016 total is calibrated to the
ministry's reply to NPC proposal 9441: 42 licensed resellers with just over 30
million users, 2.27% of all mobile users. Run: ``python tools/make_reference.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "reference"

BASIC = [
    # code, zh, en, aliases, subscribers (millions) 2016..2026
    (
        "cmcc",
        "中国移动",
        "China Mobile",
        "移动|CMCC|China Mobile|中移动",
        [849, 887, 925, 950, 942, 957, 975, 991, 1004, 1010, 1015],
    ),
    (
        "cucc",
        "中国联通",
        "China Unicom",
        "联通|CUCC|China Unicom",
        [264, 284, 315, 318, 306, 317, 323, 333, 340, 345, 348],
    ),
    (
        "ctcc",
        "中国电信",
        "China Telecom",
        "电信|CTCC|China Telecom",
        [215, 250, 303, 336, 351, 372, 391, 409, 425, 433, 440],
    ),
    ("cbn", "中国广电", "China Broadnet", "广电|CBN|China Broadnet", [0, 0, 0, 0, 0, 0, 5, 20, 30, 36, 40]),
]

# Invented two-syllable words; the "(示例)/(demo)" suffix keeps every name plainly fictitious.
WORDS = [
    ("澄岚", "Chenglan"),
    ("汀槿", "Tingjin"),
    ("珩翎", "Hengling"),
    ("霁琮", "Jicong"),
    ("岫棠", "Xiutang"),
    ("沅芷", "Yuanzhi"),
    ("蘅煦", "Hengxu"),
    ("樾泠", "Yueling"),
    ("箬筠", "Ruojun"),
    ("璟汐", "Jingxi"),
    ("舒蔓", "Shuman"),
    ("苒曦", "Ranxi"),
    ("渟岳", "Tingyue"),
    ("琬琰", "Wanyan"),
    ("翊澜", "Yilan"),
    ("珞瑜", "Luoyu"),
    ("枞岭", "Congling"),
    ("洵溪", "Xunxi"),
    ("栩桐", "Xutong"),
    ("皓岑", "Haocen"),
    ("绮陌", "Qimo"),
    ("霓岸", "Ni'an"),
    ("芊泽", "Qianze"),
    ("韫川", "Yunchuan"),
    ("祁穹", "Qiqiong"),
    ("溯屿", "Suyu"),
    ("琅嵘", "Langrong"),
    ("衍汜", "Yansi"),
    ("萦峤", "Yingqiao"),
    ("棣渚", "Dizhu"),
    ("湄朔", "Meishuo"),
    ("瀚苡", "Hanyi"),
    ("岷舸", "Minge"),
    ("琛篁", "Chenhuang"),
    ("昶芮", "Changrui"),
    ("筱砚", "Xiaoyan"),
    ("骞汭", "Qianrui"),
    ("翕澧", "Xili"),
    ("弈桦", "Yihua"),
    ("珏溆", "Juexu"),
    ("湘颀", "Xiangqi"),
    ("旻澈", "Minche"),
]
PREFIXES = ["170", "171", "162", "165", "167"]
HOSTS = ["cmcc", "cucc", "ctcc"]


def main() -> None:
    """Write both CSV files."""
    ops = []
    subs = []
    years = list(range(2016, 2027))
    for code, zh, en, aliases, series in BASIC:
        ops.append([code, zh, en, "basic", "", aliases, ""])
        for year, millions in zip(years, series, strict=True):
            if millions:
                subs.append([code, year, millions * 1_000_000])
    # 42 resellers, 2016 total 30.15M (2.27% of 1,328M basic-operator users), growing ~9%/yr
    weights = [1.0 / (i + 2) ** 0.9 for i in range(len(WORDS))]
    scale = 30_150_000 / sum(weights)
    for i, (word, py) in enumerate(WORDS):
        code = f"mvno{i + 1:02d}"
        host = HOSTS[i % 3]
        prefix = PREFIXES[i % len(PREFIXES)] if i % 4 else "170"
        ops.append(
            [code, f"{word}移动（示例）", f"{py} Mobile (demo)", "mvno", host, f"{word}移动|{py} Mobile", prefix]
        )
        base = weights[i] * scale
        for k, year in enumerate(years):
            subs.append([code, year, int(round(base * (1.09**k)))])
    with open(OUT / "operators.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name_zh", "name_en", "kind", "host", "aliases", "number_prefix"])
        w.writerows(ops)
    with open(OUT / "operator_subscribers.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["operator", "year", "subscribers"])
        w.writerows(subs)


if __name__ == "__main__":
    main()
