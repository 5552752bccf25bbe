from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _hyc_rfq_distribution(self, line):
        """The project's analytic distribution, else the sale line's own."""
        account = self.project_id.account_id
        if account:
            return {str(account.id): 100.0}
        return line.analytic_distribution or False

    def action_hyc_create_rfqs(self):
        """Request for quotations for the goods of a confirmed sale, one per vendor (the
        product's preferred vendor), carrying the project's analytic distribution so that
        the budget controls them when they are confirmed.  Quantities already requested
        from earlier RFQs of the same sale line are not requested again."""
        self.ensure_one()
        if self.state != "sale":
            raise UserError(self.env._("Confirm the sales order before requesting quotations."))
        PurchaseLine = self.env["purchase.order.line"]
        by_vendor = {}
        for line in self.order_line.filtered(lambda sol: not sol.display_type and sol.product_id.purchase_ok):
            product = line.product_id
            if "service_to_purchase" in product._fields and product.service_to_purchase:
                continue  # Odoo's sale_purchase already buys these services
            requested = sum(
                PurchaseLine.search([("hyc_sale_line_id", "=", line.id), ("state", "!=", "cancel")]).mapped(
                    lambda pol, uom=line.product_uom: pol.product_uom._compute_quantity(pol.product_qty, uom)
                )
            )
            qty = line.product_uom_qty - requested
            if qty <= 0:
                continue
            seller = product._select_seller(quantity=qty, uom_id=line.product_uom)
            if not seller:
                continue
            by_vendor.setdefault(seller.partner_id, []).append((line, qty))
        if not by_vendor:
            raise UserError(self.env._("Nothing left to request: every product is requested or has no vendor."))
        orders = self.env["purchase.order"]
        for vendor, lines in by_vendor.items():
            order = orders.create({
                "partner_id": vendor.id,
                "origin": self.name,
                "company_id": self.company_id.id,
                "order_line": [
                    fields.Command.create({
                        "product_id": line.product_id.id,
                        "product_qty": qty,
                        "product_uom": line.product_uom.id,
                        "analytic_distribution": self._hyc_rfq_distribution(line),
                        "hyc_sale_line_id": line.id,
                    })
                    for line, qty in lines
                ],
            })
            orders |= order
        self.message_post(body=self.env._("Requests for quotation created: %(orders)s",
                                          orders=", ".join(orders.mapped("name"))))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Requests for Quotation"),
            "res_model": "purchase.order",
            "view_mode": "list,form",
            "domain": [("id", "in", orders.ids)],
        }
