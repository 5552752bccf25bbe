"""Material issues from stock to a project, and returns.

Odoo's project_stock_account (pickings with a project, operation types with "analytic costs")
is a declared dependency: it posts the issued materials as the project's analytic items.
"""

from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _prepare_analytic_line_values(self, account_field_values, amount, unit_amount):
        # project_stock_account posts material issues/returns of a project's pickings as
        # analytic items; with the product on them the budget knows their category.
        values = super()._prepare_analytic_line_values(account_field_values, amount, unit_amount)
        values["product_id"] = self.product_id.id
        return values

    def _hyc_budget_amount(self):
        """Cost a move adds to its picking's project: issues add, returns (into stock) subtract."""
        self.ensure_one()
        qty = self.product_uom._compute_quantity(self.quantity or self.product_uom_qty, self.product_id.uom_id)
        amount = qty * self.product_id.standard_price
        if self.location_dest_id._should_be_valued() and not self.location_id._should_be_valued():
            amount = -amount
        return self.company_id.currency_id.round(amount)


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _hyc_budget_items(self):
        self.ensure_one()
        if not (self.project_id and self.picking_type_id.analytic_costs):
            return []
        Category = self.env["hyc.budget.category"]
        return [
            (self.project_id, Category._hyc_category_for(move.product_id, False, self.company_id),
             move._hyc_budget_amount())
            for move in self.move_ids
            if move.state not in ("done", "cancel")
        ]

    def _hyc_counted_items(self):
        """Odoo's analytic estimate of this picking's picked moves, already in actual."""
        self.ensure_one()
        return [
            (aal.hyc_project_id, aal.hyc_budget_category_id, -aal.amount)
            for aal in self.move_ids.sudo().analytic_account_line_ids
            if aal.hyc_project_id
        ]

    def button_validate(self):
        # Material issues to a project are checked like purchases (estimated at the
        # product's cost); returns only free budget.
        for picking in self.filtered(lambda p: p.state not in ("done", "cancel")):
            action = self.env["hyc.project.budget.line"]._hyc_enforce(
                picking._hyc_budget_items(), picking, counted_items=picking._hyc_counted_items()
            )
            if action:
                return action
        return super().button_validate()
