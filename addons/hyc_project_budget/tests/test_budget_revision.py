from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import BudgetCase


@tagged("post_install", "-at_install")
class TestBudgetRevisions(BudgetCase):
    """The approved original stays; every change is a revision: who, what, from, to, why."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pm = new_test_user(cls.env, login="hyc_pm", groups="base.group_user,hyc_project_budget.group_project_manager")

    def _revise(self, category, amount, reason, user=None):
        wizard = self.env["hyc.budget.revise.wizard"].with_user(user or self.pm).create({
            "budget_id": self.budget.id, "category_id": category.id, "new_amount": amount, "reason": reason,
        })
        return wizard.action_revise()

    def test_approval_freezes_the_original(self):
        self.assertEqual(self.budget.state, "approved")
        self.assertEqual(self.line_materials.original_amount, 100000.0)
        self.assertEqual(self.budget.original_total, 250000.0)
        self.assertEqual(self.budget.approved_by_id, self.env.user)

    def test_only_management_approves(self):
        project = self.env["project.project"].create({"name": "Draft one"})
        budget = self.env["hyc.project.budget"].create({"project_id": project.id})
        with self.assertRaises(UserError):
            budget.with_user(self.pm).action_approve()
        self.assertEqual(budget.state, "draft")

    def test_an_approved_line_cannot_be_edited_directly(self):
        with self.assertRaises(UserError):
            self.line_materials.with_user(self.pm).amount = 150000.0
        self.assertEqual(self.line_materials.amount, 100000.0)

    def test_revision_keeps_who_what_and_why(self):
        self._revise(self.materials, 120000.0, "Client ordered a second smoke room")
        revision = self.budget.revision_ids
        self.assertEqual(len(revision), 1)
        self.assertEqual(
            (revision.category_id, revision.user_id, revision.old_amount, revision.new_amount, revision.delta,
             revision.reason),
            (self.materials, self.pm, 100000.0, 120000.0, 20000.0, "Client ordered a second smoke room"),
        )
        self.assertEqual(self.line_materials.amount, 120000.0)
        self.assertEqual(self.line_materials.original_amount, 100000.0)
        self.assertEqual((self.budget.amount_total, self.budget.original_total), (270000.0, 250000.0))
        self.assertTrue(any("Client ordered a second smoke room" in m.body and "120,000.00" in m.body
                            for m in self.budget.message_ids))

    def test_revision_lets_a_blocked_order_through(self):
        po = self._po(self.steel, 1, 110000.0, user=self.buyer)
        with self.assertRaises(UserError):
            po.button_confirm()
        self._revise(self.materials, 110000.0, "Steel price rose 10 %")
        po.button_confirm()
        self.assertEqual(po.state, "purchase")

    def test_revision_can_add_a_category(self):
        overheads = self.env.ref("hyc_project_budget.category_overheads")
        self._revise(overheads, 8000.0, "Site office rent")
        line = self.budget.line_ids.filtered(lambda bl: bl.category_id == overheads)
        self.assertEqual((line.amount, line.original_amount), (8000.0, 0.0))
        self.assertEqual(self.budget.revision_ids.old_amount, 0.0)

    def test_revision_needs_a_reason_and_a_positive_amount(self):
        with self.assertRaises(UserError):
            self._revise(self.materials, 120000.0, "   ")
        with self.assertRaises(UserError):
            self._revise(self.materials, -1.0, "typo")
        self.assertFalse(self.budget.revision_ids)

    def test_a_buyer_cannot_revise(self):
        with self.assertRaises(AccessError):
            self._revise(self.materials, 1e9, "I need more", user=self.buyer)
        self.assertEqual(self.line_materials.amount, 100000.0)

    def test_one_budget_per_project(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["hyc.project.budget"].create({"project_id": self.project.id})
