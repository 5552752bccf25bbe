from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HycBatchCase


@tagged("post_install", "-at_install")
class TestAllocationSplit(HycBatchCase):
    """1,000.00 of freight over three receipt lines: 10 leg @ 50, 20 rack @ 40, 30 brisket @ 70.

    Amounts 500 / 800 / 2,100 (3,400); quantities 10 / 20 / 30 (60);
    weights 10 × 1.0 = 10 kg, 20 × 1.25 = 25 kg, 30 × 0.5 = 15 kg (50 kg).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receipt = cls._receive([
            (cls.lamb_leg, 10, 50.0, "NX-LEG-01"),
            (cls.lamb_rack, 20, 40.0, "NX-RACK-01"),
            (cls.beef_brisket, 30, 70.0, "NX-BRISKET-01"),
        ])

    def _shares(self, cost):
        by_product = {}
        for adjustment in cost.valuation_adjustment_lines:
            by_product[adjustment.product_id] = adjustment.additional_landed_cost
        return [by_product[p] for p in (self.lamb_leg, self.lamb_rack, self.beef_brisket)]

    def test_by_amount(self):
        # 1000 × 500/3400 = 147.06, × 800/3400 = 235.29, × 2100/3400 = 617.65 (sum 1000.00)
        cost = self._allocation(self.receipt, 1000.0, "by_current_cost_price")
        cost.compute_landed_cost()
        self.assertEqual(self._shares(cost), [147.06, 235.29, 617.65])

    def test_by_quantity(self):
        # 1000 × 10/60 = 166.67, × 20/60 = 333.33, × 30/60 = 500.00
        cost = self._allocation(self.receipt, 1000.0, "by_quantity")
        cost.compute_landed_cost()
        self.assertEqual(self._shares(cost), [166.67, 333.33, 500.0])

    def test_by_weight_posts_layers_lots_and_entry(self):
        # 1000 × 10/50 = 200.00, × 25/50 = 500.00, × 15/50 = 300.00
        cost = self._allocation(self.receipt, 1000.0, "by_weight")
        cost.compute_landed_cost()
        self.assertEqual(self._shares(cost), [200.0, 500.0, 300.0])
        # the preview per lot shows the same, all still in stock
        preview = {line.lot_id.name: (line.additional_cost, line.stock_value, line.cogs_value) for line in cost.hyc_lot_line_ids}
        self.assertEqual(preview, {
            "NX-LEG-01": (200.0, 200.0, 0.0),
            "NX-RACK-01": (500.0, 500.0, 0.0),
            "NX-BRISKET-01": (300.0, 300.0, 0.0),
        })
        cost.button_validate()
        self.assertEqual(cost.state, "done")
        leg = self._lot(self.lamb_leg, "NX-LEG-01")
        rack = self._lot(self.lamb_rack, "NX-RACK-01")
        brisket = self._lot(self.beef_brisket, "NX-BRISKET-01")
        # lot value = goods + freight: 500 + 200, 800 + 500, 2100 + 300
        self.assertEqual((leg.value_svl, rack.value_svl, brisket.value_svl), (700.0, 1300.0, 2400.0))
        # unit cost 700/10 = 70.00, 1300/20 = 65.00, 2400/30 = 80.00
        self.assertEqual((leg.hyc_unit_cost, rack.hyc_unit_cost, brisket.hyc_unit_cost), (70.0, 65.0, 80.0))
        self.assertEqual((leg.standard_price, rack.standard_price, brisket.standard_price), (70.0, 65.0, 80.0))
        self.assertEqual(leg.hyc_landed_cost_total, 200.0)
        self.assertEqual(leg.hyc_landed_cost_line_ids.cost_id, cost)
        self.assertEqual(sum(cost.stock_valuation_layer_ids.mapped("value")), 1000.0)
        self.assertEqual(self._balance(cost.account_move_id, self.accounts["stock_valuation"]), 1000.0)
        self.assertEqual(cost.account_move_id.state, "posted")

    def test_residue_on_three_lines_of_333_33(self):
        # three lines worth 333.33 each: 1000/3 = 333.33 ×3 = 999.99, residue 0.01 to the first of the tie
        receipt = self._receive([
            (self.lamb_leg, 1, 333.33, "R-1"),
            (self.lamb_rack, 1, 333.33, "R-2"),
            (self.beef_brisket, 1, 333.33, "R-3"),
        ])
        cost = self._allocation(receipt, 1000.0, "by_current_cost_price")
        cost.compute_landed_cost()
        self.assertEqual(self._shares(cost), [333.34, 333.33, 333.33])
        cost.button_validate()
        self.assertEqual(self.currency.round(sum(cost.stock_valuation_layer_ids.mapped("value"))), 1000.0)

    def test_zero_weight_is_a_clear_error(self):
        self.lamb_leg.weight = self.lamb_rack.weight = self.beef_brisket.weight = 0.0
        cost = self._allocation(self.receipt, 1000.0, "by_weight")
        with self.assertRaisesRegex(UserError, "Cannot allocate Freight by weight: the receipt lines have a total weight of zero"):
            cost.button_validate()
        self.assertEqual(cost.state, "draft")
        self.assertFalse(cost.stock_valuation_layer_ids)

    def test_negative_amount_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "the amount cannot be negative"):
            self._allocation(self.receipt, -10.0, "equal")

    def test_receipt_not_done_is_refused(self):
        draft = self.env["stock.picking"].create({
            "picking_type_id": self.picking_type_in.id,
            "location_id": self.supplier_location.id,
            "location_dest_id": self.stock_location.id,
        })
        draft.action_cancel()
        cost = self._allocation(self.receipt | draft, 100.0, "equal")
        with self.assertRaisesRegex(UserError, "Only done receipts can carry an expense"):
            cost.button_validate()
