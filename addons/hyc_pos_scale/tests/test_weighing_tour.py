from odoo.tests import tagged

from .tour_common import WeighingTourCase


@tagged("post_install", "-at_install")
class TestWeighingTour(WeighingTourCase):
    """A cashier weighs lamb leg through the real bridge and a simulated scale, pays, and the
    order line has the weighed quantity in 斤 and the right price."""

    def _paid_line(self):
        order = self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.product_id, self.lamb)
        self.assertGreaterEqual(self.bridge.http_reads, 3)
        return order.lines

    def test_weigh_pay_and_check_the_line(self):
        self.assertTrue(self.main_pos_config.iface_electronic_scale)
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("hyc_pos_scale_weighing_tour", login="pos_user")
        line = self._paid_line()
        self.assertAlmostEqual(line.qty, 2.468, places=3)  # 1.234 kg = 2.468 斤
        self.assertAlmostEqual(line.price_unit, 38.0, places=2)
        self.assertAlmostEqual(line.price_subtotal_incl, 93.78, places=2)  # 2.468 × 38 = 93.784
        self.assertAlmostEqual(line.order_id.amount_paid, 93.78, places=2)

    def test_member_pricelist_applies_to_the_weighed_line(self):
        """POS-5: a member pricelist prices a weighed line like any other (10 % off per 斤)."""
        members = self.env["product.pricelist"].create({
            "name": "HYC Members", "currency_id": self.main_pos_config.currency_id.id,
            "item_ids": [(0, 0, {"applied_on": "3_global", "compute_price": "percentage", "percent_price": 10.0})],
        })
        self.main_pos_config.write({"use_pricelist": True, "pricelist_id": members.id,
                                    "available_pricelist_ids": [(6, 0, members.ids)]})
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("hyc_pos_scale_member_price_tour", login="pos_user")
        line = self._paid_line()
        self.assertEqual(line.order_id.pricelist_id, members)
        self.assertAlmostEqual(line.qty, 2.468, places=3)
        self.assertAlmostEqual(line.price_unit, 34.20, places=2)  # 38.00 - 10 %
        self.assertAlmostEqual(line.price_subtotal_incl, 84.41, places=2)  # 2.468 × 34.20 = 84.4056

    def test_scan_a_label_scale_weight_barcode(self):
        """POS-3: a weight barcode adds lamb leg with the weight in 斤; a bad check digit adds nothing."""
        self.env.company.nomenclature_id = self.env.ref("hyc_pos_scale.nomenclature_label_scale")
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("hyc_pos_scale_label_barcode_tour", login="pos_user")
        order = self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)])
        self.assertEqual(order.state, "paid")
        self.assertEqual(len(order.lines), 1)
        self.assertEqual(order.lines.product_id, self.lamb)
        self.assertAlmostEqual(order.lines.qty, 2.468, places=3)  # 1.234 kg printed = 2.468 斤
        self.assertAlmostEqual(order.lines.price_subtotal_incl, 93.78, places=2)

    def test_manual_weight_role_types_a_weight_and_it_is_logged(self):
        self.pos_user.groups_id += self.env.ref("hyc_pos_scale.group_manual_weight")
        self.main_pos_config.with_user(self.pos_user).open_ui()
        session = self.main_pos_config.current_session_id
        self.start_pos_tour("hyc_pos_scale_manual_weight_tour", login="pos_user")
        line = self._paid_line_without_scale_check()
        self.assertAlmostEqual(line.qty, 3.0, places=3)
        self.assertAlmostEqual(line.price_subtotal_incl, 114.0, places=2)
        logged = session.message_ids.filtered(lambda m: "Manual weight entered by" in (m.body or ""))
        self.assertEqual(len(logged), 1)
        self.assertIn("3.000 jin of HYC Lamb leg", logged.body)
        self.assertEqual(logged.author_id, self.pos_user.partner_id)

    def test_promotion_discounts_weighed_and_packaged_lines_alike(self):
        """POS-5: an Odoo promotion (pos_loyalty, automatic, 10 % off lamb) discounts a line
        weighed through the scale exactly as a packaged line. pos_loyalty computes rewards in
        the POS front end (the server only records them), so this goes through a tour."""
        pack = self.env["product.product"].create({
            "name": "HYC Lamb skewers pack", "available_in_pos": True, "list_price": 25.0, "taxes_id": False,
        })
        program = self.env["loyalty.program"].create({
            "name": "HYC Lamb week", "program_type": "promotion", "trigger": "auto", "applies_on": "current",
            "rule_ids": [(0, 0, {"product_ids": [(6, 0, (self.lamb | pack).ids)], "minimum_qty": 1})],
            "reward_ids": [(0, 0, {
                "reward_type": "discount", "discount": 10, "discount_mode": "percent",
                "discount_applicability": "specific", "discount_product_ids": [(6, 0, (self.lamb | pack).ids)],
                "description": "HYC 10% off lamb",
            })],
        })
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("hyc_pos_scale_promotion_tour", login="pos_user")
        order = self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        lamb = order.lines.filtered(lambda line: line.product_id == self.lamb)
        packed = order.lines.filtered(lambda line: line.product_id == pack)
        reward = order.lines.filtered("is_reward_line")
        self.assertAlmostEqual(lamb.qty, 2.468, places=3)  # 1.234 kg
        self.assertAlmostEqual(lamb.price_subtotal_incl, 93.78, places=2)  # 2.468 × 38.00
        self.assertAlmostEqual(packed.price_subtotal_incl, 25.0, places=2)
        self.assertEqual(reward.reward_id, program.reward_ids)
        # 10 % of each line alike: 9.378 + 2.50 = 11.878 → 11.88
        self.assertAlmostEqual(reward.price_subtotal_incl, -11.88, places=2)
        self.assertAlmostEqual(order.amount_paid, order.amount_total, places=2)

    def _paid_line_without_scale_check(self):
        order = self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.product_id, self.lamb)
        return order.lines
