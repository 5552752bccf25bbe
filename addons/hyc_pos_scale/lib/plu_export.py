"""PLU files for label scales: the rows and their CSV / Excel encodings (no Odoo here).

Label-scale software (大华 TMA, 顶尖 LINK-series) imports a table of PLUs: item code, name,
unit price and shelf life. We export one row per product and store pricelist, with the
price both per kg and per 斤 (jin, 0.5 kg), since stores price meat either way.
"""

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class PluRow:
    pricelist: str
    plu_code: str
    name: str
    price_per_kg: Decimal
    price_per_jin: Decimal
    shelf_life_days: int


def money(value, decimals=2):
    """Round half-up to the currency's decimals (what a price label shows)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def sort_rows(rows):
    """By pricelist, then numeric PLU code (so 9 comes before 10 as on the scale)."""
    return sorted(rows, key=lambda row: (row.pricelist, int(row.plu_code), row.name))


def _cells(row):
    return [row.pricelist, row.plu_code, row.name, row.price_per_kg, row.price_per_jin, row.shelf_life_days]


def to_csv(headers, rows):
    """UTF-8 with BOM (Excel on Chinese Windows otherwise reads it as GBK), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([str(cell) for cell in _cells(row)])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(headers, rows, sheet_name="PLU"):
    """One sheet, prices as numbers with two decimals, PLU code as text (keeps leading zeros)."""
    import xlsxwriter  # imported here: only the Excel export needs it

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(sheet_name)
    bold = workbook.add_format({"bold": True})
    price = workbook.add_format({"num_format": "0.00"})
    sheet.write_row(0, 0, headers, bold)
    for index, row in enumerate(rows, start=1):
        sheet.write_string(index, 0, row.pricelist)
        sheet.write_string(index, 1, row.plu_code)
        sheet.write_string(index, 2, row.name)
        sheet.write_number(index, 3, float(row.price_per_kg), price)
        sheet.write_number(index, 4, float(row.price_per_jin), price)
        sheet.write_number(index, 5, row.shelf_life_days)
    sheet.set_column(0, 0, 18)
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, 5, 12)
    workbook.close()
    return output.getvalue()
