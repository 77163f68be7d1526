"""Deterministic synthetic demo data in the contract's file formats, 2019Q1 to a partial 2026Q4.

The story is calibrated to what the regulator's documents report (see
``docs/demo-data.md``): in 2020, 6,861 "106" ports shut, 483 enforcement actions
(notice/interview/fine) by the ministry's system, of them 40 against port
companies and 62 against operator branches, 35 internal accountability cases,
38,000 referable complaint leads and 61 source companies dealt with by other
departments; spam-SMS complaints in 2021Q1 at their lowest since records began;
marketing peaks at "618" (June) and "Double 11" (November); loans/finance the
largest industry; China Mobile the largest SMS share; MVNO numbers
over-represented in fraud.

Every company and reseller name is invented and carries a "（示例）/(demo)" mark.
Counts of complaints scale with ``scale``; enforcement and takedowns do not,
because they are calibrated to the documents. ``scale=22`` gives ~10M complaints.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from anning.core import quarters, uscc
from anning.store import reference

START = dt.date(2019, 1, 1)
DEFAULT_THROUGH = dt.date(2026, 11, 15)
DEFAULT_SEED = 12321

# Monthly complaint levels at scale 1 (piecewise-linear anchors), before seasonality.
SMS_ANCHORS = [
    ((2019, 1), 3700),
    ((2020, 12), 3350),
    ((2021, 1), 2600),
    ((2021, 12), 2800),
    ((2023, 12), 2700),
    ((2026, 11), 2350),
]
CALL_ANCHORS = [((2019, 1), 1500), ((2020, 12), 1700), ((2022, 6), 2150), ((2023, 12), 1950), ((2026, 11), 1450)]
# "618" and "Double 11" marketing peaks; Spring Festival dip in February.
SMS_SEASON = {
    1: 0.95,
    2: 0.78,
    3: 0.98,
    4: 0.97,
    5: 1.03,
    6: 1.30,
    7: 0.96,
    8: 0.95,
    9: 0.98,
    10: 1.02,
    11: 1.38,
    12: 1.08,
}
CALL_SEASON = {
    1: 0.97,
    2: 0.84,
    3: 1.0,
    4: 1.0,
    5: 1.02,
    6: 1.10,
    7: 0.98,
    8: 0.97,
    9: 1.0,
    10: 1.0,
    11: 1.14,
    12: 1.03,
}
# Share of complaints that are referable leads (a source company in an industry another department supervises).
REF_SHARE = {"sms": 0.70, "call": 0.46}
# 2020 calibration: 38,000 leads referred in 4 quarterly batches.
LEADS_2020 = {"2020Q1": 9600, "2020Q2": 9900, "2020Q3": 9100, "2020Q4": 9400}

REF_MIX = {
    "sms": {
        "loans_finance": 0.50,
        "retail": 0.14,
        "ecommerce": 0.07,
        "real_estate": 0.05,
        "education": 0.06,
        "securities": 0.035,
        "insurance": 0.035,
        "medical": 0.035,
        "health_food": 0.03,
        "hr_services": 0.02,
        "tourism": 0.015,
        "debt_collection": 0.02,
    },
    "call": {
        "loans_finance": 0.40,
        "real_estate": 0.13,
        "education": 0.09,
        "insurance": 0.09,
        "securities": 0.06,
        "debt_collection": 0.10,
        "retail": 0.05,
        "medical": 0.04,
        "hr_services": 0.02,
        "tourism": 0.02,
    },
}
# Non-referable complaints: (industry, category, has_company)
OTHER_MIX = {
    "sms": [
        # Suspected fraud is a category, not an industry: those complaints name no industry.
        (("unclassified", "fraud", False), 0.34),
        (("gambling", "fraud", False), 0.08),
        (("unclassified", "marketing", False), 0.22),
        (("telecom_services", "marketing", True), 0.14),
        (("other", "marketing", True), 0.10),
        (("unclassified", None, False), 0.12),
    ],
    "call": [
        (("unclassified", "fraud", False), 0.38),
        (("unclassified", "harassment", False), 0.30),
        (("telecom_services", "marketing", True), 0.10),
        (("other", "marketing", True), 0.08),
        (("unclassified", None, False), 0.14),
    ],
}
BASIC_SHARE = {
    "sms": {"cmcc": 0.55, "cucc": 0.23, "ctcc": 0.21, "cbn": 0.01},
    "call": {"cmcc": 0.44, "cucc": 0.27, "ctcc": 0.27, "cbn": 0.02},
}
MVNO_SHARE = {"marketing": 0.04, "harassment": 0.08, "fraud": 0.36, None: 0.06}
MOBILE_PREFIXES = {
    "cmcc": ["134", "135", "136", "137", "138", "139", "150", "151", "152", "182", "187", "198"],
    "cucc": ["130", "131", "132", "155", "156", "185", "186", "166"],
    "ctcc": ["133", "153", "180", "181", "189", "191", "199"],
    "cbn": ["192"],
}
INDUSTRY_TERMS = {
    "loans_finance": [("小贷", "Microcredit"), ("金融服务", "Financial Services"), ("理财", "Wealth")],
    "securities": [("投资咨询", "Investment Advisory"), ("财富管理", "Wealth Management")],
    "insurance": [("保险代理", "Insurance Agency"), ("保险经纪", "Insurance Brokers")],
    "debt_collection": [("资产管理", "Asset Management"), ("商务咨询", "Business Consulting")],
    "real_estate": [("房产经纪", "Realty"), ("置业", "Property")],
    "retail": [("商贸", "Trading"), ("百货", "Stores")],
    "ecommerce": [("电商", "E-commerce"), ("网购", "Online Mall")],
    "education": [("教育", "Education"), ("培训学校", "Training School")],
    "medical": [("医疗美容", "Aesthetic Clinic"), ("门诊部", "Clinic")],
    "health_food": [("健康科技", "Health Tech"), ("生物科技", "Biotech")],
    "hr_services": [("人力资源", "HR Services"), ("职介", "Job Agency")],
    "tourism": [("旅行社", "Travel"), ("国际旅游", "Tours")],
    "telecom_services": [("通信服务", "Telecom Services"), ("宽带", "Broadband")],
    "other": [("文化传媒", "Media"), ("信息咨询", "Information Consulting")],
}
COMPANIES_PER_INDUSTRY = {
    "loans_finance": 260,
    "retail": 160,
    "ecommerce": 60,
    "real_estate": 90,
    "education": 90,
    "securities": 45,
    "insurance": 55,
    "medical": 55,
    "health_food": 40,
    "hr_services": 35,
    "tourism": 30,
    "debt_collection": 45,
    "telecom_services": 40,
    "other": 60,
}
SYLLABLES = [
    ("澄", "Cheng"),
    ("岚", "lan"),
    ("汀", "Ting"),
    ("槿", "jin"),
    ("珩", "Heng"),
    ("翎", "ling"),
    ("霁", "Ji"),
    ("琮", "cong"),
    ("岫", "Xiu"),
    ("棠", "tang"),
    ("沅", "Yuan"),
    ("芷", "zhi"),
    ("蘅", "Heng"),
    ("煦", "xu"),
    ("樾", "Yue"),
    ("泠", "ling"),
    ("箬", "Ruo"),
    ("筠", "jun"),
    ("璟", "Jing"),
    ("汐", "xi"),
    ("苒", "Ran"),
    ("曦", "xi"),
    ("渟", "Ting"),
    ("岳", "yue"),
    ("琬", "Wan"),
    ("琰", "yan"),
    ("翊", "Yi"),
    ("澜", "lan"),
    ("珞", "Luo"),
    ("瑜", "yu"),
    ("枞", "Cong"),
    ("洵", "Xun"),
    ("栩", "Xu"),
    ("桐", "tong"),
    ("皓", "Hao"),
    ("岑", "cen"),
    ("绮", "Qi"),
    ("霓", "Ni"),
    ("芊", "Qian"),
    ("韫", "Yun"),
    ("祁", "Qi"),
    ("穹", "qiong"),
    ("溯", "Su"),
    ("屿", "yu"),
    ("琅", "Lang"),
    ("嵘", "rong"),
    ("萦", "Ying"),
    ("峤", "qiao"),
]
# Per year: ministry-system notice/interview/fine actions by role (2020 is the documented year).
ACTIONS_BY_YEAR = {2019: 0.86, 2020: 1.0, 2021: 1.08, 2022: 1.02, 2023: 0.95, 2024: 0.9, 2025: 0.84, 2026: 0.78}
ROLE_2020 = {"source_company": 360, "port_company": 40, "operator": 62, "mvno": 21}
PORTS_SHUT = {2019: 5420, 2020: 6861, 2021: 6130, 2022: 5240, 2023: 4610, 2024: 4120, 2025: 3790, 2026: 3300}
# Report handling (issue 17): what operators reported back on the reports forwarded to them. Days to handle
# are lognormal: (median days, spread) by kind of operator; resellers are slower, and the resellers with
# weak real-name controls slower still. A share is never handled while the file is open ("stuck").
HANDLING_DAYS = {"basic": (1.6, 0.75), "cbn": (2.4, 0.8), "mvno": (4.0, 0.8), "bad_mvno": (7.0, 0.85)}
HANDLING_STUCK = {"basic": 0.004, "cbn": 0.01, "mvno": 0.02, "bad_mvno": 0.09}
HANDLING_NOT_ACTIONABLE = {"basic": 0.035, "cbn": 0.04, "mvno": 0.05, "bad_mvno": 0.06}
# Operators got faster over the years: the median's factor by year.
HANDLING_SPEEDUP = {2020: 1.25, 2021: 1.15, 2022: 1.05, 2023: 1.0, 2024: 0.92, 2025: 0.85, 2026: 0.8}
# A quarter's file is cut this many days after the quarter ends (the running quarter's on the data's last
# day), and an operator reports a handled report back to the centre up to a week after handling it.
# Message content (issue 12): what a reported SMS said, so referrals carry it. Invented texts, no links, no real
# brand; {name} is the (fictitious) company, {n} a number drawn per message. Calls carry no text.
CONTENT_TEMPLATES = {
    "loans_finance": ("【{name}】您有一笔{n}万元信用额度待领取，日息低至万分之三，回复1申请，回T退订",),
    "securities": ("【{name}】内部人士今日推荐{n}只潜力股，添加客服领取，回T退订",),
    "insurance": ("【{name}】尊敬的客户，您的专属保障计划已生成，首月仅需{n}元，回T退订",),
    "debt_collection": ("【{name}】您的账单已逾期{n}天，请立即处理，否则将联系您的紧急联系人",),
    "real_estate": ("【{name}】地铁口精装公寓首付{n}万起，看房请回复，回T退订",),
    "retail": ("【{name}】全场{n}折起，限时三天，回T退订",),
    "ecommerce": ("【{name}】您的{n}元购物券已到账，今日有效，回T退订",),
    "education": ("【{name}】名师一对一辅导限时{n}折，回T退订",),
    "medical": ("【{name}】美白祛斑特惠{n}元起，预约请回复，回T退订",),
    "health_food": ("【{name}】进口营养品买二送一，第{n}位下单再减，回T退订",),
    "hr_services": ("【{name}】高薪招聘日结兼职，日薪{n}元，详询客服",),
    "tourism": ("【{name}】海岛五日游{n}元起，名额有限，回T退订",),
    "telecom_services": ("【{name}】宽带办理送{n}元话费，回T退订",),
    "other": ("【{name}】会员专享活动进行中，前{n}名有礼，回T退订",),
    "fraud": (
        "您的账户存在异常，请在{n}小时内回复身份证号核实，逾期将冻结",
        "恭喜您获得{n}元补贴，请添加客服领取",
        "您的快递丢失，理赔{n}元请联系客服办理",
    ),
    "gambling": ("新用户注册即送{n}元彩金，日赚千元不是梦",),
    "unclassified": ("您好，本店新品上市，前{n}名到店有礼",),
}
HANDLING_CUT_DAYS = 5
HANDLING_REPORT_LAG_DAYS = 7
# 2020-2021 files came with the centre's Chinese status words; later ones with the contract codes.
HANDLING_WORDS_ZH = {"handled": "已办结", "pending": "处理中", "not_actionable": "无效举报"}


@dataclass(frozen=True)
class DemoSummary:
    """What the generator wrote."""

    out: Path
    files: tuple[Path, ...]
    complaints: int
    takedowns: int
    enforcement: int
    seconds: float


def _interp(anchors: list[tuple[tuple[int, int], float]], year: int, month: int) -> float:
    idx = year * 12 + month - 1
    pts = [(y * 12 + m - 1, v) for (y, m), v in anchors]
    if idx <= pts[0][0]:
        return pts[0][1]
    for (i0, v0), (i1, v1) in zip(pts, pts[1:], strict=False):
        if idx <= i1:
            # A jump between adjacent months (the 2021 campaign) is a step, not a slope.
            return v0 + (v1 - v0) * (idx - i0) / max(i1 - i0, 1)
    return pts[-1][1]


def _name(rng: np.random.Generator, used: set[str]) -> tuple[str, str]:
    while True:
        a, b = rng.choice(len(SYLLABLES), 2, replace=False)
        zh = SYLLABLES[a][0] + SYLLABLES[b][0]
        if zh not in used:
            used.add(zh)
            return zh, SYLLABLES[a][1] + SYLLABLES[b][1]


def _uscc(rng: np.random.Generator, province_code: str) -> str:
    # Registration authority 9, type 1, six-digit division code, nine-character organisation code.
    body = "91" + province_code + "".join(rng.choice(list(uscc.ALPHABET[:10] + "ABCDEFGHJK"), 9))
    return body + uscc.check_char(body)


class _World:
    """The fixed cast: companies, port companies, ports, operators and number pools."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        ops = reference.table("operator")
        subs = reference.table("subscribers")
        self.mvnos = list(ops[ops.kind == "mvno"].code)
        self.mvno_prefix = dict(zip(ops.code, ops.number_prefix, strict=True))
        last = subs[subs.year == 2020].set_index("operator").subscribers
        badness = np.ones(len(self.mvnos))
        for i in (2, 6, 10, 18, 27):  # a handful of resellers with weak real-name controls
            badness[i] = 5.0
        self.bad_mvnos = [self.mvnos[i] for i in (2, 6, 10, 18, 27)]
        w = np.array([last.get(m, 1) for m in self.mvnos], dtype=float) * badness
        self.mvno_w = w / w.sum()
        prov = reference.table("province")
        mainland = prov[~prov.adcode.isin(["710000", "810000", "820000"])]
        self.provinces = list(mainland.adcode)
        pw = mainland.population.to_numpy(dtype=float)
        self.province_w = pw / pw.sum()
        used: set[str] = set()
        # Port companies: each holds ports on one host operator.
        self.port_companies = []
        for i in range(48):
            zh, en = _name(rng, used)
            op = rng.choice(["cmcc", "cucc", "ctcc"], p=[0.55, 0.25, 0.20])
            self.port_companies.append(
                {
                    "key": i,
                    "name": f"{zh}云信（示例）",
                    "name_en": f"{en} Cloud SMS (demo)",
                    "operator": str(op),
                    "code": f"{1000 + i * 17:04d}",
                    "serial": 0,
                }
            )
        pc_w = 1.0 / (np.arange(48) + 3) ** 0.8
        self.pc_w = pc_w / pc_w.sum()
        # Source companies, heavy-tailed in size, each with an active window and a port company.
        comps = []
        for industry, n in COMPANIES_PER_INDUSTRY.items():
            sizes = 1.0 / (np.arange(n) + 1.5) ** 1.05
            for j in range(n):
                zh, en = _name(rng, used)
                term_zh, term_en = INDUSTRY_TERMS[industry][j % len(INDUSTRY_TERMS[industry])]
                start = int(rng.integers(0, 20)) if j > n // 4 else 0
                life = int(rng.integers(6, 40))
                pc = int(rng.choice(48, p=self.pc_w))
                has_id = rng.random() < 0.85
                comps.append(
                    {
                        "industry": industry,
                        "name": f"{zh}{term_zh}（示例）",
                        "name_en": f"{en} {term_en} (demo)",
                        "size": float(sizes[j]) * float(rng.lognormal(0, 0.35)),
                        "start": start,
                        "end": start + life,
                        "pc": pc,
                        "uscc": _uscc(rng, str(rng.choice(self.provinces))) if has_id else "",
                        "home": str(rng.choice(self.provinces, p=self.province_w)),
                        "defiant": rng.random() < 0.25,
                    }
                )
        self.companies = pd.DataFrame(comps)
        n = len(comps)
        # Mutable state lives in arrays/lists: pandas scalar access per row is far too slow.
        self.size = self.companies["size"].to_numpy()
        self.pc_of = self.companies["pc"].to_numpy()
        self.industry_of = self.companies["industry"].to_numpy()
        self.name_of = self.companies["name"].to_numpy()
        self.uscc_of = self.companies["uscc"].to_numpy()
        self.defiant = self.companies["defiant"].to_numpy()
        self.home_of = self.companies["home"].to_numpy()
        self.dept_acted: dict[int, set[int]] = {}  # year -> companies other departments acted on
        self.monitoring_serial: dict[int, int] = {}  # port company -> ports added by monitoring (own series)
        self.multiplier = np.ones(n)
        self.actions = np.zeros(n, dtype=int)
        self.ports: list[list[str]] = [[] for _ in range(n)]
        self.numbers: list[list[str]] = [[] for _ in range(n)]
        self.by_industry = {
            ind: np.flatnonzero(self.companies.industry.to_numpy() == ind) for ind in COMPANIES_PER_INDUSTRY
        }
        self.port_owner: dict[str, int] = {}
        self.port_operator: dict[str, str] = {}

    def ports_for(self, c: int, k: int) -> list[str]:
        """The company's SMS ports, issuing more when it grows (ports are reused across quarters)."""
        ports = self.ports[c]
        while len(ports) < k:
            pc = self.port_companies[int(self.pc_of[c])]
            pc["serial"] += 1
            port = f"1069{pc['code']}{pc['serial']:04d}"
            ports.append(port)
            self.port_owner[port] = pc["key"]
            self.port_operator[port] = pc["operator"]
        return ports

    def numbers_for(self, c: int, k: int) -> list[str]:
        """The company's calling numbers: 95/96/400 lines for finance, mobiles and fixed lines otherwise."""
        nums = self.numbers[c]
        rng = self.rng
        industry = self.industry_of[c]
        while len(nums) < k:
            r = rng.random()
            if industry in ("loans_finance", "insurance", "securities") and r < 0.35:
                nums.append(
                    "95" + "".join(rng.choice(list("0123456789"), 3))
                    if r < 0.2
                    else "96" + "".join(rng.choice(list("0123456789"), 4))
                )
            elif r < 0.5:
                nums.append("400" + "".join(rng.choice(list("0123456789"), 7)))
            elif r < 0.7:
                nums.append(
                    "0"
                    + str(rng.choice(["10", "20", "21", "23", "28", "755", "571", "531"]))
                    + "".join(rng.choice(list("0123456789"), 8))
                )
            else:
                op = str(rng.choice(["cmcc", "cucc", "ctcc"], p=[0.5, 0.25, 0.25]))
                nums.append(str(rng.choice(MOBILE_PREFIXES[op])) + "".join(rng.choice(list("0123456789"), 8)))
        return nums


