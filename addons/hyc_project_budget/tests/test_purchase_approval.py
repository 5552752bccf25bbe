from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import BudgetCase


@tagged("post_install", "-at_install")
class TestPurchaseApprovalByCategory(BudgetCase):
    """Materials orders above 50,000 wait for management's approval before confirmation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.po_double_validation = "one_step"
        cls.materials.approval_amount = 50000.0

    def test_an_order_above_the_amount_waits_for_management(self):
        po = self._po(self.steel, 6, 10000.0, user=self.buyer)  # 60,000 of materials
        po.button_confirm()
        self.assertEqual(po.state, "to approve")
        self.assertEqual(po._hyc_approval_categories(), self.materials)
        self.assertTrue(any("Waiting for management" in m.body and "Materials" in m.body for m in po.message_ids))
        # waiting orders are committed already
        self.assertEqual(self._figures(self.line_materials), (100000.0, 60000.0, 0.0, 40000.0))
        po.button_approve()  # the buyer's Approve does nothing (Odoo's double validation)
        self.assertEqual(po.state, "to approve")
        po.with_user(self.manager).action_hyc_approve()
        self.assertEqual(po.state, "purchase")
        self.assertEqual(self._figures(self.line_materials)[1], 60000.0)

    def test_a_purchase_manager_without_management_cannot_approve_it(self):
        purchase_manager = new_test_user(
            self.env, login="hyc_po_manager",
            groups="base.group_user,hyc_project_budget.group_purchasing,purchase.group_purchase_manager",
        )
        po = self._po(self.steel, 6, 10000.0, user=purchase_manager)
        po.button_confirm()
        self.assertEqual(po.state, "to approve")
        po.button_approve()
        self.assertEqual(po.state, "to approve")
        with self.assertRaisesRegex(UserError, "Only management may approve"):
            po.action_hyc_approve()

    def test_exactly_the_amount_is_confirmed_directly(self):
        po = self._po(self.steel, 5, 10000.0, user=self.buyer)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")

    def test_management_confirms_directly(self):
        po = self._po(self.steel, 6, 10000.0, user=self.manager)
        po.with_user(self.manager).button_confirm()
        self.assertEqual(po.state, "purchase")

    def test_other_categories_and_unset_amounts_need_no_approval(self):
        po = self._po(self.install_service, 40, 1500.0, user=self.buyer)  # labour 60,000, no approval amount
        action = po.button_confirm()  # over the labour budget: the warning first
        self.env["hyc.budget.check.wizard"].with_user(self.buyer).browse(action["res_id"]).action_continue()
        self.assertEqual(po.state, "purchase")

    def test_only_the_project_lines_of_the_category_count(self):
        po = self._po(self.steel, 3, 10000.0, user=self.buyer)  # 30,000 for the project
        po.order_line.create({
            "order_id": po.id, "product_id": self.steel.id, "product_qty": 3, "price_unit": 10000.0,
            "taxes_id": False,  # not charged to a project: not budget-controlled
        })
        po.button_confirm()
        self.assertEqual(po.state, "purchase")

    def test_a_blocked_order_is_refused_before_any_approval(self):
        po = self._po(self.steel, 11, 10000.0, user=self.buyer)  # 110,000 > the 100,000 budget
        with self.assertRaisesRegex(UserError, "does not allow"):
            po.button_confirm()
        self.assertEqual(po.state, "draft")

    def test_a_changed_approval_amount_applies_to_the_next_order(self):
        # the approval amounts are cached in the registry: a change must reach the next
        # confirmation (the cache was filled by the first one)
        first = self._po(self.steel, 4, 10000.0, user=self.buyer)  # 40,000 < 50,000
        first.button_confirm()
        self.assertEqual(first.state, "purchase")
        self.materials.approval_amount = 30000.0
        second = self._po(self.steel, 4, 10000.0, user=self.buyer)  # 40,000 > 30,000 now
        second.button_confirm()
        self.assertEqual(second.state, "to approve")
        self.materials.approval_amount = 0.0  # no approval any more
        third = self._po(self.steel, 1, 10000.0, user=self.buyer)
        third.button_confirm()
        self.assertEqual(third.state, "purchase")
        # a new category with an amount counts at once too
        rails = self.env["hyc.budget.category"].create({
            "name": "Rails", "code": "RAILS", "policy": "none", "approval_amount": 1000.0,
        })
        self.assertIn(rails.id, self.env["hyc.budget.category"]._hyc_approval_amounts())
