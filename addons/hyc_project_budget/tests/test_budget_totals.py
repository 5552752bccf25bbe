from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import BudgetCase


@tagged("post_install", "-at_install")
class TestRunningTotals(BudgetCase):
    """The budget check reads running committed/actual totals kept on the budget line in
    the transactions that change their sources; they always equal the source aggregates."""

    def test_long_mixed_sequence_keeps_totals_equal_to_the_aggregates(self):
        steel_po = self._po(self.steel, 10, 5000.0)
        steel_po.button_confirm()  # committed 50,000
        self.assertTotalsMatchSources()
        labour_po = self._po(self.install_service, 20, 1000.0)
        labour_po.button_confirm()  # labour committed 20,000
        half_po = self._po(self.welding, 2, 10000.0, distribution={str(self.account.id): 50.0})
        half_po.button_confirm()  # subcontracting committed 10,000
        self.assertEqual(self._figures(self.line_sub), (100000.0, 10000.0, 0.0, 90000.0))
        bill = self._bill(steel_po.order_line, 4)
        bill.action_post()  # 20,000 from committed to actual
        self.assertEqual(self._figures(self.line_materials), (100000.0, 30000.0, 20000.0, 50000.0))
        self.assertTotalsMatchSources()
        second = self._bill(steel_po.order_line, 3)
        second.action_post()
        second.button_draft()  # back: its analytic items are deleted, the commitment returns
        self.assertEqual(self._figures(self.line_materials), (100000.0, 30000.0, 20000.0, 50000.0))
        second.button_cancel()
        self.assertTotalsMatchSources()
        draft_po = self._po(self.steel, 1, 1000.0)
        draft_po.button_confirm()
        draft_po.button_cancel()  # cancelled: no longer committed
        self.assertEqual(self._figures(self.line_materials)[1], 30000.0)
        draft_po.button_draft()
        draft_po.button_confirm()  # committed again
        self.assertEqual(self._figures(self.line_materials)[1], 31000.0)
        # a confirmed order's quantity raised: its commitment follows
        labour_po.order_line.product_qty = 25
        self.assertEqual(self._figures(self.line_labour)[1], 25000.0)
        # a line moved to another project leaves this budget
        other = self.env["project.project"].create({"name": "Other site"})
        other._create_analytic_account()
        half_po.order_line.analytic_distribution = {str(other.account_id.id): 100.0}
        self.assertEqual(self._figures(self.line_sub)[1], 0.0)
        self._direct_bill(self.install_service, 2, 1500.0).action_post()  # labour actual 3,000
        self.assertEqual(self._figures(self.line_labour), (50000.0, 25000.0, 3000.0, 22000.0))
        po_line = steel_po.order_line
        refund = self.env["account.move"].create({
            "move_type": "in_refund", "partner_id": self.vendor.id, "invoice_date": "2026-12-02",
            "invoice_line_ids": [Command.create({
                "product_id": self.steel.id, "quantity": 1, "price_unit": 5000.0, "tax_ids": False,
                "purchase_line_id": po_line.id, "analytic_distribution": po_line.analytic_distribution,
            })],
        })
        refund.action_post()  # a refund of one unit: actual -5,000, one unit committed again
        self.assertEqual(self._figures(self.line_materials), (100000.0, 36000.0, 15000.0, 49000.0))
        self.assertTotalsMatchSources()
        # a deleted draft order never counted; unlinking a cancelled one changes nothing
        draft_po.button_cancel()
        draft_po.unlink()
        self.assertEqual(self._figures(self.line_materials)[1], 35000.0)
        self.assertTotalsMatchSources()

    def test_a_budget_created_later_counts_what_the_project_already_committed(self):
        project = self.env["project.project"].create({"name": "Late budget"})
        project._create_analytic_account()
        dist = {str(project.account_id.id): 100.0}
        self._po(self.steel, 3, 1000.0, distribution=dist).button_confirm()
        budget = self.env["hyc.project.budget"].create({
            "project_id": project.id,
            "line_ids": [Command.create({"category_id": self.materials.id, "amount": 5000.0})],
        })
        self.assertEqual(self._figures(budget.line_ids), (5000.0, 3000.0, 0.0, 2000.0))
        budget.action_approve()
        with self.assertRaises(UserError):
            self._po(self.steel, 1, 2000.01, distribution=dist, user=self.buyer).button_confirm()
        self.assertTotalsMatchSources(budget)

    def test_a_project_given_another_analytic_account_counts_that_accounts_costs(self):
        # an order and a bill charged to an account no project owns yet, and the
        # project's own order on its current account
        loose = self.env["account.analytic.account"].create({
            "name": "Wuxi site (old books)", "plan_id": self.account.plan_id.id,
        })
        loose_dist = {str(loose.id): 100.0}
        self._po(self.steel, 2, 10000.0, distribution=loose_dist).button_confirm()      # 20,000 committed
        self._direct_bill_on(loose_dist, self.steel, 1, 7000.0).action_post()           # 7,000 actual
        self._po(self.steel, 3, 10000.0).button_confirm()                               # 30,000 on the project
        self.assertEqual(self._figures(self.line_materials)[1:3], (30000.0, 0.0))
        old_account = self.account
        self.project.account_id = loose
        self.assertEqual(self._figures(self.line_materials)[1:3], (20000.0, 7000.0))
        self.assertTotalsMatchSources()
        self.project.account_id = old_account  # and back
        self.assertEqual(self._figures(self.line_materials)[1:3], (30000.0, 0.0))
        self.assertTotalsMatchSources()

    def test_a_budgeted_project_keeps_an_analytic_account_of_its_own(self):
        # another project on the budgeted project's account: refused
        # (assertRaises: its savepoint rolls back what the refused call wrote, as the request would)
        with self.assertRaises(ValidationError) as caught:
            self.env["project.project"].create({"name": "Wuxi phase 2", "account_id": self.account.id})
        self.assertIn("analytic account of its own", str(caught.exception))
        phase2 = self.env["project.project"].create({"name": "Wuxi phase 2"})
        with self.assertRaises(ValidationError) as caught:
            phase2.account_id = self.account
        self.assertIn("Fire-drill simulator, Wuxi", str(caught.exception))
        # two projects sharing an account: neither may get a budget
        shared = self.env["account.analytic.account"].create({"name": "Shared", "plan_id": self.account.plan_id.id})
        one, two = self.env["project.project"].create([{"name": "One", "account_id": shared.id},
                                                       {"name": "Two", "account_id": shared.id}])
        with self.assertRaises(ValidationError) as caught:
            self.env["hyc.project.budget"].create({
                "project_id": one.id, "line_ids": [Command.create({"category_id": self.materials.id, "amount": 1.0})],
            })
        self.assertRegex(str(caught.exception), "One, Two|Two, One")
        self.assertFalse(one.hyc_budget_ids | two.hyc_budget_ids)
        # once the other moves to its own account, it may
        two._create_analytic_account()
        self.env["hyc.project.budget"].create({
            "project_id": one.id, "line_ids": [Command.create({"category_id": self.materials.id, "amount": 1.0})],
        })
        self.assertEqual(len(one.hyc_budget_ids), 1)

    def _direct_bill_on(self, distribution, product, qty, price):
        return self.env["account.move"].create({
            "move_type": "in_invoice", "partner_id": self.vendor.id, "invoice_date": "2026-12-01",
            "invoice_line_ids": [Command.create({
                "product_id": product.id, "quantity": qty, "price_unit": price, "tax_ids": False,
                "analytic_distribution": distribution,
            })],
        })

    def test_a_category_added_by_revision_counts_existing_costs(self):
        overheads = self.env.ref("hyc_project_budget.category_overheads")
        rent = self._product("Site office rent", self.env.ref("product.product_category_all"), "service")
        overheads.product_ids = [Command.link(rent.id)]
        self._po(rent, 1, 3000.0).button_confirm()
        self.env["hyc.budget.revise.wizard"].create({
            "budget_id": self.budget.id, "category_id": overheads.id, "new_amount": 8000.0,
            "reason": "Site office",
        }).action_revise()
        line = self.budget.line_ids.filtered(lambda bl: bl.category_id == overheads)
        self.assertEqual(self._figures(line), (8000.0, 3000.0, 0.0, 5000.0))
        self.assertTotalsMatchSources()

    def test_reconciliation_repairs_drifted_totals(self):
        self._po(self.steel, 10, 5000.0).button_confirm()
        self.env.flush_all()
        # a change made behind the ORM's back (a SQL script)
        self.env.cr.execute(
            "UPDATE hyc_project_budget_line SET committed_total = 1, actual_total = 2 WHERE id = %s",
            [self.line_materials.id],
        )
        self.line_materials.invalidate_recordset()
        self.assertEqual(self._figures(self.line_materials)[1:3], (1.0, 2.0))
        self.assertEqual(self.env["hyc.project.budget.line"]._hyc_reconcile(), 1)  # the one line corrected
        self.assertEqual(self._figures(self.line_materials), (100000.0, 50000.0, 0.0, 50000.0))
        self.assertTotalsMatchSources()

    def test_the_reconciliation_cron_runs(self):
        cron = self.env.ref("hyc_project_budget.cron_reconcile_budget_totals")
        self._po(self.steel, 1, 700.0).button_confirm()
        cron.method_direct_trigger()
        self.assertEqual(self._figures(self.line_materials)[1], 700.0)

    def test_the_check_is_one_locked_read_whatever_the_number_of_commitments(self):
        self.env["purchase.order"].create({
            "partner_id": self.vendor.id,
            "order_line": [Command.create({
                "product_id": self.steel.id, "product_qty": 1, "price_unit": 10.0, "taxes_id": False,
                "analytic_distribution": {str(self.account.id): 100.0},
            }) for _i in range(50)],
        }).button_confirm()
        Line = self.env["hyc.project.budget.line"].sudo()
        demands = {self.line_materials.sudo(): 100.0}
        Line._hyc_lock_and_decide(demands)  # the budget line is in the cache now
        with self.assertQueryCount(1):
            (line, decision), = Line._hyc_lock_and_decide(demands)
        self.assertEqual((line, decision.committed, decision.available), (self.line_materials, 500.0, 99500.0))