def _months(through: dt.date) -> list[tuple[int, int, int]]:
    """(year, month, days covered) from 2019-01 to ``through``."""
    out = []
    y, m = START.year, START.month
    while (y, m) <= (through.year, through.month):
        days = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.date(y, m, 1)).days
        if (y, m) == (through.year, through.month):
            days = through.day
        out.append((y, m, days))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _random_mobile(rng: np.random.Generator, n: int, operators: np.ndarray, mvno_prefix: dict[str, str]) -> np.ndarray:
    out = np.empty(n, dtype=object)
    digits = rng.integers(0, 10**8, size=n)
    tail = pd.Series(digits).astype(str).str.zfill(8).to_numpy(dtype=object)
    for op in pd.unique(operators):
        rows = np.flatnonzero(operators == op)
        if op in mvno_prefix and mvno_prefix[op]:
            prefixes = np.array([mvno_prefix[op] + str(d) for d in range(10)], dtype=object)
        else:
            prefixes = np.array(MOBILE_PREFIXES.get(op, MOBILE_PREFIXES["cmcc"]), dtype=object)
        out[rows] = prefixes[digits[rows] % len(prefixes)] + tail[rows]
    return out


def generate(
    out: Path,
    *,
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
    through: dt.date = DEFAULT_THROUGH,
    progress: bool = False,
) -> DemoSummary:
    """Write complaints (per quarter), takedowns (per year, CSV) and enforcement (per year, XLSX) to ``out``."""
    import time

    started = time.monotonic()
    if scale <= 0 or not math.isfinite(scale):
        raise ValueError("scale must be a positive number")
    out.mkdir(parents=True, exist_ok=True)
    for old in (
        list(out.glob("complaints_*.csv")) + list(out.glob("takedowns_*.csv")) + list(out.glob("enforcement_*.xlsx"))
    ):
        old.unlink()
    rng = np.random.default_rng(seed)
    world = _World(rng)
    months = _months(through)
    qlist = quarters.span(quarters.of_date(START), quarters.of_date(through))
    files: list[Path] = []
    n_complaints = 0
    complaint_frames_for_takedowns: list[pd.DataFrame] = []
    enforcement_rows: list[dict[str, object]] = []
    takedown_rows: list[dict[str, object]] = []
    con = duckdb.connect()
    seq = 0
    for qi, q in enumerate(qlist):
        q_months = [mm for mm in months if quarters.of_date(dt.date(mm[0], mm[1], 1)) == q]
        frame = _quarter_complaints(rng, world, q, qi, q_months, scale, seq)
        seq += len(frame)
        n_complaints += len(frame)
        path = out / f"complaints_{q}.csv"
        legacy = q.startswith("2019")
        # The old system's 2019 files carry no handling status: those quarters show "no status data".
        cut = min(quarters.end(q) + dt.timedelta(days=HANDLING_CUT_DAYS), through)
        handled = None if legacy else _handling(frame, q, qi, cut, seed, world)
        _write_complaints(
            con,
            frame,
            path,
            legacy=legacy,
            rng=rng,
            companies=world.companies,
            handling=handled,
            quarter=q,
            content=_contents(frame, qi, seed, world),
        )
        files.append(path)
        complaint_frames_for_takedowns.append(
            frame.loc[frame.port.notna(), ["port", "received_at", "company_idx"]].assign(quarter=q)
        )
        enforcement_rows.extend(_quarter_enforcement(rng, world, q, frame, through))
        takedown_rows.extend(_quarter_takedowns(rng, world, q, frame, through, seed))
        if progress:
            print(f"  {q}: {len(frame):,} complaints", flush=True)
    files.extend(_write_takedowns(takedown_rows, out))
    files.extend(_write_enforcement(enforcement_rows, out))
    return DemoSummary(
        out, tuple(files), n_complaints, len(takedown_rows), len(enforcement_rows), time.monotonic() - started
    )


