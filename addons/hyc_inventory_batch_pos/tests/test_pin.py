from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestOverridePin(TransactionCase):
    """The manager's PIN: digits only, one per user, set by the access-rights administrator only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, login="hyc_pin_manager", groups="base.group_user,point_of_sale.group_pos_manager")
        cls.other = new_test_user(cls.env, login="hyc_pin_other", groups="base.group_user,point_of_sale.group_pos_manager")

    def test_pin_is_4_to_8_digits(self):
        for pin in ("123", "12a4", "123456789", " 1234"):
            with self.assertRaisesRegex(ValidationError, "4 to 8 digits"):
                self.manager.hyc_pos_override_pin = pin
        self.manager.hyc_pos_override_pin = "20261204"
        self.assertEqual(self.manager.hyc_pos_override_pin, "20261204")

    def test_two_users_cannot_share_a_pin(self):
        self.manager.hyc_pos_override_pin = "5678"
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.other.hyc_pos_override_pin = "5678"
            self.env.flush_all()

    def test_a_pos_manager_cannot_read_the_pins(self):
        self.other.hyc_pos_override_pin = "8765"
        with self.assertRaises(AccessError):
            self.other.with_user(self.manager).read(["hyc_pos_override_pin"])

    def test_strings_are_translated_to_simplified_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hyc_inventory_batch_pos"], ["zh_CN"], overwrite=True)
        zh = self.env(context={"lang": "zh_CN"})
        self.assertEqual(zh.ref("hyc_inventory_batch_pos.action_hyc_pos_expiry_override").name, "过期批次授权记录")
        self.assertEqual(zh["ir.model.fields"]._get("res.users", "hyc_pos_override_pin").field_description, "收银授权PIN码")

    def test_only_pos_managers_see_the_override_list(self):
        menu = self.env.ref("hyc_inventory_batch_pos.menu_hyc_pos_expiry_override")
        cashier = new_test_user(self.env, login="hyc_pin_cashier", groups="base.group_user,point_of_sale.group_pos_user")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(cashier)._visible_menu_ids())
        # cashiers read overrides (the till asks about its own order) but never write them
        Override = self.env["hyc.pos.expiry.override"]
        self.assertTrue(Override.with_user(cashier).has_access("read"))
        for operation in ("write", "create", "unlink"):
            self.assertFalse(Override.with_user(cashier).has_access(operation), operation)
            self.assertFalse(Override.with_user(self.manager).has_access(operation), operation)
