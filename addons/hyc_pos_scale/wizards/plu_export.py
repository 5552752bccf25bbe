import base64

from odoo import fields, models
from odoo.exceptions import UserError

from ..lib import plu_export


class HycPluExport(models.TransientModel):
    _name = "hyc.plu.export"
    _description = "PLU Export for Label Scales"

    pricelist_ids = fields.Many2many(
        "product.pricelist", string="Pricelists", required=True,
        help="One row per product and pricelist: export each store's pricelist to its label scales.")
    file_format = fields.Selection([("csv", "CSV"), ("xlsx", "Excel")], string="Format", default="xlsx", required=True)
    data = fields.Binary(string="File", readonly=True, attachment=False)
    filename = fields.Char(string="File Name", readonly=True)

    def _products(self):
        """Variants sold by weight with a PLU code, in a weight unit (kg, g, 斤 …)."""
        weight_category = self.env.ref("uom.product_uom_categ_kgm")
        return self.env["product.product"].search([
            ("to_weight", "=", True), ("sale_ok", "=", True), ("hyc_plu_code", "!=", False),
            ("uom_id.category_id", "=", weight_category.id),
        ])

    def _rows(self):
        kg = self.env.ref("uom.product_uom_kgm")
        jin = self.env.ref("hyc_pos_scale.uom_jin")
        rows = []
        for pricelist in self.pricelist_ids:
            decimals = pricelist.currency_id.decimal_places
            products = self._products()
            per_kg = pricelist._get_products_price(products, 1.0, uom=kg)
            per_jin = pricelist._get_products_price(products, 1.0, uom=jin)
            for product in products:
                rows.append(plu_export.PluRow(
                    pricelist=pricelist.name,
                    plu_code=product.hyc_plu_code,
                    name=product.display_name,
                    price_per_kg=plu_export.money(per_kg[product.id], decimals),
                    price_per_jin=plu_export.money(per_jin[product.id], decimals),
                    shelf_life_days=product.hyc_shelf_life_days,
                ))
        return plu_export.sort_rows(rows)

    def _headers(self):
        return [self.env._("Pricelist"), self.env._("PLU Code"), self.env._("Product"), self.env._("Price per kg"),
                self.env._("Price per jin"), self.env._("Shelf Life (days)")]

    def action_export(self):
        self.ensure_one()
        rows = self._rows()
        if not rows:
            raise UserError(self.env._(
                "No product to export: mark products as 'To Weigh With Scale', give them a PLU code "
                "and a weight unit of measure."))
        if self.file_format == "csv":
            content = plu_export.to_csv(self._headers(), rows)
        else:
            content = plu_export.to_xlsx(self._headers(), rows)
        self.write({"data": base64.b64encode(content), "filename": f"plu.{self.file_format}"})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/data/{self.filename}?download=true",
            "target": "self",
        }
