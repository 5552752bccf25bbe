import re

from odoo.tests import tagged

from .common import WeighingCommon


@tagged("post_install", "-at_install")
class TestProductLabels(WeighingCommon):
    """Shelf labels: name, PLU, price per unit, shelf life and a python-barcode SVG."""

    def _html(self, products):
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "hyc_pos_scale.report_product_label", products.ids)
        return html.decode()

    def test_label_of_a_weighed_product_has_its_ean13(self):
        html = self._html(self.lamb)
        self.assertIn("HYC Lamb leg", html)
        self.assertIn("PLU 101", html)
        self.assertIn("38.00", html)
        self.assertIn("/ jin", html)
        self.assertIn("Shelf life: 2 days", html)
        self.assertIn("<svg", html)
        # EAN-13: 3 guard + 6×2 + 3 centre + 6×2 + 3 end guard = 30 dark bars
        self.assertEqual(len(re.findall(r"<rect[^>]*fill:black", self.lamb._hyc_label_barcode_svg())), 30)

    def test_product_without_ean13_gets_a_code128_of_its_reference(self):
        self.dumplings.default_code = "DUMP-500"
        svg = self.dumplings._hyc_label_barcode_svg()
        self.assertIn("DUMP-500", svg)
        self.assertGreater(len(re.findall(r"<rect[^>]*fill:black", svg)), 10)
        self.dumplings.default_code = False
        self.assertEqual(self.dumplings._hyc_label_barcode_svg(), "")
        html = self._html(self.lamb | self.dumplings)
        self.assertEqual(html.count('class="hyc-label"'), 2)
