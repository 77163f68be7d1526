"""A hand-built store with one complete chain (complaints → takedowns → penalties), for the map and company tests.

Every number the tests assert is computed by hand from the rows below:

2024Q2 complaints by province (all channels): 广东 10, 山东 6, 河南 3, 北京 1, 上海 0 (上海 had a
complaint in 2024Q1 only, so it has data and is zero), plus 2 complaints without a province.
No other unit ever has a complaint: they are "no data".

Company A (credit code ``VALID_USCC``, 测试贷款（示例）) sends through port P1 of the port company
测试云信（示例）; two of its complaints were recorded without the code (key ``n:测试贷款(示例)``),
and its call-centre line L123 was shut under its name only. B (另一家公司（示例）) uses port P2.
"""

from __future__ import annotations

from pathlib import Path

from anning.load import loader
from tests.helpers import COMPLAINT_HEADER, VALID_USCC, complaint, write_csv

A_NAME = "测试贷款（示例）"
A_NAME_KEY = "n:测试贷款(示例)"
B_NAME = "另一家公司（示例）"
B_KEY = "n:另一家公司(示例)"
PORT_CO = "测试云信（示例）"
PORT_CO_KEY = "n:测试云信(示例)"
P1 = "106912345678"
P2 = "106912340000"

TAKEDOWN_HEADER = ["takedown_id", "taken_at", "target_type", "target", "operator", "holder", "reason"]
ENFORCEMENT_HEADER = [
    "case_id",
    "decided_on",
    "target_name",
    "target_id",
    "target_role",
    "action",
    "fine_yuan",
    "authority",
]


def _complaints() -> list[list[object]]:
    a = {"company": A_NAME, "company_id": VALID_USCC, "port": P1, "sender_number": P1, "port_company": PORT_CO}
    return [
        # 2024Q2
        complaint(1, received_at="2024-05-03 10:00:00", province="广东", count="4", **a),
        complaint(2, received_at="2024-05-10 09:00:00", province="广东", count="6", **a),
        complaint(
            3,
            received_at="2024-05-12 11:00:00",
            province="山东",
            count="6",
            category="fraud",
            company=B_NAME,
            port=P2,
            sender_number=P2,
            port_company=PORT_CO,
            industry="retail",
        ),
        complaint(
            4,
            received_at="2024-06-02 15:00:00",
            province="河南",
            count="3",
            channel="call",
            category="harassment",
            operator="中国联通",
            company=A_NAME,
            company_id=VALID_USCC,
            sender_number="13012345678",
            port="",
            port_company="",
        ),
        complaint(
            5,
            received_at="2024-06-05 08:00:00",
            province="北京",
            count="1",
            company="",
            industry="",
            sender_number="13812345678",
            port="",
            port_company="",
        ),
        complaint(6, received_at="2024-04-15 12:00:00", province="", count="2", **a),
        # 2024Q1
        complaint(7, received_at="2024-02-01 09:30:00", province="上海", count="1", **a),
        complaint(8, received_at="2024-03-01 14:00:00", province="广东", count="2", **{**a, "company_id": ""}),
    ]


def build(tmp: Path, *, demo: bool = False) -> Path:
    """Write the contract files under ``tmp`` and load them into ``tmp/store/anning.duckdb``.

    ``demo`` marks the store as demo data, so the app signs a session in as the demo analyst
    (AppTests need no sign-in) and shows the demo banner.
    """
    files = [
        write_csv(tmp / "complaints.csv", COMPLAINT_HEADER, _complaints()),
        write_csv(
            tmp / "takedowns.csv",
            TAKEDOWN_HEADER,
            [
                ["K1", "2024-05-20", "port", P1, "中国移动", PORT_CO, "违规发送商业短信"],
                ["K2", "2024-06-01", "line", "L123", "中国联通", A_NAME, "营销外呼扰民"],
                ["K3", "2024-06-02", "number", "17012345678", "中国联通", "", "涉嫌诈骗"],
                ["K4", "2024-06-03", "port", P2, "中国移动", PORT_CO, "违规发送商业短信"],
            ],
        ),
        write_csv(
            tmp / "enforcement.csv",
            ENFORCEMENT_HEADER,
            [
                ["E1", "2024-05-25", A_NAME, VALID_USCC, "source_company", "interview", "", "省通信管理局"],
                ["E2", "2024-06-10", A_NAME, VALID_USCC, "source_company", "fine", "20000", "工业和信息化部"],
                ["E3", "2024-06-11", PORT_CO, "", "port_company", "notice", "", "省通信管理局"],
            ],
        ),
    ]
    db = tmp / "store" / "anning.duckdb"
    report = loader.load(files, db, user="test", source="demo" if demo else "file")
    assert report.ok, report.lines()
    return db
