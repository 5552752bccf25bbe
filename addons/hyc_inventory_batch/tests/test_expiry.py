from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import HycBatchCase


@tagged("post_install", "-at_install")
class TestExpiry(HycBatchCase):
    """Chilled lamb, alert 3 days before expiry: lots expiring in 2 days, 10 days, and yesterday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chilled = cls.env["product.category"].create({"name": "Chilled lamb (test)", "hyc_perishable": True, "hyc_alert_days": 3,
                                                          "property_cost_method": "fifo", "property_valuation": "real_time"})
        cls.chop = cls.env["product.product"].create({
            "name": "Chilled lamb chop (test)", "is_storable": True, "tracking": "lot", "categ_id": cls.chilled.id,
        })
        # one receipt per lot: three lines of one product would merge into one move
        for qty, name in ((5, "EXP-2D"), (7, "EXP-10D"), (4, "EXP-PAST")):
            cls._receive([(cls.chop, qty, 30.0, name)])
        now = fields.Datetime.now()
        cls.soon = cls._lot(cls.chop, "EXP-2D")
        cls.later = cls._lot(cls.chop, "EXP-10D")
        cls.past = cls._lot(cls.chop, "EXP-PAST")
        cls.soon.expiration_date = now + timedelta(days=2)
        cls.later.expiration_date = now + timedelta(days=10)
        cls.past.expiration_date = now - timedelta(days=1)
        cls.manager = new_test_user(cls.env, login="hyc_exp_manager", groups="base.group_user,stock.group_stock_manager")
        cls.warehouse_user = new_test_user(cls.env, login="hyc_exp_wh", groups="base.group_user,hyc_inventory_batch.group_warehouse")
        cls.env.ref("stock.warehouse0").hyc_manager_id = cls.manager

    def test_perishable_category_defaults_to_fefo_and_expiration_dates(self):
        self.assertEqual(self.chilled.removal_strategy_id, self.env.ref("product_expiry.removal_fefo"))
        self.assertTrue(self.chop.use_expiration_date)
        # a strategy chosen by hand is kept
        fifo = self.env.ref("stock.removal_fifo")
        frozen = self.env["product.category"].create({"name": "Frozen (test)", "removal_strategy_id": fifo.id, "hyc_perishable": True})
        self.assertEqual(frozen.removal_strategy_id, fifo)

    def test_near_expiry_list(self):
        rows = self.env["hyc.near.expiry.report"].with_user(self.warehouse_user).search([("product_id", "=", self.chop.id)])
        got = {(row.lot_id.name, row.quantity, row.location_id, row.days_left, row.expired) for row in rows}
        self.assertEqual(got, {
            ("EXP-2D", 5.0, self.stock_location, 2, False),
            ("EXP-PAST", 4.0, self.stock_location, -1, True),
        })

    def test_daily_activity_for_the_warehouse_manager_once(self):
        activity_type = self.env.ref("hyc_inventory_batch.mail_activity_near_expiry")
        self.env["hyc.near.expiry.report"]._hyc_cron_near_expiry_activities()
        activities = self.env["mail.activity"].search([("activity_type_id", "=", activity_type.id),
                                                       ("res_model", "=", "stock.lot"),
                                                       ("res_id", "in", (self.soon | self.later | self.past).ids)])
        self.assertEqual(sorted(self.env["stock.lot"].browse(activities.mapped("res_id")).mapped("name")), ["EXP-2D", "EXP-PAST"])
        self.assertEqual(activities.user_id, self.manager)
        self.assertIn("expires in 2 day(s)", " ".join(activities.mapped("summary")))
        # the next day's run does not add a second activity to the same lot
        self.env["hyc.near.expiry.report"]._hyc_cron_near_expiry_activities()
        self.assertEqual(self.env["mail.activity"].search_count([("activity_type_id", "=", activity_type.id),
                                                                 ("res_id", "in", (self.soon | self.past).ids)]), 2)
        cron = self.env.ref("hyc_inventory_batch.ir_cron_near_expiry_activities")
        self.assertEqual((cron.interval_number, cron.interval_type, cron.active), (1, "days", True))

    def _delivery(self, lot, qty):
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.picking_type_out.id,
            "location_id": self.stock_location.id,
            "location_dest_id": self.customer_location.id,
            "move_ids": [Command.create({"name": "chop", "product_id": self.chop.id, "product_uom_qty": qty,
                                         "product_uom": self.chop.uom_id.id, "location_id": self.stock_location.id,
                                         "location_dest_id": self.customer_location.id})],
        })
        picking.action_confirm()
        picking.move_ids.move_line_ids = [Command.clear(), Command.create({
            "product_id": self.chop.id, "lot_id": lot.id, "quantity": qty, "picking_id": picking.id,
            "location_id": self.stock_location.id, "location_dest_id": self.customer_location.id})]
        picking.move_ids.picked = True
        return picking

    def _confirm_expired(self, picking, user):
        action = picking.with_user(user).button_validate()
        self.assertEqual(action["res_model"], "expiry.picking.confirmation")
        wizard = self.env["expiry.picking.confirmation"].with_user(user).with_context(**action["context"]).create({})
        return wizard.process()

    def test_expired_lot_cannot_be_delivered_by_a_warehouse_user(self):
        picking = self._delivery(self.past, 2)
        with self.assertRaisesRegex(UserError, "EXP-PAST.*expired: they cannot be delivered"):
            self._confirm_expired(picking, self.warehouse_user)
        self.assertNotEqual(picking.state, "done")
        # nor by passing the context product_expiry's confirmation sets
        with self.assertRaisesRegex(UserError, "Only an inventory administrator may override"):
            picking.with_user(self.warehouse_user).with_context(skip_expired=True).button_validate()
        self.assertNotEqual(picking.state, "done")

    def test_authorised_override_is_logged(self):
        picking = self._delivery(self.past, 2)
        self._confirm_expired(picking, self.manager)
        self.assertEqual(picking.state, "done")
        log = picking.message_ids.filtered(lambda m: "authorised override" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertIn("EXP-PAST", log.body)
        self.assertIn(self.manager.name, log.body)
        self.assertTrue(self.past.message_ids.filtered(lambda m: picking.name in (m.body or "")))

    def test_lot_not_expired_goes_out_without_question(self):
        picking = self._delivery(self.later, 2)
        self.assertIs(picking.with_user(self.warehouse_user).button_validate(), True)
        self.assertEqual(picking.state, "done")
