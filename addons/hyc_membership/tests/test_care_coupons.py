"""Care coupons (MEM-7): members without a visit (no earn, redeem, spend or top-up in
the ledger, no paid POS order, no confirmed sales order) for the program's inactive
days get one coupon, at most one per cool-down. Dates in 2027, after everything the
test itself creates today."""

from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import create_member_programs, create_till, ui_order


@tagged("post_install", "-at_install")
class TestCareCoupons(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, cls.wallet = create_member_programs(cls.env, " (care)")
        cls.care = cls.env["loyalty.program"].create({"name": "We miss you 想念您", "program_type": "coupons"})
        cls.points_program.write({"hyc_care_program_id": cls.care.id, "hyc_care_inactive_days": 90,
                                  "hyc_care_cooldown_days": 90})
        Partner = cls.env["res.partner"]
        Card = cls.env["loyalty.card"]
        names = "ABCDEFGH"
        cls.partners = {name: Partner.create({"name": f"Care member {name}", "mobile": f"1370013700{index}"})
                        for index, name in enumerate(names)}
        cls.cards = {name: Card.hyc_get_or_create(partner.id, cls.points_program.id)
                     for name, partner in cls.partners.items()}
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE loyalty_card SET create_date = %s WHERE id IN %s",
                           [datetime(2027, 1, 1), tuple(card.id for card in cls.cards.values())])
        cls.env.cr.execute("UPDATE loyalty_card SET create_date = %s WHERE id = %s",
                           [datetime(2027, 10, 1), cls.cards["G"].id])  # G joined recently
        cls.env.invalidate_all()

        def dated(lines, when):
            lines.sudo().write({"date": when})
        cards = cls.cards
        dated(cards["A"].hyc_earn(10, source_ref="A old"), datetime(2027, 8, 1))
        dated(cards["B"].hyc_earn(10, source_ref="B recent"), datetime(2027, 10, 15))
        cards["E"].hyc_earn(10, source_ref="E earlier")
        dated(cards["E"].hyc_redeem(5, source_ref="E at the limit"), datetime(2027, 9, 2, 0, 0, 0))
        dated(cards["F"].hyc_earn(10, source_ref="F a second too early"), datetime(2027, 9, 1, 23, 59, 59))
        cards["H"].hyc_earn(10, source_ref="H earlier")
        dated(cards["H"].hyc_adjust(-10, reason="closed by hand"), datetime(2027, 10, 1))  # no visit
        tea = cls.env["product.product"].create({"name": "Care tea", "list_price": 20, "taxes_id": [Command.clear()],
                                                 "available_in_pos": True})
        # C bought in a sales order, D at the till (both after the limit)
        sale = cls.env["sale.order"].create({"partner_id": cls.partners["C"].id, "order_line": [
            Command.create({"product_id": tea.id, "product_uom_qty": 1, "tax_id": [Command.clear()]})]})
        sale.action_confirm()
        _config, session, cash, _stored = create_till(cls.env, cls.wallet, " (care)")
        result = cls.env["pos.order"].sync_from_ui([ui_order(session, [(tea, 1)], [(cash, 20)],
                                                             partner=cls.partners["D"])])
        pos_order = cls.env["pos.order"].browse(result["pos.order"][0]["id"])
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE sale_order SET date_order = %s WHERE id = %s", [datetime(2027, 10, 1), sale.id])
        cls.env.cr.execute("UPDATE pos_order SET date_order = %s WHERE id = %s", [datetime(2027, 10, 1), pos_order.id])
        cls.env.invalidate_all()

    def _run(self, today):
        coupons = self.env["loyalty.card"]._cron_hyc_care_coupons(today)
        names = {name for name, partner in self.partners.items() if partner in coupons.partner_id}
        return coupons, names

    def test_inactive_members_get_one_coupon_per_cooldown(self):
        coupons, names = self._run(date(2027, 12, 1))
        # A: last earn 1 Aug; F: a second before 2 Sep 00:00; H: only an adjustment since
        self.assertEqual(names, {"A", "F", "H"})
        self.assertEqual(len(coupons), 3)
        self.assertEqual(coupons.program_id, self.care)
        self.assertEqual(coupons.mapped("points"), [1, 1, 1])
        self.assertEqual(self.cards["A"].hyc_care_coupon_date, date(2027, 12, 1))
        self.assertFalse(self.cards["B"].hyc_care_coupon_date)
        # the next night E's visit of 2 Sep 00:00 is 91 days old: E's turn; A, F, H cool down
        self.assertEqual(self._run(date(2027, 12, 2))[1], {"E"})
        self.assertFalse(self._run(date(2027, 12, 2))[0])  # the same night again: nothing
        # by 28 Feb every visit is older than 90 days: those without a coupon yet get one
        self.assertEqual(self._run(date(2028, 2, 28))[1], {"B", "C", "D", "G"})
        # 90 days after their coupon of 1 Dec (a leap year) A, F, H get the next one; E a day later
        self.assertEqual(self._run(date(2028, 2, 29))[1], {"A", "F", "H"})
        self.assertEqual(self._run(date(2028, 3, 1))[1], {"E"})
        self.assertEqual(self.env["loyalty.card"].search_count([("program_id", "=", self.care.id)]), 12)
        self.assertEqual(self.cards["A"].hyc_care_coupon_date, date(2028, 2, 29))

    def test_without_a_care_program_nothing_is_issued(self):
        self.points_program.hyc_care_program_id = False
        self.assertFalse(self._run(date(2027, 12, 1))[0])
