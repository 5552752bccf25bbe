import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import WeighingCommon


@tagged("post_install", "-at_install")
class TestPluExport(WeighingCommon):
    """The PLU file: weighed products with PLU code, price per kg and per 斤, per pricelist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        currency = cls.env.company.currency_id
        cls.counter = cls.env["product.pricelist"].create({"name": "HYC Counter", "currency_id": currency.id})
        cls.members = cls.env["product.pricelist"].create({
            "name": "HYC Members", "currency_id": currency.id,
            "item_ids": [(0, 0, {"applied_on": "3_global", "compute_price": "percentage", "percent_price": 10.0})],
        })
        # sold by weight but counted in units: no per-kg price, left out
        cls.env["product.product"].create({
            "name": "HYC Whole lamb (per piece)", "to_weight": True, "hyc_plu_code": "900",
            "uom_id": cls.unit.id, "uom_po_id": cls.unit.id, "list_price": 900.0,
        })
        cls.manager = new_test_user(cls.env, login="hyc_plu_manager",
                                    groups="base.group_user,hyc_pos_scale.group_store_manager")

    def _export(self, file_format, pricelists=None, lang="en_US"):
        # the web client sends the user's language in the context
        wizard = self.env["hyc.plu.export"].with_user(self.manager).with_context(lang=lang).create({
            "pricelist_ids": [(6, 0, (pricelists or self.counter | self.members).ids)],
            "file_format": file_format,
        })
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/web/content/hyc.plu.export/{wizard.id}/data/plu.{file_format}", action["url"])
        return wizard, base64.b64decode(wizard.data)

    def test_csv_content_exactly(self):
        wizard, content = self._export("csv")
        self.assertEqual(wizard.filename, "plu.csv")
        # lamb: 38.00 per 斤 = 76.00 per kg; beef 88.00 per kg = 44.00 per 斤; members 10 % off
        self.assertEqual(content.decode("utf-8-sig"), (
            "Pricelist,PLU Code,Product,Price per kg,Price per jin,Shelf Life (days)\r\n"
            "HYC Counter,101,HYC Lamb leg,76.00,38.00,2\r\n"
            "HYC Counter,102,HYC Beef shank,88.00,44.00,3\r\n"
            "HYC Members,101,HYC Lamb leg,68.40,34.20,2\r\n"
            "HYC Members,102,HYC Beef shank,79.20,39.60,3\r\n"
        ))
        self.assertTrue(content.startswith(b"\xef\xbb\xbf"))

    def test_xlsx_content_exactly(self):
        wizard, content = self._export("xlsx", self.members)
        self.assertEqual(wizard.filename, "plu.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content))["PLU"]
        self.assertEqual([list(row) for row in sheet.iter_rows(values_only=True)], [
            ["Pricelist", "PLU Code", "Product", "Price per kg", "Price per jin", "Shelf Life (days)"],
            ["HYC Members", "101", "HYC Lamb leg", 68.4, 34.2, 2],
            ["HYC Members", "102", "HYC Beef shank", 79.2, 39.6, 3],
        ])

    def test_headers_follow_the_user_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hyc_pos_scale"], ["zh_CN"], overwrite=True)
        _, content = self._export("csv", self.counter, lang="zh_CN")
        first_line = content.decode("utf-8-sig").split("\r\n")[0]
        self.assertEqual(first_line, "价目表,PLU码,商品,每公斤价格,每斤价格,保质期(天)")

    def test_nothing_to_export_is_a_clear_error(self):
        (self.lamb | self.beef).write({"hyc_plu_code": False})
        self.env["product.product"].search([("hyc_plu_code", "=", "900")]).hyc_plu_code = False
        with self.assertRaisesRegex(UserError, "No product to export"):
            self._export("csv")

    def test_cashier_cannot_export(self):
        cashier = new_test_user(self.env, login="hyc_plu_cashier", groups="base.group_user,hyc_pos_scale.group_cashier")
        with self.assertRaises(AccessError):
            self.env["hyc.plu.export"].with_user(cashier).create({"pricelist_ids": [(6, 0, self.counter.ids)]})