def _quarter_complaints(
    rng: np.random.Generator,
    world: _World,
    q: str,
    qi: int,
    q_months: list[tuple[int, int, int]],
    scale: float,
    seq0: int,
) -> pd.DataFrame:
    comps = world.companies
    active = ((comps.start.to_numpy() <= qi) & (comps.end.to_numpy() >= qi)) | (comps.index.to_numpy() % 7 == 0)
    weights_all = world.size * world.multiplier * active
    year = int(q[:4])
    parts = []
    # Expected cell sizes, then exact referable totals for the calibrated quarters.
    cells = []
    for y, m, days in q_months:
        full = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.date(y, m, 1)).days
        frac = days / full
        for ch, anchors, season in (("sms", SMS_ANCHORS, SMS_SEASON), ("call", CALL_ANCHORS, CALL_SEASON)):
            lam = _interp(anchors, y, m) * season[m] * frac * scale
            cells.append((y, m, days, ch, lam))
    lams = np.array([c[4] for c in cells])
    totals = rng.poisson(lams)
    ref_exp = np.array([c[4] * REF_SHARE[c[3]] for c in cells])
    if q in LEADS_2020:
        n_ref_total = int(round(LEADS_2020[q] * scale))
        refs = rng.multinomial(n_ref_total, ref_exp / ref_exp.sum())
        totals = np.maximum(totals, refs + 1)
    else:
        refs = rng.binomial(totals, [REF_SHARE[c[3]] for c in cells])
    for (y, m, days, ch, _), total, n_ref in zip(cells, totals, refs, strict=True):
        n_other = int(total - n_ref)
        mix = dict(REF_MIX[ch])
        if year == 2020 and ch == "sms":  # retail marketing and loans were the worst industries in 2020
            mix["retail"] = 0.22
            mix["loans_finance"] = 0.45
        if year >= 2022:  # education marketing fell after the 2021 tutoring rules
            mix["education"] = mix.get("education", 0) * 0.4
        inds = np.array(list(mix))
        p = np.array(list(mix.values()))
        ref_ind = rng.choice(inds, size=int(n_ref), p=p / p.sum())
        other_specs = [s for s, _ in OTHER_MIX[ch]]
        ow = np.array([w for _, w in OTHER_MIX[ch]])
        other_idx = rng.choice(len(other_specs), size=n_other, p=ow / ow.sum())
        industry = np.concatenate([ref_ind, np.array([other_specs[i][0] for i in other_idx], dtype=object)])
        category = np.concatenate(
            [
                np.where(ref_ind == "debt_collection", "harassment", "marketing").astype(object),
                np.array([other_specs[i][1] for i in other_idx], dtype=object),
            ]
        )
        has_company = np.concatenate(
            [np.ones(int(n_ref), bool), np.array([other_specs[i][2] for i in other_idx], bool)]
        )
        n = len(industry)
        company_idx = np.full(n, -1)
        for ind in np.unique(industry[has_company]):
            rows = np.flatnonzero(has_company & (industry == ind))
            pool = world.by_industry[str(ind)]
            w = weights_all[pool]
            if w.sum() <= 0:
                w = world.size[pool]
            company_idx[rows] = rng.choice(pool, size=len(rows), p=w / w.sum())
        # Operators: resellers carry a far larger share of fraud than of marketing.
        mvno_p = np.array([MVNO_SHARE.get(c, 0.06) for c in category])
        is_mvno = rng.random(n) < mvno_p
        bshare = dict(BASIC_SHARE[ch])
        if (y, m) < (2022, 7):
            bshare.pop("cbn")
        bops = np.array(list(bshare))
        bp = np.array(list(bshare.values()))
        operator = rng.choice(bops, size=n, p=bp / bp.sum()).astype(object)
        operator[is_mvno] = rng.choice(world.mvnos, size=int(is_mvno.sum()), p=world.mvno_w)
        sender = np.empty(n, dtype=object)
        port = np.full(n, None, dtype=object)
        port_company = np.full(n, None, dtype=object)
        uses_port = (ch == "sms") & (company_idx >= 0) & ~is_mvno & (rng.random(n) < 0.92)
        for c in np.unique(company_idx[uses_port]):
            rows = np.flatnonzero(uses_port & (company_idx == c))
            k = max(2, int(round(world.size[c] * 120 * scale**0.5)))
            ports = np.array(world.ports_for(int(c), min(k, 400)), dtype=object)
            picked = ports[rng.integers(0, len(ports), size=len(rows))]
            sender[rows] = picked
            port[rows] = picked
            pc = world.port_companies[world.port_owner[str(ports[0])]]
            port_company[rows] = pc["name"]
            operator[rows] = pc["operator"]
        calls_co = (ch == "call") & (company_idx >= 0) & ~is_mvno
        for c in np.unique(company_idx[calls_co]):
            rows = np.flatnonzero(calls_co & (company_idx == c))
            nums = np.array(world.numbers_for(int(c), max(3, min(60, int(world.size[c] * 80)))), dtype=object)
            sender[rows] = nums[rng.integers(0, len(nums), size=len(rows))]
        rest = np.flatnonzero(pd.isna(sender))
        sender[rest] = _random_mobile(rng, len(rest), operator[rest], world.mvno_prefix)
        # Some feeds write mobiles with the country code; the loader keeps it and classifies by the national form.
        plus = rest[rng.random(len(rest)) < 0.04]
        sender[plus] = np.where(
            pd.Series(sender[plus], dtype=object).str.len().to_numpy() == 11, "+86" + sender[plus], sender[plus]
        )
        province = rng.choice(world.provinces, size=n, p=world.province_w).astype(object)
        province[rng.random(n) < 0.03] = None
        day = rng.integers(0, days, size=n)
        secs = rng.integers(8 * 3600, 22 * 3600, size=n)
        received = (np.datetime64(dt.date(y, m, 1)) + day.astype("timedelta64[D]")).astype(
            "datetime64[s]"
        ) + secs.astype("timedelta64[s]")
        category = category.copy()
        category[rng.random(n) < 0.03] = None
        parts.append(
            pd.DataFrame(
                {
                    "received_at": received,
                    "channel": ch,
                    "category": category,
                    "sender_number": sender,
                    "operator": operator,
                    "industry": industry,
                    "company_idx": company_idx,
                    "province": province,
                    "port": port,
                    "port_company": port_company,
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True).sort_values("received_at", kind="stable").reset_index(drop=True)
    frame.insert(
        0, "complaint_id", "C" + pd.Series(np.arange(seq0 + 1, seq0 + len(frame) + 1)).astype(str).str.zfill(10)
    )
    return frame


def _write_complaints(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    path: Path,
    *,
    legacy: bool,
    rng: np.random.Generator,
    companies: pd.DataFrame,
    handling: tuple[np.ndarray, np.ndarray] | None = None,
    quarter: str = "",
    content: np.ndarray | None = None,
) -> None:
    comps = _company_columns(frame, companies)
    ops = reference.table("operator").set_index("code")
    inds = reference.table("industry").set_index("code")
    provs = reference.table("province").set_index("adcode")
    out = pd.DataFrame(
        {
            "complaint_id": frame.complaint_id,
            "received_at": frame.received_at.dt.strftime("%Y/%-m/%-d %H:%M" if legacy else "%Y-%m-%d %H:%M:%S"),
            "channel": frame.channel.map({"sms": "短信", "call": "电话"} if legacy else {"sms": "sms", "call": "call"}),
            "category": frame.category.map(
                {"marketing": "商业营销", "harassment": "恶意骚扰", "fraud": "违法犯罪"}
                if legacy
                else {"marketing": "marketing", "harassment": "harassment", "fraud": "fraud"}
            ),
            "sender_number": frame.sender_number,
            "operator": frame.operator.map(ops.name_zh),
            "industry": frame.industry.map(inds.name_zh) if legacy else frame.industry,
            "company": comps[0],
            "company_id": comps[1],
            "province": frame.province.map(provs.short_zh if legacy else provs.name_zh),
            "port": frame.port,
            "port_company": frame.port_company,
        }
    )
    out.loc[out.industry.isin(["unclassified", "未分类"]), "industry"] = None
    if handling is not None:
        status, handled_on = handling
        words = HANDLING_WORDS_ZH if quarter < "2022" else {k: k for k in HANDLING_WORDS_ZH}
        out["handling_status"] = pd.Series(status).map(words)
        out["handled_on"] = pd.Series(handled_on).dt.strftime("%Y-%m-%d")
    if content is not None:
        out["content"] = content
    if legacy:
        # 2019 files came out of the old 12321 system: GB18030, Chinese headers, and a complainant column
        # that the loader must drop (synthetic numbers, never stored).
        out.insert(5, "complainant", [f"1{int(x):010d}" for x in rng.integers(3 * 10**9, 9 * 10**9, len(out))])
        from anning.load import contract

        names = {c.name: c.aliases[0] for c in contract.KINDS["complaints"]}
        names["complainant"] = "举报人号码"
        out = out.rename(columns=names)
        out.to_csv(path, index=False, encoding="gb18030")
        return
    con.from_df(out).write_csv(str(path), header=True)


def _handling(
    frame: pd.DataFrame, q: str, qi: int, cutoff: dt.date, seed: int, world: _World
) -> tuple[np.ndarray, np.ndarray]:
    """Each complaint's handling status and date as the centre knew them when the file was cut.

    A report whose handling, or the operator's report of it, falls after the cut is still pending: a
    few received in a quarter's last days, many more in the running quarter, whose cut-off is days
    after its latest reports rather than a quarter's length. A generator of its own (seeded by
    quarter) keeps every other column of the demo exactly as it was before handling existed.
    """
    rng = np.random.default_rng([seed, 17, qi])
    n = len(frame)
    ops = frame.operator.to_numpy(dtype=object)
    group = np.full(n, "basic", dtype=object)
    group[ops == "cbn"] = "cbn"
    group[np.isin(ops, world.mvnos)] = "mvno"
    group[np.isin(ops, world.bad_mvnos)] = "bad_mvno"
    median = np.array([HANDLING_DAYS[g][0] for g in group]) * HANDLING_SPEEDUP.get(int(q[:4]), 1.0)
    spread = np.array([HANDLING_DAYS[g][1] for g in group])
    days = np.floor(median * np.exp(spread * rng.standard_normal(n))).astype("int64")
    received = frame.received_at.to_numpy().astype("datetime64[D]")
    handled_on = received + days.astype("timedelta64[D]")
    stuck = rng.random(n) < np.array([HANDLING_STUCK[g] for g in group])
    not_actionable = rng.random(n) < np.array([HANDLING_NOT_ACTIONABLE[g] for g in group])
    reported = handled_on + rng.integers(0, HANDLING_REPORT_LAG_DAYS, n).astype("timedelta64[D]")
    pending = stuck | (reported > np.datetime64(cutoff, "D"))
    status = np.where(not_actionable, "not_actionable", np.where(pending, "pending", "handled")).astype(object)
    dates = pd.Series(handled_on.astype("datetime64[s]")).where(status == "handled")
    return status, dates.to_numpy()


def _contents(frame: pd.DataFrame, qi: int, seed: int, world: _World) -> np.ndarray:
    """Each SMS complaint's message text (None for calls), from :data:`CONTENT_TEMPLATES`, with a generator
    of its own (seeded by quarter) so every other column of the demo stays as it was."""
    crng = np.random.default_rng([seed, 23, qi])
    n = len(frame)
    pick = crng.random(n)
    numbers = crng.integers(2, 100, n)
    names = world.name_of
    out = np.full(n, None, dtype=object)
    for i, (channel, industry, c) in enumerate(
        zip(frame.channel.to_numpy(), frame.industry.to_numpy(), frame.company_idx.to_numpy(), strict=True)
    ):
        if channel != "sms":
            continue
        options = CONTENT_TEMPLATES.get(str(industry), CONTENT_TEMPLATES["unclassified"])
        text = options[int(pick[i] * len(options))]
        out[i] = text.format(name=names[c] if c >= 0 else "", n=int(numbers[i]))
    return out


def _company_columns(frame: pd.DataFrame, comps: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Company name and credit code per complaint row (blank where the complaint names no company)."""
    idx = frame.company_idx.to_numpy()
    ok = idx >= 0
    names = np.full(len(idx), None, dtype=object)
    ids = np.full(len(idx), None, dtype=object)
    names[ok] = comps.name.to_numpy()[idx[ok]]
    ids[ok] = comps.uscc.to_numpy()[idx[ok]]
    ids[ids == ""] = None
    return pd.Series(names), pd.Series(ids)


def _quarter_enforcement(
    rng: np.random.Generator, world: _World, q: str, frame: pd.DataFrame, through: dt.date = DEFAULT_THROUGH
) -> list[dict[str, object]]:
    year = int(q[:4])
    f = ACTIONS_BY_YEAR.get(year, 0.8)
    rows: list[dict[str, object]] = []
    qs, qe = quarters.start(q), quarters.end(q)
    span = (qe - qs).days

    def day() -> dt.date:
        return qs + dt.timedelta(days=int(rng.integers(0, span + 1)))

    def split(total: int) -> int:
        # The year's total spread over four quarters, exactly.
        base = total // 4
        return base + (1 if int(q[-1]) <= total % 4 else 0)

    counts = frame[frame.company_idx >= 0].company_idx.value_counts()
    n_src = split(int(round(ROLE_2020["source_company"] * f)))
    top = list(counts.index[: max(n_src * 2, 10)])
    chosen = rng.choice(top, size=min(n_src, len(top)), replace=False) if top else []
    for c in chosen:
        c = int(c)
        prior = int(world.actions[c])
        # Escalation: notice, then interview, then a fine, then credit listing for those who persist.
        ladder = ["notice", "notice", "interview", "interview", "fine"]
        action = (
            ladder[min(prior, 4)]
            if rng.random() < 0.85
            else str(rng.choice(["notice", "interview", "fine"], p=[0.6, 0.32, 0.08]))
        )
        rows.append(
            _action(
                rng,
                q,
                day(),
                world.name_of[c],
                world.uscc_of[c],
                "source_company",
                action,
                world,
                home=world.home_of[c],
            )
        )
        world.actions[c] = prior + 1
        # Enforcement works for most: complaints fall afterwards, except for the defiant quarter.
        if not world.defiant[c]:
            world.multiplier[c] *= 0.55
        if prior >= 4 and rng.random() < 0.5:
            rows.append(
                _action(
                    rng,
                    q,
                    day(),
                    world.name_of[c],
                    world.uscc_of[c],
                    "source_company",
                    "credit_listing",
                    world,
                    home=world.home_of[c],
                )
            )
    for _ in range(split(int(round(ROLE_2020["port_company"] * f)))):
        pc = world.port_companies[int(rng.choice(48, p=world.pc_w))]
        rows.append(
            _action(
                rng,
                q,
                day(),
                pc["name"],
                "",
                "port_company",
                str(rng.choice(["notice", "interview", "fine"], p=[0.5, 0.35, 0.15])),
                world,
            )
        )
    provs = reference.table("province")
    mainland = provs[~provs.adcode.isin(["710000", "810000", "820000"])]
    for _ in range(split(int(round(ROLE_2020["operator"] * f)))):
        op = str(rng.choice(["cmcc", "cucc", "ctcc"], p=[0.5, 0.25, 0.25]))
        p = mainland.iloc[int(rng.integers(0, len(mainland)))]
        name = f"{reference.table('operator').set_index('code').at[op, 'name_zh']}{p.short_zh}分公司"
        rows.append(
            _action(
                rng,
                q,
                day(),
                name,
                "",
                "operator",
                str(rng.choice(["notice", "interview"], p=[0.6, 0.4])),
                world,
                province=p.adcode,
            )
        )
    ops = reference.table("operator").set_index("code")
    for _ in range(split(int(round(ROLE_2020["mvno"] * f)))):
        bad = rng.random() < 0.7
        m = str(rng.choice(world.bad_mvnos)) if bad else str(rng.choice(world.mvnos))
        reason = "实名登记违规" if bad and rng.random() < 0.6 else "垃圾信息治理不力"
        rows.append(
            _action(
                rng,
                q,
                day(),
                ops.at[m, "name_zh"],
                "",
                "mvno",
                str(rng.choice(["notice", "interview", "fine"], p=[0.45, 0.4, 0.15])),
                world,
                reason=reason,
            )
        )
    # Internal accountability inside operators (35 in 2020), rectification orders, suspensions.
    for _ in range(split(int(round(35 * f)))):
        op = str(rng.choice(["cmcc", "cucc", "ctcc"], p=[0.5, 0.25, 0.25]))
        rows.append(
            _action(
                rng,
                q,
                day(),
                ops.at[op, "name_zh"],
                "",
                "operator",
                "accountability",
                world,
                authority=ops.at[op, "name_zh"],
            )
        )
    for _ in range(split(int(round(40 * f)))):
        c = int(rng.choice(top)) if top else 0
        rows.append(
            _action(
                rng,
                q,
                day(),
                world.name_of[c],
                world.uscc_of[c],
                "source_company",
                "rectification",
                world,
                home=world.home_of[c],
            )
        )
    if rng.random() < 0.5:
        m = str(rng.choice(world.bad_mvnos))
        rows.append(
            _action(rng, q, day(), ops.at[m, "name_zh"], "", "mvno", "suspension", world, reason="实名登记违规")
        )
    # Other departments acting on referred leads: 61 serious source companies in 2020, each once a year. A
    # company drawn twice in a year, or one no other department supervises (telecom services, "other"), is
    # replaced by the next of the quarter's worst that fits (no extra draw). The department is named as it
    # was on the day (银保监会 until 2023-05-18).
    acted = world.dept_acted.setdefault(year, set())
    dept_of = reference.table("industry").set_index("code")["department_code"].to_dict()

    def referable(x: int) -> bool:  # a company in an industry another department supervises, not yet dealt with
        return dept_of.get(str(world.industry_of[x]), "") not in ("", "miit") and x not in acted

    for _ in range(split(int(round(61 * f)))):
        c = int(rng.choice(top)) if top else 0
        if not referable(c):
            c = next((int(x) for x in top if referable(int(x))), c)
        acted.add(c)
        industry = str(world.industry_of[c])
        dept = dept_of.get(industry) or "samr"
        when = day()
        rows.append(
            _action(
                rng,
                q,
                when,
                world.name_of[c],
                world.uscc_of[c],
                "source_company",
                str(rng.choice(["interview", "fine", "rectification"], p=[0.4, 0.3, 0.3])),
                world,
                authority=reference.department_name(reference.department_at(str(dept), when, industry), "zh"),
            )
        )
    # The running quarter keeps only the actions dated up to the data-as-of date: drawn over the whole quarter
    # and kept or dropped (rather than squeezed into the days that have passed, which put a whole quarter's
    # actions into six weeks), so the random draws and every other column of the demo stay as they were. The
    # escalation state above counts a dropped action too, which no later quarter sees: the running quarter is
    # the last one generated.
    return [r for r in rows if r["决定日期"] <= through]


def _action(
    rng: np.random.Generator,
    q: str,
    day: dt.date,
    name: str,
    credit: str,
    role: str,
    action: str,
    world: _World,
    *,
    authority: str | None = None,
    province: str | None = None,
    reason: str | None = None,
    home: str | None = None,
) -> dict[str, object]:
    fine = gains = None
    if action == "fine":
        if rng.random() < 0.5:
            gains = float(rng.integers(2, 40)) * 500
            fine = min(gains * float(rng.choice([1, 2, 3])), 30000.0)
        else:
            fine = float(rng.integers(2, 21)) * 500
        if rng.random() < 0.015:  # a few fines above the statutory cap, to be flagged, never dropped
            fine = float(rng.choice([35000, 50000, 80000]))
    return {
        "案件编号": None,
        "决定日期": day,
        "被处置单位": name,
        "统一社会信用代码": credit or None,
        "单位类型": {
            "source_company": "源头企业",
            "port_company": "端口企业",
            "operator": "基础电信企业",
            "mvno": "转售企业",
        }[role],
        "措施": {
            "notice": "通报",
            "interview": "约谈",
            "rectification": "责令整改",
            "fine": "罚款",
            "credit_listing": "列入不良名单",
            "suspension": "暂停业务",
            "accountability": "问责",
        }[action],
        "罚款金额": fine,
        "违法所得": gains,
        "处置机关": authority or _telecom_authority(rng, province or home, name),
        "省份": province,
        "处置事由": reason or "垃圾信息治理",
        "_q": q,
    }


def _telecom_authority(rng: np.random.Generator, province: str | None, name: str) -> str:
    """The ministry (3 in 10) or a provincial communications administration named after its province: the
    target's province, else one fixed by its name (the same draw as before, so the rest of the demo is kept)."""
    who = str(rng.choice(["工业和信息化部", "省通信管理局"], p=[0.3, 0.7]))
    if who == "工业和信息化部":
        return who
    provs = reference.table("province")
    mainland = provs[~provs.adcode.isin(["710000", "810000", "820000"])].set_index("adcode")
    code = province if province in mainland.index else mainland.index[zlib.crc32(name.encode("utf-8")) % len(mainland)]
    return f"{mainland.at[code, 'name_zh']}通信管理局"


def _quarter_volume(year: int, k: int) -> float:
    """The SMS complaint level of a quarter at scale 1 (anchors and seasons): what port takedowns follow."""
    return sum(_interp(SMS_ANCHORS, year, m) * SMS_SEASON[m] for m in range(3 * k - 2, 3 * k + 1))


def port_takedown_targets(year: int, seed: int = DEFAULT_SEED) -> list[int]:
    """A year's calibrated port takedowns (``PORTS_SHUT``) split over its quarters unevenly, the way a year's
    campaigns fall: in proportion to the quarter's SMS complaint level times a random factor of its own
    (a generator seeded by the year). The four add up to the year's total exactly."""
    total = PORTS_SHUT.get(year, 3000)
    trng = np.random.default_rng([seed, 29, year])
    w = np.array([_quarter_volume(year, k) for k in (1, 2, 3, 4)]) * trng.lognormal(0.0, 0.18, 4)
    exact = total * w / w.sum()
    out = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - out), kind="stable")[: total - int(out.sum())]:
        out[i] += 1
    return [int(x) for x in out]


def _vary_port_takedowns(
    rows: list[dict[str, object]], world: _World, q: str, through: dt.date, seed: int
) -> list[dict[str, object]]:
    """Bring the quarter's port takedowns to its share of the year (:func:`port_takedown_targets`; in the
    running quarter, the share of the days that have passed) with a generator of its own: drop some at
    random, or add ports found by monitoring, numbered apart from the ports complaints use (a 13-digit
    series). The main generator is not touched, so every other column of the demo stays as it was."""
    year, k = int(q[:4]), int(q[-1])
    target = port_takedown_targets(year, seed)[k - 1]
    qs, qe = quarters.start(q), quarters.end(q)
    if through < qe:
        target = round(target * max((through - qs).days + 1, 0) / ((qe - qs).days + 1))
    trng = np.random.default_rng([seed, 31, year, k])
    if len(rows) >= target:
        keep = np.sort(trng.choice(len(rows), size=target, replace=False))
        return [rows[i] for i in keep]
    last = min(qe, through)
    span = max((last - qs).days, 0)
    extra = []
    for _ in range(target - len(rows)):
        pc = world.port_companies[int(trng.choice(48, p=world.pc_w))]
        serial = world.monitoring_serial.get(pc["key"], 0) + 1
        world.monitoring_serial[pc["key"]] = serial
        extra.append(
            {
                "处置日期": qs + dt.timedelta(days=int(trng.integers(0, span + 1))),
                "对象类型": "端口",
                "处置对象": f"1069{pc['code']}9{serial:04d}",
                "运营商": pc["operator"],
                "使用单位": pc["name"],
                "行业": None,
                "处置原因": "监测发现违规发送",
                "_q": q,
            }
        )
    return rows + extra


def _quarter_takedowns(
    rng: np.random.Generator,
    world: _World,
    q: str,
    frame: pd.DataFrame,
    through: dt.date,
    seed: int = DEFAULT_SEED,
) -> list[dict[str, object]]:
    year = int(q[:4])
    total = PORTS_SHUT.get(year, 3000)
    base = total // 4
    n_ports = base + (1 if int(q[-1]) <= total % 4 else 0)
    qs, qe = quarters.start(q), min(quarters.end(q), through)
    rows: list[dict[str, object]] = []
    sms = frame[frame.port.notna()]
    counts = sms.groupby("port").agg(n=("complaint_id", "size"), first=("received_at", "min"))
    counts = counts.sort_values("n", ascending=False)
    # Most takedowns hit complained-about ports, the worst most often; the rest come from monitoring.
    from_complaints = min(int(n_ports * 0.7), len(counts))
    if from_complaints:
        w = counts.n.to_numpy(dtype=float) ** 1.3
        picked = rng.choice(len(counts), size=from_complaints, replace=False, p=w / w.sum())
    else:
        picked = np.array([], dtype=int)
    span = max((qe - qs).days, 0)
    port_names = counts.index.to_numpy()
    firsts = counts["first"].dt.date.to_numpy()
    for i in picked:
        port = port_names[i]
        taken = min(firsts[i] + dt.timedelta(days=int(rng.integers(3, 45))), qe)
        pc = world.port_companies[world.port_owner[port]]
        rows.append(
            {
                "处置日期": taken,
                "对象类型": "端口",
                "处置对象": port,
                "运营商": pc["operator"],
                "使用单位": pc["name"],
                "行业": None,
                "处置原因": "违规发送商业短信",
                "_q": q,
            }
        )
    for _ in range(n_ports - from_complaints):
        pc = world.port_companies[int(rng.choice(48, p=world.pc_w))]
        pc["serial"] += 1
        port = f"1069{pc['code']}{pc['serial']:04d}"
        rows.append(
            {
                "处置日期": qs + dt.timedelta(days=int(rng.integers(0, span + 1))),
                "对象类型": "端口",
                "处置对象": port,
                "运营商": pc["operator"],
                "使用单位": pc["name"],
                "行业": None,
                "处置原因": "监测发现违规发送",
                "_q": q,
            }
        )
    rows = _vary_port_takedowns(rows, world, q, through, seed)
    fraud = frame[(frame.category == "fraud") & frame.port.isna()]
    n_numbers = min(len(fraud), int(rng.integers(280, 520)))
    if n_numbers:
        sample = fraud.sample(n=n_numbers, random_state=int(rng.integers(0, 2**31)))
        lags = rng.integers(1, 20, size=n_numbers)
        for got, lag, number, op in zip(
            sample.received_at.dt.date, lags, sample.sender_number, sample.operator, strict=True
        ):
            rows.append(
                {
                    "处置日期": min(got + dt.timedelta(days=int(lag)), qe),
                    "对象类型": "号码",
                    "处置对象": number,
                    "运营商": op,
                    "使用单位": None,
                    "行业": None,
                    "处置原因": "涉嫌诈骗",
                    "_q": q,
                }
            )
    for _ in range(int(rng.integers(15, 45))):
        c = int(rng.choice(world.by_industry["loans_finance"]))
        rows.append(
            {
                "处置日期": qs + dt.timedelta(days=int(rng.integers(0, span + 1))),
                "对象类型": "线路",
                "处置对象": f"L{int(rng.integers(10**7, 10**8))}",
                "运营商": str(rng.choice(["cmcc", "cucc", "ctcc"])),
                "使用单位": world.name_of[c],
                "行业": "贷款理财",
                "处置原因": "营销外呼扰民",
                "_q": q,
            }
        )
    return rows


def _write_takedowns(rows: list[dict[str, object]], out: Path) -> list[Path]:
    ops = reference.table("operator").set_index("code")
    df = pd.DataFrame(rows)
    names = dict(zip(ops.index, ops.name_zh, strict=True))
    df["运营商"] = [names.get(o, o) for o in df["运营商"]]
    paths = []
    for year, part in df.groupby(df["_q"].str[:4]):
        part = part.sort_values("处置日期", kind="stable").drop(columns="_q")
        part.insert(0, "处置编号", [f"T{year}{i + 1:06d}" for i in range(len(part))])
        path = out / f"takedowns_{year}.csv"
        # Delivered with a BOM and Chinese headers, as Excel-on-Windows users save them.
        part.to_csv(path, index=False, encoding="utf-8-sig")
        paths.append(path)
    return paths


def _write_enforcement(rows: list[dict[str, object]], out: Path) -> list[Path]:
    df = pd.DataFrame(rows)
    paths = []
    for year, part in df.groupby(df["_q"].str[:4]):
        part = part.sort_values("决定日期", kind="stable").drop(columns="_q").copy()
        part["案件编号"] = [f"E{year}-{i + 1:05d}" for i in range(len(part))]
        part["决定日期"] = pd.to_datetime(part["决定日期"])
        path = out / f"enforcement_{year}.xlsx"
        part.to_excel(path, index=False, sheet_name="执法记录")
        paths.append(path)
    return paths
