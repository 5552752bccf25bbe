from datetime import timedelta
from uuid import uuid4

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

MANAGER_PIN = "4321"
CASHIER_PIN = "2468"
PRICE = 50.0


class HycExpiredLotPosCase(TestPointOfSaleHttpCommon):
    """Chilled lamb chop (perishable category, tracked by lot) in the shop's stock: lot
    LAMB-OLD expired yesterday, lot LAMB-NEW expires in 10 days. A POS manager with PIN 4321,
    a second cashier who was given PIN 1234 but is no manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chilled = cls.env["product.category"].create({"name": "Chilled lamb (HYC test)", "hyc_perishable": True, "hyc_alert_days": 3})
        cls.chop = cls.env["product.product"].create({
            "name": "HYC Chilled lamb chop", "is_storable": True, "tracking": "lot", "categ_id": cls.chilled.id,
            "available_in_pos": True, "list_price": PRICE, "taxes_id": [Command.clear()],
        })
        now = fields.Datetime.now()
        location = cls.main_pos_config.picking_type_id.default_location_src_id
        cls.lot_old, cls.lot_new = cls.env["stock.lot"].create([
            {"name": "LAMB-OLD", "product_id": cls.chop.id, "expiration_date": now - timedelta(days=1)},
            {"name": "LAMB-NEW", "product_id": cls.chop.id, "expiration_date": now + timedelta(days=10)},
        ])
        for lot in (cls.lot_old, cls.lot_new):
            cls.env["stock.quant"].with_context(inventory_mode=True).create({
                "product_id": cls.chop.id, "location_id": location.id, "lot_id": lot.id, "inventory_quantity": 10,
            }).action_apply_inventory()
        cls.store_manager = new_test_user(cls.env, login="hyc_store_manager", name="HYC Store Manager",
                                          groups="base.group_user,point_of_sale.group_pos_manager")
        cls.other_cashier = new_test_user(cls.env, login="hyc_other_cashier", name="HYC Other Cashier",
                                          groups="base.group_user,point_of_sale.group_pos_user")
        cls.store_manager.hyc_pos_override_pin = MANAGER_PIN
        cls.other_cashier.hyc_pos_override_pin = CASHIER_PIN
        cls.Override = cls.env["hyc.pos.expiry.override"]

    def _open_session(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        return self.main_pos_config.current_session_id

    def _order_data(self, session, lot_name, qty=1.0, uuid=None, state=None):
        """What the till sends for one line of lamb chop of that lot, paid in cash."""
        uuid = uuid or str(uuid4())
        amount = PRICE * qty
        cash = self.main_pos_config.payment_method_ids.filtered("is_cash_count")[:1]
        data = {
            "amount_paid": amount, "amount_return": 0, "amount_tax": 0, "amount_total": amount,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "fiscal_position_id": False, "pricelist_id": self.main_pos_config.pricelist_id.id,
            "name": f"Order {uuid}", "last_order_preparation_change": "{}",
            "lines": [Command.create({
                "pack_lot_ids": [Command.create({"lot_name": lot_name})], "price_unit": PRICE, "product_id": self.chop.id,
                "price_subtotal": amount, "price_subtotal_incl": amount, "qty": qty, "tax_ids": [Command.set([])],
            })],
            "partner_id": False, "session_id": session.id, "sequence_number": 2,
            "payment_ids": [] if state == "draft" else [Command.create({
                "amount": amount, "name": fields.Datetime.now(), "payment_method_id": cash.id})],
            "uuid": uuid, "access_token": str(uuid4()), "user_id": self.pos_user.id, "to_invoice": False,
        }
        if state:
            data["state"] = state
        return data

    def _sync(self, data, user=None):
        uuid = data["uuid"]  # sync_from_ui consumes it
        self.env["pos.order"].with_user(user or self.pos_user).sync_from_ui([data])
        return self.env["pos.order"].search([("uuid", "=", uuid)])

    def _refused(self, data, regex):
        """The sync is refused, and (as the RPC's rolled-back transaction would) leaves nothing."""
        uuid = data["uuid"]
        with self.assertRaisesRegex(UserError, regex), self.env.cr.savepoint():
            self._sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", uuid)]))

    def _authorise(self, session, uuid, pin, lots=("LAMB-OLD",), user=None):
        return self.Override.with_user(user or self.pos_user).hyc_pos_authorise(session.id, uuid, self.chop.id, list(lots), pin)
