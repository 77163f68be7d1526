"""Translations: the app shell: navigation, page titles, sidebar, banners, watermark."""

TABLE: dict[str, tuple[str, str]] = {
    "app.title": ("Anning", "安宁"),
    "app.tagline": ("Spam SMS and harassing-call analytics", "垃圾短信与骚扰电话治理分析"),
    "nav.overview": ("Overview", "概览"),
    "nav.analysis": ("Analysis", "分析"),
    "nav.publications": ("Publications", "发布"),
    "nav.data": ("Data", "数据"),
    "nav.reference": ("Reference", "参考"),
    "page.overview": ("Overview", "总体情况"),
    "page.rankings": ("Rankings", "排行"),
    "page.map": ("Province map", "省份地图"),
    "page.company": ("Company profile", "企业画像"),
    "page.forecast": ("Forecast", "趋势预测"),
    "page.enforcement": ("Enforcement", "执法处置"),
    "page.inventory": ("Complaint inventory", "投诉情况盘点"),
    "page.exposure": ("Exposure lists", "曝光名单"),
    "page.referrals": ("Lead referrals", "线索移交"),
    "page.data": ("Data loads", "数据加载"),
    "page.methodology": ("Methodology and glossary", "统计方法与术语"),
    "sidebar.quarter": ("Quarter", "季度"),
    "sidebar.language": ("Language", "语言"),
    "sidebar.incomplete": ("{quarter} is incomplete (data to {as_of})", "{quarter}数据不完整（截至{as_of}）"),
    "sidebar.as_of": ("Data as of {as_of}", "数据截至{as_of}"),
    "sidebar.cb": ("Colour-blind-safe colours", "色盲友好配色"),
    "sidebar.cb_help": (
        "Rises and falls in orange and blue instead of red and green.",
        "上升和下降以橙色和蓝色显示，替代红色和绿色。",
    ),
    "banner.demo": (
        "Synthetic demo data: every company and reseller name is invented. Not for publication.",
        "合成演示数据：所有企业和转售企业名称均为虚构，不得对外发布。",
    ),
    "banner.building": ("Building the demo store on first start…", "首次启动，正在生成演示数据库……"),
    "banner.empty": (
        "The store is empty. Load complaint, takedown and enforcement files on the Data page.",
        "数据库为空，请在“数据加载”页面导入投诉、处置和执法数据。",
    ),
    "auth.refused": ("Your role may not open this page.", "您的角色无权打开此页面。"),
    "ui.working": ("Working it out…", "正在计算……"),
    "confirm.yes": ("Yes: {action}", "确认：{action}"),
    "confirm.cancel": ("Cancel", "取消"),
    "confirm.publish_inventory": (
        "Publish the {quarter} inventory? It is frozen as a new version in both languages and cannot be changed "
        "afterwards; a correction publishes another version.",
        "确认发布{quarter}投诉情况盘点？发布后以中英文冻结为新版本，不可再修改；更正须发布新版本。",
    ),
    "confirm.publish_list": (
        "Publish {draft}? A published list names companies publicly and never changes; a correction publishes a "
        "new version.",
        "确认发布{draft}？名单发布后即公开点名相关企业且不再修改，更正须发布新版本。",
    ),
    "watermark.demo": ("SYNTHETIC DEMO DATA - NOT FOR PUBLICATION", "合成演示数据，不得对外发布"),
}
