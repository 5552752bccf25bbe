from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import WeighingCommon


@tagged("post_install", "-at_install")
class TestBridgeConfigAndManualWeight(WeighingCommon):
    """The bridge is configured per POS; typed weights are only for the role, and logged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.env["pos.config"].create({"name": "HYC Counter 1"})
        cls.cashier = new_test_user(cls.env, login="hyc_w_cashier", name="Cashier Wang",
                                    groups="base.group_user,hyc_pos_scale.group_cashier")
        cls.weigher = new_test_user(cls.env, login="hyc_w_manual", name="Cashier Li",
                                    groups="base.group_user,hyc_pos_scale.group_manual_weight")

    def test_enabling_the_bridge_turns_on_the_weighing_screen(self):
        self.assertFalse(self.config.iface_electronic_scale)
        self.assertEqual(self.config.hyc_scale_bridge_url, "http://127.0.0.1:8765")
        self.config.write({"hyc_scale_bridge": True})
        self.assertTrue(self.config.iface_electronic_scale)
        self.assertFalse(self.config.is_posbox)  # no IoT Box is looked for
        other = self.env["pos.config"].create({"name": "HYC Counter 2", "hyc_scale_bridge": True,
                                               "hyc_scale_bridge_url": "http://127.0.0.1:9000"})
        self.assertTrue(other.iface_electronic_scale)

    def test_settings_page_edits_the_bridge_of_the_pos(self):
        # Opening Settings runs product's onchange, which pops up "You are deactivating the
        # pricelist feature" in databases where a pricelist is active while the feature is
        # off (e.g. next to the other hyc addons' demo data); it says nothing about the bridge.
        with mute_logger("odoo.tests.form.onchange"):
            settings = Form(self.env["res.config.settings"].with_context(pos_config_id=self.config.id))
        settings.pos_config_id = self.config
        settings.pos_hyc_scale_bridge = True
        settings.pos_hyc_scale_bridge_url = "http://127.0.0.1:8766"
        settings.save().execute()
        self.assertTrue(self.config.hyc_scale_bridge)
        self.assertEqual(self.config.hyc_scale_bridge_url, "http://127.0.0.1:8766")
        self.assertTrue(self.config.iface_electronic_scale)

    def _session(self):
        self.config.open_ui()
        return self.config.current_session_id

    def test_manual_weight_is_logged_on_the_session(self):
        session = self._session()
        before = len(session.message_ids)
        session.with_user(self.weigher).hyc_log_manual_weight(self.lamb.id, 2.4681)
        message = session.message_ids[0]
        self.assertEqual(len(session.message_ids), before + 1)
        self.assertEqual(message.author_id, self.weigher.partner_id)
        self.assertIn("Manual weight entered by Cashier Li: 2.468 jin of HYC Lamb leg", message.body)

    def test_a_plain_cashier_cannot_log_a_manual_weight(self):
        session = self._session()
        before = len(session.message_ids)
        with self.assertRaises(AccessError):
            session.with_user(self.cashier).hyc_log_manual_weight(self.lamb.id, 1.0)
        self.assertEqual(len(session.message_ids), before)


@tagged("post_install", "-at_install")
class TestDemoStore(TransactionCase):
    """The demo store tells the seed's story: lamb per 斤, beef per kg, packaged goods per piece."""

    def test_demo_products_and_counter(self):
        self.jin, self.kg = self.env.ref("hyc_pos_scale.uom_jin"), self.env.ref("uom.product_uom_kgm")
        lamb = self.env.ref("hyc_pos_scale.demo_product_lamb_leg")
        self.assertEqual((lamb.uom_id, lamb.to_weight, lamb.hyc_plu_code), (self.jin, True, "101"))
        beef = self.env.ref("hyc_pos_scale.demo_product_beef_shank")
        self.assertEqual(beef.uom_id, self.kg)
        brisket = self.env.ref("hyc_pos_scale.demo_product_beef_brisket")
        parsed = self.env.ref("hyc_pos_scale.nomenclature_label_scale").parse_barcode("2200202123400")
        self.assertEqual((parsed["type"], parsed["value"], parsed["base_code"]), ("price", 123.4, brisket.barcode))
        dumplings = self.env.ref("hyc_pos_scale.demo_product_lamb_dumplings")
        self.assertFalse(dumplings.to_weight)
        counter = self.env.ref("hyc_pos_scale.demo_pos_config_counter")
        self.assertTrue(counter.hyc_scale_bridge and counter.iface_electronic_scale)

    def test_demo_promotions_at_the_meat_counter(self):
        """买三送一 per 斤 and per bag, and the 打包一口价 hot-pot bundle, only at the demo counter."""
        counter = self.env.ref("hyc_pos_scale.demo_pos_config_counter")
        lamb = self.env.ref("hyc_pos_scale.demo_product_lamb_leg")
        dumplings = self.env.ref("hyc_pos_scale.demo_product_lamb_dumplings")
        for xmlid, product in (("demo_program_lamb_leg_buy3get1", lamb), ("demo_program_dumplings_buy3get1", dumplings)):
            program = self.env.ref(f"hyc_pos_scale.{xmlid}")
            self.assertEqual((program.program_type, program.trigger, program.pos_config_ids), ("buy_x_get_y", "auto", counter))
            self.assertEqual((program.rule_ids.product_ids, program.rule_ids.minimum_qty), (product, 3))
            self.assertEqual((program.reward_ids.reward_product_id, program.reward_ids.required_points), (product, 3))
        bundle = self.env.ref("hyc_pos_scale.demo_program_hotpot_bundle")
        self.assertEqual(bundle.pos_config_ids, counter)
        self.assertEqual(sorted(bundle.rule_ids.mapped("minimum_qty")), [2, 2])
        self.assertEqual(bundle.rule_ids.product_ids, lamb | dumplings)
        # the bundle's regular price minus its fixed price: 2 × 38.00 + 2 × 25.00 - 110.00
        self.assertEqual((bundle.reward_ids.discount_mode, bundle.reward_ids.discount), ("per_order", 16.0))
        self.assertEqual(2 * lamb.list_price + 2 * dumplings.list_price - bundle.reward_ids.discount, 110.0)
