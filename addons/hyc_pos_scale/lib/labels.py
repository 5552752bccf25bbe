"""Barcodes for shelf and product labels (POS-6), rendered as inline SVG by python-barcode.

EAN-13 for products that have one (store or supplier code), Code128 for anything else
(e.g. an internal reference). The SVG is returned without its XML prolog so that it can be
embedded in a QWeb/HTML label and printed by wkhtmltopdf.
"""

import re

from . import label_barcode

WRITER_OPTIONS = {"module_height": 10.0, "module_width": 0.25, "font_size": 8, "text_distance": 3.0,
                  "quiet_zone": 2.0}


def _svg(symbology, data):
    import barcode  # python-barcode, imported lazily: only labels need it
    from barcode.writer import SVGWriter

    svg = barcode.get(symbology, data, writer=SVGWriter()).render(WRITER_OPTIONS).decode("utf-8")
    return svg[svg.index("<svg"):]  # drop <?xml …?> and <!DOCTYPE …>


def ean13_svg(code):
    """SVG of a 13-digit EAN-13; refuses a wrong check digit (python-barcode would silently fix it)."""
    code = (code or "").strip()
    if len(code) != 13 or not code.isdigit() or not code.isascii():
        raise label_barcode.LabelBarcodeError("An EAN-13 has exactly 13 digits.")
    if label_barcode.check_digit(code[:12]) != code[12]:
        raise label_barcode.LabelBarcodeError("The check digit is wrong: the label is misprinted or was misread.")
    return _svg("ean13", code[:12])


def code128_svg(text):
    if not text or not re.fullmatch(r"[\x20-\x7e]+", text):
        raise label_barcode.LabelBarcodeError("Code128 labels take printable ASCII text only.")
    return _svg("code128", text)


def is_ean13(code):
    code = code or ""
    return len(code) == 13 and code.isdigit() and code.isascii() and label_barcode.check_digit(code[:12]) == code[12]


def label_svg(barcode_value, fallback=None):
    """EAN-13 if the value is a valid EAN-13, else Code128 of the value or of the fallback; None if nothing."""
    if is_ean13(barcode_value):
        return ean13_svg(barcode_value)
    for value in (barcode_value, fallback):
        if value and re.fullmatch(r"[\x20-\x7e]+", value):
            return code128_svg(value)
    return None
