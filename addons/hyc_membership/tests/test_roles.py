from odoo.tests import TransactionCase, new_test_user, tagged

MODULE = "hyc_membership"
ROLES = ['group_member_cashier', 'group_member_manager', 'group_integration']
MENU_ROLES = ['group_member_cashier', 'group_member_manager']


@tagged("post_install", "-at_install")
class TestMembershipRoles(TransactionCase):
    """The roles and the top menu the addon ships, and who may reach them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env.ref(f"{MODULE}.module_category_{MODULE}")
        cls.menu_root = cls.env.ref(f"{MODULE}.menu_root")
        cls.plain_user = new_test_user(cls.env, login="hyc_plain", groups="base.group_user")

    def _visible(self, user):
        """Menu ids the web client would show the user (what load_menus sends it)."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return {key for key in menus if key != "root"}

    def test_every_role_is_a_group_in_the_suite_category(self):
        groups = self.env["res.groups"].search([("category_id", "=", self.category.id)])
        xmlids = sorted(groups.get_external_id().values())
        self.assertEqual(xmlids, sorted(f"{MODULE}.{role}" for role in ROLES))

    def test_roles_imply_the_odoo_rights_they_need(self):
        expected = {'group_member_cashier': ['point_of_sale.group_pos_user'], 'group_member_manager': ['hyc_membership.group_member_cashier', 'point_of_sale.group_pos_manager'], 'group_integration': ['base.group_user']}
        for role, implied in expected.items():
            group = self.env.ref(f"{MODULE}.{role}")
            for xmlid in implied:
                self.assertIn(self.env.ref(xmlid), group.trans_implied_ids, f"{role} should imply {xmlid}")

    def test_admin_holds_the_top_role(self):
        self.assertIn(self.env.ref("base.user_admin"), self.env.ref(f"{MODULE}.group_member_manager").users)

    def test_menu_is_restricted_to_the_roles(self):
        self.assertEqual(
            sorted(self.menu_root.groups_id.get_external_id().values()),
            sorted(f"{MODULE}.{role}" for role in MENU_ROLES),
        )

    def test_each_menu_role_sees_the_menu_and_its_action(self):
        entry = self.env.ref(f"{MODULE}.menu_member_cards")
        for role in MENU_ROLES:
            user = new_test_user(self.env, login=f"hyc_{role}", groups=f"base.group_user,{MODULE}.{role}")
            visible = self._visible(user)
            self.assertIn(self.menu_root.id, visible, role)
            self.assertIn(entry.id, visible, role)

    def test_user_without_a_role_does_not_see_the_menu(self):
        self.assertNotIn(self.menu_root.id, self._visible(self.plain_user))
        self.assertNotIn(self.env.ref(f"{MODULE}.menu_member_cards").id, self._visible(self.plain_user))

    def test_integration_role_has_no_menu(self):
        integration = new_test_user(self.env, login="hyc_integration", groups=f"{MODULE}.group_integration")
        self.assertNotIn(self.menu_root.id, self._visible(integration))
        self.assertFalse(integration.has_group("base.group_system"))

    def test_menu_and_roles_are_translated_to_simplified_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"], overwrite=True)
        zh = self.env(context={"lang": "zh_CN"})
        self.assertEqual(zh.ref(f"{MODULE}.menu_root").name, "会员")
        self.assertEqual(zh.ref(f"{MODULE}.action_member_cards").name, "会员卡")
        for role in ROLES:
            name = zh.ref(f"{MODULE}.{role}").name
            self.assertRegex(name, r"[\u4e00-\u9fff]", f"{role} has no Chinese name")
