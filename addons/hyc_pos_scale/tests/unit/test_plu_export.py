"""PLU export encodings, on hand-written rows."""

import io
from decimal import Decimal

import openpyxl

from odoo.addons.hyc_pos_scale.lib import plu_export as pe

ROWS = [
    pe.PluRow("Members", "10", "Beef shank", Decimal("88.00"), Decimal("44.00"), 3),
    pe.PluRow("Members", "9", "Lamb leg", Decimal("76.00"), Decimal("38.00"), 2),
    pe.PluRow("Counter", "00012", "羊排 Lamb chops", Decimal("99.90"), Decimal("49.95"), 2),
]
HEADERS = ["Pricelist", "PLU", "Product", "Price/kg", "Price/jin", "Shelf life"]


def test_money_rounds_half_up():
    assert pe.money(49.945) == Decimal("49.95")
    assert pe.money("0.125") == Decimal("0.13")
    assert pe.money(3, 0) == Decimal("3")


def test_sort_by_pricelist_then_numeric_plu():
    assert [r.plu_code for r in pe.sort_rows(ROWS)] == ["00012", "9", "10"]


def test_csv_bytes_exactly():
    expected = (
        "\ufeffPricelist,PLU,Product,Price/kg,Price/jin,Shelf life\r\n"
        "Counter,00012,羊排 Lamb chops,99.90,49.95,2\r\n"
        "Members,9,Lamb leg,76.00,38.00,2\r\n"
        "Members,10,Beef shank,88.00,44.00,3\r\n"
    ).encode()
    assert pe.to_csv(HEADERS, pe.sort_rows(ROWS)) == expected


def test_xlsx_cells_exactly():
    workbook = openpyxl.load_workbook(io.BytesIO(pe.to_xlsx(HEADERS, pe.sort_rows(ROWS))))
    sheet = workbook["PLU"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        HEADERS,
        ["Counter", "00012", "羊排 Lamb chops", 99.9, 49.95, 2],
        ["Members", "9", "Lamb leg", 76.0, 38.0, 2],
        ["Members", "10", "Beef shank", 88.0, 44.0, 3],
    ]
    assert sheet["D2"].number_format == "0.00"
