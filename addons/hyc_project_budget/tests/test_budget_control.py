from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BudgetCase


@tagged("post_install", "-at_install")
class TestPurchaseBudgetControl(BudgetCase):
    """Purchase confirmation against available = budget - committed - actual."""

    def test_categories_come_from_product_category_ancestor_and_expense_product(self):
        po = self._po(self.steel, 1, 10.0)
        self.assertEqual(po.order_line.hyc_budget_category_id, self.materials)  # via parent category
        self.assertEqual(po.order_line.hyc_project_id, self.project)
        po2 = self._po(self.install_service, 1, 10.0)
        self.assertEqual(po2.order_line.hyc_budget_category_id, self.labour)  # via expense product

    def test_confirmation_within_budget_commits_the_amount(self):
        po = self._po(self.steel, 10, 5000.0, user=self.buyer)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")
        self.assertEqual(self._figures(self.line_materials), (100000.0, 50000.0, 0.0, 50000.0))

    def test_draft_orders_do_not_commit(self):
        self._po(self.steel, 10, 5000.0)
        self.assertEqual(self._figures(self.line_materials), (100000.0, 0.0, 0.0, 100000.0))

    def test_exactly_the_available_amount_is_allowed(self):
        self._po(self.steel, 10, 5000.0).button_confirm()
        po = self._po(self.steel, 5, 10000.0, user=self.buyer)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")
        self.assertEqual(self._figures(self.line_materials), (100000.0, 100000.0, 0.0, 0.0))

    def test_block_refuses_with_the_figures(self):
        self._po(self.steel, 10, 5000.0).button_confirm()
        po = self._po(self.steel, 6, 10000.0, user=self.buyer)
        with self.assertRaises(UserError) as caught:
            po.button_confirm()
        message = str(caught.exception)
        for figure in ("budget 100,000.00", "committed 50,000.00", "actual 0.00", "available 50,000.00",
                       "needs 60,000.00", "by 10,000.00"):
            self.assertIn(figure.split(" ")[0] + " " + self.currency.symbol + figure.split(" ")[1], message)
        self.assertIn("Fire-drill simulator, Wuxi", message)
        self.assertEqual(po.state, "draft")
        self.assertEqual(self._figures(self.line_materials)[1], 50000.0)

    def test_half_distribution_commits_half(self):
        po = self._po(self.steel, 10, 5000.0, distribution={str(self.account.id): 50.0})
        po.button_confirm()
        self.assertEqual(po.order_line.hyc_committed_amount, 25000.0)
        self.assertEqual(self._figures(self.line_materials), (100000.0, 25000.0, 0.0, 75000.0))

    def test_no_distribution_is_not_controlled(self):
        po = self.env["purchase.order"].create({
            "partner_id": self.vendor.id,
            "order_line": [(0, 0, {"product_id": self.steel.id, "product_qty": 100, "price_unit": 5000.0,
                                   "taxes_id": False})],
        })
        po.button_confirm()
        self.assertEqual(po.state, "purchase")
        self.assertFalse(po.order_line.hyc_project_id)
        self.assertEqual(self._figures(self.line_materials)[1], 0.0)

    def test_warn_returns_the_wizard_then_continues_and_logs(self):
        po = self._po(self.install_service, 60, 1000.0, user=self.buyer)
        action = po.button_confirm()
        self.assertIsInstance(action, dict)
        self.assertEqual(action["res_model"], "hyc.budget.check.wizard")
        self.assertEqual(po.state, "draft")
        wizard = self.env["hyc.budget.check.wizard"].with_user(self.buyer).browse(action["res_id"])
        self.assertEqual(wizard.mode, "warn")
        self.assertIn(f"available {self.money(50000)}", wizard.message)
        self.assertIn(f"by {self.money(10000)}", wizard.message)
        wizard.action_continue()
        self.assertEqual(po.state, "purchase")
        self.assertTrue(any("acknowledged" in m.body for m in po.message_ids))
        self.assertEqual(self._figures(self.line_labour), (50000.0, 60000.0, 0.0, -10000.0))

    def test_tolerance_turns_a_block_into_a_warning_up_to_budget_times_pct(self):
        inside = self._po(self.welding, 1, 105000.0, user=self.buyer)  # 5,000 over, tolerance 5,000
        action = inside.button_confirm()
        self.assertEqual(action["res_model"], "hyc.budget.check.wizard")
        beyond = self._po(self.welding, 1, 105000.01, user=self.buyer)
        with self.assertRaises(UserError):
            beyond.button_confirm()

    def test_none_policy_is_not_controlled(self):
        self.materials.policy = "none"
        po = self._po(self.steel, 100, 5000.0, user=self.buyer)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")
        self.assertEqual(self._figures(self.line_materials), (100000.0, 500000.0, 0.0, -400000.0))

    def test_manager_overrides_a_block_only_with_a_reason_which_is_logged(self):
        po = self._po(self.steel, 12, 10000.0, user=self.manager)
        action = po.with_user(self.manager).button_confirm()
        self.assertEqual(po.state, "draft")
        wizard = self.env["hyc.budget.check.wizard"].with_user(self.manager).browse(action["res_id"])
        self.assertEqual(wizard.mode, "override")
        with self.assertRaises(UserError):
            wizard.action_continue()
        self.assertEqual(po.state, "draft")
        wizard.reason = "Client added two extra rigs; change order signed"
        wizard.action_continue()
        self.assertEqual(po.state, "purchase")
        self.assertTrue(any("Client added two extra rigs" in m.body and "overridden" in m.body
                            for m in po.message_ids))
        self.assertTrue(any("Client added two extra rigs" in m.body for m in self.budget.message_ids))
        self.assertEqual(self._figures(self.line_materials), (100000.0, 120000.0, 0.0, -20000.0))

    def test_a_reason_does_not_let_a_non_manager_override(self):
        po = self._po(self.steel, 12, 10000.0, user=self.buyer)
        with self.assertRaises(UserError):
            po.with_context(hyc_budget_override_reason="I want it").button_confirm()
        self.assertEqual(po.state, "draft")

    def test_draft_budget_does_not_control(self):
        project = self.env["project.project"].create({"name": "Unbudgeted"})
        project._create_analytic_account()
        self.env["hyc.project.budget"].create({
            "project_id": project.id,
            "line_ids": [(0, 0, {"category_id": self.materials.id, "amount": 1.0})],
        })
        po = self._po(self.steel, 1, 500.0, distribution={str(project.account_id.id): 100.0})
        po.button_confirm()
        self.assertEqual(po.state, "purchase")


