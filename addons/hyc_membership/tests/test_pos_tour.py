"""The POS in a browser: find a member by phone, sell, earn points, pay part with
stored value; then the ledger and balances on the server, exact figures."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestPosMemberTour(TestPointOfSaleHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(su=True)  # the accounting test user holds no membership role
        env["loyalty.program"].search([]).write({"active": False})
        cls.points_program, cls.wallet_program = create_member_programs(env, " (tour)")
        cls.points_program.hyc_member_weekday = False  # a plain day whatever day the test runs
        cls.stored = env["pos.payment.method"].create({
            "name": "HYC Stored Value", "split_transactions": True,
            "hyc_stored_value_program_id": cls.wallet_program.id})
        cls.main_pos_config.payment_method_ids = [Command.link(cls.stored.id)]
        cls.tea = env["product.product"].create({
            "name": "HYC Longjing Tea", "lst_price": 30, "available_in_pos": True, "type": "consu",
            "taxes_id": [Command.clear()]})
        cls.li = env["res.partner"].create({"name": "Li Na", "mobile": "13500135000"})
        cls.card = env["loyalty.card"].hyc_get_or_create(cls.li.id, cls.points_program.id)
        cls.wallet = env["loyalty.card"].hyc_get_or_create(cls.li.id, cls.wallet_program.id)
        cls.wallet.hyc_topup(100, source_ref="TOPUP/TOUR")  # below the 300 tier: no bonus
        cls.pos_user.groups_id = [Command.link(env.ref("hyc_membership.group_member_cashier").id)]

    def test_cashier_finds_member_by_phone_earns_and_pays_with_stored_value(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("hyc_membership_pos_member_tour", login="pos_user")
        order = self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual((order.partner_id, order.amount_total, order.state), (self.li, 120, "paid"))
        self.assertEqual(sorted((payment.payment_method_id.name, payment.amount) for payment in order.payment_ids),
                         [("Cash", 20), ("HYC Stored Value", 100)])
        # 120 points for 120.00 (the stored value paid for goods earns too), once
        self.assertEqual(self.card.points, 120)
        self.assertEqual([(line.kind, line.amount, line.source_id) for line in self.card.hyc_ledger_ids],
                         [("earn", 120, order.id)])
        # 100.00 of stored value spent: nothing left
        self.assertEqual(self.wallet.points, 0)
        spend = self.wallet.hyc_ledger_ids.filtered(lambda line: line.kind == "spend")
        self.assertEqual([(line.bucket, line.amount, line.source_id) for line in spend], [("paid", -100, order.id)])
        # the member's cards never went to the till with the POS data; no pos_loyalty history for them
        self.assertFalse(self.env["loyalty.history"].search([("card_id", "in", (self.card | self.wallet).ids)]))
