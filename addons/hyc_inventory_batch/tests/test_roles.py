from odoo.tests import TransactionCase, new_test_user, tagged

MODULE = "hyc_inventory_batch"
ROLES = ['group_warehouse', 'group_purchasing', 'group_cost_viewer', 'group_finance', 'group_integration']
MENU_ROLES = ['group_warehouse', 'group_purchasing', 'group_finance']


@tagged("post_install", "-at_install")
class TestInventoryBatchRoles(TransactionCase):
    """The roles and the top menu the addon ships, and who may reach them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env.ref(f"{MODULE}.module_category_{MODULE}")
        cls.menu_root = cls.env.ref(f"{MODULE}.menu_root")
        cls.plain_user = new_test_user(cls.env, login="hyc_plain", groups="base.group_user,stock.group_stock_user")

    def _visible(self, user):
        """Menu ids the web client would show the user (what load_menus sends it)."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return {key for key in menus if key != "root"}

    def test_every_role_is_a_group_in_the_suite_category(self):
        groups = self.env["res.groups"].search([("category_id", "=", self.category.id)])
        xmlids = sorted(groups.get_external_id().values())
        self.assertEqual(xmlids, sorted(f"{MODULE}.{role}" for role in ROLES))

    def test_roles_imply_the_odoo_rights_they_need(self):
        expected = {'group_warehouse': ['stock.group_stock_user'], 'group_purchasing': ['purchase.group_purchase_user', 'stock.group_stock_user'], 'group_cost_viewer': [], 'group_finance': ['hyc_inventory_batch.group_cost_viewer', 'stock.group_stock_user', 'account.group_account_invoice'], 'group_integration': ['base.group_user']}
        for role, implied in expected.items():
            group = self.env.ref(f"{MODULE}.{role}")
            for xmlid in implied:
                self.assertIn(self.env.ref(xmlid), group.trans_implied_ids, f"{role} should imply {xmlid}")

    def test_admin_holds_the_top_role(self):
        self.assertIn(self.env.ref("base.user_admin"), self.env.ref(f"{MODULE}.group_finance").users)

    def test_menu_is_restricted_to_the_roles(self):
        self.assertEqual(
            sorted(self.menu_root.groups_id.get_external_id().values()),
            sorted(f"{MODULE}.{role}" for role in MENU_ROLES),
        )

    def test_each_menu_role_sees_the_menu_and_its_action(self):
        entry = self.env.ref(f"{MODULE}.menu_lots")
        for role in MENU_ROLES:
            user = new_test_user(self.env, login=f"hyc_{role}", groups=f"base.group_user,{MODULE}.{role}")
            visible = self._visible(user)
            self.assertIn(self.menu_root.id, visible, role)
            self.assertIn(entry.id, visible, role)

    def test_user_without_a_role_does_not_see_the_menu(self):
        self.assertNotIn(self.menu_root.id, self._visible(self.plain_user))
        self.assertNotIn(self.env.ref(f"{MODULE}.menu_lots").id, self._visible(self.plain_user))

    def test_integration_role_has_no_menu(self):
        integration = new_test_user(self.env, login="hyc_integration", groups=f"{MODULE}.group_integration")
        self.assertNotIn(self.menu_root.id, self._visible(integration))
        self.assertFalse(integration.has_group("base.group_system"))

    def test_menu_and_roles_are_translated_to_simplified_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"], overwrite=True)
        zh = self.env(context={"lang": "zh_CN"})
        self.assertEqual(zh.ref(f"{MODULE}.menu_root").name, "批次成本")
        self.assertEqual(zh.ref(f"{MODULE}.action_lots").name, "批次")
        for role in ROLES:
            name = zh.ref(f"{MODULE}.{role}").name
            self.assertRegex(name, r"[\u4e00-\u9fff]", f"{role} has no Chinese name")

    def test_by_amount_split_says_what_it_is(self):
        """Odoo's "By Current Cost" splits on the receipt lines' value: by amount (按金额)."""
        for model, field in (("stock.landed.cost.lines", "split_method"), ("product.template", "split_method_landed_cost")):
            labels = dict(self.env[model]._fields[field]._description_selection(self.env))
            self.assertEqual(labels["by_current_cost_price"], "By Amount (Current Cost)", model)
            self.assertEqual(list(labels), ["equal", "by_quantity", "by_current_cost_price", "by_weight", "by_volume"], model)
        self.env["res.lang"]._activate_lang("zh_CN")
        zh = self.env(context={"lang": "zh_CN"})
        # both modules' terms at once (a language installed later), then Odoo's alone
        # (its translations refreshed): whatever the order, the label says 按金额
        for modules in (["stock_landed_costs", MODULE], ["stock_landed_costs"]):
            self.env["ir.module.module"]._load_module_terms(modules, ["zh_CN"], overwrite=True)
            self.env.registry.clear_cache()
            for model, field in (("stock.landed.cost.lines", "split_method"), ("product.template", "split_method_landed_cost")):
                labels = dict(zh[model]._fields[field]._description_selection(zh))
                self.assertEqual(labels["by_current_cost_price"], "按金额（采购价值）", (modules, model))
                # Odoo's other labels keep Odoo's translation
                self.assertEqual(labels["by_weight"], "按重量", model)
