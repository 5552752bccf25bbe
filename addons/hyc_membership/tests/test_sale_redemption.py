"""Points as a discount in sales orders: a sale_loyalty reward claimed with a member
card is redeemed through the member ledger at confirmation and given back when the
order is cancelled; the order's points are earned once, by the member rules."""

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestSaleRedemption(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.points_program, cls.wallet_program = create_member_programs(cls.env, " (sale)")
        cls.points_program.hyc_member_weekday = False
        # as a loyalty program made in the form: automatic, points usable on this order and later ones
        cls.points_program.write({"trigger": "auto", "applies_on": "both"})
        cls.points_program.rule_ids = [Command.clear(), Command.create({"reward_point_mode": "money",
                                                                         "reward_point_amount": 1})]
        cls.points_program.reward_ids = [Command.clear(), Command.create({
            "reward_type": "discount", "discount_mode": "per_order", "discount": 5, "required_points": 50})]
        cls.reward = cls.points_program.reward_ids
        cls.tea = cls.env["product.product"].create({"name": "Longjing 50g", "list_price": 30, "taxes_id": [Command.clear()]})
        cls.partner = cls.env["res.partner"].create({"name": "Sun Li", "mobile": "13300133000"})
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.partner.id, cls.points_program.id)
        cls.card.hyc_earn(100, source_ref="EARLIER")
        cls.salesman = new_test_user(cls.env, login="hyc_salesman", groups="sales_team.group_sale_salesman")

    def test_reward_redeemed_at_confirmation_and_given_back_on_cancel(self):
        order = self.env["sale.order"].with_user(self.salesman).create({
            "partner_id": self.partner.id,
            "order_line": [Command.create({"product_id": self.tea.id, "product_uom_qty": 4, "price_unit": 30,
                                           "tax_id": [Command.clear()]})]})
        order._update_programs_and_rewards()
        claimable = order._get_claimable_rewards()
        self.assertIn(self.reward, claimable.get(self.card, self.env["loyalty.reward"]))
        order._apply_program_reward(self.reward, self.card)
        self.assertEqual(order.amount_total, 115)
        order.action_confirm()
        # 100 - 50 for the 5.00 discount + 115 earned on what is paid
        self.assertEqual(self.card.points, 165)
        ledger = [(line.kind, line.amount) for line in self.card.hyc_ledger_ids.sorted("id")]
        self.assertEqual(ledger, [("earn", 100), ("redeem", -50), ("earn", 115)])
        # (cancelling is a sales manager's: sale_loyalty's own clean-up needs that right)
        order.sudo()._action_cancel()
        self.assertEqual(self.card.points, 100)
        self.assertEqual(sum(self.card.hyc_ledger_ids.mapped("amount")), 100)
        # cancelling again changes nothing
        order.sudo()._action_cancel()
        self.assertEqual(len(self.card.hyc_ledger_ids), 5)
