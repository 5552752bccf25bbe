"""Message placeholders and the WeCom group export reader."""

import io
from datetime import datetime

import openpyxl

from odoo.addons.hyc_private_domain.lib import member_import, template


def test_render_known_unknown_and_literal_braces():
    text = "{group}的宝宝们，今晚{time}直播！{oops} {{不是占位}}"
    assert template.render(text, {"group": "佳琦1群", "time": "19:30"}) == "佳琦1群的宝宝们，今晚19:30直播！{oops} {不是占位}"
    assert template.unknown_placeholders(text, {"group", "time"}) == ["oops"]
    assert template.render("", {}) == ""


def test_local_values_weekday_in_chinese():
    assert template.local_values(datetime(2026, 12, 2, 14, 0)) == {"date": "2026-12-02", "time": "14:00", "weekday": "周三"}


CSV = "客户群名称,佳琦1群\n成员名称,群昵称,手机号,入群时间\n小红,北京-油皮,13800001111,2026-11-01 10:00\n,,,\n小蓝,,,\n"


def test_csv_export_with_a_title_row_utf8_and_gb18030():
    for encoding in ("utf-8-sig", "gb18030"):
        rows = member_import.read_table(CSV.encode(encoding), "export.csv")
        members, problems = member_import.parse_rows(rows)
        assert problems == []
        assert members == [
            member_import.MemberRow(line=3, name="小红", group_nickname="北京-油皮", mobile="13800001111",
                                    joined_at="2026-11-01 10:00"),
            member_import.MemberRow(line=5, name="小蓝"),
        ]


def test_xlsx_export_with_numeric_mobile():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["成员", "群昵称", "手机号", "外部联系人ID"])
    sheet.append(["小绿", "上海—干皮🌸", 13900002222, "wmABC"])
    buffer = io.BytesIO()
    book.save(buffer)
    members, problems = member_import.parse_rows(member_import.read_table(buffer.getvalue(), "群成员.xlsx"))
    assert problems == []
    assert members == [member_import.MemberRow(line=2, name="小绿", group_nickname="上海—干皮🌸",
                                               mobile="13900002222", userid="wmABC")]


def test_file_without_header_is_reported():
    members, problems = member_import.parse_rows([["a", "b"], ["c", "d"]])
    assert members == [] and problems == [(0, "no header row with a member name or group nickname column")]
