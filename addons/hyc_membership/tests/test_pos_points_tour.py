"""The POS in a browser: points as a discount (MEM-5). A member with 500 points is
found by phone, a pos_loyalty reward of the member program (0.10 CNY off per point,
at most 30.00 an order) takes 300 points off an 80.00 order, the rest is paid in
cash; the server books the redemption and the points earned on what was paid."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestPosPointsTour(TestPointOfSaleHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(su=True)  # the accounting test user holds no membership role
        env["loyalty.program"].search([]).write({"active": False})
        cls.points_program, _wallet = create_member_programs(env, " (points tour)")
        # earning: 1 point per CNY paid (the program's rate), on a plain day whatever day the test runs
        cls.points_program.write({"hyc_member_weekday": False, "hyc_points_per_cny": 1})
        # what the till needs to offer the program's rewards to a member (the form's
        # defaults of a loyalty program): automatic, for current and future orders, a rule
        cls.points_program.write({"trigger": "auto", "applies_on": "both", "rule_ids": [Command.create({
            "reward_point_mode": "money", "reward_point_amount": 1})]})
        cls.points_program.reward_ids.unlink()
        cls.reward = env["loyalty.reward"].create({
            "program_id": cls.points_program.id, "reward_type": "discount", "discount_mode": "per_point",
            "discount": 0.1, "required_points": 1, "discount_max_amount": 30, "discount_applicability": "order",
            "description": "积分抵现 每分0.1元"})
        cls.gift_box = env["product.product"].create({
            "name": "HYC Tea Gift Box", "lst_price": 80, "available_in_pos": True, "type": "consu",
            "taxes_id": [Command.clear()]})
        cls.zhao = env["res.partner"].create({"name": "Zhao Min", "mobile": "136 0013 6000"})
        cls.card = env["loyalty.card"].hyc_get_or_create(cls.zhao.id, cls.points_program.id)
        cls.card.hyc_earn(500, source_ref="EARLIER/TOUR")
        cls.pos_user.groups_id = [Command.link(env.ref("hyc_membership.group_member_cashier").id)]

    def test_member_pays_part_with_points_at_the_till(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("hyc_membership_pos_points_tour", login="pos_user")
        order = self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual((order.partner_id, order.amount_total, order.state), (self.zhao, 50, "paid"))
        reward_line = order.lines.filtered("is_reward_line")
        self.assertEqual((reward_line.reward_id, reward_line.coupon_id, reward_line.price_subtotal_incl,
                          reward_line.points_cost), (self.reward, self.card, -30, 300))
        # 500 - 300 redeemed + 50 earned on the 50.00 paid (1 point per CNY, 80.00 - 30.00)
        self.assertEqual(self.card.points, 250)
        ledger = self.card.hyc_ledger_ids.sorted("id")
        self.assertEqual([(line.kind, line.amount) for line in ledger], [("earn", 500), ("redeem", -300), ("earn", 50)])
        self.assertEqual([(line.source_model, line.source_id) for line in ledger[1:]],
                         [("pos.order", order.id), ("pos.order", order.id)])
        # pos_loyalty's own change of the member card was not booked a second time
        self.assertFalse(self.env["loyalty.history"].search([("card_id", "=", self.card.id)]))
