from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import HycBatchCase

MODULE = "hyc_inventory_batch"


@tagged("post_install", "-at_install")
class TestCostAccess(HycBatchCase):
    """Costs, allocations and margins are for the cost-seeing roles only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receipt = cls._receive([(cls.lamb_leg, 10, 50.0, "ACL-1")])
        cls.lot = cls._lot(cls.lamb_leg, "ACL-1")
        cls.cost = cls._allocation(cls.receipt, 100.0, "equal")
        cls.cost.button_validate()
        cls.warehouse = new_test_user(cls.env, login="hyc_acl_wh", groups=f"base.group_user,{MODULE}.group_warehouse")
        cls.integration = new_test_user(cls.env, login="hyc_acl_int", groups=f"{MODULE}.group_integration")
        cls.viewer = new_test_user(cls.env, login="hyc_acl_viewer", groups=f"base.group_user,{MODULE}.group_warehouse,{MODULE}.group_cost_viewer")
        cls.finance = new_test_user(cls.env, login="hyc_acl_fin", groups=f"base.group_user,{MODULE}.group_finance")

    def _menus(self, user):
        return set(self.env["ir.ui.menu"].with_user(user).load_menus(debug=False))

    def test_warehouse_user_reads_lots_but_not_their_cost(self):
        lot = self.lot.with_user(self.warehouse)
        self.assertEqual(lot.read(["name"])[0]["name"], "ACL-1")
        for field in ("hyc_unit_cost", "hyc_landed_cost_total", "hyc_landed_cost_line_ids"):
            with self.assertRaises(AccessError, msg=field):
                lot.read([field])
        with self.assertRaises(AccessError):
            self.env["stock.landed.cost"].with_user(self.warehouse).search_read([], ["amount_total"])
        with self.assertRaises(AccessError):
            self.env["hyc.landed.cost.lot.line"].with_user(self.warehouse).search_read([], ["stock_value"])
        with self.assertRaisesRegex(AccessError, "Costs and Margins role"):
            self.env["stock.lot"].with_user(self.warehouse).hyc_read_lot_cost(self.lot.ids)
        self.assertNotIn(self.env.ref(f"{MODULE}.menu_expense_allocations").id, self._menus(self.warehouse))

    def test_integration_user_reads_no_cost(self):
        with self.assertRaises(AccessError):
            self.env["stock.landed.cost"].with_user(self.integration).search_read([], ["amount_total"])
        with self.assertRaises(AccessError):
            self.lot.with_user(self.integration).read(["hyc_unit_cost"])
        with self.assertRaisesRegex(AccessError, "Costs and Margins role"):
            self.env["stock.landed.cost"].with_user(self.integration).hyc_allocate(self.receipt.ids, [
                {"product_id": self.freight.id, "split_method": "equal", "price_unit": 1.0}])

    def test_cost_viewer_reads_lot_cost_and_history(self):
        lot = self.lot.with_user(self.viewer)
        # 10 × 50.00 + 100.00 freight = 600.00 → 60.00 a unit
        self.assertEqual(lot.hyc_unit_cost, 60.0)
        self.assertEqual(lot.hyc_landed_cost_total, 100.0)
        self.assertEqual(lot.hyc_landed_cost_line_ids.cost_id.with_user(self.viewer).name, self.cost.name)
        self.assertIn(self.env.ref(f"{MODULE}.menu_expense_allocations").id, self._menus(self.viewer))

    def test_finance_sees_the_allocations_menu_and_reads_through_the_api(self):
        self.assertIn(self.env.ref(f"{MODULE}.menu_expense_allocations").id, self._menus(self.finance))
        [data] = self.env["stock.lot"].with_user(self.finance).hyc_read_lot_cost(self.lot.ids)
        self.assertEqual((data["quantity"], data["value"], data["unit_cost"]), (10.0, 600.0, 60.0))
        self.assertEqual([h["stock_value"] for h in data["history"]], [100.0])

    def test_integration_with_cost_role_allocates_through_the_api(self):
        connector = new_test_user(self.env, login="hyc_acl_connector",
                                  groups=f"{MODULE}.group_integration,{MODULE}.group_cost_viewer")
        receipt = self._receive([(self.lamb_rack, 20, 40.0, "ACL-2")])
        result = self.env["stock.landed.cost"].with_user(connector).hyc_allocate(receipt.ids, [
            {"product_id": self.freight.id, "split_method": "by_weight", "price_unit": 50.0}])
        self.assertEqual(result["state"], "done")
        self.assertEqual([(lot["lot"], lot["stock_value"]) for lot in result["lots"]], [("ACL-2", 50.0)])
        # 20 × 40.00 + 50.00 = 850.00 → 42.50 a unit
        [data] = self.env["stock.lot"].with_user(connector).hyc_read_lot_cost(self._lot(self.lamb_rack, "ACL-2").ids)
        self.assertEqual(data["unit_cost"], 42.5)
        cost = self.env["stock.landed.cost"].browse(result["id"])
        self.assertIn(connector.name, cost.message_ids[:1].body)
