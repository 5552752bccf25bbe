from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.hyc_pos_scale.lib import label_barcode

from .common import WeighingCommon


@tagged("post_install", "-at_install")
class TestLabelScaleNomenclature(WeighingCommon):
    """The label-scale nomenclature turns a printed EAN-13 into product + weight or price."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nomenclature = cls.env.ref("hyc_pos_scale.nomenclature_label_scale")

    def _product(self, base_code):
        return self.env["product.product"].search([("barcode", "=", base_code)])

    def test_product_barcodes_are_the_base_codes(self):
        self.assertEqual(label_barcode.base_code("20", self.lamb.hyc_plu_code), self.lamb.barcode)
        self.assertEqual(label_barcode.base_code("22", self.beef.hyc_plu_code), self.beef.barcode)

    def test_weight_code_gives_the_product_and_its_weight(self):
        code = label_barcode.encode_weight("101", 1234)  # 1.234 kg of lamb leg
        # (2+0+1+1+1+3) + 3*(0+0+0+0+2+4) = 8 + 18 = 26 -> check digit 4
        self.assertEqual(code, "2000101012344")
        parsed = self.nomenclature.parse_barcode(code)
        self.assertEqual(parsed["type"], "weight")
        self.assertAlmostEqual(parsed["value"], 1.234, places=6)
        self.assertEqual(parsed["base_code"], "2000101000006")
        self.assertEqual(self._product(parsed["base_code"]), self.lamb)

    def test_price_code_gives_the_product_and_its_price(self):
        code = label_barcode.encode_price("102", 6880)  # 68.80 yuan of beef shank
        parsed = self.nomenclature.parse_barcode(code)
        self.assertEqual(parsed["type"], "price")
        self.assertAlmostEqual(parsed["value"], 68.80, places=6)
        self.assertEqual(self._product(parsed["base_code"]), self.beef)

    def test_flag_21_and_23_are_label_scale_flags_too(self):
        self.assertEqual(self.nomenclature.parse_barcode(label_barcode.encode_weight("7", 500, prefix="21"))["type"],
                         "weight")
        self.assertEqual(self.nomenclature.parse_barcode(label_barcode.encode_price("7", 500, prefix="23"))["type"],
                         "price")

    def test_bad_check_digit_matches_no_product(self):
        code = "2000101012341"  # 2000101012344 with a misprinted last digit
        parsed = self.nomenclature.parse_barcode(code)
        self.assertEqual(parsed["type"], "product")  # not a weight: the ean13 rules refuse it
        self.assertEqual(parsed["base_code"], code)
        self.assertFalse(self._product(parsed["base_code"]))

    def test_ordinary_product_barcodes_still_work(self):
        parsed = self.nomenclature.parse_barcode("6901234567892")
        self.assertEqual((parsed["type"], parsed["value"]), ("product", 0))

    def test_plu_code_must_be_digits_and_unique(self):
        with self.assertRaises(ValidationError):
            self.dumplings.hyc_plu_code = "12a"
        with self.assertRaises(ValidationError):
            self.dumplings.hyc_plu_code = "123456"
        with self.assertRaises(ValidationError):
            self.dumplings.hyc_plu_code = "101"
        self.dumplings.hyc_plu_code = "00103"
        self.assertEqual(self.dumplings.product_tmpl_id.hyc_plu_code, "00103")
        with self.assertRaises(ValidationError):
            self.dumplings.hyc_shelf_life_days = -1


@tagged("post_install", "-at_install")
class TestJinUnit(WeighingCommon):
    """斤 is half a kilogram, in the weight category, so kg and 斤 convert both ways."""

    def test_jin_is_half_a_kilogram(self):
        self.assertEqual(self.jin.category_id, self.kg.category_id)
        self.assertAlmostEqual(self.jin._compute_quantity(3.0, self.kg), 1.5)
        self.assertAlmostEqual(self.kg._compute_quantity(1.234, self.jin), 2.468)
        # 38 per 斤 is 76 per kg
        self.assertAlmostEqual(self.jin._compute_price(38.0, self.kg), 76.0)

    def test_jin_is_named_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hyc_pos_scale"], ["zh_CN"], overwrite=True)
        self.assertEqual(self.jin.with_context(lang="zh_CN").name, "斤")
