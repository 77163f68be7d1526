"""Translations: the deciding authority of enforcement actions, and fine totals by authority."""

TABLE: dict[str, tuple[str, str]] = {
    "enf.authority.telecom": ("Telecom regulators", "电信管理机构"),
    "enf.authority.other_department": ("Other departments", "其他部门"),
    "enf.authority.operator_internal": ("Operators' internal accountability", "企业内部问责"),
    "enf.authority_help.telecom": (
        "The ministry and the provincial communications administrations, under the telecom rules.",
        "工业和信息化部及各省（自治区、直辖市）通信管理局，依据电信管理规定作出。",
    ),
    "enf.authority_help.other_department": (
        "Departments acting on referred leads under their own laws (financial, market, education regulators, public security…).",
        "相关部门依据本部门法律法规对移交线索作出的处理（金融监管、市场监管、教育、公安等）。",
    ),
    "enf.authority_help.operator_internal": (
        "Operators' own accountability: internal criticism, KPI deductions, pay penalties. Not an administrative action.",
        "基础电信企业内部通报批评、KPI扣分、绩效扣罚等问责考核，不属于行政处罚。",
    ),
    "enf.fines.telecom_total": (
        "Telecom regulators imposed {n} fines totalling {total}.",
        "电信管理机构罚款{n}笔，合计{total}。",
    ),
    "enf.fines.other_total": (
        "Other departments imposed {n} fines totalling {total} under their own laws, not included in that total.",
        "其他部门依据本部门法律法规罚款{n}笔，合计{total}，未计入上述合计。",
    ),
    "enf.fines.review_note": (
        "Fines above the SMS regulation's cap: {n}, totalling {total}; they are under legal review and not counted in the total.",
        "另有{n}笔罚款（合计{total}）超过《通信短信息服务管理规定》罚款限额，正在进行法律审核，未计入合计。",
    ),
    "enf.h.authority": ("Actions by deciding authority", "按决定机关分类的处置"),
    "enf.authority.caption": (
        "Each action counts under the authority that decided it. Fine totals count only telecom regulators' fines within the statutory cap.",
        "每项处置按作出决定的机关分别统计。罚款合计仅计电信管理机构在法定限额内的罚款。",
    ),
    "enf.authority.renamed": (
        "{n} actions name a department on a date before it was founded or after it was replaced; they are shown under the department of that time. Correct the records at their source.",
        "{n}项处置记录的决定机关在决定日期尚未成立或已被替代，已按当时的机关统计，请在源数据中更正。",
    ),
    "enf.col.authority_type": ("Authority", "决定机关类型"),
    "enf.col.targets": ("Targets", "处置对象数"),
    "enf.col.fines": ("Fines", "罚款笔数"),
    "enf.col.fines_yuan": ("Fines (¥)", "罚款金额（元）"),
    "enf.col.under_review": ("Above cap: under legal review", "超限额（法律审核中）"),
    "enf.col.under_review_yuan": ("Under legal review (¥)", "法律审核中金额（元）"),
    "enf.col.department": ("Department", "部门"),
    "enf.kpi.fines_help": (
        "Telecom regulators' fines within the statutory cap. Fines above the cap (under legal review) and other departments' fines are not included.",
        "电信管理机构在法定限额内的罚款，不含超限额（法律审核中）的罚款和其他部门的罚款。",
    ),
    "enf.chart.by_authority": ("Actions per quarter by deciding authority", "各季度处置数（按决定机关）"),
    "enf.sheet.authority": ("By authority {quarter}", "{quarter}按决定机关"),
    "enf.sheet.departments": ("Other departments {quarter}", "{quarter}其他部门"),
}
