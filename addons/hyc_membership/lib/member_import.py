"""Migration of members from another system (MEM-8): CSV or xlsx rows checked into
clean records and a report of the rows refused, before anything is written.

Columns (header names, English or Chinese): mobile/手机, name/姓名, member_number/会员号
(optional), points/积分, paid/储值本金, bonus/储值赠送, birthday/生日 (YYYY-MM-DD, optional).
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

HEADERS = {
    "mobile": "mobile", "手机": "mobile", "手机号": "mobile",
    "name": "name", "姓名": "name",
    "member_number": "member_number", "会员号": "member_number", "卡号": "member_number",
    "points": "points", "积分": "points",
    "paid": "paid", "储值本金": "paid", "储值": "paid",
    "bonus": "bonus", "储值赠送": "bonus", "赠送": "bonus",
    "birthday": "birthday", "生日": "birthday",
}
MOBILE = re.compile(r"^1\d{10}$")


@dataclass(frozen=True)
class Member:
    line: int
    mobile: str
    name: str
    member_number: str | None
    points: Decimal
    paid: Decimal
    bonus: Decimal
    birthday: date | None


def read_rows(content: bytes, filename: str):
    """[(line number, {column: text})] of a CSV (UTF-8, with or without BOM) or xlsx file."""
    if filename.lower().endswith(".xlsx"):
        import openpyxl  # only needed for xlsx files
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        rows = [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    if not rows:
        return []
    header = [HEADERS.get(str(cell).strip().lower(), HEADERS.get(str(cell).strip())) for cell in rows[0]]
    result = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(cell).strip() for cell in row):
            continue
        result.append((number, {key: row[index] for index, key in enumerate(header) if key and index < len(row)}))
    return result


def _amount(value, field, errors, line):
    text = str(value).strip() if value not in (None, "") else "0"
    try:
        amount = Decimal(text)
    except InvalidOperation:
        errors.append((line, f"{field}: not a number ({text})"))
        return None
    if amount < 0:
        errors.append((line, f"{field}: cannot be negative ({text})"))
        return None
    return amount


def _birthday(value, errors, line):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(str(value).strip(), "%Y-%m-%d").date()
    except ValueError:
        errors.append((line, f"birthday: not a date YYYY-MM-DD ({value})"))
        return None


def validate(rows):
    """(members, errors): the rows that can be imported, and (line, message) for
    the others. A mobile or member number seen twice in the file refuses the later row."""
    members, errors = [], []
    seen_mobiles, seen_numbers = set(), set()
    for line, row in rows:
        before = len(errors)
        mobile = re.sub(r"\D", "", str(row.get("mobile") or ""))
        if len(mobile) == 13 and mobile.startswith("86"):
            mobile = mobile[2:]
        name = str(row.get("name") or "").strip()
        number = str(row.get("member_number") or "").strip() or None
        if not MOBILE.match(mobile):
            errors.append((line, f"mobile: not an 11-digit mainland mobile ({row.get('mobile')})"))
        elif mobile in seen_mobiles:
            errors.append((line, f"mobile: {mobile} appears twice in the file"))
        if not name:
            errors.append((line, "name: missing"))
        if number and number in seen_numbers:
            errors.append((line, f"member_number: {number} appears twice in the file"))
        points = _amount(row.get("points"), "points", errors, line)
        paid = _amount(row.get("paid"), "paid", errors, line)
        bonus = _amount(row.get("bonus"), "bonus", errors, line)
        birthday = _birthday(row.get("birthday"), errors, line)
        if len(errors) == before:
            seen_mobiles.add(mobile)
            if number:
                seen_numbers.add(number)
            members.append(Member(line, mobile, name, number, points, paid, bonus, birthday))
    return members, errors
