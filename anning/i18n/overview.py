"""Translations: the overview page and its headlines."""

TABLE: dict[str, tuple[str, str]] = {
    "ov.kpi.total": ("Complaints", "投诉总量"),
    "ov.kpi.ports": ("Ports shut down", "关停端口"),
    "ov.kpi.numbers": ("Numbers shut down", "关停号码"),
    "ov.kpi.actions": ("Enforcement actions", "执法处置"),
    "ov.kpi.fines": ("Telecom regulators' fines", "通信管理部门罚款"),
    "ov.qoq": ("on {quarter}", "较{quarter}"),
    "ov.yoy": ("Year on year (vs {quarter}): {change}", "同比（{quarter}）：{change}"),
    "ov.no_compare": ("no comparison", "无可比数据"),
    "ov.compare": ("Compare the cards with", "对比季度"),
    "ov.compare_previous": ("Previous quarter", "上一季度"),
    "ov.not_significant": (" (not significant)", "（变化不显著）"),
    "brief.download": ("One-page brief (PDF)", "一页纸简报（PDF）"),
    "brief.title": ("Spam complaints and enforcement: brief, {quarter}", "{quarter}垃圾信息投诉与治理简报"),
    "brief.subtitle": ("For internal reading. Data as of {as_of}.", "内部参阅。数据截至{as_of}。"),
    "brief.s.figures": ("Figures", "主要数据"),
    "brief.figures": ("Complaints and enforcement, {quarter}", "{quarter}投诉与处置"),
    "brief.col.measure": ("Measure", "指标"),
    "brief.actions": ("Actions by type: {items}.", "各类执法处置：{items}。"),
    "brief.col.vs": ("Change on {quarter}", "较{quarter}"),
    "brief.foot": (
        "Complaints are unverified user reports. A change marked “not significant” is within what chance "
        "explains (exact binomial test, p ≥ 0.05). See the methodology and glossary page.",
        "投诉为未经核实的用户举报。标注“变化不显著”的变化在随机波动范围内（精确二项检验，p ≥ 0.05）。详见“统计方法与术语”页面。",
    ),
    "ov.partial_kpis": (
        "{quarter} is incomplete (data to {as_of}): these are counts so far, so no changes are shown.",
        "{quarter}数据不完整（截至{as_of}）：以下为截至目前的数量，不显示环比和同比。",
    ),
    "ov.h.complaints": ("Complaints in {quarter}", "{quarter}投诉情况"),
    "ov.h.action": ("Takedowns and enforcement in {quarter}", "{quarter}关停与执法"),
    "ov.h.headlines": ("Headlines", "要点"),
    "ov.h.trend": ("Quarterly complaints since {first}", "{first}以来季度投诉量"),
    "ov.h.actions_by_type": ("Enforcement actions by type", "各类执法处置"),
    "ov.series.total": ("Total", "合计"),
    "ov.partial_point": ("(partial)", "（不完整）"),
    "ov.partial_label": ("partial: data to {as_of}", "不完整：截至{as_of}"),
    "ov.axis.complaints": ("Complaints", "投诉量"),
    "ov.axis.actions": ("Actions", "处置次数"),
    "ov.col.action": ("Action", "措施"),
    "ov.col.actions": ("Actions", "次数"),
    "ov.col.fines_yuan": ("All fines (yuan)", "全部罚款（元）"),
    "ov.fines_note": (
        "The card counts the fines of telecom regulators within the statutory cap, the figure a bulletin prints; "
        "the table counts every fine, including other departments' and any above the cap (under legal review).",
        "卡片中的罚款金额为通信管理部门在法定上限以内作出的罚款，即通报采用的口径；表中为全部罚款，含其他部门作出的罚款及超过法定上限（待法律审核）的罚款。",
    ),
    "ov.no_headlines": ("No headline is supported by the data for this quarter.", "本季度数据不足以得出要点。"),
    "hl.up": ("up {pct}", "上升{pct}"),
    "hl.down": ("down {pct}", "下降{pct}"),
    "hl.flat": ("unchanged", "持平"),
    "hl.total_both": (
        "Complaints in {quarter} totalled {total}: {qoq} on {prev} and {yoy} on {yoy_quarter}.",
        "{quarter}共受理投诉{total}件，较{prev}{qoq}，较{yoy_quarter}{yoy}。",
    ),
    "hl.total_qoq": (
        "Complaints in {quarter} totalled {total}: {qoq} on {prev}.",
        "{quarter}共受理投诉{total}件，较{prev}{qoq}。",
    ),
    "hl.total_yoy": (
        "Complaints in {quarter} totalled {total}: {yoy} on {yoy_quarter}.",
        "{quarter}共受理投诉{total}件，较{yoy_quarter}{yoy}。",
    ),
    "hl.total_only": ("Complaints in {quarter} totalled {total}.", "{quarter}共受理投诉{total}件。"),
    "hl.partial": (
        "{quarter} is not complete yet (data to {as_of}): {total} complaints so far; comparisons wait for the full quarter.",
        "{quarter}数据尚不完整（截至{as_of}），目前已受理投诉{total}件，待季度结束后再作比较。",
    ),
    "hl.record_low_since": (
        "{subject} in {quarter} ({value}) were the lowest since {since}.",
        "{quarter}{subject}{value}件，为{since}以来最低。",
    ),
    "hl.record_high_since": (
        "{subject} in {quarter} ({value}) were the highest since {since}.",
        "{quarter}{subject}{value}件，为{since}以来最高。",
    ),
    "hl.record_low_all": (
        "{subject} in {quarter} ({value}) were the lowest of the {n} quarters since the data begin in {first}.",
        "{quarter}{subject}{value}件，为{first}有数据以来{n}个季度中最低。",
    ),
    "hl.record_high_all": (
        "{subject} in {quarter} ({value}) were the highest of the {n} quarters since the data begin in {first}.",
        "{quarter}{subject}{value}件，为{first}有数据以来{n}个季度中最高。",
    ),
    "hl.top_industry_remained": (
        "{name} remained the most complained-about industry ({share}).",
        "{name}仍是投诉最多的行业（占{share}）。",
    ),
    "hl.top_industry_became": (
        "{name} became the most complained-about industry ({share}), overtaking {previous}.",
        "{name}超过{previous}，成为投诉最多的行业（占{share}）。",
    ),
    "hl.top_industry_was": (
        "{name} was the most complained-about industry ({share}).",
        "{name}是投诉最多的行业（占{share}）。",
    ),
    "hl.top_industry_joint": (
        "{names} were jointly the most complained-about industries ({share} each).",
        "{names}并列投诉最多的行业（各占{share}）。",
    ),
    "hl.operator_rose": (
        "Complaints about {name} numbers rose {pct} quarter on quarter ({prev} → {cur}).",
        "{name}号码投诉环比上升{pct}（{prev}件→{cur}件）。",
    ),
    "hl.operator_fell": (
        "Complaints about {name} numbers fell {pct} quarter on quarter ({prev} → {cur}).",
        "{name}号码投诉环比下降{pct}（{prev}件→{cur}件）。",
    ),
    "hl.industry_riser": (
        "Among industries with at least {min} complaints last quarter, {name} rose most: up {pct} ({prev} → {cur}).",
        "上季度投诉不少于{min}件的行业中，{name}增幅最大，环比上升{pct}（{prev}件→{cur}件）。",
    ),
    "hl.anomaly.rise": ("Unusual rise in {subject} in {quarter}.", "{quarter}{subject}异常上升。"),
    "hl.anomaly.fall": ("Unusual fall in {subject} in {quarter}.", "{quarter}{subject}异常下降。"),
    "hl.subject.total": ("total complaints", "投诉总量"),
    "hl.subject.channel": ("complaints about {name}", "{name}投诉"),
    "hl.subject.industry": ("complaints about the {name} industry", "{name}行业投诉"),
    "hl.subject.company": ("complaints about {name}", "涉及{name}的投诉"),
    "hl.subject.operator": ("complaints about {name} numbers", "{name}号码投诉"),
    "hl.subject.number_range": ("complaints about {name}", "{name}投诉"),
    "hl.subject.province": ("complaints from {name}", "{name}投诉"),
}
