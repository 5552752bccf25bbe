import base64

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import create_member_programs

CSV = """手机,姓名,会员号,积分,储值本金,储值赠送,生日
13800138011,李雷,OLD-001,1200,300,30,1990-12-25
13800138012,韩梅梅,,80,0,0,
1380013,坏号码,,5,0,0,
""".encode("utf-8-sig")


@tagged("post_install", "-at_install")
class TestMemberImport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, cls.wallet_program = create_member_programs(cls.env)

    def _wizard(self):
        return self.env["hyc.member.import.wizard"].create({
            "file": base64.b64encode(CSV), "filename": "old_pos_members.csv",
            "program_id": self.points_program.id, "wallet_program_id": self.wallet_program.id})

    def _snapshot(self):
        cards = self.env["loyalty.card"].search([("program_id", "in", (self.points_program | self.wallet_program).ids)])
        return sorted((card.hyc_mobile, card.program_id.id, card.points, len(card.hyc_ledger_ids)) for card in cards)

    def test_preview_reports_refused_rows_and_writes_nothing(self):
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual((wizard.valid_count, wizard.error_count, wizard.state), (2, 1, "preview"))
        self.assertIn("Line 4", wizard.report)
        self.assertEqual(self._snapshot(), [])

    def test_import_then_import_again_changes_nothing(self):
        self._wizard().action_import()
        first = self._snapshot()
        lilei = self.env["loyalty.card"].search([("program_id", "=", self.points_program.id), ("hyc_mobile", "=", "13800138011")])
        self.assertEqual((lilei.hyc_member_number, lilei.points, str(lilei.partner_id.hyc_birthday)), ("OLD-001", 1200, "1990-12-25"))
        wallet = self.env["loyalty.card"].search([("program_id", "=", self.wallet_program.id), ("hyc_mobile", "=", "13800138011")])
        self.assertEqual((wallet.points, wallet.hyc_paid_balance, wallet.hyc_bonus_balance), (330, 300, 30))
        self.assertEqual(len(first), 3)  # two points cards, one stored-value card (韩梅梅 has none)
        partners = self.env["res.partner"].search_count([("mobile", "in", ["13800138011", "13800138012"])])
        self._wizard().action_import()
        self.assertEqual(self._snapshot(), first)
        self.assertEqual(self.env["res.partner"].search_count([("mobile", "in", ["13800138011", "13800138012"])]), partners)

    def test_cashier_cannot_import(self):
        cashier = new_test_user(self.env, login="hyc_cashier_imp", groups="base.group_user,hyc_membership.group_member_cashier")
        with self.assertRaises(AccessError):
            self._wizard().with_user(cashier).action_import()
