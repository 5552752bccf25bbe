"""Label-scale EAN-13 codes: weight and price embedded, check digits."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.hyc_pos_scale.lib import label_barcode as lb


def test_check_digit_of_known_ean13():
    # 4006381333931 is the textbook EAN-13 example (Wikipedia "International Article Number").
    assert lb.check_digit("400638133393") == "1"
    # 6901234567892: a Chinese (690) example computed by hand: odd positions 6+0+2+4+6+8=26,
    # even 9+1+3+5+7+9=34*3=102, total 128, check 2.
    assert lb.check_digit("690123456789") == "2"


def test_weight_code_1234_grams_of_item_00123():
    # 2 0 0 0 1 2 3 0 1 2 3 4, weights 1,3,1,3…: (2+0+1+3+1+3) + 3*(0+0+2+0+2+4) = 10 + 24 = 34 -> check 6
    code = lb.encode_weight("123", 1234)
    assert code == "2000123012346"
    parsed = lb.parse(code)
    assert parsed == lb.LabelCode("weight", "20", "00123", Decimal("1.234"), 1234, "2000123000008")
    # the base code Odoo stores on the product: (2+0+1+3+0+0) + 3*(0+0+2+0+0+0) = 6 + 6 = 12 -> check 8
    assert lb.base_code("20", "123") == "2000123000008"


def test_price_code_in_fen():
    code = lb.encode_price("45", 6880)  # 68.80 yuan
    assert code[:12] == "220004506880"
    parsed = lb.parse(code)
    assert parsed.kind == "price" and parsed.value == Decimal("68.80") and parsed.raw_value == 6880
    assert parsed.item_code == "00045" and parsed.base_code == lb.base_code("22", "45")


@pytest.mark.parametrize("code, message", [
    ("2000123012345", "check digit"),   # last digit off by one
    ("2000123012", "13 digits"),
    ("20001230123a6", "13 digits"),
    ("２０００１２３０１２３４６", "13 digits"),  # full-width digits from an IME
    ("6901234567892", "Flag 69"),       # a valid EAN-13, not from the label scale
    ("", "13 digits"),
])
def test_bad_codes_are_refused_with_a_reason(code, message):
    with pytest.raises(lb.LabelBarcodeError, match=message):
        lb.parse(code)


def test_encoding_rejects_out_of_range_values():
    with pytest.raises(lb.LabelBarcodeError):
        lb.encode_weight("123", 100000)
    with pytest.raises(lb.LabelBarcodeError):
        lb.encode_weight("123456", 10)
    with pytest.raises(lb.LabelBarcodeError):
        lb.encode_price("12", 10, prefix="2")


@given(item=st.integers(0, 99999), value=st.integers(0, 99999), weight=st.booleans())
def test_encode_parse_round_trip_and_single_digit_errors_are_caught(item, value, weight):
    code = lb.encode_weight(str(item), value) if weight else lb.encode_price(str(item), value)
    parsed = lb.parse(code)
    assert parsed.raw_value == value and int(parsed.item_code) == item
    # any single-digit substitution is detected by the EAN-13 check digit
    position = (item + value) % 13
    wrong = code[:position] + str((int(code[position]) + 1) % 10) + code[position + 1:]
    with pytest.raises(lb.LabelBarcodeError):
        lb.parse(wrong)
