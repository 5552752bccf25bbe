from uuid import uuid4

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CASHIER_PIN, MANAGER_PIN, HycExpiredLotPosCase


@tagged("post_install", "-at_install")
class TestExpiredLotSync(HycExpiredLotPosCase):
    """The server decides: an order that sells an expired lot without a manager's override
    for that very order is refused when it syncs, whatever the till did."""

    def setUp(self):
        super().setUp()
        self.session = self._open_session()

    def _override_messages(self, record, text):
        return record.message_ids.filtered(lambda message: text in (message.body or ""))

    def test_the_till_is_told_which_lots_are_expired(self):
        uuid = str(uuid4())
        expired = self.Override.with_user(self.pos_user).hyc_pos_expired_lots(
            self.session.id, uuid, self.chop.id, ["LAMB-NEW", "LAMB-OLD", "NO-SUCH-LOT"])
        self.assertEqual([lot["name"] for lot in expired], ["LAMB-OLD"])
        self.assertEqual(expired[0]["id"], self.lot_old.id)

    def test_expired_lot_is_refused(self):
        data = self._order_data(self.session, "LAMB-OLD")
        self._refused(data, r"sells expired lot\(s\) LAMB-OLD \(HYC Chilled lamb chop\).*point of sale manager")

    def test_expired_lot_is_refused_in_a_draft_order_too(self):
        data = self._order_data(self.session, "LAMB-OLD", state="draft")
        self._refused(data, "LAMB-OLD")

    def test_fresh_lot_is_sold_without_question(self):
        order = self._sync(self._order_data(self.session, "LAMB-NEW", qty=2.0))
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.amount_total, 100.0)
        self.assertEqual(order.lines.pack_lot_ids.lot_name, "LAMB-NEW")
        self.assertFalse(order.hyc_expiry_override_ids)
        self.assertFalse(self._override_messages(order, "authorised override"))

    def test_expired_lot_of_a_category_that_is_not_perishable_is_not_blocked(self):
        # same rule as deliveries (hyc_inventory_batch): only perishable categories are held back
        self.chilled.hyc_perishable = False
        order = self._sync(self._order_data(self.session, "LAMB-OLD"))
        self.assertEqual(order.state, "paid")

    def test_refund_of_an_expired_lot_is_accepted(self):
        # the customer brings back an expired chop: taking it back is not selling it
        order = self._sync(self._order_data(self.session, "LAMB-OLD", qty=-1.0))
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.amount_total, -50.0)

    def test_manager_override_is_accepted_and_logged_once(self):
        data = self._order_data(self.session, "LAMB-OLD", qty=3.0)
        answer = self._authorise(self.session, data["uuid"], MANAGER_PIN)
        self.assertEqual(answer, {"ok": True, "manager": "HYC Store Manager"})
        override = self.Override.search([("order_uuid", "=", data["uuid"])])
        self.assertEqual(len(override), 1)
        self.assertEqual((override.state, override.lot_id, override.requested_by_id, override.authorised_by_id, override.order_id),
                         ("authorised", self.lot_old, self.pos_user, self.store_manager, self.env["pos.order"]))
        self.assertEqual(override.expiration_date, self.lot_old.expiration_date)
        lot_messages_before = len(self.lot_old.message_ids)

        order = self._sync(data)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.amount_total, 150.0)
        self.assertEqual(order.hyc_expiry_override_ids, override)
        log = self._override_messages(order, "Expired lots sold by authorised override of HYC Store Manager")
        self.assertEqual(len(log), 1)
        self.assertIn("LAMB-OLD", log.body)
        self.assertEqual(log.author_id, self.pos_user.partner_id)
        lot_log = self._override_messages(self.lot_old, "Sold while expired in POS order")
        self.assertEqual(len(lot_log), 1)
        self.assertIn("authorised by HYC Store Manager", lot_log.body)
        self.assertEqual(len(self.lot_old.message_ids), lot_messages_before + 1)
        # the till no longer asks for this lot in this order
        self.assertEqual(self.Override.with_user(self.pos_user).hyc_pos_expired_lots(
            self.session.id, data["uuid"], self.chop.id, ["LAMB-OLD"]), [])

    def test_a_cashier_without_inventory_rights_gets_the_same_refusal(self):
        # the check reads lots as the superuser: a cashier with no inventory right gets the
        # clear refusal, not an access error (Odoo itself then needs that right to create the
        # order's picking with its lots, so the sale proper is tested with Odoo's POS user)
        self.assertFalse(self.other_cashier.has_group("stock.group_stock_user"))
        data = self._order_data(self.session, "LAMB-OLD")
        with self.assertRaisesRegex(UserError, r"sells expired lot\(s\) LAMB-OLD \(HYC Chilled lamb chop\)"), self.env.cr.savepoint():
            self._sync(data, user=self.other_cashier)
        expired = self.Override.with_user(self.other_cashier).hyc_pos_expired_lots(
            self.session.id, str(uuid4()), self.chop.id, ["LAMB-OLD", "LAMB-NEW"])
        self.assertEqual([lot["name"] for lot in expired], ["LAMB-OLD"])

    def test_override_is_logged_once_when_a_draft_order_is_paid_later(self):
        uuid = str(uuid4())
        self._authorise(self.session, uuid, MANAGER_PIN)
        draft = self._sync(self._order_data(self.session, "LAMB-OLD", uuid=uuid, state="draft"))
        self.assertEqual(draft.state, "draft")
        # the till pays it later: the line is already on the server
        paid = self._sync(dict(self._order_data(self.session, "LAMB-OLD", uuid=uuid), lines=[]))
        self.assertEqual(paid, draft)
        self.assertEqual(paid.state, "paid")
        self.assertEqual(len(self._override_messages(paid, "authorised override")), 1)
        self.assertEqual(len(self._override_messages(self.lot_old, "Sold while expired")), 1)
        self.assertEqual(len(self.Override.search([("order_id", "=", paid.id)])), 1)

    def test_override_is_for_one_order_only(self):
        first = self._order_data(self.session, "LAMB-OLD")
        self._authorise(self.session, first["uuid"], MANAGER_PIN)
        self._sync(first)
        second = self._order_data(self.session, "LAMB-OLD")
        self._refused(second, "LAMB-OLD")

    def test_cashier_pin_does_not_authorise(self):
        data = self._order_data(self.session, "LAMB-OLD")
        answer = self._authorise(self.session, data["uuid"], CASHIER_PIN)
        self.assertFalse(answer["ok"])
        self.assertIn("not the PIN of a point of sale manager", answer["error"])
        refused = self.Override.search([("order_uuid", "=", data["uuid"])])
        self.assertEqual((len(refused), refused.state, refused.authorised_by_id.id), (1, "refused", False))
        self._refused(data, "LAMB-OLD")

    def test_a_cashier_cannot_fake_an_override(self):
        data = self._order_data(self.session, "LAMB-OLD")
        with self.assertRaises(AccessError):  # cashiers only read overrides
            self.Override.with_user(self.pos_user).create({
                "session_id": self.session.id, "order_uuid": data["uuid"], "lot_id": self.lot_old.id,
                "requested_by_id": self.pos_user.id, "authorised_by_id": self.store_manager.id, "state": "authorised"})
        self._refused(data, "LAMB-OLD")

    def test_override_by_a_user_who_lost_the_manager_role_is_refused(self):
        data = self._order_data(self.session, "LAMB-OLD")
        self.assertTrue(self._authorise(self.session, data["uuid"], MANAGER_PIN)["ok"])
        self.store_manager.groups_id -= self.env.ref("point_of_sale.group_pos_manager")
        self._refused(data, "LAMB-OLD")

    def test_five_wrong_pins_lock_the_till_out(self):
        uuid = str(uuid4())
        for pin in ("0000", "1111", "2222", "3333", CASHIER_PIN):
            self.assertFalse(self._authorise(self.session, uuid, pin)["ok"])
        answer = self._authorise(self.session, uuid, MANAGER_PIN)
        self.assertFalse(answer["ok"])
        self.assertIn("Too many wrong PINs", answer["error"])
        self.assertEqual(self.Override.search_count([("session_id", "=", self.session.id), ("state", "=", "refused")]), 5)
        self.assertFalse(self.Override.search([("order_uuid", "=", uuid), ("state", "=", "authorised")]))

    def test_nothing_to_authorise_for_a_fresh_lot(self):
        answer = self._authorise(self.session, str(uuid4()), MANAGER_PIN, lots=("LAMB-NEW",))
        self.assertEqual(answer["ok"], False)
        self.assertFalse(self.Override.search([("session_id", "=", self.session.id)]))