@tagged("post_install", "-at_install")
class TestBillsReleaseCommitments(BudgetCase):
    """Posted bills turn commitments into actual cost; partial billing releases part."""

    def setUp(self):
        super().setUp()
        self.po = self._po(self.steel, 10, 5000.0)
        self.po.button_confirm()

    def test_full_bill_moves_commitment_to_actual(self):
        bill = self._bill(self.po.order_line, 10, user=self.buyer)
        self.assertEqual(self._figures(self.line_materials), (100000.0, 50000.0, 0.0, 50000.0))
        bill.with_user(self.buyer).action_post()
        self.assertEqual(bill.state, "posted")
        self.assertEqual(self._figures(self.line_materials), (100000.0, 0.0, 50000.0, 50000.0))

    def test_draft_bill_keeps_the_commitment(self):
        self._bill(self.po.order_line, 10)
        self.assertEqual(self.po.order_line.hyc_committed_amount, 50000.0)

    def test_partial_billing_releases_the_billed_part(self):
        self._bill(self.po.order_line, 4).action_post()
        self.assertEqual(self._figures(self.line_materials), (100000.0, 30000.0, 20000.0, 50000.0))
        self._bill(self.po.order_line, 3).action_post()
        self.assertEqual(self._figures(self.line_materials), (100000.0, 15000.0, 35000.0, 50000.0))
        # what is left still fits exactly, one more cent does not
        self._po(self.steel, 1, 50000.0).button_confirm()
        with self.assertRaises(UserError):
            self._po(self.steel, 1, 0.01, user=self.buyer).button_confirm()

    def test_bill_reset_to_draft_restores_the_commitment(self):
        bill = self._bill(self.po.order_line, 4)
        bill.action_post()
        bill.button_draft()
        self.assertEqual(self._figures(self.line_materials), (100000.0, 50000.0, 0.0, 50000.0))

    def test_bill_above_the_order_price_is_checked_on_the_difference(self):
        self._po(self.steel, 1, 50000.0).button_confirm()  # the budget is now fully committed
        bill = self._bill(self.po.order_line, 10, price=5100.0, user=self.buyer)
        with self.assertRaises(UserError) as caught:
            bill.with_user(self.buyer).action_post()
        self.assertIn(f"needs {self.money(1000)}", str(caught.exception))
        self.assertEqual(bill.state, "draft")
        same_price = self._bill(self.po.order_line, 10, user=self.buyer)
        same_price.with_user(self.buyer).action_post()
        self.assertEqual(self._figures(self.line_materials), (100000.0, 50000.0, 50000.0, 0.0))

    def test_bill_without_order_is_checked_on_its_full_cost(self):
        bill = self._direct_bill(self.steel, 1, 50000.01, user=self.buyer)
        with self.assertRaises(UserError):
            bill.with_user(self.buyer).action_post()
        self.assertEqual(bill.state, "draft")
        ok = self._direct_bill(self.steel, 1, 50000.0, user=self.buyer)
        ok.with_user(self.buyer).action_post()
        self.assertEqual(self._figures(self.line_materials), (100000.0, 50000.0, 50000.0, 0.0))

    def test_blocking_also_applies_when_posting_bypasses_the_button(self):
        bill = self._direct_bill(self.steel, 1, 60000.0)
        with self.assertRaises(UserError):
            bill._post(soft=False)

    def test_warned_bill_goes_through_the_wizard(self):
        bill = self._direct_bill(self.install_service, 1, 50000.5, user=self.buyer)
        action = bill.with_user(self.buyer).action_post()
        self.assertEqual(action["res_model"], "hyc.budget.check.wizard")
        self.assertEqual(bill.state, "draft")
        self.env["hyc.budget.check.wizard"].with_user(self.buyer).browse(action["res_id"]).action_continue()
        self.assertEqual(bill.state, "posted")
        self.assertEqual(self._figures(self.line_labour), (50000.0, 0.0, 50000.5, -0.5))


@tagged("post_install", "-at_install")
class TestSeveralOrdersAtOnce(BudgetCase):
    def test_confirming_several_orders_checks_each_against_the_previous(self):
        first = self._po(self.steel, 1, 60000.0)
        second = self._po(self.steel, 1, 60000.0)
        with self.assertRaises(UserError):
            (first | second).with_user(self.buyer).button_confirm()


@tagged("post_install", "-at_install")
class TestBudgetMessagesInChinese(BudgetCase):
    def test_blocking_message_is_in_simplified_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hyc_project_budget"], ["zh_CN"], overwrite=True)
        self.buyer.lang = "zh_CN"
        po = self._po(self.steel, 1, 100000.01, user=self.buyer)
        with self.assertRaises(UserError) as caught:
            po.with_user(self.buyer).with_context(lang="zh_CN").button_confirm()
        message = str(caught.exception)
        self.assertIn("预算不允许此单据", message)
        self.assertIn(f"可用 {self.money(100000)}", message)
        self.assertIn(f"超出可用预算 {self.money(0.01)}", message)
        self.assertEqual(self.materials.with_context(lang="zh_CN").name, "材料费")
