"""Growth value (成长值) as the level basis (MEM-2): earned by purchases (growth per CNY)
and by awards (check-ins over the API, idempotent), adjusted by managers with a reason,
never spent by redeeming points, taken back by refunds in proportion."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import create_member_programs, create_till, ui_order


@tagged("post_install", "-at_install")
class TestGrowthValue(TransactionCase):
    """普通 from 0, 银卡 from 1,000, 金卡 from 5,000 growth value; growth 1 per CNY."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, cls.wallet_program = create_member_programs(cls.env, " (growth)")
        cls.points_program.write({"hyc_member_weekday": False, "hyc_level_basis": "growth",
                                  "hyc_growth_per_cny": 1.0, "hyc_growth_months": 0})
        cls.points_program.hyc_level_ids = [
            Command.create({"name": "普通", "threshold": 0, "multiplier": 1}),
            Command.create({"name": "银卡", "threshold": 1000, "multiplier": 1.5}),
            Command.create({"name": "金卡", "threshold": 5000, "multiplier": 2}),
        ]
        cls.normal, cls.silver, cls.gold = cls.points_program.hyc_level_ids.sorted("threshold")
        cls.partner = cls.env["res.partner"].create({"name": "Zhou Min", "mobile": "13722224444"})
        # a pricelist without rules: another addon's demo pricelist (e.g. 10 % off) may be
        # a new customer's default in a shared database, and the figures are list prices
        cls.partner.property_product_pricelist = cls.env["product.pricelist"].create({"name": "List price (growth)"})
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.partner.id, cls.points_program.id)
        cls.teapot = cls.env["product.product"].create({"name": "Teapot", "list_price": 600, "type": "consu",
                                                        "taxes_id": [Command.clear()]})
        cls.integration = new_test_user(cls.env, login="hyc_growth_api",
                                        groups="base.group_user,hyc_membership.group_integration")
        cls.cashier = new_test_user(cls.env, login="hyc_growth_cashier",
                                    groups="base.group_user,hyc_membership.group_member_cashier")
        cls.manager = new_test_user(cls.env, login="hyc_growth_manager",
                                    groups="base.group_user,hyc_membership.group_member_manager")

    def _sell(self, product, quantity=1):
        order = self.env["sale.order"].create({"partner_id": self.partner.id, "order_line": [
            Command.create({"product_id": product.id, "product_uom_qty": quantity, "tax_id": [Command.clear()]})]})
        order.action_confirm()
        return order

    def _check_in(self, key, growth=400):
        return self.env["loyalty.card"].with_user(self.integration).hyc_api_add_growth(
            self.card.id, growth, "社区打卡", key)

    @freeze_time("2026-05-03 10:00:00")
    def test_a_purchase_reaching_the_threshold_upgrades_at_once(self):
        self._check_in("checkin:2026-05-01")                   # 400: still 普通
        self.assertEqual((self.card.hyc_growth_value, self.card.hyc_level_id), (400, self.normal))
        self._sell(self.teapot)                                # + 600 = 1,000: 银卡 on this purchase
        self.assertEqual(self.card.hyc_growth_value, 1000)
        self.assertEqual((self.card.hyc_level_id, self.card.hyc_level_review_date), (self.silver, date(2027, 5, 3)))
        self.assertEqual(self.card.points, 600)                # earned at 普通 (x1), then upgraded
        self.assertEqual(sorted((line.kind, line.amount, line.growth) for line in self.card.hyc_ledger_ids),
                         [("earn", 600, 600), ("growth", 0, 400)])

    @freeze_time("2026-05-03 10:00:00")
    def test_an_award_reaching_the_threshold_upgrades_and_the_api_applies_a_key_once(self):
        self._sell(self.teapot)
        self.assertEqual((self.card.hyc_growth_value, self.card.hyc_level_id), (600, self.normal))
        first = self._check_in("checkin:42")
        again = self._check_in("checkin:42")                   # the mini-program retries
        self.assertEqual(first["line_ids"], again["line_ids"])
        self.assertEqual((again["growth_value"], again["level"]), (1000, "银卡"))
        self.assertEqual(self.card.hyc_level_id, self.silver)
        award = self.card.hyc_ledger_ids.filtered(lambda line: line.kind == "growth")
        self.assertEqual((award.growth, award.amount, award.source_ref, award.idempotency_key, award.user_id),
                         (400, 0, "社区打卡", "growth:checkin:42", self.integration))
        # the caller's key for points is its own: the same key may earn points too
        self.env["loyalty.card"].with_user(self.integration).hyc_api_earn(self.card.id, 5, "社区打卡", "checkin:42")
        self.assertEqual((self.card.points, self.card.hyc_growth_value), (605, 1000))

    @freeze_time("2026-05-03 10:00:00")
    def test_redeeming_points_does_not_spend_growth(self):
        self._sell(self.teapot, 2)                             # 1,200 growth, 1,200 points
        self.card.hyc_redeem(1000, source_ref="积分兑换")
        self.assertEqual((self.card.points, self.card.hyc_growth_value, self.card.hyc_level_id),
                         (200, 1200, self.silver))

    @freeze_time("2026-05-03 10:00:00")
    def test_a_cancelled_order_takes_its_growth_back_and_the_level_falls_only_at_review(self):
        order = self._sell(self.teapot, 2)
        self.assertEqual(self.card.hyc_level_id, self.silver)
        order._action_cancel()
        self.assertEqual((self.card.hyc_growth_value, self.card.hyc_level_id), (0, self.silver))
        self.card.hyc_evaluate_level(date(2027, 5, 3))         # the review date
        self.assertEqual((self.card.hyc_level_id, self.card.hyc_level_review_date), (self.normal, date(2028, 5, 3)))

    def test_a_manager_adjusts_growth_with_a_reason_and_never_below_zero(self):
        card = self.card.with_user(self.cashier)
        with self.assertRaises(AccessError):
            card.hyc_adjust_growth(100, "补录线下活动")
        self.card.with_user(self.manager).hyc_adjust_growth(300, "补录线下活动", key="adj:1")
        self.card.with_user(self.manager).hyc_adjust_growth(300, "补录线下活动", key="adj:1")
        line = self.card.hyc_ledger_ids
        self.assertEqual((line.kind, line.growth, line.reason, line.source_ref),
                         ("adjust", 300, "补录线下活动", "Growth adjustment: 补录线下活动"))
        with self.assertRaisesRegex(UserError, "cannot go below zero"):
            self.card.with_user(self.manager).hyc_adjust_growth(-300.01, "纠正")
        with self.assertRaisesRegex(UserError, "needs a reason"):
            self.card.with_user(self.manager).hyc_adjust_growth(-100, " ")
        self.card.with_user(self.manager).hyc_adjust_growth(-300, "纠正")
        self.assertEqual(self.card.hyc_growth_value, 0)

    def test_the_adjustment_wizard_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["hyc.member.growth.wizard"].with_user(self.cashier).create(
                {"card_id": self.card.id, "growth": 50, "reason": "补录"})
        wizard = self.env["hyc.member.growth.wizard"].with_user(self.manager).create(
            {"card_id": self.card.id, "growth": 1000, "reason": "补录线下活动 2026-04"})
        wizard.action_adjust()
        wizard.action_adjust()                                  # a double click
        self.assertEqual([(line.kind, line.growth, line.user_id) for line in self.card.hyc_ledger_ids],
                         [("adjust", 1000, self.manager)])
        self.assertEqual((self.card.hyc_growth_value, self.card.hyc_level_id), (1000, self.silver))

    def test_growth_in_a_window_of_months(self):
        self.points_program.hyc_growth_months = 12
        self.card.hyc_add_growth(1200, source_ref="2025 活动", on_date=date(2025, 5, 3))
        self.assertEqual(self.card.hyc_level_id, self.silver)
        self.assertEqual(self.card._hyc_growth(date(2026, 5, 2)), 1200)
        self.assertEqual(self.card._hyc_growth(date(2026, 5, 3)), 0)   # a year on, it no longer counts
        self.card.hyc_evaluate_level(date(2026, 5, 3))
        self.assertEqual(self.card.hyc_level_id, self.normal)

    def test_a_spend_program_ignores_growth_awards(self):
        self.points_program.hyc_level_basis = "spend"
        self.card.hyc_add_growth(6000, source_ref="活动", on_date=date(2026, 5, 3))
        self.assertEqual(self.card.hyc_level_id, self.normal)

    def test_pos_refunds_take_back_growth_in_proportion(self):
        # 3 x 25.50 = 76.50 growth at 1.5 per CNY = 114.75; refunding 1 takes back 38.25,
        # the other 2 the last 76.50
        self.points_program.hyc_growth_per_cny = 1.5
        # the demo programs stay out of the till
        self.env["loyalty.program"].search([("id", "not in", (self.points_program | self.wallet_program).ids)]).write(
            {"active": False})
        _config, session, cash, _stored = create_till(self.env, self.wallet_program, " growth")
        seeds = self.env["product.product"].create({"name": "Melon seeds", "lst_price": 25.5, "available_in_pos": True,
                                                    "type": "consu", "taxes_id": [Command.clear()]})

        def sync(order):
            result = self.env["pos.order"].with_user(self.cashier).sync_from_ui([order])
            return self.env["pos.order"].browse([vals["id"] for vals in result["pos.order"]])

        sale = sync(ui_order(session, [(seeds, 3)], [(cash, 76.5)], self.partner))
        sync(ui_order(session, [(seeds, -1)], [(cash, -25.5)], self.partner, refunded_lines=sale.lines))
        growth = [line.growth for line in self.card.hyc_ledger_ids.sorted("id")]
        self.assertEqual(growth, [114.75, -38.25])
        sync(ui_order(session, [(seeds, -2)], [(cash, -51)], self.partner, refunded_lines=sale.lines))
        growth = [line.growth for line in self.card.hyc_ledger_ids.sorted("id")]
        self.assertEqual(growth, [114.75, -38.25, -76.5])
