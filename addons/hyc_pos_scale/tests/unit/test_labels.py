"""Label barcodes rendered by python-barcode."""

import re
import xml.etree.ElementTree as ET

import pytest

from odoo.addons.hyc_pos_scale.lib import label_barcode, labels

SVG = "{http://www.w3.org/2000/svg}"


def _bars(svg):
    """x positions of the dark modules (rects other than the white background)."""
    root = ET.fromstring(svg)
    return [r.get("x") for r in root.iter(f"{SVG}rect") if r.get("style", "").find("fill:black") >= 0]


def test_ean13_svg_is_inline_svg_with_the_human_readable_code():
    svg = labels.ean13_svg("2000101012344")
    assert svg.startswith("<svg") and "<?xml" not in svg
    root = ET.fromstring(svg)
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert re.sub(r"\D", "", texts) == "2000101012344"
    # EAN-13: 3 guard bars + 6×2 + 3 centre guard + 6×2 + 3 end guard = 30 dark bars
    assert len(_bars(svg)) == 30


def test_ean13_refuses_a_wrong_check_digit():
    with pytest.raises(label_barcode.LabelBarcodeError, match="check digit"):
        labels.ean13_svg("2000101012345")
    with pytest.raises(label_barcode.LabelBarcodeError):
        labels.ean13_svg("12345")


def test_code128_and_the_fallback_choice():
    svg = labels.code128_svg("HYC-101")
    assert "HYC-101" in svg and len(_bars(svg)) > 10
    assert labels.label_svg("2000101012344") == labels.ean13_svg("2000101012344")
    assert labels.label_svg("2000101012345") == labels.code128_svg("2000101012345")  # not an EAN-13: Code128
    assert labels.label_svg(False, "LAMB-01") == labels.code128_svg("LAMB-01")
    assert labels.label_svg("羊腿", None) is None
    with pytest.raises(label_barcode.LabelBarcodeError):
        labels.code128_svg("羊腿")
