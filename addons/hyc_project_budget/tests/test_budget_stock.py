from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import BudgetCase


@tagged("post_install", "-at_install")
class TestMaterialIssuesAndReturns(BudgetCase):
    """Materials issued from stock to a project are actual cost; leftovers returned reduce it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock = cls.env.ref("stock.stock_location_stock")
        cls.site = cls.env.ref("stock.stock_location_customers")
        cls.out_type = cls.env.ref("stock.picking_type_out")
        (cls.out_type | cls.out_type.return_picking_type_id).write({"analytic_costs": True})
        cls.cable = cls.env["product.product"].create({
            "name": "Fire-resistant cable (roll)", "categ_id": cls.categ_materials.id,
            "is_storable": True, "standard_price": 1000.0,
        })
        cls.env["stock.quant"]._update_available_quantity(cls.cable, cls.stock, 200)
        cls.storekeeper = new_test_user(
            cls.env, login="hyc_storekeeper", groups="base.group_user,stock.group_stock_user",
        )

    def _issue(self, qty, user=None):
        env = self.env(user=user) if user else self.env
        picking = env["stock.picking"].create({
            "picking_type_id": self.out_type.id,
            "location_id": self.stock.id,
            "location_dest_id": self.site.id,
            "project_id": self.project.id,
            "move_ids": [(0, 0, {
                "name": self.cable.name, "product_id": self.cable.id, "product_uom_qty": qty,
                "product_uom": self.cable.uom_id.id,
                "location_id": self.stock.id, "location_dest_id": self.site.id,
            })],
        })
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        return picking

    def test_issue_is_actual_cost_and_return_reduces_it(self):
        picking = self._issue(10, user=self.storekeeper)
        picking.with_user(self.storekeeper).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._figures(self.line_materials), (100000.0, 0.0, 10000.0, 90000.0))
        wizard = self.env["stock.return.picking"].with_context(
            active_id=picking.id, active_model="stock.picking").create({})
        wizard.product_return_moves.quantity = 3
        back = wizard._create_return()
        self.assertEqual(back.project_id, self.project)
        back.move_ids.quantity = 3
        back.move_ids.picked = True
        back.button_validate()
        self.assertEqual(back.state, "done")
        self.assertEqual(self._figures(self.line_materials), (100000.0, 0.0, 7000.0, 93000.0))

    def test_issue_beyond_the_budget_is_blocked(self):
        self._po(self.steel, 1, 95000.0).button_confirm()
        picking = self._issue(6, user=self.storekeeper)
        with self.assertRaises(UserError) as caught:
            picking.with_user(self.storekeeper).button_validate()
        self.assertIn(f"needs {self.money(6000)}", str(caught.exception))
        self.assertNotEqual(picking.state, "done")
        # Odoo counts picked quantities as an analytic estimate until the picking is cancelled
        self.assertEqual(self._figures(self.line_materials)[2], 6000.0)
        self.env["stock.picking"].browse(picking.id).action_cancel()  # a stock user may not read analytic items
        self.assertEqual(self._figures(self.line_materials)[2], 0.0)
        ok = self._issue(5, user=self.storekeeper)
        ok.with_user(self.storekeeper).button_validate()
        self.assertEqual(self._figures(self.line_materials), (100000.0, 95000.0, 5000.0, 0.0))

    def test_issue_without_analytic_costs_operation_is_not_a_project_cost(self):
        (self.out_type | self.out_type.return_picking_type_id).write({"analytic_costs": False})
        picking = self._issue(10)
        picking.button_validate()
        self.assertEqual(self._figures(self.line_materials)[2], 0.0)
