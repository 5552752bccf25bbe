from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    hyc_plu_code = fields.Char(
        string="PLU Code", copy=False, index="btree_not_null",
        help="Item code (货号) of the product on the label scale, 1 to 5 digits. The label scale prints "
             "it in its weight/price barcodes and the PLU export sends it to the scale.")
    hyc_shelf_life_days = fields.Integer(
        string="Shelf Life (days)", help="Days the label scale prints between the packing date and the use-by date.")

    @api.constrains("hyc_plu_code")
    def _check_hyc_plu_code(self):
        for template in self.filtered("hyc_plu_code"):
            code = template.hyc_plu_code
            if not (code.isdigit() and code.isascii() and len(code) <= 5):
                raise models.ValidationError(self.env._("The PLU code %(code)s must be 1 to 5 digits.", code=code))
            other = self.with_context(active_test=False).search(
                [("hyc_plu_code", "=", code), ("id", "!=", template.id)], limit=1)
            if other:
                raise models.ValidationError(self.env._(
                    "The PLU code %(code)s is already used by %(product)s.", code=code, product=other.display_name))

    @api.constrains("hyc_shelf_life_days")
    def _check_hyc_shelf_life_days(self):
        if any(template.hyc_shelf_life_days < 0 for template in self):
            raise models.ValidationError(self.env._("The shelf life cannot be negative."))
