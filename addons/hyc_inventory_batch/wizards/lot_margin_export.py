from odoo import fields, models


class LotMarginExport(models.TransientModel):
    _name = "hyc.lot.margin.export"
    _description = "Export Lot Gross Margin to Excel"

    date_from = fields.Date("From")
    date_to = fields.Date("To")
    product_ids = fields.Many2many("product.product", string="Products")
    categ_ids = fields.Many2many("product.category", string="Product Categories")
    warehouse_ids = fields.Many2many("stock.warehouse", string="Warehouses")
    partner_ids = fields.Many2many("res.partner", string="Customers")
    user_ids = fields.Many2many("res.users", string="Salespeople")

    def _domain_and_filters(self):
        self.ensure_one()
        domain, filters = [], []
        if self.date_from:
            domain.append(("date", ">=", fields.Datetime.to_string(fields.Datetime.to_datetime(self.date_from))))
            filters.append([self._fields["date_from"].get_description(self.env)["string"], fields.Date.to_string(self.date_from)])
        if self.date_to:
            domain.append(("date", "<", fields.Datetime.to_string(fields.Datetime.to_datetime(fields.Date.add(self.date_to, days=1)))))
            filters.append([self._fields["date_to"].get_description(self.env)["string"], fields.Date.to_string(self.date_to)])
        for fname, report_field in (("product_ids", "product_id"), ("categ_ids", "categ_id"), ("warehouse_ids", "warehouse_id"),
                                    ("partner_ids", "partner_id"), ("user_ids", "user_id")):
            if self[fname]:
                domain.append((report_field, "in", self[fname].ids))
                filters.append([self._fields[fname].get_description(self.env)["string"], ", ".join(self[fname].mapped("display_name"))])
        if not filters:
            filters.append([self.env._("Filters"), self.env._("None (all lots)")])
        return domain, filters

    def action_export(self):
        domain, filters = self._domain_and_filters()
        return self.env.ref("hyc_inventory_batch.action_report_lot_margin_xlsx").report_action(
            self, data={"domain": domain, "filters": filters}, config=False)
