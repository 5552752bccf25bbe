from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

REASON = "Client change order 7 adds a second smoke room"


@tagged("post_install", "-at_install")
class TestBudgetOverrideTour(HttpCase):
    """In the browser, management overrides a blocking budget with a written reason: the
    order is confirmed and the reason is logged on the order and on the budget."""

    def test_management_overrides_with_a_reason(self):
        materials = self.env.ref("hyc_project_budget.category_materials")
        materials.write({"policy": "block", "tolerance_pct": 0.0, "approval_amount": 0.0})
        product = self.env["product.product"].create({"name": "Tour smoke generator", "type": "service"})
        materials.product_ids = [Command.link(product.id)]
        project = self.env["project.project"].create({"name": "Tour override project"})
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
        new_test_user(self.env, login="hyc_tour_manager", name="Manager Wang",
                      groups="base.group_user,hyc_project_budget.group_management")
        self.start_tour(f"/odoo/action-purchase.purchase_rfq/{po.id}",
                        "hyc_project_budget_override_tour", login="hyc_tour_manager")
        self.assertEqual(po.state, "purchase")
        line = budget.line_ids
        line.invalidate_recordset()
        self.assertEqual((line.committed_amount, line.available_amount), (1500.0, -500.0))
        logged = f"Budget exceeded, overridden by Manager Wang. Reason: {REASON}"
        self.assertTrue(any(logged in message.body for message in po.message_ids),
                        "the reason is logged on the order")
        self.assertTrue(any(logged in message.body and po.name in message.body for message in budget.message_ids),
                        "the reason is logged on the budget, naming the order")
