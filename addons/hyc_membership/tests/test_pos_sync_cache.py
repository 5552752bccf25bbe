"""What the POS sync caches (the till's member programs, the products selling stored
value or gift cards) follows every change at the next sync, and pos_loyalty's search
for the customer's existing card is skipped only when there is nothing to move."""

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import create_member_programs, create_till, ui_order


@tagged("post_install", "-at_install")
class TestPosSyncCache(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})  # the demo programs stay out
        cls.points_program, cls.wallet_program = create_member_programs(cls.env, " (cache)")
        cls.points_program.hyc_member_weekday = False  # a plain day whatever day the tests run
        cls.config, cls.session, cls.cash, cls.stored = create_till(cls.env, cls.wallet_program, " cache")
        Product = cls.env["product.product"]
        cls.tea = Product.create({"name": "碧螺春 50g", "lst_price": 30, "available_in_pos": True, "type": "consu",
                                  "taxes_id": [Command.clear()]})
        cls.topup = Product.create({"name": "储值充值 100", "lst_price": 100, "available_in_pos": True,
                                    "type": "service", "taxes_id": [Command.clear()]})
        cls.wang = cls.env["res.partner"].create({"name": "Wang Fang", "mobile": "13700137000"})
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.wang.id, cls.points_program.id)
        cls.cashier = new_test_user(cls.env, login="hyc_cache_cashier",
                                    groups="base.group_user,hyc_membership.group_member_cashier")

    def _sync(self, lines, total):
        data = ui_order(self.session, lines, [(self.cash, total)], self.wang)
        result = self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def test_archived_program_earns_nothing_from_the_next_sync(self):
        self._sync([(self.tea, 2)], 60)
        self.assertEqual(self.card.points, 60)
        self.assertEqual(self.config._hyc_member_programs(), self.points_program | self.wallet_program)
        self.points_program.action_archive()
        self.assertEqual(self.config._hyc_member_programs(), self.wallet_program)
        self._sync([(self.tea, 1)], 30)
        self.assertEqual((self.card.points, len(self.card.hyc_ledger_ids)), (60, 1))
        self.points_program.action_unarchive()
        self._sync([(self.tea, 1)], 30)
        self.assertEqual(self.card.points, 90)

    def test_program_limited_to_other_tills_leaves_this_till_at_the_next_sync(self):
        other = self.env["pos.config"].create({"name": "HYC Till cache other", "payment_method_ids": [Command.set([])]})
        self.assertIn(self.points_program, self.config._hyc_member_programs())
        self.points_program.pos_config_ids = other
        self.assertNotIn(self.points_program, self.config._hyc_member_programs())
        self.assertIn(self.points_program, other._hyc_member_programs())
        self._sync([(self.tea, 1)], 30)
        self.assertEqual(self.card.points, 0)

    def test_payment_method_changes_take_effect_at_once(self):
        # a till without an open session (payment methods of open sessions are frozen)
        till = self.env["pos.config"].create({"name": "HYC Till cache idle", "payment_method_ids": [Command.set([])]})
        self.assertEqual(till._hyc_member_programs(), self.points_program)
        method = self.env["pos.payment.method"].create({"name": "HYC Stored Value idle", "split_transactions": True,
                                                        "hyc_stored_value_program_id": self.wallet_program.id})
        till.payment_method_ids = [Command.link(method.id)]
        self.assertEqual(till._hyc_member_programs(), self.points_program | self.wallet_program)
        # the method no longer pays with stored value: the till runs no stored value program
        method.hyc_stored_value_program_id = False
        self.assertEqual(till._hyc_member_programs(), self.points_program)
        method.hyc_stored_value_program_id = self.wallet_program
        self.assertEqual(till._hyc_member_programs(), self.points_program | self.wallet_program)
        method.action_archive()
        self.assertEqual(till._hyc_member_programs(), self.points_program)
        method.action_unarchive()
        till.payment_method_ids = [Command.unlink(method.id)]
        self.assertEqual(till._hyc_member_programs(), self.points_program)

    def test_product_becoming_a_topup_earns_nothing_from_the_next_sync(self):
        rule = self.env["loyalty.rule"].create({"program_id": self.wallet_program.id, "reward_point_mode": "money"})
        # 30 (tea) + 100 (the product, still plain) = 130 points
        self._sync([(self.tea, 1), (self.topup, 1)], 130)
        self.assertEqual(self.card.points, 130)
        rule.product_ids = [Command.link(self.topup.id)]
        # the top-up earns nothing: 30 more points for the tea
        self._sync([(self.tea, 1), (self.topup, 1)], 130)
        self.assertEqual(self.card.points, 160)
        self.assertEqual(dict(self.env["loyalty.card"]._hyc_value_product_kinds(True)).get(self.topup.id), "topup")
        # archived, the product is no longer among the rule's products (as Odoo reads them)
        self.topup.action_archive()
        self.assertNotIn(self.topup.id, dict(self.env["loyalty.card"]._hyc_value_product_kinds(True)))
        self.topup.action_unarchive()
        self.assertEqual(dict(self.env["loyalty.card"]._hyc_value_product_kinds(True)).get(self.topup.id), "topup")

    def test_category_multiplier_changes_count_from_the_next_sync(self):
        self._sync([(self.tea, 1)], 30)
        self.assertEqual(self.card.points, 30)
        rate = self.env["hyc.member.category.rate"].create({"program_id": self.points_program.id,
                                                            "categ_id": self.tea.categ_id.id, "multiplier": 2})
        self._sync([(self.tea, 1)], 30)
        self.assertEqual(self.card.points, 90)  # 30 + 30 x 2
        rate.multiplier = 3
        self._sync([(self.tea, 1)], 30)
        self.assertEqual(self.card.points, 180)  # 90 + 30 x 3
        rate.unlink()
        self._sync([(self.tea, 1)], 30)
        self.assertEqual(self.card.points, 210)

    def test_levels_added_to_the_program_are_evaluated_from_the_next_sync(self):
        self._sync([(self.tea, 1)], 30)
        self.assertFalse(self.card.hyc_level_id)
        silver = self.env["hyc.member.level"].create({"program_id": self.points_program.id, "name": "银卡",
                                                      "threshold": 50, "multiplier": 2})
        # 30 + 30 spent in 12 months reach silver's 50 at this order's sync
        self._sync([(self.tea, 1)], 30)
        self.assertEqual(self.card.hyc_level_id, silver)
        self.assertEqual(self.card.points, 60)
        self._sync([(self.tea, 1)], 30)
        self.assertEqual(self.card.points, 120)  # 60 + 30 x 2 (silver)

    def test_confirm_coupon_programs_answers_the_till_for_a_member_card(self):
        self.points_program.applies_on = "both"  # a loyalty card: the till is sent the card's balance
        order = self._sync([(self.tea, 2)], 60)
        result = self.env["pos.order"].with_user(self.cashier).browse(order.id).confirm_coupon_programs(
            {str(self.card.id): {"points": 60, "program_id": self.points_program.id, "coupon_id": self.card.id,
                                 "barcode": False, "partner_id": self.wang.id}})
        self.assertEqual(result["coupon_updates"], [{
            "old_id": self.card.id, "id": self.card.id, "points": 60, "code": self.card.code,
            "program_id": self.points_program.id, "partner_id": self.wang.id}])
        self.assertEqual(result["program_updates"], [{"program_id": self.points_program.id,
                                                      "usages": self.points_program.total_order_count}])
        self.assertEqual((result["new_coupon_info"], result["coupon_report"]), ([], {}))

    def test_points_of_a_customer_with_an_older_card_go_where_pos_loyalty_puts_them(self):
        # a card of the customer from before the program was a member program: pos_loyalty
        # moves the till's points to the customer's first card of the program, as always
        program = self.env["loyalty.program"].create({"name": "Points before members", "program_type": "loyalty",
                                                      "applies_on": "both"})
        older = self.env["loyalty.card"].create({"program_id": program.id, "partner_id": self.wang.id, "points": 5})
        program.hyc_member_program = True
        member = self.env["loyalty.card"].hyc_get_or_create(self.wang.id, program.id)
        order = self._sync([(self.tea, 1)], 30)
        result = self.env["pos.order"].with_user(self.cashier).browse(order.id).confirm_coupon_programs(
            {str(member.id): {"points": 30, "program_id": program.id, "coupon_id": member.id,
                              "barcode": False, "partner_id": self.wang.id}})
        self.assertEqual([(update["old_id"], update["id"]) for update in result["coupon_updates"]],
                         [(older.id, older.id)])
        self.assertEqual(older.points, 5)  # a member program's points from the till are dropped
