from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestOverBudgetTour(HttpCase):
    """In the browser, a buyer confirming an over-budget order sees the blocking message."""

    def test_buyer_sees_the_blocking_message(self):
        materials = self.env.ref("hyc_project_budget.category_materials")
        materials.write({"policy": "block", "tolerance_pct": 0.0})
        product = self.env["product.product"].create({"name": "Tour steel", "type": "service"})
        materials.product_ids = [Command.link(product.id)]
        project = self.env["project.project"].create({"name": "Tour rig project"})
        project._create_analytic_account()
        budget = self.env["hyc.project.budget"].create({
            "project_id": project.id,
            "line_ids": [Command.create({"category_id": materials.id, "amount": 1000.0})],
        })
        budget.action_approve()
        vendor = self.env["res.partner"].create({"name": "Tour vendor"})
        po = self.env["purchase.order"].create({
            "partner_id": vendor.id,
            "order_line": [Command.create({
                "product_id": product.id, "product_qty": 1, "price_unit": 1500.0, "taxes_id": False,
                "analytic_distribution": {str(project.account_id.id): 100.0},
            })],
        })
        new_test_user(self.env, login="hyc_tour_buyer",
                      groups="base.group_user,hyc_project_budget.group_purchasing")
        with mute_logger("odoo.http"):  # the refusal is a UserError, logged as a warning
            self.start_tour(f"/odoo/action-purchase.purchase_rfq/{po.id}",
                            "hyc_project_budget_over_budget_po_tour", login="hyc_tour_buyer")
        self.assertEqual(po.state, "draft")
