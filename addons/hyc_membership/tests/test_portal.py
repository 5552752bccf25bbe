"""The member's portal page and the record rules behind it: a portal user reads
their own member cards and ledger, never another member's."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestMemberPortal(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, cls.wallet_program = create_member_programs(cls.env, " (portal)")
        cls.li_user = new_test_user(cls.env, login="hyc_portal_li", groups="base.group_portal", name="Li Portal",
                                    password="hyc_portal_li")
        cls.wang_user = new_test_user(cls.env, login="hyc_portal_wang", groups="base.group_portal", name="Wang Portal",
                                      password="hyc_portal_wang")
        Card = cls.env["loyalty.card"]
        cls.li_points = Card.hyc_get_or_create(cls.li_user.partner_id.id, cls.points_program.id)
        cls.li_wallet = Card.hyc_get_or_create(cls.li_user.partner_id.id, cls.wallet_program.id)
        cls.wang_points = Card.hyc_get_or_create(cls.wang_user.partner_id.id, cls.points_program.id)
        cls.li_points.hyc_earn(268, source_ref="LI-ORDER-268")
        cls.li_points.hyc_redeem(100, source_ref="LI-REDEEM-100")
        cls.li_wallet.hyc_topup(500, source_ref="LI-TOPUP-500")  # 500 + 60 bonus
        cls.wang_points.hyc_earn(56, source_ref="WANG-ORDER-56")

    def test_portal_user_reads_only_own_cards_and_ledger(self):
        Card = self.env["loyalty.card"].with_user(self.li_user)
        Ledger = self.env["hyc.member.ledger"].with_user(self.li_user)
        self.assertEqual(Card.search([("hyc_member_number", "!=", False)]), self.li_points | self.li_wallet)
        self.assertEqual(sorted(Ledger.search([]).mapped("source_ref")),
                         ["LI-ORDER-268", "LI-REDEEM-100", "LI-TOPUP-500", "LI-TOPUP-500"])
        with self.assertRaises(AccessError):
            self.wang_points.with_user(self.li_user).read(["points"])
        with self.assertRaises(AccessError):
            self.wang_points.hyc_ledger_ids.with_user(self.li_user).read(["amount"])
        with self.assertRaises(AccessError):
            self.li_points.with_user(self.li_user).write({"hyc_mobile": "13000000000"})
        # and the other way round
        self.assertEqual(self.env["loyalty.card"].with_user(self.wang_user).search([]), self.wang_points)

    def test_my_membership_page_shows_own_balances_and_history(self):
        self.authenticate("hyc_portal_li", "hyc_portal_li")
        page = self.url_open("/my/membership")
        self.assertEqual(page.status_code, 200)
        html = page.text
        self.assertIn(self.li_points.hyc_member_number, html)
        self.assertIn(self.li_wallet.hyc_member_number, html)
        self.assertIn("LI-ORDER-268", html)
        self.assertIn("LI-TOPUP-500", html)
        self.assertIn("560.00", html)  # stored value 500 paid + 60 bonus
        self.assertNotIn(self.wang_points.hyc_member_number, html)
        self.assertNotIn("WANG-ORDER-56", html)

    def test_member_without_cards_sees_an_empty_page(self):
        new_test_user(self.env, login="hyc_portal_zhao", groups="base.group_portal", password="hyc_portal_zhao")
        self.authenticate("hyc_portal_zhao", "hyc_portal_zhao")
        page = self.url_open("/my/membership")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_hyc_no_member", page.text)
        self.assertNotIn("LI-ORDER-268", page.text)


@tagged("post_install", "-at_install")
class TestMemberPortalGrowth(HttpCase):
    """A program on growth value (成长值): the member sees their growth, the next level
    and what it still needs, and the growth of each history line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, _wallet = create_member_programs(cls.env, " (portal growth)")
        cls.points_program.write({"hyc_level_basis": "growth", "hyc_growth_per_cny": 1.0, "hyc_growth_months": 0,
                                  "hyc_level_ids": [
                                      Command.create({"name": "普通", "threshold": 0, "multiplier": 1}),
                                      Command.create({"name": "银卡", "threshold": 1000, "multiplier": 1.5}),
                                      Command.create({"name": "金卡", "threshold": 5000, "multiplier": 2}),
                                  ]})
        cls.member = new_test_user(cls.env, login="hyc_portal_growth", groups="base.group_portal",
                                   name="Qian Portal", password="hyc_portal_growth")
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.member.partner_id.id, cls.points_program.id)
        cls.card.hyc_add_growth(1234, source_ref="CHECKIN-1234")  # 银卡, 3,766 short of 金卡

    def test_growth_value_and_next_level_are_shown(self):
        self.assertEqual(self.card.hyc_level_id.name, "银卡")
        self.authenticate("hyc_portal_growth", "hyc_portal_growth")
        html = self.url_open("/my/membership").text
        self.assertRegex(html, r'class="o_hyc_growth"[^>]*>1,?234<')
        self.assertRegex(html, r'o_hyc_next_level">Next Level: <strong>金卡</strong>')
        self.assertRegex(html, r'o_hyc_to_next">Growth Value Still Needed: <strong[^>]*>3,?766</strong>')
        self.assertIn("CHECKIN-1234", html)

    def test_top_level_has_no_next_level(self):
        self.card.hyc_add_growth(4000, source_ref="CHECKIN-4000")  # 5,234: 金卡, the top
        self.authenticate("hyc_portal_growth", "hyc_portal_growth")
        html = self.url_open("/my/membership").text
        self.assertIn("金卡", html)
        self.assertNotIn("o_hyc_next_level", html)
        self.assertNotIn("o_hyc_to_next", html)

    def test_a_spend_basis_program_shows_no_growth(self):
        self.points_program.hyc_level_basis = "spend"
        self.authenticate("hyc_portal_growth", "hyc_portal_growth")
        html = self.url_open("/my/membership").text
        self.assertNotIn("o_hyc_growth", html)
        self.assertNotIn("o_hyc_next_level", html)
