"""Translations: how operators handled forwarded reports (the Handling page, its CLI, headline and methodology)."""

TABLE: dict[str, tuple[str, str]] = {
    "page.handling": ("Report handling", "举报处理"),
    "hd.intro": (
        "The 12321 centre forwards every report to the operator that carries the reported number. "
        "How each operator dealt with what it was sent, and how fast.",
        "12321举报中心将每件举报转交被举报号码所属的电信企业处理。本页反映各企业对转办举报的处理情况和处理时效。",
    ),
    "hd.by": ("Per", "统计口径"),
    "hd.by.operator": ("Operator", "按电信企业"),
    "hd.by.province": ("Province", "按省份"),
    "hd.name.operator": ("Operator", "电信企业"),
    "hd.name.province": ("Province", "省份"),
    "hd.group.all": ("All operators", "全部企业"),
    "hd.group.basic": ("Basic operators", "基础电信企业"),
    "hd.group.mvno": ("MVNOs", "转售企业"),
    "hd.col.kind": ("Type", "类型"),
    "hd.col.forwarded": ("Forwarded", "转办量"),
    "hd.col.handled": ("Handled", "已处理"),
    "hd.col.pending": ("Pending", "处理中"),
    "hd.col.not_actionable": ("Not actionable", "不予处理"),
    "hd.col.handling_rate": ("Handling rate %", "处理率%"),
    "hd.col.median_days": ("Median days", "中位天数"),
    "hd.col.p90_days": ("90th pct. days", "90%分位天数"),
    "hd.col.within_sla_share": ("Within {n} days %", "{n}日内处理占比%"),
    "hd.settings": ("Settings", "设置"),
    "hd.set.sla": ("Service level (days)", "处理时限（天）"),
    "hd.set.sla_help": (
        "An assumed service level: the share of handled reports that took at most this many days.",
        "假定的处理时限：已处理举报中，处理时长不超过该天数的占比。",
    ),
    "hd.set.threshold": ("Flag a handling rate below (%)", "处理率低于（%）时提示"),
    "hd.set.min_reports": ("…with at least this many actionable reports", "……且可处理举报不少于（件）"),
    "hd.kpi.forwarded": ("Forwarded", "转办举报"),
    "hd.kpi.rate": ("Handling rate", "处理率"),
    "hd.kpi.rate_help": (
        "Handled ÷ (handled + pending). Not-actionable reports ({n}) are left out.",
        "已处理 ÷（已处理 + 处理中）。不予处理的举报（{n}件）不计入。",
    ),
    "hd.kpi.median": ("Median time to handle", "处理时长中位数"),
    "hd.kpi.p90": ("90th percentile", "处理时长90%分位"),
    "hd.kpi.sla": ("Handled within {n} days", "{n}日内处理"),
    "hd.days": ("{d} days", "{d}天"),
    "hd.day_one": ("1 day", "1天"),
    "hd.h.table_operator": ("By operator", "分电信企业情况"),
    "hd.h.table_province": ("By province", "分省份情况"),
    "hd.h.rates": ("Handling rate in {quarter}", "{quarter}处理率"),
    "hd.rates.caption": (
        "Operators with at least {n} actionable reports.",
        "可处理举报不少于{n}件的企业。",
    ),
    "hd.h.trend": ("Handling rate by quarter", "各季度处理率"),
    "hd.h.below": ("Below the handling-rate threshold", "处理率低于提示水平的企业"),
    "hd.below.none": (
        "No operator with at least {n} actionable reports handled fewer than {threshold} of them.",
        "可处理举报不少于{n}件的企业中，没有处理率低于{threshold}的企业。",
    ),
    "hd.below.item": ("{name}: {rate} of {n} actionable reports handled", "{name}：处理率{rate}（可处理举报{n}件）"),
    "hd.no_status": (
        "The files loaded for {quarter} carry no handling status, so no handling rate can be given for it "
        "(this is not a rate of 0%).",
        "{quarter}导入的数据未包含处理状态，无法计算该季度的处理率（并非处理率为0%）。",
    ),
    "hd.no_complaints": ("No complaints were received in {quarter}.", "{quarter}没有收到举报。"),
    "hd.unavailable": (
        "This store was built before handling status was recorded. Rebuild it to see handling measures.",
        "当前数据库建于记录处理状态之前，重建数据库后方可查看处理情况。",
    ),
    "hd.partial": (
        "{quarter} is not over (data to {as_of}): reports received late in the quarter may still be pending.",
        "{quarter}尚未结束（数据截至{as_of}），季度末收到的举报可能仍在处理中。",
    ),
    "hd.trend.caption": (
        "Quarters without status data are left blank, not shown as 0%.",
        "未包含处理状态的季度留空，不按0%显示。",
    ),
    "hd.methodology": ("Methodology", "统计说明"),
    "hd.method.forwarded": (
        "Forwarded: every complaint received in {quarter}, each forwarded to the operator that carries the "
        "reported number; by province, the complainant's province.",
        "转办量：{quarter}受理的全部举报，每件转交被举报号码所属电信企业；分省份按举报人所在省份统计。",
    ),
    "hd.method.rate": (
        "Handling rate = handled ÷ (handled + pending). Reports the operator could not act on (invalid or "
        "incomplete: not actionable) are excluded from both.",
        "处理率 = 已处理 ÷（已处理 + 处理中）。无效或信息不全等不予处理的举报不计入分子和分母。",
    ),
    "hd.method.days": (
        "Time to handle: whole days from the date received to the date handled (same day = 0), over handled "
        "reports with a handling date; median and 90th percentile interpolated between neighbouring values.",
        "处理时长：自受理之日至处理之日的整天数（当日处理为0天），按填有处理日期的已处理举报计算；"
        "中位数和90%分位数在相邻取值间插值。",
    ),
    "hd.method.sla": (
        "Within {n} days: the share of those handled reports that took at most {n} days (an assumed service level).",
        "{n}日内处理占比：上述已处理举报中处理时长不超过{n}天的比例（假定的处理时限）。",
    ),
    "hd.method.no_status": (
        "{n} complaints of the quarter carry no handling status; they count as forwarded only.",
        "本季度有{n}件举报未填处理状态，仅计入转办量。",
    ),
    "hd.export_csv": ("Download CSV", "下载CSV"),
    "hd.export_xlsx": ("Download Excel", "下载Excel"),
    "hd.sheet": ("Handling", "处理情况"),
    "hd.notes_sheet": ("Notes", "说明"),
    "hd.chart.rate": ("Handling rate", "处理率"),
    "hd.chart.threshold": ("Threshold {threshold}", "提示水平{threshold}"),
    "hd.chart.quarter": ("Quarter", "季度"),
    # The trend's running quarter, as the overview marks it: shaded and labelled, the lines into it dotted.
    "hd.chart.running": (
        "running quarter: data to {as_of}, reports still pending",
        "当季未结束：数据截至{as_of}，仍有举报待处理",
    ),
    "hd.chart.running_point": ("(running quarter)", "（当季未结束）"),
    # The rankings' operator rows.
    "rk.col.handling_rate": ("Handled %", "处理率%"),
    "rk.col.median_days": ("Median days", "处理天数"),
    "rk.method.handling": (
        "Handled %: handled ÷ (handled + pending) of all reports forwarded to the operator in the quarter, all "
        "channels and categories, not-actionable reports left out; median days to handle them. Blank when the "
        "quarter's files carry no handling status (see Report handling).",
        "处理率%：本季度转交该企业的全部举报（不分类型和类别）中，已处理 ÷（已处理 + 处理中），不予处理的举报不计入；"
        "处理天数为处理时长中位数。季度数据未包含处理状态时留空（详见“举报处理”）。",
    ),
    # The headline (overview and inventory) when operators fall below the threshold.
    "hl.handling_below": (
        "In {quarter}, {names} handled fewer than {threshold} of the reports forwarded to them.",
        "{quarter}，{names}对转办举报的处理率低于{threshold}。",
    ),
    "hl.handling_name": ("{name} ({rate})", "{name}（{rate}）"),
    "hl.handling_more": ("{total} operators, among them {names},", "{names}等{total}家企业"),
}
