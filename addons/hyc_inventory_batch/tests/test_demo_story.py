from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The demo's figures: two 宁夏 batches, late freight on batch A, two 厦门 stores."""

    def _lot(self, name):
        return self.env["stock.lot"].search([("name", "=", name), ("product_id", "=", self.env.ref("hyc_inventory_batch.demo_product_lamb_leg").id)])

    def test_batch_costs(self):
        lot_a, lot_b = self._lot("NX-LEG-2611-A"), self._lot("NX-LEG-2611-B")
        # A: 500 kg @ 58.00, 100 kg sold, then 2,400.00 freight: 1,920.00 to stock, 480.00 to COGS
        # value 400 × 58 + 1,920 = 25,120.00 → 62.80 / kg
        self.assertEqual((lot_a.quantity_svl, lot_a.value_svl, lot_a.hyc_unit_cost), (400.0, 25120.0, 62.8))
        # B: 400 kg @ 62.00, 120 kg sold, its freight still a draft: 280 × 62 = 17,360.00
        self.assertEqual((lot_b.quantity_svl, lot_b.value_svl, lot_b.hyc_unit_cost), (280.0, 17360.0, 62.0))
        [line] = lot_a.hyc_landed_cost_line_ids
        self.assertEqual((line.additional_cost, line.stock_value, line.cogs_value), (2400.0, 1920.0, 480.0))

    def test_batch_margins(self):
        Report = self.env["hyc.lot.margin.report"]
        # A: revenue 10 cases × 780 = 7,800.00; COGS 5,800 + 480 late freight = 6,280.00; 1,520.00 = 19.49 %
        self.assertEqual(Report.hyc_totals([("lot_id", "=", self._lot("NX-LEG-2611-A").id)]),
                         {"revenue": 7800.0, "cogs": 6280.0, "margin": 1520.0, "margin_percent": 19.49})
        # B: 120 kg × 82 = 9,840.00; COGS 7,440.00; 2,400.00 = 24.39 %
        self.assertEqual(Report.hyc_totals([("lot_id", "=", self._lot("NX-LEG-2611-B").id)]),
                         {"revenue": 9840.0, "cogs": 7440.0, "margin": 2400.0, "margin_percent": 24.39})

    def test_batch_a_is_near_expiry(self):
        rows = self.env["hyc.near.expiry.report"].search([("product_id", "=", self.env.ref("hyc_inventory_batch.demo_product_lamb_leg").id)])
        self.assertEqual(rows.lot_id.mapped("name"), ["NX-LEG-2611-A"])
