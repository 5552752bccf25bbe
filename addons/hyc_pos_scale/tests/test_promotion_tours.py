"""POS-5: Odoo's own promotions (pos_loyalty) on a weighed product exactly as on a packaged one.

pos_loyalty computes rewards in the POS front end (the server only records the lines), so
each case goes through a POS tour in headless Chromium: lamb leg (38.00 per 斤) weighed
through the real bridge and a simulated scale, or scanned from a label-scale ticket, next
to lamb skewers packs (25.00 per pack). The amounts are then read back from the saved
orders and compared with figures computed by hand.
"""

from odoo.tests import tagged

from .tour_common import WeighingTourCase


@tagged("post_install", "-at_install")
class TestPromotionTours(WeighingTourCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.nomenclature_id = cls.env.ref("hyc_pos_scale.nomenclature_label_scale")
        cls.pack = cls.env["product.product"].create({
            "name": "HYC Lamb skewers pack", "available_in_pos": True, "list_price": 25.0, "taxes_id": False,
        })

    def _buy_three_get_one(self, product, description):
        """买三送一 as Odoo's Buy X Get Y: 1 point per unit (斤 or pack) from 3 units on, a
        free unit of the same product for 3 points: of 4 units in the cart, 1 is free."""
        return self.env["loyalty.program"].create({
            "name": description, "program_type": "buy_x_get_y", "trigger": "auto", "applies_on": "current",
            "rule_ids": [(0, 0, {"product_ids": [(6, 0, product.ids)], "reward_point_mode": "unit",
                                 "reward_point_amount": 1, "minimum_qty": 3})],
            "reward_ids": [(0, 0, {"reward_type": "product", "reward_product_id": product.id,
                                   "reward_product_qty": 1, "required_points": 3, "description": description})],
        })

    def _line(self, order, product, reward=False):
        lines = order.lines.filtered(lambda line: line.is_reward_line == reward and (
            (line.reward_id.reward_product_id if reward else line.product_id) == product))
        self.assertEqual(len(lines), 1, f"one {'reward ' if reward else ''}line of {product.name} on {order.name}")
        return lines

    def test_buy_three_get_one_per_jin_as_per_pack(self):
        """3.500 斤 and 3 packs: nothing free. 4.468 斤 weighed (2.234 kg): 1 斤 free,
        exactly as 4 packs: 1 pack free. The free unit is priced at the unit price."""
        self.settle_weight = "2.234"
        lamb_program = self._buy_three_get_one(self.lamb, "HYC lamb buy 3 get 1")
        pack_program = self._buy_three_get_one(self.pack, "HYC skewers buy 3 get 1")
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("hyc_pos_scale_buy3get1_tour", login="pos_user")
        below, enough = self._session_orders()
        self.assertEqual((below.state, enough.state), ("paid", "paid"))

        # order 1: 3.500 斤 × 38.00 = 133.00; 3 × 25.00 = 75.00; no reward
        self.assertFalse(below.lines.filtered("is_reward_line"))
        self.assertAlmostEqual(self._line(below, self.lamb).qty, 3.5, places=3)
        self.assertAlmostEqual(self._line(below, self.lamb).price_subtotal_incl, 133.00, places=2)
        self.assertEqual(self._line(below, self.pack).qty, 3)
        self.assertAlmostEqual(below.amount_total, 208.00, places=2)
        self.assertAlmostEqual(below.amount_paid, 208.00, places=2)

        # order 2: one weighed line only (the free 斤 was not weighed a second time)
        lamb = self._line(enough, self.lamb)
        self.assertAlmostEqual(lamb.qty, 4.468, places=3)  # 2.234 kg
        self.assertAlmostEqual(lamb.price_subtotal_incl, 169.78, places=2)  # 4.468 × 38 = 169.784
        free_lamb = self._line(enough, self.lamb, reward=True)
        self.assertEqual(free_lamb.reward_id, lamb_program.reward_ids)
        self.assertAlmostEqual(free_lamb.qty, 1.0, places=3)  # trunc(4.468 / 4) = 1 斤 free
        self.assertAlmostEqual(free_lamb.price_subtotal_incl, -38.00, places=2)
        packs = self._line(enough, self.pack)
        self.assertEqual(packs.qty, 4)
        self.assertAlmostEqual(packs.price_subtotal_incl, 100.00, places=2)
        free_pack = self._line(enough, self.pack, reward=True)
        self.assertEqual(free_pack.reward_id, pack_program.reward_ids)
        self.assertEqual(free_pack.qty, 1)
        self.assertAlmostEqual(free_pack.price_subtotal_incl, -25.00, places=2)
        # 169.78 - 38.00 + 100.00 - 25.00
        self.assertAlmostEqual(enough.amount_total, 206.78, places=2)
        self.assertAlmostEqual(enough.amount_paid, 206.78, places=2)
        self.assertEqual(len(enough.lines), 4)

    def test_bundle_at_one_fixed_price(self):
        """打包一口价: 2 斤 lamb leg + 2 packs for 110.00 (regular 2 × 38 + 2 × 25 = 126.00),
        a promotion with one rule per item and a fixed 16.00 discount. 2.468 斤 weighed and
        2 packs: 110.00 + 0.468 × 38.00; 1.900 斤 and 2 packs: no bundle, as with 1 pack."""
        program = self.env["loyalty.program"].create({
            "name": "HYC hot-pot bundle", "program_type": "promotion", "trigger": "auto", "applies_on": "current",
            "rule_ids": [
                (0, 0, {"product_ids": [(6, 0, self.lamb.ids)], "minimum_qty": 2,
                        "reward_point_mode": "order", "reward_point_amount": 1}),
                (0, 0, {"product_ids": [(6, 0, self.pack.ids)], "minimum_qty": 2,
                        "reward_point_mode": "order", "reward_point_amount": 1}),
            ],
            "reward_ids": [(0, 0, {
                "reward_type": "discount", "discount_mode": "per_order", "discount": 16.0,
                "discount_applicability": "specific", "discount_product_ids": [(6, 0, (self.lamb | self.pack).ids)],
                "required_points": 2, "description": "HYC hot-pot bundle",
            })],
        })
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("hyc_pos_scale_bundle_tour", login="pos_user")
        bundled, under = self._session_orders()
        self.assertEqual((bundled.state, under.state), ("paid", "paid"))

        lamb = self._line(bundled, self.lamb)
        self.assertAlmostEqual(lamb.qty, 2.468, places=3)
        self.assertAlmostEqual(lamb.price_subtotal_incl, 93.78, places=2)
        self.assertEqual(self._line(bundled, self.pack).qty, 2)
        bundle = bundled.lines.filtered("is_reward_line")
        self.assertEqual(bundle.reward_id, program.reward_ids)
        self.assertAlmostEqual(bundle.price_subtotal_incl, -16.00, places=2)
        # 110.00 for 2 斤 + 2 packs, plus 0.468 斤 × 38.00 = 17.784: 127.784 → 127.78
        self.assertAlmostEqual(bundled.amount_total, 127.78, places=2)
        self.assertAlmostEqual(bundled.amount_paid, 127.78, places=2)

        self.assertFalse(under.lines.filtered("is_reward_line"))
        self.assertAlmostEqual(self._line(under, self.lamb).qty, 1.9, places=3)  # 0.950 kg
        # 1.900 × 38.00 = 72.20; 2 × 25.00 = 50.00
        self.assertAlmostEqual(under.amount_total, 122.20, places=2)
        self.assertAlmostEqual(under.amount_paid, 122.20, places=2)
