"""Read a WeCom customer-group member export (客户群详情 / 群成员 export, CSV or xlsx).

WeCom's exports vary by version; columns are recognised by their (Chinese or English)
header. Returns a list of ``MemberRow`` and the list of problems (row number, message).
"""

import csv
import io
from dataclasses import dataclass

HEADERS = {
    "name": ("成员名称", "群成员", "成员", "客户名称", "昵称", "微信昵称", "name", "member"),
    "group_nickname": ("群昵称", "群内昵称", "group nickname", "nickname"),
    "mobile": ("手机号", "手机", "电话", "mobile", "phone"),
    "userid": ("外部联系人id", "userid", "external_userid", "unionid", "成员id"),
    "joined_at": ("入群时间", "加入时间", "join time", "joined"),
    "member_type": ("成员类型", "类型", "type"),
}


@dataclass(frozen=True)
class MemberRow:
    line: int
    name: str
    group_nickname: str = ""
    mobile: str = ""
    userid: str = ""
    joined_at: str = ""
    member_type: str = ""


def _normalise(header):
    return str(header or "").strip().lower().replace("（", "(").split("(")[0].strip()


def _decode(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("the file is neither UTF-8 nor GB18030 text")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(data, filename):
    """Rows (lists of strings) of a .csv or .xlsx file given as bytes."""
    if filename.lower().endswith(".xlsx"):
        import openpyxl  # only needed for xlsx

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    text = _decode(data)
    sample = text[:4096]
    delimiter = max(",;\t", key=sample.count)  # WeCom exports use commas; Excel may save tabs or ;
    return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def parse_rows(rows):
    """Find the header row (first row naming a member column), map columns, read rows."""
    problems = []
    header_index, columns = None, {}
    for index, row in enumerate(rows[:10]):
        names = [_normalise(cell) for cell in row]
        found = {}
        for field, aliases in HEADERS.items():
            for position, name in enumerate(names):
                if name in aliases and field not in found:
                    found[field] = position
        if "name" in found or "group_nickname" in found:
            header_index, columns = index, found
            break
    if header_index is None:
        return [], [(0, "no header row with a member name or group nickname column")]
    members = []
    for index, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        values = {f: (row[p] if p < len(row) else "") for f, p in columns.items()}
        if not any(values.values()):
            continue
        name = values.get("name") or values.get("group_nickname")
        if not name:
            problems.append((index, "row without a member name"))
            continue
        members.append(MemberRow(line=index, name=name, **{k: v for k, v in values.items() if k != "name"}))
    return members, problems
