from odoo.tests import tagged

from .common import HycExpiredLotPosCase


@tagged("post_install", "-at_install")
class TestExpiredLotTour(HycExpiredLotPosCase):
    """In the till, in headless Chromium."""

    def _session_orders(self):
        return self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)])

    def test_cashier_is_refused_an_expired_lot_then_sells_a_fresh_one(self):
        self._open_session()
        self.start_pos_tour("hyc_inventory_batch_pos_expired_lot_tour", login="pos_user")
        order = self._session_orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.pack_lot_ids.mapped("lot_name"), ["LAMB-NEW"])
        self.assertEqual(order.amount_total, 50.0)
        self.assertFalse(self.Override.search([]))

    def test_manager_pin_lets_the_expired_lot_be_sold(self):
        self._open_session()
        self.start_pos_tour("hyc_inventory_batch_pos_manager_override_tour", login="pos_user")
        order = self._session_orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.pack_lot_ids.mapped("lot_name"), ["LAMB-OLD"])
        override = self.Override.search([])
        self.assertEqual(len(override), 1)
        self.assertEqual((override.order_id, override.authorised_by_id, override.requested_by_id, override.lot_id),
                         (order, self.store_manager, self.pos_user, self.lot_old))
        log = order.message_ids.filtered(lambda message: "authorised override of HYC Store Manager" in (message.body or ""))
        self.assertEqual(len(log), 1)
