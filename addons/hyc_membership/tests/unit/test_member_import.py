from datetime import date
from decimal import Decimal

from odoo.addons.hyc_membership.lib.member_import import read_rows, validate

CSV = """手机,姓名,会员号,积分,储值本金,储值赠送,生日
138 0013 8000,李雷,A001,1200,300,30,1990-12-25
13800138000,李雷重复,A002,1,0,0,
1380013,韩梅梅,A003,5,0,0,
13900139000,,A004,5,0,0,
13700137000,王芳,A001,abc,-1,0,1990-02-30

13600136000,赵强,,0,,,
""".encode("utf-8-sig")


def test_read_rows_maps_chinese_headers_and_skips_blank_lines():
    rows = read_rows(CSV, "members.csv")
    assert [line for line, _row in rows] == [2, 3, 4, 5, 6, 8]
    assert rows[0][1]["mobile"] == "138 0013 8000"
    assert rows[0][1]["name"] == "李雷"


def test_validation_report():
    members, errors = validate(read_rows(CSV, "members.csv"))
    assert [(m.line, m.mobile, m.member_number) for m in members] == [(2, "13800138000", "A001"), (8, "13600136000", None)]
    assert members[0].points == Decimal(1200) and members[0].paid == Decimal(300) and members[0].bonus == Decimal(30)
    assert members[0].birthday == date(1990, 12, 25)
    assert members[1].points == members[1].paid == 0
    assert [line for line, _message in errors] == [3, 4, 5, 6, 6, 6, 6]
    assert "appears twice" in errors[0][1]
    assert errors[2][1] == "name: missing"
