"""A POS manager's authorisation, by PIN, to sell an expired lot in one POS order.

The till asks the server (hyc_pos_expired_lots) whether the lots the cashier chose are
expired; for an expired lot the cashier may call a POS manager, who types their PIN
(hyc_pos_authorise). Only the server creates these records, after checking the PIN; the
order's sync then accepts the expired lot only if such a record exists for that order's
uuid and lot (pos.order._hyc_check_expired_lots). Wrong PINs are kept too (state refused):
the audit trail, and the count that locks further attempts out for a while.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..lib.override_policy import FAILURE_WINDOW, is_locked_out, is_valid_pin

MANAGER_GROUP = "point_of_sale.group_pos_manager"


class HycPosExpiryOverride(models.Model):
    _name = "hyc.pos.expiry.override"
    _description = "Expired Lot Sale Override (POS)"
    _order = "id desc"
    _rec_name = "lot_id"

    session_id = fields.Many2one("pos.session", required=True, readonly=True, index=True, ondelete="cascade")
    config_id = fields.Many2one(related="session_id.config_id", store=True, string="Point of Sale")
    company_id = fields.Many2one(related="session_id.company_id", store=True)
    order_uuid = fields.Char("Order Reference (UUID)", required=True, readonly=True, index=True)
    order_id = fields.Many2one("pos.order", readonly=True, index="btree_not_null",
                               help="Set when the order that carries the lot reaches the server.")
    lot_id = fields.Many2one("stock.lot", required=True, readonly=True, ondelete="cascade")
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    expiration_date = fields.Datetime("Expired On", readonly=True)
    requested_by_id = fields.Many2one("res.users", string="Cashier", required=True, readonly=True)
    authorised_by_id = fields.Many2one("res.users", readonly=True)
    state = fields.Selection([("authorised", "Authorised"), ("refused", "Wrong PIN")], string="Result", required=True, readonly=True)

    # ------------------------------------------------------------------ POS calls
    @api.model
    def _hyc_pos_session(self, session_id):
        if not self.env.user.has_group("point_of_sale.group_pos_user"):
            raise AccessError(self.env._("Only point of sale users may sell lots at the till."))
        session = self.env["pos.session"].browse(session_id).exists()
        if not session:
            raise AccessError(self.env._("Unknown point of sale session."))
        session.check_access("read")
        return session

    @api.model
    def _hyc_lots(self, session, product_id, lot_names):
        return self.env["stock.lot"].sudo().search([
            ("product_id", "=", product_id), ("name", "in", list(lot_names)),
            ("company_id", "in", [False, session.company_id.id]),
        ])

    @api.model
    def hyc_pos_expired_lots(self, session_id, order_uuid, product_id, lot_names):
        """The till's question: which of these lots are expired and not yet authorised for this order?"""
        session = self._hyc_pos_session(session_id)
        expired = self._hyc_lots(session, product_id, lot_names)._hyc_blocked_expired()
        authorised = self.sudo().search([("order_uuid", "=", order_uuid), ("state", "=", "authorised"),
                                         ("lot_id", "in", expired.ids)]).lot_id
        return [{"id": lot.id, "name": lot.name, "expiration_date": fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(self, lot.expiration_date))[:16]}
                for lot in expired - authorised]

    @api.model
    def hyc_pos_authorise(self, session_id, order_uuid, product_id, lot_names, pin):
        """A POS manager's PIN typed at the till: authorise these expired lots in this order.

        Returns {'ok': True, 'manager': name} or {'ok': False, 'error': message}; a wrong
        PIN is kept (state refused) rather than raised, so that it counts and stays audited.
        """
        session = self._hyc_pos_session(session_id)
        Override = self.sudo()
        now = fields.Datetime.now()
        failures = Override.search([("session_id", "=", session.id), ("state", "=", "refused"),
                                    ("create_date", ">", now - FAILURE_WINDOW)]).mapped("create_date")
        if is_locked_out(failures, now):
            return {"ok": False, "error": self.env._("Too many wrong PINs: wait a quarter of an hour, or ask the manager to come to the till.")}
        expired = self._hyc_lots(session, product_id, lot_names)._hyc_blocked_expired()
        if not expired:
            return {"ok": False, "error": self.env._("None of these lots is expired: there is nothing to authorise.")}
        manager = self._hyc_manager_by_pin(session, pin)
        Override.create([{
            "session_id": session.id, "order_uuid": order_uuid, "lot_id": lot.id, "expiration_date": lot.expiration_date,
            "requested_by_id": self.env.user.id, "authorised_by_id": manager.id, "state": "authorised" if manager else "refused",
        } for lot in expired])
        if not manager:
            return {"ok": False, "error": self.env._("This PIN is not the PIN of a point of sale manager of this company: the sale of the expired lot is not authorised.")}
        return {"ok": True, "manager": manager.name}

    @api.model
    def _hyc_manager_by_pin(self, session, pin):
        """The active POS manager of the session's company whose PIN this is, or no user."""
        Users = self.env["res.users"].sudo()
        if not is_valid_pin(pin):
            return Users
        user = Users.search([("hyc_pos_override_pin", "=", pin), ("company_ids", "in", session.company_id.id)], limit=1)
        return user if user and user.has_group(MANAGER_GROUP) else Users
