from datetime import date

from odoo.tests import TransactionCase, tagged

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestBirthdayCoupons(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, _wallet = create_member_programs(cls.env)
        cls.gift = cls.env["loyalty.program"].create({"name": "Birthday gift 生日礼", "program_type": "coupons"})
        cls.points_program.hyc_birthday_program_id = cls.gift
        Partner = cls.env["res.partner"]
        cls.december = Partner.create({"name": "Zhou Min", "mobile": "13312345678", "hyc_birthday": date(1988, 12, 9)})
        cls.november = Partner.create({"name": "Wu Hao", "mobile": "13312345679", "hyc_birthday": date(1990, 11, 30)})
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.december.id, cls.points_program.id)
        cls.env["loyalty.card"].hyc_get_or_create(cls.november.id, cls.points_program.id)

    def _coupons(self):
        return self.env["loyalty.card"].search([("program_id", "=", self.gift.id)])

    def test_one_coupon_at_the_start_of_the_birthday_month_once_a_year(self):
        Card = self.env["loyalty.card"]
        first = Card._cron_hyc_birthday_coupons(date(2026, 12, 1))
        self.assertEqual(first.partner_id, self.december)
        self.assertEqual((first.points, first.expiration_date), (1, date(2026, 12, 31)))
        self.assertFalse(Card._cron_hyc_birthday_coupons(date(2026, 12, 2)))  # the nightly run again: nothing
        self.assertEqual(len(self._coupons()), 1)
        self.assertEqual(self.card.hyc_birthday_coupon_year, 2026)
        self.assertFalse(Card._cron_hyc_birthday_coupons(date(2027, 1, 1)))
        self.assertEqual(Card._cron_hyc_birthday_coupons(date(2027, 12, 1)).partner_id, self.december)
        self.assertEqual(len(self._coupons()), 2)
