from odoo.tests import TransactionCase, tagged

from .common import create_member_programs, set_up_stored_value_accounts


@tagged("post_install", "-at_install")
class TestStoredValueAccounting(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _points, cls.wallet_program = create_member_programs(cls.env)
        accounts = set_up_stored_value_accounts(cls.env, cls.wallet_program, "99", "储值", "HYCSV", settlement=True)
        cls.cash, cls.liability, cls.bonus, cls.settlement, cls.journal = (
            accounts[k] for k in ("cash", "liability", "bonus", "settlement", "journal"))
        partner = cls.env["res.partner"].create({"name": "Xu Ting", "mobile": "13211112222"})
        cls.wallet = cls.env["loyalty.card"].hyc_get_or_create(partner.id, cls.wallet_program.id)

    def _entry(self, lines):
        move = lines.move_id
        self.assertEqual(len(move), 1)
        self.assertEqual(move.state, "posted")
        return sorted((line.account_id.code, line.debit, line.credit) for line in move.line_ids)

    def _balance(self, account):
        lines = self.env["account.move.line"].search([("account_id", "=", account.id), ("parent_state", "=", "posted")])
        return sum(lines.mapped("balance"))

    def test_topup_spend_refund_entries(self):
        """Pay 300 get 30: cash 300 / liability 300 (the bonus 30 is no entry).
        Spend 110: liability 100 + bonus discount 10 / payment 110.
        Refund the rest (200 paid, 20 bonus forfeited): liability 200 / cash 200."""
        self.assertEqual(self._entry(self.wallet.hyc_topup(300, source_ref="TOPUP/1")),
                         [("100199", 300, 0), ("220399", 0, 300)])
        self.assertEqual(self._entry(self.wallet.hyc_spend(110, source_ref="POS/1")),
                         [("112299", 0, 110), ("220399", 100, 0), ("660399", 10, 0)])
        self.assertEqual(self._entry(self.wallet.hyc_refund_stored_value(source_ref="REFUND/1")),
                         [("100199", 0, 200), ("220399", 200, 0)])
        self.assertEqual(self._balance(self.liability), 0)
        self.assertEqual(self._balance(self.cash), 100)
        self.assertEqual(self._balance(self.bonus), 10)

    def test_no_journal_no_entry(self):
        self.wallet_program.hyc_journal_id = False
        self.assertFalse(self.wallet.hyc_topup(300, source_ref="TOPUP/2").move_id)
