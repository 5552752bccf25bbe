"""Gift catalogue (MEM-5): a member program's product reward taken for points from
the back office; the points leave through the ledger once, a short balance writes
nothing."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestMemberGift(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, _wallet = create_member_programs(cls.env, " (gift)")
        cls.teapot = cls.env["product.product"].create({"name": "Yixing teapot 紫砂壶", "list_price": 188,
                                                        "type": "consu"})
        cls.points_program.reward_ids = [Command.create({
            "reward_type": "product", "reward_product_id": cls.teapot.id, "reward_product_qty": 1,
            "required_points": 60})]
        cls.gift = cls.points_program.reward_ids.filtered(lambda reward: reward.reward_type == "product")
        cls.partner = cls.env["res.partner"].create({"name": "Qian Yu", "mobile": "13600136000"})
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.partner.id, cls.points_program.id)
        cls.card.hyc_earn(150, source_ref="EARLIER")
        cls.cashier = new_test_user(cls.env, login="hyc_gift_cashier", groups="base.group_user,hyc_membership.group_member_cashier")

    def _wizard(self, quantity):
        return self.env["hyc.member.gift.wizard"].with_user(self.cashier).create({
            "card_id": self.card.id, "reward_id": self.gift.id, "quantity": quantity})

    def _orders(self):
        return self.env["sale.order"].search([("partner_id", "=", self.partner.id)])

    def test_catalogue_lists_the_member_programs_gifts(self):
        action = self.env.ref("hyc_membership.action_member_gift_catalogue")
        rewards = self.env["loyalty.reward"].with_user(self.cashier).search(safe_eval(action.domain))
        self.assertIn(self.gift, rewards)
        self.assertEqual(rewards.mapped("reward_type"), ["product"] * len(rewards))
        self.assertNotIn(self.points_program.reward_ids - self.gift, rewards)

    def test_redeem_two_gifts_takes_the_points_once_and_confirms_an_order(self):
        wizard = self._wizard(2)
        self.assertEqual(wizard.points_needed, 120)
        action = wizard.action_redeem()
        order = self._orders()
        self.assertEqual((action["res_model"], action["res_id"]), ("sale.order", order.id))
        self.assertEqual(order.state, "sale")
        self.assertEqual([(line.product_id, line.product_uom_qty, line.price_unit) for line in order.order_line],
                         [(self.teapot, 2, 0)])
        self.assertEqual(order.amount_total, 0)
        self.assertEqual(self.card.points, 30)  # 150 - 2 x 60
        redeemed = self.card.hyc_ledger_ids.filtered(lambda line: line.kind == "redeem")
        self.assertEqual((redeemed.amount, redeemed.source_model, redeemed.source_id, redeemed.idempotency_key),
                         (-120, "sale.order", order.id, wizard.idempotency_key))
        # the same wizard sent again (a double click): nothing more
        self.assertEqual(wizard.action_redeem()["res_id"], order.id)
        self.assertEqual(self.card.points, 30)
        self.assertEqual(len(self._orders()), 1)
        self.assertEqual(sorted(self.card.hyc_ledger_ids.mapped("amount")), [-120, 150])

    def test_short_balance_is_refused_and_writes_nothing(self):
        lines_before = len(self.card.hyc_ledger_ids)
        with self.assertRaisesRegex(UserError, "Qian Yu has 150.0 points; .* needs 180.0."):
            self._wizard(3).action_redeem()
        self.assertEqual(self.card.points, 150)
        self.assertEqual(len(self.card.hyc_ledger_ids), lines_before)
        self.assertFalse(self._orders())

    def test_the_balance_counts_when_redeeming_not_when_the_wizard_opened(self):
        wizard = self._wizard(2)
        self.card.hyc_redeem(100, source_ref="MINI-PROGRAM")
        with self.assertRaisesRegex(UserError, "Qian Yu has 50.0 points; .* needs 120.0."):
            wizard.action_redeem()
        self.assertEqual(self.card.points, 50)
        self.assertFalse(self._orders())

    def test_a_storable_gift_is_delivered_to_the_member(self):
        self.teapot.is_storable = True
        self.partner.write({"street": "南京西路 1266 号", "city": "上海"})
        order = self.env["sale.order"].browse(self._wizard(2).action_redeem()["res_id"])
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual((picking.picking_type_code, picking.partner_id, picking.state),
                         ("outgoing", self.partner, "confirmed"))
        self.assertEqual([(move.product_id, move.product_uom_qty) for move in picking.move_ids], [(self.teapot, 2)])

    def test_a_service_gift_creates_no_delivery(self):
        tasting = self.env["product.product"].create({"name": "Tea tasting 品茶体验", "type": "service"})
        self.points_program.reward_ids = [Command.create({
            "reward_type": "product", "reward_product_id": tasting.id, "required_points": 50})]
        reward = self.points_program.reward_ids.filtered(lambda reward: reward.reward_product_id == tasting)
        wizard = self.env["hyc.member.gift.wizard"].with_user(self.cashier).create({
            "card_id": self.card.id, "reward_id": reward.id, "quantity": 1})
        order = self.env["sale.order"].browse(wizard.action_redeem()["res_id"])
        self.assertEqual((order.state, order.order_line.product_id), ("sale", tasting))
        self.assertFalse(order.picking_ids)
        self.assertEqual(self.card.points, 100)

    def test_a_gift_of_another_program_is_refused(self):
        other, _wallet = create_member_programs(self.env, " (other gift)")
        other.reward_ids = [Command.create({"reward_type": "product", "reward_product_id": self.teapot.id,
                                            "required_points": 10})]
        wizard = self.env["hyc.member.gift.wizard"].create({
            "card_id": self.card.id, "reward_id": other.reward_ids.filtered(lambda r: r.reward_type == "product").id})
        with self.assertRaisesRegex(UserError, "Choose a gift of the member's own program."):
            wizard.action_redeem()
        self.assertEqual(self.card.points, 150)
