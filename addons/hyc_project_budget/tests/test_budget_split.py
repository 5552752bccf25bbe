from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BudgetCase


@tagged("post_install", "-at_install")
class TestLineSplitOverProjects(BudgetCase):
    """A purchase line distributed 60 % to the Wuxi project (materials 100,000) and 40 % to
    a second project (materials 20,000): each project checks and commits its share."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project_b = cls.env["project.project"].create({"name": "Smoke-room trainer, Changzhou"})
        cls.project_b._create_analytic_account()
        cls.budget_b = cls.env["hyc.project.budget"].create({
            "project_id": cls.project_b.id,
            "line_ids": [Command.create({"category_id": cls.materials.id, "amount": 20000.0})],
        })
        cls.budget_b.action_approve()
        cls.line_b = cls.budget_b.line_ids
        cls.split = {str(cls.account.id): 60.0, str(cls.project_b.account_id.id): 40.0}

    def assertBothMatchSources(self):
        self.assertTotalsMatchSources(self.budget)
        self.assertTotalsMatchSources(self.budget_b)

    def test_confirmation_commits_each_projects_share(self):
        po = self._po(self.steel, 10, 1000.0, distribution=self.split, user=self.buyer)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")
        self.assertEqual(po.order_line.hyc_project_id, self.project)  # the first project, for display
        self.assertEqual(po.order_line.hyc_committed_amount, 10000.0)
        self.assertEqual(self._figures(self.line_materials), (100000.0, 6000.0, 0.0, 94000.0))
        self.assertEqual(self._figures(self.line_b), (20000.0, 4000.0, 0.0, 16000.0))
        self.assertEqual(self.project_b.hyc_committed_amount, 4000.0)
        self.assertBothMatchSources()

    def test_the_second_projects_share_is_blocked_even_if_the_first_fits(self):
        self._po(self.steel, 1, 17000.0, distribution={str(self.project_b.account_id.id): 100.0}).button_confirm()
        po = self._po(self.steel, 10, 1000.0, distribution=self.split, user=self.buyer)
        with self.assertRaises(UserError) as caught:
            po.button_confirm()
        message = str(caught.exception)
        # B: 20,000 - 17,000 committed = 3,000 available, its 40 % needs 4,000
        self.assertIn("Smoke-room trainer, Changzhou", message)
        for figure in (f"budget {self.money(20000)}", f"committed {self.money(17000)}",
                       f"available {self.money(3000)}", f"needs {self.money(4000)}", f"by {self.money(1000)}"):
            self.assertIn(figure, message)
        self.assertNotIn("Fire-drill simulator, Wuxi", message)  # A's 6,000 fits
        self.assertEqual(po.state, "draft")
        self.assertEqual(self._figures(self.line_materials)[1], 0.0)
        self.assertEqual(self._figures(self.line_b)[1], 17000.0)

    def test_a_partial_bill_releases_both_shares_proportionally(self):
        po = self._po(self.steel, 10, 1000.0, distribution=self.split)
        po.button_confirm()
        bill = self._bill(po.order_line, 4, user=self.buyer)
        bill.with_user(self.buyer).action_post()
        # 4,000 billed: 2,400 of A's 6,000 and 1,600 of B's 4,000 move to actual
        self.assertEqual(self._figures(self.line_materials), (100000.0, 3600.0, 2400.0, 94000.0))
        self.assertEqual(self._figures(self.line_b), (20000.0, 2400.0, 1600.0, 16000.0))
        self.assertBothMatchSources()
        bill.button_draft()
        self.assertEqual(self._figures(self.line_materials), (100000.0, 6000.0, 0.0, 94000.0))
        self.assertEqual(self._figures(self.line_b), (20000.0, 4000.0, 0.0, 16000.0))
        self.assertBothMatchSources()

    def test_a_bill_is_checked_per_project_on_what_it_adds(self):
        po = self._po(self.steel, 10, 1000.0, distribution=self.split)
        po.button_confirm()
        # fill B up to its budget: 20,000 = 4,000 committed by the split line + 16,000
        self._po(self.steel, 1, 16000.0, distribution={str(self.project_b.account_id.id): 100.0}).button_confirm()
        # billing the split line at its price only turns commitments into cost: allowed
        self._bill(po.order_line, 5, user=self.buyer).with_user(self.buyer).action_post()
        self.assertEqual(self._figures(self.line_b), (20000.0, 18000.0, 2000.0, 0.0))
        # 5 more at 1,100: B's 40 % adds 200 over what it releases, and B has nothing left
        dearer = self._bill(po.order_line, 5, price=1100.0, user=self.buyer)
        with self.assertRaises(UserError) as caught:
            dearer.with_user(self.buyer).action_post()
        self.assertIn("Smoke-room trainer, Changzhou", str(caught.exception))
        self.assertIn(f"needs {self.money(200)}", str(caught.exception))
        self.assertNotIn("Fire-drill simulator, Wuxi", str(caught.exception))

    def test_changes_after_confirmation_follow_the_split(self):
        po = self._po(self.steel, 10, 1000.0, distribution=self.split)
        po.button_confirm()
        po.order_line.product_qty = 5  # 5,000: 3,000 and 2,000
        self.assertEqual((self._figures(self.line_materials)[1], self._figures(self.line_b)[1]), (3000.0, 2000.0))
        po.order_line.analytic_distribution = {str(self.account.id): 100.0}  # all on A now
        self.assertEqual((self._figures(self.line_materials)[1], self._figures(self.line_b)[1]), (5000.0, 0.0))
        po.order_line.analytic_distribution = {str(self.account.id): 30.0, str(self.project_b.account_id.id): 70.0}
        self.assertEqual((self._figures(self.line_materials)[1], self._figures(self.line_b)[1]), (1500.0, 3500.0))
        self.assertBothMatchSources()
        po.button_cancel()
        self.assertEqual((self._figures(self.line_materials)[1], self._figures(self.line_b)[1]), (0.0, 0.0))
        po.button_draft()
        po.button_confirm()
        self.assertEqual((self._figures(self.line_materials)[1], self._figures(self.line_b)[1]), (1500.0, 3500.0))
        self.assertBothMatchSources()
        po.button_cancel()
        po.unlink()
        self.assertEqual((self._figures(self.line_materials)[1], self._figures(self.line_b)[1]), (0.0, 0.0))
        self.assertBothMatchSources()

    def test_reconciliation_recounts_the_split(self):
        po = self._po(self.steel, 10, 1000.0, distribution=self.split)
        po.button_confirm()
        self.env.flush_all()
        # drift left by SQL scripts: both totals and the line's own record of what it counts
        self.env.cr.execute(
            "UPDATE hyc_project_budget_line SET committed_total = 0 WHERE id IN %s",
            [(self.line_materials.id, self.line_b.id)],
        )
        self.env.cr.execute("UPDATE purchase_order_line SET hyc_counted = NULL WHERE id = %s", [po.order_line.id])
        self.env.invalidate_all()
        # the purchase line and both budget lines corrected
        self.assertEqual(self.env["hyc.project.budget.line"]._hyc_reconcile(), 3)
        self.assertEqual(self._figures(self.line_materials), (100000.0, 6000.0, 0.0, 94000.0))
        self.assertEqual(self._figures(self.line_b), (20000.0, 4000.0, 0.0, 16000.0))
        self.assertEqual(po.order_line.hyc_counted, {str(self.line_materials.id): 6000.0, str(self.line_b.id): 4000.0})
        self.assertBothMatchSources()

    def test_a_budget_created_later_counts_its_share_of_split_lines(self):
        project_c = self.env["project.project"].create({"name": "Late budget"})
        project_c._create_analytic_account()
        dist = {str(self.account.id): 75.0, str(project_c.account_id.id): 25.0}
        self._po(self.steel, 4, 1000.0, distribution=dist).button_confirm()
        budget_c = self.env["hyc.project.budget"].create({
            "project_id": project_c.id,
            "line_ids": [Command.create({"category_id": self.materials.id, "amount": 5000.0})],
        })
        self.assertEqual(self._figures(budget_c.line_ids), (5000.0, 1000.0, 0.0, 4000.0))
        self.assertEqual(self._figures(self.line_materials)[1], 3000.0)
        self.assertTotalsMatchSources(budget_c)
        budget_c.unlink()  # the purchase line stops counting on the deleted line
        self.assertTotalsMatchSources(self.budget)
        self.assertEqual(self.env["hyc.project.budget.line"]._hyc_reconcile(), 0)
