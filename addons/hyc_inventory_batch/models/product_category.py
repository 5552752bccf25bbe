from odoo import api, fields, models

from .stock_landed_cost import BY_AMOUNT_LABEL


class ProductCategory(models.Model):
    _inherit = "product.category"

    hyc_perishable = fields.Boolean(
        "Perishable",
        help="Lots of this category have an expiration date, are picked first-expired-first-out (FEFO) "
             "and cannot be delivered once expired without an authorised override.")
    hyc_alert_days = fields.Integer(
        "Expiry Alert Days",
        help="A lot of this category is listed as near expiry, and the warehouse manager gets an activity, "
             "this many days before its expiration date.")

    _sql_constraints = [
        ("hyc_alert_days_positive", "CHECK(hyc_alert_days >= 0)", "Expiry alert days cannot be negative."),
    ]

    def _hyc_default_fefo(self):
        # FEFO by default for perishables; a removal strategy chosen by hand is kept
        fefo = self.env.ref("product_expiry.removal_fefo", raise_if_not_found=False)
        if fefo:
            self.filtered(lambda c: c.hyc_perishable and not c.removal_strategy_id).write({"removal_strategy_id": fefo.id})

    @api.onchange("hyc_perishable")
    def _onchange_hyc_perishable(self):
        if self.hyc_perishable and not self.removal_strategy_id:
            self.removal_strategy_id = self.env.ref("product_expiry.removal_fefo", raise_if_not_found=False)

    @api.model_create_multi
    def create(self, vals_list):
        categories = super().create(vals_list)
        categories._hyc_default_fefo()
        return categories

    def write(self, vals):
        res = super().write(vals)
        if vals.get("hyc_perishable"):
            self._hyc_default_fefo()
        return res


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # the freight product's default split method: the same "by amount" label as on expense lines
    split_method_landed_cost = fields.Selection(selection_add=BY_AMOUNT_LABEL)

    @api.onchange("categ_id")
    def _onchange_categ_id_hyc_perishable(self):
        if self.categ_id.hyc_perishable:
            self.use_expiration_date = True

    @api.model_create_multi
    def create(self, vals_list):
        categories = self.env["product.category"].browse([vals.get("categ_id") for vals in vals_list if vals.get("categ_id")])
        perishable = set(categories.filtered("hyc_perishable").ids)
        for vals in vals_list:
            if vals.get("categ_id") in perishable and "use_expiration_date" not in vals:
                vals["use_expiration_date"] = True
        return super().create(vals_list)


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    hyc_manager_id = fields.Many2one(
        "res.users", string="Warehouse Manager",
        help="Gets the daily near-expiry activities for the lots stored in this warehouse.")
