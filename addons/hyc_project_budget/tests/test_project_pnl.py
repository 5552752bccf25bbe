from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import BudgetCase


@tagged("post_install", "-at_install")
class TestDemoScenario(BudgetCase):
    """The demo story's figures: Wuxi healthy and profitable, Suzhou at risk on materials."""

    def test_wuxi_contract_pnl(self):
        wuxi = self.env.ref("hyc_project_budget.demo_project_healthy")
        self.assertEqual(
            (wuxi.hyc_revenue_invoiced, wuxi.hyc_revenue_to_invoice, wuxi.hyc_cost_total, wuxi.hyc_profit,
             wuxi.hyc_margin_pct, wuxi.hyc_overdue_receivable),
            (150000.0, 150000.0, 40000.0, 110000.0, 73.33, 150000.0),
        )

    def test_wuxi_contract_pnl_per_contract(self):
        """Wuxi's two contracts: the training system (its frames bought through its RFQ line)
        and the three-year maintenance contract, not invoiced yet."""
        wuxi = self.env.ref("hyc_project_budget.demo_project_healthy")
        equipment = self.env.ref("hyc_project_budget.demo_so_wuxi")
        maintenance = self.env.ref("hyc_project_budget.demo_so_wuxi_maintenance")
        self.assertEqual(wuxi.hyc_contract_ids, equipment | maintenance)
        pnl = wuxi._hyc_contract_pnl()[wuxi.id]
        figures = ("revenue", "to_invoice", "cost", "expenses", "profit", "received", "outstanding", "overdue")
        self.assertEqual(
            [(row["contract_id"], row["reference"], *(row[f] for f in figures)) for row in pnl["rows"]],
            [
                (equipment.id, "设备销售合同 WX-2026-01", 150000.0, 150000.0, 40000.0, 0.0, 110000.0, 0.0, 150000.0, 150000.0),
                (maintenance.id, "三年维保合同 WX-2026-02", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
                (False, "", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
            ],
        )
        total = pnl["total"]
        self.assertEqual(
            (total["revenue"], total["to_invoice"], total["cost"] + total["expenses"], total["profit"],
             total["margin_pct"], total["overdue"]),
            (wuxi.hyc_revenue_invoiced, wuxi.hyc_revenue_to_invoice, wuxi.hyc_cost_total, wuxi.hyc_profit,
             wuxi.hyc_margin_pct, wuxi.hyc_overdue_receivable),
        )

    def test_wuxi_budget_position(self):
        wuxi = self.env.ref("hyc_project_budget.demo_project_healthy")
        budget = self.env.ref("hyc_project_budget.demo_budget_healthy")
        materials = budget.line_ids.filtered(lambda bl: bl.category_id == self.materials)
        labour = budget.line_ids.filtered(lambda bl: bl.category_id == self.labour)
        self.assertEqual(self._figures(materials), (200000.0, 20000.0, 40000.0, 140000.0))
        self.assertEqual(self._figures(labour), (80000.0, 18000.0, 0.0, 62000.0))
        self.assertEqual(
            (wuxi.hyc_budget_amount, wuxi.hyc_committed_amount, wuxi.hyc_actual_amount, wuxi.hyc_available_amount),
            (360000.0, 38000.0, 40000.0, 282000.0),
        )
        self.assertEqual(wuxi.hyc_budget_status, "ok")

    def test_suzhou_is_at_risk_and_its_draft_order_is_blocked(self):
        suzhou = self.env.ref("hyc_project_budget.demo_project_at_risk")
        self.assertEqual(suzhou.hyc_budget_status, "at_risk")
        self.assertEqual(suzhou.hyc_committed_amount, 92000.0)
        at_risk = self.env["project.project"].search([("hyc_budget_status", "in", ["over", "at_risk"])])
        self.assertIn(suzhou, at_risk)
        self.assertNotIn(self.env.ref("hyc_project_budget.demo_project_healthy"), at_risk)
        po = self.env.ref("hyc_project_budget.demo_po_suzhou_over").with_user(self.buyer)
        with self.assertRaises(UserError) as caught:
            po.button_confirm()
        self.assertIn(f"available {self.money(8000)}", str(caught.exception))
        self.assertIn(f"needs {self.money(16000)}", str(caught.exception))

    def test_over_budget_filter(self):
        self.env.ref("hyc_project_budget.demo_po_suzhou_over").with_context(
            hyc_budget_override_reason="Second smoke room ordered by the client").button_confirm()
        suzhou = self.env.ref("hyc_project_budget.demo_project_at_risk")
        self.assertEqual(suzhou.hyc_budget_status, "over")
        over = self.env["project.project"].search([("hyc_budget_status", "=", "over")])
        self.assertIn(suzhou, over)
        within = self.env["project.project"].search([("hyc_budget_status", "=", "ok")])
        self.assertIn(self.env.ref("hyc_project_budget.demo_project_healthy"), within)

    def test_pnl_is_hidden_from_project_managers(self):
        pm = new_test_user(self.env, login="hyc_pm_pnl", groups="base.group_user,hyc_project_budget.group_project_manager")
        fields = self.env["project.project"].with_user(pm).fields_get()
        self.assertNotIn("hyc_profit", fields)
        self.assertIn("hyc_budget_amount", fields)
        finance = new_test_user(self.env, login="hyc_fin_pnl", groups="base.group_user,hyc_project_budget.group_finance")
        self.assertIn("hyc_profit", self.env["project.project"].with_user(finance).fields_get())
