from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BudgetCase


@tagged("post_install", "-at_install")
class TestSalesDrivenRfqs(BudgetCase):
    """A confirmed sale of a project turns into RFQs per vendor with the project's distribution."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor_b = cls.env["res.partner"].create({"name": "Suzhou Electronics"})
        cls.steel.write({"sale_ok": True, "seller_ids": [Command.create({"partner_id": cls.vendor.id, "price": 4000.0})]})
        cls.panel = cls.env["product.product"].create({
            "name": "Control panel", "categ_id": cls.categ_materials.id, "type": "consu", "sale_ok": True,
            "seller_ids": [Command.create({"partner_id": cls.vendor_b.id, "price": 2500.0})],
        })
        cls.beam = cls.env["product.product"].create({
            "name": "Steel beam", "categ_id": cls.categ_steel.id, "type": "consu", "sale_ok": True,
            "seller_ids": [Command.create({"partner_id": cls.vendor.id, "price": 300.0})],
        })
        cls.customer = cls.env["res.partner"].create({"name": "Wuxi school"})
        cls.so = cls.env["sale.order"].create({
            "partner_id": cls.customer.id,
            "project_id": cls.project.id,
            "order_line": [
                Command.create({"product_id": cls.steel.id, "product_uom_qty": 5, "price_unit": 9000.0}),
                Command.create({"product_id": cls.panel.id, "product_uom_qty": 2, "price_unit": 6000.0}),
                Command.create({"product_id": cls.beam.id, "product_uom_qty": 10, "price_unit": 800.0}),
            ],
        })

    def test_draft_sale_cannot_request(self):
        with self.assertRaises(UserError):
            self.so.action_hyc_create_rfqs()

    def test_rfqs_grouped_by_vendor_with_the_project_distribution(self):
        self.so.action_confirm()
        action = self.so.with_user(self.buyer).action_hyc_create_rfqs()
        orders = self.env["purchase.order"].search(action["domain"])
        self.assertEqual(len(orders), 2)
        steel_po = orders.filtered(lambda po: po.partner_id == self.vendor)
        panel_po = orders.filtered(lambda po: po.partner_id == self.vendor_b)
        self.assertEqual(sorted(steel_po.order_line.mapped("product_id.name")), ["Steel beam", "Steel frame"])
        self.assertEqual(steel_po.amount_untaxed, 5 * 4000.0 + 10 * 300.0)
        self.assertEqual(panel_po.order_line.product_qty, 2.0)
        self.assertEqual(steel_po.origin, self.so.name)
        for line in orders.order_line:
            self.assertEqual(line.analytic_distribution, {str(self.account.id): 100.0})
            self.assertEqual(line.hyc_project_id, self.project)
            self.assertEqual(line.hyc_budget_category_id, self.materials)
        # nothing is requested twice
        with self.assertRaises(UserError):
            self.so.action_hyc_create_rfqs()
        # the RFQs are budget-controlled when confirmed
        steel_po.button_confirm()
        self.assertEqual(self._figures(self.line_materials), (100000.0, 23000.0, 0.0, 77000.0))

    def test_only_the_missing_quantity_is_requested_again(self):
        self.so.action_confirm()
        self.so.action_hyc_create_rfqs()
        self.so.order_line.filtered(lambda sol: sol.product_id == self.panel).product_uom_qty = 3
        action = self.so.action_hyc_create_rfqs()
        order = self.env["purchase.order"].search(action["domain"])
        self.assertEqual((order.partner_id, order.order_line.product_qty), (self.vendor_b, 1.0))
