import logging

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged

from odoo.addons.hyc_project_budget.tests.common import race

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestExpenseApprovalRace(TransactionCase):
    """Two approvers approve two expense reports at the same moment on a blocking budget
    that has room for one: approvals do not change the running totals, so the check
    touches the locked budget line to make the second one fail to serialise."""

    def _committed_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            overheads = env.ref("hyc_project_budget.category_overheads")
            policy = (overheads.policy, overheads.tolerance_pct)
            overheads.write({"policy": "block", "tolerance_pct": 0.0})
            product = env["product.product"].create({
                "name": "Race taxi", "can_be_expensed": True, "standard_price": 0.0, "type": "service",
            })
            project = env["project.project"].create({"name": "Race expense project"})
            project._create_analytic_account()
            budget = env["hyc.project.budget"].create({
                "project_id": project.id,
                "line_ids": [Command.create({"category_id": overheads.id, "amount": 10000.0})],
            })
            budget.action_approve()
            employee = env["hr.employee"].create({"name": "Race engineer"})
            sheets = env["hr.expense.sheet"].create([{
                "name": f"Race report {i}", "employee_id": employee.id,
                "expense_line_ids": [Command.create({
                    "name": "Taxi", "employee_id": employee.id, "product_id": product.id,
                    "total_amount_currency": 6000.0, "tax_ids": [Command.clear()], "payment_mode": "own_account",
                    "analytic_distribution": {str(project.account_id.id): 100.0},
                })],
            } for i in range(2)])
            sheets.action_submit_sheet()
            ids = {"sheets": sheets.ids, "product": product.id, "project": project.id,
                   "account": project.account_id.id, "budget": budget.id, "employee": employee.id,
                   "policy": policy}
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup, ids)
        return ids

    def _cleanup(self, ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            sheets = env["hr.expense.sheet"].browse(ids["sheets"])
            sheets.filtered(lambda s: s.state != "submit").action_reset_expense_sheets()
            expenses = sheets.expense_line_ids
            sheets.unlink()
            expenses.exists().unlink()
            env["hyc.project.budget"].browse(ids["budget"]).unlink()
            env["project.project"].browse(ids["project"]).unlink()
            env["account.analytic.account"].browse(ids["account"]).exists().unlink()
            env["hr.employee"].browse(ids["employee"]).unlink()
            env["product.product"].browse(ids["product"]).unlink()
            policy, tolerance = ids["policy"]
            env.ref("hyc_project_budget.category_overheads").write({"policy": policy, "tolerance_pct": tolerance})
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_concurrent_approvals_never_exceed_a_blocking_budget(self):
        ids = self._committed_fixture()
        results = race(
            self.registry, ids["sheets"],
            begin=lambda env, sid: env["hr.expense.sheet"].browse(sid).expense_line_ids.mapped("total_amount"),
            act=lambda env, sid: env["hr.expense.sheet"].browse(sid).action_approve_expense_sheets(),
        )
        _logger.info("expense approval race results: %s", results)
        self.assertEqual(len(results), 2, results)
        approved = [sid for sid, result in results.items() if result == "done"]
        self.assertEqual(len(approved), 1, f"exactly one approval must succeed: {results}")
        loser = next(sid for sid in ids["sheets"] if sid not in approved)
        self.assertTrue(results[loser] == "serialization_failure" or results[loser][0] == "blocked", results[loser])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            sheets = env["hr.expense.sheet"].browse(ids["sheets"])
            self.assertEqual(sorted(sheets.mapped("state")), ["approve", "submit"])
            # Odoo's retry sees the approved report as committed and refuses the second
            action = env["hr.expense.sheet"].browse(loser).action_approve_expense_sheets()
            wizard = env["hyc.budget.check.wizard"].browse(action["res_id"])
            self.assertEqual(wizard.mode, "override")
            symbol = env.company.currency_id.symbol
            self.assertIn(f"committed {symbol}6,000.00", wizard.message)
            self.assertIn(f"available {symbol}4,000.00", wizard.message)
            cr.rollback()
