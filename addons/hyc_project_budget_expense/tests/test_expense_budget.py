from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestExpenseReportBudget(TransactionCase):
    """Expense reports charged to a project: checked against its budget when approved,
    actual cost once posted.  Overheads 10,000 (block), labour 5,000 (warn)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.currency = env.company.currency_id
        cls.overheads = env.ref("hyc_project_budget.category_overheads")
        cls.labour = env.ref("hyc_project_budget.category_labour")
        cls.overheads.write({"policy": "block", "tolerance_pct": 0.0})
        cls.labour.write({"policy": "warn", "tolerance_pct": 0.0})
        cls.taxi = env["product.product"].create({
            "name": "Taxi to the site", "can_be_expensed": True, "standard_price": 0.0, "type": "service",
        })
        cls.day_worker = env["product.product"].create({
            "name": "Day worker", "can_be_expensed": True, "standard_price": 0.0, "type": "service",
        })
        cls.labour.product_ids = [Command.link(cls.day_worker.id)]
        cls.project = env["project.project"].create({"name": "Smoke room, Changzhou"})
        cls.project._create_analytic_account()
        cls.account = cls.project.account_id
        cls.budget = env["hyc.project.budget"].create({
            "project_id": cls.project.id,
            "line_ids": [
                Command.create({"category_id": cls.overheads.id, "amount": 10000.0}),
                Command.create({"category_id": cls.labour.id, "amount": 5000.0}),
            ],
        })
        cls.budget.action_approve()
        cls.line_overheads = cls.budget.line_ids.filtered(lambda bl: bl.category_id == cls.overheads)
        cls.line_labour = cls.budget.line_ids.filtered(lambda bl: bl.category_id == cls.labour)
        cls.employee = env["hr.employee"].create({"name": "Site engineer Wang"})
        cls.approver = new_test_user(
            env, login="hyc_expense_approver", groups="base.group_user,hr_expense.group_hr_expense_manager",
        )
        cls.manager = new_test_user(
            env, login="hyc_expense_boss",
            groups="base.group_user,hr_expense.group_hr_expense_manager,hyc_project_budget.group_management",
        )

    def _report(self, product, amount, share=100.0):
        sheet = self.env["hr.expense.sheet"].create({
            "name": f"{product.name} {amount}",
            "employee_id": self.employee.id,
            "expense_line_ids": [Command.create({
                "name": product.name, "employee_id": self.employee.id, "product_id": product.id,
                "total_amount_currency": amount, "tax_ids": [Command.clear()], "payment_mode": "own_account",
                "analytic_distribution": {str(self.account.id): share},
            })],
        })
        sheet.action_submit_sheet()
        return sheet

    def _figures(self, line):
        line.invalidate_recordset()
        return line.amount, line.committed_amount, line.actual_amount, line.available_amount

    def money(self, amount):
        return f"{self.currency.symbol}{amount:,.2f}"

    def test_within_budget_is_approved_and_posting_makes_it_actual(self):
        sheet = self._report(self.taxi, 3000.0)
        self.assertEqual(sheet._hyc_expense_items(), [(self.project, self.overheads, 3000.0)])
        sheet.with_user(self.approver).action_approve_expense_sheets()
        self.assertEqual(sheet.state, "approve")
        self.assertEqual(self._figures(self.line_overheads), (10000.0, 0.0, 0.0, 10000.0))
        sheet.action_sheet_move_post()
        self.assertEqual(sheet.state, "post")
        self.assertEqual(self._figures(self.line_overheads), (10000.0, 0.0, 3000.0, 7000.0))
        lines = self.budget.line_ids
        self.env["hyc.project.budget.line"]._hyc_sync_pending()
        sources = lines._hyc_source_figures()
        self.assertEqual({line.id: [line.committed_total, line.actual_total] for line in lines}, sources)

    def test_over_a_blocking_budget_is_refused_with_the_figures(self):
        sheet = self._report(self.taxi, 12000.0)
        with self.assertRaises(UserError) as caught:
            sheet.with_user(self.approver).action_approve_expense_sheets()
        message = str(caught.exception)
        for figure in (f"budget {self.money(10000)}", f"available {self.money(10000)}",
                       f"needs {self.money(12000)}", f"by {self.money(2000)}"):
            self.assertIn(figure, message)
        self.assertEqual(sheet.state, "submit")

    def test_approved_reports_not_yet_posted_count_as_committed(self):
        self._report(self.taxi, 7000.0).with_user(self.approver).action_approve_expense_sheets()
        second = self._report(self.taxi, 4000.0)
        with self.assertRaises(UserError) as caught:
            second.with_user(self.approver).action_approve_expense_sheets()
        self.assertIn(f"committed {self.money(7000)}", str(caught.exception))
        self.assertIn(f"available {self.money(3000)}", str(caught.exception))
        fits = self._report(self.taxi, 3000.0)
        fits.with_user(self.approver).action_approve_expense_sheets()
        self.assertEqual(fits.state, "approve")

    def test_half_distribution_checks_half(self):
        sheet = self._report(self.taxi, 20000.0, share=50.0)
        sheet.with_user(self.approver).action_approve_expense_sheets()  # 10,000 of it: fits exactly
        self.assertEqual(sheet.state, "approve")
        sheet.action_sheet_move_post()
        self.assertEqual(self._figures(self.line_overheads), (10000.0, 0.0, 10000.0, 0.0))

    def test_warn_returns_the_dialog_then_approves_and_logs(self):
        sheet = self._report(self.day_worker, 6000.0)
        action = sheet.with_user(self.approver).action_approve_expense_sheets()
        self.assertEqual(action["res_model"], "hyc.budget.check.wizard")
        self.assertEqual(sheet.state, "submit")
        wizard = self.env["hyc.budget.check.wizard"].with_user(self.approver).browse(action["res_id"])
        self.assertEqual(wizard.mode, "warn")
        self.assertIn(f"available {self.money(5000)}", wizard.message)
        self.assertIn(f"by {self.money(1000)}", wizard.message)
        wizard.action_continue()
        self.assertEqual(sheet.state, "approve")
        self.assertTrue(any("acknowledged" in m.body for m in sheet.message_ids))
        sheet.action_sheet_move_post()
        self.assertEqual(self._figures(self.line_labour), (5000.0, 0.0, 6000.0, -1000.0))

    def test_management_overrides_a_block_with_a_reason_which_is_logged(self):
        sheet = self._report(self.taxi, 12000.0)
        action = sheet.with_user(self.manager).action_approve_expense_sheets()
        wizard = self.env["hyc.budget.check.wizard"].with_user(self.manager).browse(action["res_id"])
        self.assertEqual(wizard.mode, "override")
        with self.assertRaises(UserError):
            wizard.action_continue()
        self.assertEqual(sheet.state, "submit")
        wizard.reason = "Night shifts during the fire-brigade acceptance test"
        wizard.action_continue()
        self.assertEqual(sheet.state, "approve")
        self.assertTrue(any("Night shifts" in m.body and "overridden" in m.body for m in sheet.message_ids))
        self.assertTrue(any("Night shifts" in m.body for m in self.budget.message_ids))
        sheet.action_sheet_move_post()
        self.assertEqual(self._figures(self.line_overheads), (10000.0, 0.0, 12000.0, -2000.0))

    def test_reports_without_a_project_are_not_controlled(self):
        sheet = self.env["hr.expense.sheet"].create({
            "name": "No project", "employee_id": self.employee.id,
            "expense_line_ids": [Command.create({
                "name": "Taxi", "employee_id": self.employee.id, "product_id": self.taxi.id,
                "total_amount_currency": 99999.0, "tax_ids": [Command.clear()],
            })],
        })
        sheet.action_submit_sheet()
        sheet.with_user(self.approver).action_approve_expense_sheets()
        self.assertEqual(sheet.state, "approve")
