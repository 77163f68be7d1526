"""Translations: the quarterly complaint inventory document."""

TABLE: dict[str, tuple[str, str]] = {
    "pub.inv.title": ("Spam complaint inventory, {quarter}", "{quarter}垃圾信息投诉情况盘点"),
    "pub.inv.subtitle": (
        "Complaints about spam SMS and harassing calls. Data as of {as_of}.",
        "垃圾短信和骚扰电话用户投诉情况。数据截至{as_of}。",
    ),
    "pub.inv.s1": ("1. Headline figures", "一、总体情况"),
    "pub.inv.s2": ("2. Categories", "二、投诉类别"),
    "pub.inv.s3": ("3. Industries", "三、行业排名"),
    "pub.inv.s4": ("4. Operators", "四、电信企业"),
    "pub.inv.s5": ("5. Number ranges", "五、号段"),
    "pub.inv.s6": ("6. Provinces", "六、地区分布"),
    "pub.inv.s7": ("7. Typical companies", "七、典型企业"),
    "pub.inv.s8": ("8. Enforcement", "八、处置和执法"),
    "pub.inv.s9": ("9. Methodology and caveats", "九、方法与说明"),
    "pub.inv.kpi.total": ("Total", "合计"),
    "pub.inv.kpi.ports": ("SMS ports shut", "关停短信端口"),
    "pub.inv.kpi.numbers": ("Numbers shut", "关停号码"),
    "pub.inv.col_channel": ("Channel", "类型"),
    "pub.inv.col_previous": ("{quarter}", "{quarter}"),
    "pub.inv.col_year_ago": ("{quarter} (a year earlier)", "{quarter}（上年同期）"),
    "pub.inv.col_measure": ("Measure", "处置措施"),
    "pub.inv.col_count": ("Count", "数量"),
    "pub.inv.partial": (
        "{quarter} is not complete (data to {as_of}): no changes are given for it.",
        "{quarter}数据不完整（截至{as_of}），不作环比、同比比较。",
    ),
    "pub.inv.axis_complaints": ("Complaints", "投诉量"),
    "pub.inv.table_no": ("Table {n}. {title}", "表{n} {title}"),
    "pub.inv.figure_no": ("Figure {n}. {title}", "图{n} {title}"),
    "pub.inv.tab_headline": ("Complaints by channel", "分类型投诉量"),
    "pub.inv.fig_trend": ("Complaints per quarter", "各季度投诉量"),
    "pub.inv.tab_categories": ("Complaints by category", "分类别投诉量"),
    "pub.inv.fig_categories": ("Categories within each channel", "各类型投诉的类别构成"),
    "pub.inv.cat_part": ("{category} {share}", "{category}占{share}"),
    "pub.inv.cat_sentence": ("Of {channel} complaints: {parts}.", "{channel}投诉中，{parts}。"),
    "pub.inv.tab_industries": ("Industries with the most complaints", "投诉量居前的行业"),
    "pub.inv.fig_industries": ("Industry shares of complaints", "各行业投诉占比"),
    "pub.inv.industry_sentence": (
        "{name} drew the most complaints ({share}); the top three industries were {names}.",
        "投诉量最多的行业为{name}（占{share}），居前三位的行业依次为{names}。",
    ),
    "pub.inv.tab_operators": ("Complaints by operator", "各电信企业投诉情况"),
    "pub.inv.fig_operators": ("Operator shares of complaints", "各电信企业投诉占比"),
    "pub.inv.mvno_all": ("MVNO resellers ({n} together)", "移动转售企业（{n}家合计）"),
    "pub.inv.operator_sentence": (
        "{name} carried the largest share of complaints ({share}); the MVNO resellers together carried {mvno}.",
        "{name}投诉占比最高（{share}），移动转售企业合计占{mvno}。",
    ),
    "pub.inv.tab_ranges": ("Most-reported number ranges", "被投诉较多的号段"),
    "pub.inv.range_sentence": ("The most-reported number ranges were {names}.", "被投诉较多的号段为{names}。"),
    "pub.inv.tab_provinces": ("Provinces with the most complaints", "投诉量居前的省份"),
    "pub.inv.fig_map": ("Complaints by province", "各省投诉量分布"),
    "pub.inv.province_sentence": (
        "The most complaints came from {names}, together {share} of located complaints.",
        "投诉量居前的省份为{names}，合计占有地区信息投诉的{share}。",
    ),
    "pub.inv.no_list": (
        "No exposure list has been published for {quarter} yet.",
        "{quarter}曝光名单尚未发布。",
    ),
    "pub.inv.list_sentence": (
        "List {list_id} version {version} names {n} companies (approved by {approved_by}, published {published}).",
        "{list_id}第{version}版名单共列入{n}家企业（审批人{approved_by}，发布日期{published}）。",
    ),
    "pub.inv.tab_companies": ("Typical companies with prominent complaint problems", "投诉问题突出的典型企业"),
    "pub.inv.enf_sentence": (
        "{ports} SMS ports and {numbers} numbers were shut; {actions} notices, interviews and fines went to "
        "{companies} companies and operators; fines totalled {fines}.",
        "共关停短信端口{ports}个、号码{numbers}个；对{companies}家企业和运营单位进行通报、约谈、罚款共{actions}次，"
        "罚款合计{fines}。",
    ),
    "pub.inv.tab_takedowns": ("Ports and numbers shut", "端口和号码关停情况"),
    "pub.inv.tab_actions": ("Enforcement actions by target", "执法措施分对象统计"),
    "pub.inv.none": ("No complaints in this quarter.", "本季度无投诉数据。"),
    "pub.inv.method.unverified": (
        "Complaints are unverified reports by users to the 12321 reporting centre and the operators; they are not a "
        "sample of all spam, and a rise can reflect easier reporting as well as more spam.",
        "投诉为用户向12321举报中心和电信企业提交的举报，未经逐一核实，并非全部垃圾信息的抽样；投诉量上升既可能反映垃圾信息增多，"
        "也可能反映举报更加便利。",
    ),
    "pub.inv.method.attribution": (
        "A complaint is attributed to the source company named in it, identified by its Unified Social Credit Code "
        "when the code is valid, otherwise by its normalised name; complaints without a company count in totals only.",
        "投诉按所涉源头企业归属：统一社会信用代码有效的按代码识别，否则按规范化后的企业名称识别；未标明企业的投诉只计入总量。",
    ),
    "pub.inv.method.ties": (
        "Ranks follow complaint counts; equal counts share a rank (1, 2, 2, 4), and a tie at a list's last place "
        "keeps every tied entry.",
        "排名依据投诉量；投诉量相同者并列（1、2、2、4），名单末位并列的全部列入。",
    ),
    "pub.inv.method.thresholds": (
        "Rankings leave out entities with fewer than the minimum complaints; changes are tested with an exact "
        "binomial test, and only significant ones are described as rises or falls.",
        "排名不含投诉量低于门槛的对象；变化经精确二项检验，只有显著的变化才表述为上升或下降。",
    ),
    "pub.inv.method.changes": (
        "QoQ compares with the previous quarter, YoY with the same quarter a year earlier; shares are of the "
        "complaints in scope.",
        "环比与上一季度比较，同比与上年同期比较；占比以统计范围内的投诉为基数。",
    ),
    "pub.inv.method.as_of": (
        "Data as of {as_of}; figures for {quarter} may change if late complaints are loaded.",
        "数据截至{as_of}；如有补录投诉，{quarter}数据可能调整。",
    ),
    "pub.inv.foot_as_of": ("Data as of {as_of}.", "数据截至{as_of}。"),
    "pub.inv.foot_method": (
        "Figures count user complaints (unverified reports), not verified spam; see section 9.",
        "统计对象为用户投诉（未经核实的举报），并非经核实的垃圾信息，详见第九部分。",
    ),
    "pub.inv.draft_line": ("Draft: not published.", "草稿：尚未发布。"),
    "pub.inv.draft_label": ("draft", "草稿"),
    "pub.inv.version_label": ("{id} version {version}", "{id} 第{version}版"),
    "pub.inv.published_line": (
        "Published as {id} version {version} by {by} at {at} (UTC).",
        "{id}第{version}版，由{by}于{at}（UTC）发布。",
    ),
}
