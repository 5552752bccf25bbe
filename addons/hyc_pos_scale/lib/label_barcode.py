"""EAN-13 barcodes printed by label scales (条码秤): weight- or price-embedded.

Chinese label scales (大华 Dahua, 顶尖 Aclas, 寺冈 Teraoka …) print, for a weighed item, an
in-store EAN-13 (GS1 prefixes 20-29 are reserved for in-store use) laid out as

    F F  P P P P P  V V V V V  C
    flag item code  value      check digit

- ``FF``: the 2-digit flag chosen in the scale's barcode setup; this store uses 20/21 for
  weight-embedded codes and 22/23 for price-embedded ones (configurable);
- ``PPPPP``: the 5-digit item code (货号), the PLU code exported to the scale;
- ``VVVVV``: the weight in grams (weight codes) or the price in fen, 分 (price codes);
- ``C``: the EAN-13 check digit (GS1 mod-10, weights 1,3 from the left).

In Odoo this is what a barcode nomenclature rule ``20.....{NNDDD}`` (weight, kg with three
decimals) or ``22.....{NNNDD}`` (price, yuan with two decimals) matches; the product's own
barcode is the *base code*: the value digits zeroed and the check digit recomputed.
"""

from dataclasses import dataclass
from decimal import Decimal

WEIGHT_PREFIXES = ("20", "21")
PRICE_PREFIXES = ("22", "23")
WEIGHT = "weight"
PRICE = "price"


class LabelBarcodeError(ValueError):
    """A code that is not a valid label-scale barcode; the message says why."""


@dataclass(frozen=True)
class LabelCode:
    kind: str  # "weight" or "price"
    prefix: str
    item_code: str
    value: Decimal  # kg for weight codes, yuan for price codes
    raw_value: int  # grams or fen, as printed
    base_code: str  # the product's barcode in Odoo


def check_digit(digits12):
    """GS1 check digit of the first 12 digits of an EAN-13."""
    if len(digits12) != 12 or not digits12.isdigit() or not digits12.isascii():
        raise LabelBarcodeError("An EAN-13 check digit is computed on exactly 12 digits.")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits12))
    return str((10 - total % 10) % 10)


def _encode(prefix, item_code, value):
    item_code = str(item_code)
    if len(prefix) != 2 or not prefix.isdigit():
        raise LabelBarcodeError("The barcode flag must be two digits.")
    if not (item_code.isdigit() and item_code.isascii() and 1 <= len(item_code) <= 5):
        raise LabelBarcodeError("The item code must be 1 to 5 digits.")
    if not 0 <= value <= 99999:
        raise LabelBarcodeError("The embedded value must be between 0 and 99999.")
    body = f"{prefix}{item_code.zfill(5)}{value:05d}"
    return body + check_digit(body)


def base_code(prefix, item_code):
    """The barcode to put on the product in Odoo (value zeroed)."""
    return _encode(prefix, item_code, 0)


def encode_weight(item_code, grams, prefix=WEIGHT_PREFIXES[0]):
    return _encode(prefix, item_code, int(grams))


def encode_price(item_code, fen, prefix=PRICE_PREFIXES[0]):
    return _encode(prefix, item_code, int(fen))


def parse(code, weight_prefixes=WEIGHT_PREFIXES, price_prefixes=PRICE_PREFIXES):
    """Decode a label-scale barcode or raise LabelBarcodeError with a message for the cashier."""
    code = (code or "").strip()
    if len(code) != 13 or not code.isdigit() or not code.isascii():
        raise LabelBarcodeError("A label-scale barcode has exactly 13 digits.")
    if check_digit(code[:12]) != code[12]:
        raise LabelBarcodeError("The check digit is wrong: the label is misprinted or was misread.")
    prefix, item_code, raw = code[:2], code[2:7], int(code[7:12])
    if prefix in weight_prefixes:
        return LabelCode(WEIGHT, prefix, item_code, Decimal(raw) / 1000, raw, base_code(prefix, item_code))
    if prefix in price_prefixes:
        return LabelCode(PRICE, prefix, item_code, Decimal(raw) / 100, raw, base_code(prefix, item_code))
    raise LabelBarcodeError(f"Flag {prefix} is not a label-scale flag of this store.")
