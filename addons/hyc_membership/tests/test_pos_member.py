"""Members in the POS: lookup without downloading member cards, and what a synced
POS order does to the member's points and stored value (server side, one ledger)."""

import copy

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import create_member_programs, create_till, ui_order


@tagged("post_install", "-at_install")
class TestPosMember(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})  # the demo programs stay out
        cls.points_program, cls.wallet_program = create_member_programs(cls.env, " (POS)")
        # earning on a plain day whatever day the tests run (the helper's member day is Friday)
        cls.points_program.hyc_member_weekday = False
        cls.config, cls.session, cls.cash, cls.stored = create_till(cls.env, cls.wallet_program, " A")
        Product = cls.env["product.product"]
        cls.tea = Product.create({"name": "Longjing 50g", "lst_price": 30, "available_in_pos": True, "type": "consu",
                                  "taxes_id": [Command.clear()]})
        cls.seeds = Product.create({"name": "Melon seeds", "lst_price": 25.5, "available_in_pos": True, "type": "consu",
                                    "taxes_id": [Command.clear()]})
        cls.li = cls.env["res.partner"].create({"name": "Li Na", "mobile": "135 0013 5000"})
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.li.id, cls.points_program.id)
        cls.wallet = cls.env["loyalty.card"].hyc_get_or_create(cls.li.id, cls.wallet_program.id)
        cls.wallet.hyc_topup(300, source_ref="TOPUP/1")  # 300 paid + 30 bonus
        cls.cashier = new_test_user(cls.env, login="hyc_pos_cashier",
                                    groups="base.group_user,hyc_membership.group_member_cashier")

    def _sync(self, order, user=None):
        env = self.env(user=user) if user else self.env
        result = env["pos.order"].sync_from_ui([order])
        return self.env["pos.order"].browse([vals["id"] for vals in result["pos.order"]])

    def _ledger(self, card):
        return [(line.kind, line.bucket, line.amount) for line in card.hyc_ledger_ids.sorted("id")]

    # ------------------------------------------------------------------ lookup (MEM-1)

    def test_member_cards_are_not_downloaded_with_the_pos_data(self):
        coupons = self.env["loyalty.program"].create({"name": "Plain coupons", "program_type": "coupons"})
        coupon = self.env["loyalty.card"].create({"program_id": coupons.id, "points": 1})
        programs = self.config._get_program_ids()
        data = {"pos.config": {"data": [{"id": self.config.id}]},
                "loyalty.program": {"data": [{"id": program.id} for program in programs]}}
        loaded = self.env["loyalty.card"].search(self.env["loyalty.card"]._load_pos_data_domain(data))
        self.assertIn(coupon, loaded)
        self.assertFalse(loaded & (self.card | self.wallet))
        # member stored value is a payment method: its eWallet program is not loaded either
        pos_programs = self.env["loyalty.program"].search(self.env["loyalty.program"]._load_pos_data_domain(data))
        self.assertIn(self.points_program, pos_programs)
        self.assertNotIn(self.wallet_program, pos_programs)
        self.assertIn("hyc_stored_value_program_id", self.env["pos.payment.method"]._load_pos_data_fields(self.config.id))

    def test_cashier_finds_the_member_by_mobile_number_or_card(self):
        Card = self.env["loyalty.card"].with_user(self.cashier)
        for query in ("13500135000", "+86 135-0013-5000", self.card.hyc_member_number.lower(), self.card.code):
            result = Card.hyc_pos_find_member(query, self.config.id)
            self.assertEqual([partner["id"] for partner in result["res.partner"]], [self.li.id], query)
            # only the cards of the programs the till runs are loaded as records ...
            self.assertEqual([card["id"] for card in result["loyalty.card"]], [self.card.id], query)
            # ... and the cashier sees every member balance
            summary = {member["card_id"]: member["balance"] for member in result["members"]}
            self.assertEqual(summary, {self.card.id: 0.0, self.wallet.id: 330.0}, query)
        self.assertEqual(Card.hyc_pos_find_member("13900000000", self.config.id), {})
        self.assertEqual(Card.hyc_pos_stored_value_balance(self.li.id, self.wallet_program.id), 330.0)

    def test_lookup_answers_in_the_pos_partner_fields(self):
        Card = self.env["loyalty.card"].with_user(self.cashier)
        partner_fields = self.env["res.partner"]._load_pos_data_fields(self.config.id)
        result = Card.hyc_pos_find_member("13500135000", self.config.id)
        self.assertEqual(sorted(result["res.partner"][0]), sorted(partner_fields))
        self.assertEqual(sorted(result["loyalty.card"][0]),
                         sorted(["id", *self.env["loyalty.card"]._load_pos_data_fields(self.config.id)]))
        self.assertEqual((result["res.partner"][0]["mobile"], result["res.partner"][0]["contact_address"]),
                         ("135 0013 5000", ""))  # no address: nothing to format
        self.li.write({"street": "88 Nanjing Road", "city": "Shanghai"})
        partner = Card.hyc_pos_find_member("13500135000", self.config.id)["res.partner"][0]
        self.assertEqual(partner["contact_address"], self.li.contact_address)
        self.assertIn("88 Nanjing Road", partner["contact_address"])

    def test_lookup_gives_the_partner_pricelist_to_a_till_offering_several(self):
        Pricelist = self.env["product.pricelist"]
        shop_price = Pricelist.create({"name": "Shop price 门店价"})
        member_price = Pricelist.create({"name": "Member price 会员价"})
        self.li.property_product_pricelist = member_price
        Card = self.env["loyalty.card"].with_user(self.cashier)
        # one pricelist: the till applies its own whatever the partner's is
        self.assertFalse(Card.hyc_pos_find_member("13500135000", self.config.id)["res.partner"][0]["property_product_pricelist"])
        self.config.write({"use_pricelist": True, "pricelist_id": shop_price.id,
                           "available_pricelist_ids": [Command.set((shop_price | member_price).ids)]})
        partner = Card.hyc_pos_find_member("13500135000", self.config.id)["res.partner"][0]
        self.assertEqual(partner["property_product_pricelist"], member_price.id)

    def test_lookup_by_mobile_comes_before_member_number_and_card_code(self):
        # another member whose card code is Li Na's mobile: the mobile wins
        zhao = self.env["res.partner"].create({"name": "Zhao Lei", "mobile": "13700137000"})
        other = self.env["loyalty.card"].hyc_get_or_create(zhao.id, self.points_program.id)
        other.code = "13500135000"
        Card = self.env["loyalty.card"].with_user(self.cashier)
        self.assertEqual(Card.hyc_pos_find_member("13500135000", self.config.id)["res.partner"][0]["id"], self.li.id)
        self.assertEqual(Card.hyc_pos_find_member(other.hyc_member_number, self.config.id)["res.partner"][0]["id"],
                         zhao.id)
        # a program the till does not run is not searched
        self.points_program.pos_config_ids = [Command.set(create_till(self.env, self.wallet_program, " B")[0].ids)]
        result = Card.hyc_pos_find_member("13500135000", self.config.id)
        self.assertEqual(result["loyalty.card"], [])
        self.assertEqual([member["card_id"] for member in result["members"]], [self.wallet.id])

    def test_lookup_needs_the_cashier_role(self):
        pos_user = new_test_user(self.env, login="hyc_pos_only", groups="base.group_user,point_of_sale.group_pos_user")
        with self.assertRaises(AccessError):
            self.env["loyalty.card"].with_user(pos_user).hyc_pos_find_member("13500135000", self.config.id)
        # a scanned code at such a till is simply no member (Odoo's "not found" follows):
        # nothing disclosed, no error for the till to log
        self.assertEqual(self.env["loyalty.card"].with_user(pos_user).hyc_pos_find_member(
            "13500135000", self.config.id, scan=True), {})
        cashier = new_test_user(self.env, login="hyc_pos_member_cashier",
                                groups="base.group_user,point_of_sale.group_pos_user,hyc_membership.group_member_cashier")
        found = self.env["loyalty.card"].with_user(cashier).hyc_pos_find_member("13500135000", self.config.id, scan=True)
        self.assertEqual({member["card_id"] for member in found["members"]}, {self.card.id, self.wallet.id})

    # ------------------------------------------------------------------ sync (MEM-3, MEM-6, 10)

    def test_synced_order_earns_points_and_pays_with_stored_value(self):
        # 4 teas = 120.00: 100.00 stored value (90.91 paid + 9.09 bonus, 300:30), 20.00 cash
        order = self._sync(ui_order(self.session, [(self.tea, 4)], [(self.stored, 100), (self.cash, 20)], self.li),
                           user=self.cashier)
        self.assertEqual(order.state, "paid")
        self.assertEqual(self.card.points, 120)
        self.assertEqual(self._ledger(self.card), [("earn", "points", 120)])
        earn = self.card.hyc_ledger_ids
        self.assertEqual((earn.source_model, earn.source_id, earn.spend_amount), ("pos.order", order.id, 120))
        self.assertEqual(earn.idempotency_key, f"earn:pos.order:{order.uuid}:{self.card.id}")
        self.assertEqual(self.wallet.points, 230)
        self.assertEqual(self._ledger(self.wallet)[2:], [("spend", "paid", -90.91), ("spend", "bonus", -9.09)])
        self.assertAlmostEqual(self.wallet.hyc_paid_balance, 209.09)
        self.assertAlmostEqual(self.wallet.hyc_bonus_balance, 20.91)

    def test_same_order_synced_twice_earns_and_spends_once(self):
        data = ui_order(self.session, [(self.tea, 4)], [(self.stored, 100), (self.cash, 20)], self.li)
        first = self._sync(copy.deepcopy(data), user=self.cashier)
        again = self._sync(copy.deepcopy(data), user=self.cashier)
        self.assertEqual(first, again)
        self.assertEqual(self.env["pos.order"].search_count([("uuid", "=", data["uuid"])]), 1)
        self.assertEqual((self.card.points, len(self.card.hyc_ledger_ids)), (120, 1))
        self.assertEqual((self.wallet.points, len(self.wallet.hyc_ledger_ids)), (230, 4))
        # earning the order again (another path, same uuid key) changes nothing
        self.card.hyc_earn_for_order(first)
        self.assertEqual(len(self.card.hyc_ledger_ids), 1)

    def test_stored_value_short_refuses_the_whole_order(self):
        data = ui_order(self.session, [(self.tea, 12)], [(self.stored, 360)], self.li)
        with self.assertRaisesRegex(UserError, "Insufficient stored value"), self.env.cr.savepoint():
            self._sync(data, user=self.cashier)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))
        self.assertEqual((self.wallet.points, self.card.points), (330, 0))

    def test_stored_value_needs_a_member(self):
        data = ui_order(self.session, [(self.tea, 1)], [(self.stored, 30)])
        with self.assertRaisesRegex(UserError, "no card"), self.env.cr.savepoint():
            self._sync(data, user=self.cashier)

    def test_first_purchase_enrols_the_customer(self):
        zhao = self.env["res.partner"].create({"name": "Zhao Lei", "mobile": "13600136000"})
        self._sync(ui_order(self.session, [(self.seeds, 2)], [(self.cash, 51)], zhao), user=self.cashier)
        card = self.env["loyalty.card"].search([("partner_id", "=", zhao.id), ("program_id", "=", self.points_program.id)])
        self.assertTrue(card.hyc_member_number)
        self.assertEqual((card.hyc_mobile, card.points), ("13600136000", 51))

    def test_refunds_take_back_the_points_in_proportion(self):
        # 3 x 25.50 = 76.50 earns 76; refunding 1 takes back floor(76 x 25.5 / 76.5) = 25,
        # refunding the other 2 takes back the last 51
        sale = self._sync(ui_order(self.session, [(self.seeds, 3)], [(self.cash, 76.5)], self.li), user=self.cashier)
        self.assertEqual(self.card.points, 76)
        self._sync(ui_order(self.session, [(self.seeds, -1)], [(self.cash, -25.5)], self.li,
                            refunded_lines=sale.lines), user=self.cashier)
        self.assertEqual(self.card.points, 51)
        self._sync(ui_order(self.session, [(self.seeds, -2)], [(self.cash, -51)], self.li,
                            refunded_lines=sale.lines), user=self.cashier)
        self.assertEqual(self.card.points, 0)
        self.assertEqual(self._ledger(self.card), [("earn", "points", 76), ("reverse", "points", -25),
                                                   ("reverse", "points", -51)])
        # the level counts the refunds too: 76.50 - 25.50 - 51.00
        self.assertEqual(sum(self.card.hyc_ledger_ids.mapped("spend_amount")), 0)

    def test_refund_paid_back_onto_stored_value_returns_paid_and_bonus(self):
        sale = self._sync(ui_order(self.session, [(self.tea, 4)], [(self.stored, 120)], self.li), user=self.cashier)
        self.assertEqual(self.wallet.points, 210)  # 120 = 109.09 paid + 10.91 bonus
        self._sync(ui_order(self.session, [(self.tea, -4)], [(self.stored, -120)], self.li,
                            refunded_lines=sale.lines), user=self.cashier)
        self.assertEqual(self.wallet.points, 330)
        self.assertAlmostEqual(self.wallet.hyc_paid_balance, 300)
        self.assertAlmostEqual(self.wallet.hyc_bonus_balance, 30)
        self.assertEqual(self._ledger(self.wallet)[-2:], [("reverse", "paid", 109.09), ("reverse", "bonus", 10.91)])
        self.assertEqual(self.card.points, 0)  # earned 120, the refund took them back

    def test_points_spent_on_a_reward_are_redeemed_at_sync(self):
        self.card.hyc_earn(100, source_ref="EARLIER")
        reward = self.env["loyalty.reward"].create({
            "program_id": self.points_program.id, "reward_type": "discount", "discount_mode": "per_order",
            "discount": 5, "required_points": 50})
        data = ui_order(self.session, [(self.tea, 4)], [(self.cash, 115)], self.li)
        data["lines"].append(Command.create({
            "product_id": reward.discount_line_product_id.id, "qty": 1, "price_unit": -5, "discount": 0,
            "price_subtotal": -5, "price_subtotal_incl": -5, "tax_ids": [Command.set([])], "pack_lot_ids": [],
            "is_reward_line": True, "reward_id": reward.id, "coupon_id": self.card.id, "points_cost": 50,
            "reward_identifier_code": "hyc-reward-1"}))
        data["amount_total"] = 115
        self._sync(data, user=self.cashier)
        # 100 - 50 spent + 115 earned on what was paid after the reward
        self.assertEqual(self.card.points, 165)
        self.assertEqual(self._ledger(self.card), [("earn", "points", 100), ("redeem", "points", -50),
                                                   ("earn", "points", 115)])

    def test_pos_loyalty_point_changes_of_member_cards_are_booked_once(self):
        """After the sync the till sends its own point changes (confirm_coupon_programs,
        add_loyalty_history_lines): for member cards they are dropped, the ledger
        already has them."""
        order = self._sync(ui_order(self.session, [(self.tea, 2)], [(self.cash, 60)], self.li), user=self.cashier)
        Order = self.env["pos.order"].with_user(self.cashier)
        Order.browse(order.id).confirm_coupon_programs(
            {str(self.card.id): {"points": 60, "program_id": self.points_program.id, "coupon_id": self.card.id,
                                 "barcode": False, "partner_id": self.li.id}})
        Order.browse(order.id).add_loyalty_history_lines(
            [{"order_id": order.id, "card_id": str(self.card.id), "spent": 0, "won": 60}], [])
        self.assertEqual(self.card.points, 60)
        self.assertEqual(len(self.card.hyc_ledger_ids), 1)
        self.assertFalse(self.env["loyalty.history"].search([("card_id", "=", self.card.id)]))

    def test_stored_value_method_has_no_journal_and_identifies_the_customer(self):
        with self.assertRaises(UserError):
            self.env["pos.payment.method"].create({"name": "Bad stored value", "split_transactions": False,
                                                   "hyc_stored_value_program_id": self.wallet_program.id})
