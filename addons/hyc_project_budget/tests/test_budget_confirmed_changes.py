"""Odoo lets a buyer change a confirmed purchase order (quantities, prices, the
distribution, new lines): what it then commits more is checked against the budget like a
confirmation, so the control cannot be bypassed by confirming small and editing after."""

from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BudgetCase


@tagged("post_install", "-at_install")
class TestConfirmedOrderChanges(BudgetCase):
    """Materials 100,000 (block), labour 50,000 (warn)."""

    @contextmanager
    def assertRefused(self):
        """The budget refuses: the change is rolled back (assertRaises' savepoint, as the
        request's transaction would be)."""
        with self.assertRaises(UserError) as caught:
            yield
        self.assertIn("does not allow", str(caught.exception))

    def _confirmed(self, product, qty, price, user=None):
        po = self._po(product, qty, price, user=user)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")
        return po

    def test_raising_a_quantity_beyond_the_budget_is_refused_with_the_figures(self):
        po = self._confirmed(self.steel, 6, 10000.0, user=self.buyer)  # 60,000 of 100,000
        with self.assertRaises(UserError) as caught:
            po.order_line.with_user(self.buyer).write({"product_qty": 11})  # + 50,000
        message = str(caught.exception)
        self.assertIn("does not allow", message)
        for figure in ("committed ", "available ", "needs "):
            self.assertIn(figure + self.money({"committed ": 60000.0, "available ": 40000.0,
                                                "needs ": 50000.0}[figure]), message)
        po.invalidate_recordset()
        self.assertEqual(po.order_line.product_qty, 6)
        self.assertEqual(self._figures(self.line_materials)[1:], (60000.0, 0.0, 40000.0))
        self.assertTotalsMatchSources()

    def test_a_higher_price_is_checked_on_the_difference(self):
        po = self._confirmed(self.steel, 6, 10000.0, user=self.buyer)
        po.order_line.with_user(self.buyer).write({"price_unit": 16000.0})  # 96,000: fits
        self.assertEqual(self._figures(self.line_materials)[1:], (96000.0, 0.0, 4000.0))
        with self.assertRefused():
            po.order_line.with_user(self.buyer).write({"price_unit": 17000.0})  # 102,000
        self.assertEqual(self._figures(self.line_materials)[1], 96000.0)
        self.assertTotalsMatchSources()

    def test_lowering_is_never_checked(self):
        po = self._confirmed(self.steel, 6, 10000.0, user=self.buyer)
        self._confirmed(self.steel, 4, 10000.0)  # the budget is full: 100,000
        po.order_line.with_user(self.buyer).write({"product_qty": 5})
        self.assertEqual(self._figures(self.line_materials)[1:], (90000.0, 0.0, 10000.0))

    def test_a_line_added_to_a_confirmed_order_is_checked(self):
        po = self._confirmed(self.steel, 6, 10000.0, user=self.buyer)
        with self.assertRefused():
            po.with_user(self.buyer).write({"order_line": [Command.create({
                "product_id": self.steel.id, "product_qty": 5, "price_unit": 10000.0, "taxes_id": False,
                "analytic_distribution": {str(self.account.id): 100.0},
            })]})
        po.invalidate_recordset()
        self.assertEqual(len(po.order_line), 1)
        po.with_user(self.buyer).write({"order_line": [Command.create({
            "product_id": self.steel.id, "product_qty": 4, "price_unit": 10000.0, "taxes_id": False,
            "analytic_distribution": {str(self.account.id): 100.0},
        })]})
        self.assertEqual(self._figures(self.line_materials)[1:], (100000.0, 0.0, 0.0))
        self.assertTotalsMatchSources()

    def test_moving_a_line_onto_the_project_is_checked(self):
        other = self.env["project.project"].create({"name": "Other project"})
        other._create_analytic_account()
        po = self._po(self.steel, 11, 10000.0, distribution={str(other.account_id.id): 100.0}, user=self.buyer)
        po.button_confirm()  # no budget on the other project
        with self.assertRefused():
            po.order_line.with_user(self.buyer).write({"analytic_distribution": {str(self.account.id): 100.0}})
        self.assertEqual(self._figures(self.line_materials)[1], 0.0)

    def test_a_warned_increase_goes_on_and_is_logged_on_the_order(self):
        po = self._confirmed(self.install_service, 30, 1500.0, user=self.buyer)  # labour 45,000 of 50,000
        po.order_line.with_user(self.buyer).write({"product_qty": 40})  # 60,000: warn
        self.assertEqual(self._figures(self.line_labour)[1:], (60000.0, 0.0, -10000.0))
        self.assertTrue(any("Budget warning accepted automatically" in m.body and "Installation" not in m.body
                            and self.money(15000.0) in m.body for m in po.message_ids))

    def test_management_overrides_an_increase_only_with_a_reason(self):
        po = self._confirmed(self.steel, 6, 10000.0, user=self.manager)
        with self.assertRefused():
            po.order_line.with_user(self.manager).write({"product_qty": 12})
        po.order_line.with_user(self.manager).with_context(
            hyc_budget_override_reason="Change order No. 3 signed by the client",
        ).write({"product_qty": 12})
        self.assertEqual(self._figures(self.line_materials)[1:], (120000.0, 0.0, -20000.0))
        self.assertTrue(any("Change order No. 3" in m.body and "overridden" in m.body for m in po.message_ids))

    def test_a_buyer_cannot_override_with_a_reason(self):
        po = self._confirmed(self.steel, 6, 10000.0, user=self.buyer)
        with self.assertRefused():
            po.order_line.with_user(self.buyer).with_context(hyc_budget_override_reason="urgent").write(
                {"product_qty": 12})
        self.assertEqual(self._figures(self.line_materials)[1], 60000.0)

    def test_draft_orders_are_not_checked_on_edit(self):
        po = self._po(self.steel, 6, 10000.0, user=self.buyer)
        po.order_line.with_user(self.buyer).write({"product_qty": 20})  # checked when confirmed
        self.assertEqual(self._figures(self.line_materials)[1], 0.0)
        with self.assertRefused():
            po.button_confirm()
