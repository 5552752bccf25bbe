from odoo import fields, models
from odoo.exceptions import UserError

from ..lib.override_policy import unauthorised_lots
from .pos_expiry_override import MANAGER_GROUP


class PosOrder(models.Model):
    _inherit = "pos.order"

    hyc_expiry_override_ids = fields.One2many(
        "hyc.pos.expiry.override", "order_id", string="Expired Lot Overrides", readonly=True)

    def _process_saved_order(self, draft):
        # every order the till sends goes through here, draft or paid: the client is not trusted
        self._hyc_check_expired_lots()
        return super()._process_saved_order(draft)

    def _hyc_expired_lots_sold(self):
        """Expired lots (perishable category, expiration date reached) on the sold lines."""
        self.ensure_one()
        wanted = {(line.product_id.id, lot_name)
                  for line in self.lines if line.qty > 0 and line.product_id.tracking != "none"
                  for lot_name in line.pack_lot_ids.mapped("lot_name")}
        # a cashier need not have inventory rights: lots are read as the superuser here
        Lot = self.env["stock.lot"].sudo()
        if not wanted:
            return Lot
        # one query for the whole order; the (product, name) pairs are matched here
        lots = Lot.search([
            ("product_id", "in", list({product for product, _name in wanted})),
            ("name", "in", list({name for _product, name in wanted})),
            ("company_id", "in", [False, self.company_id.id]),
        ]).filtered(lambda lot: (lot.product_id.id, lot.name) in wanted)
        return lots._hyc_blocked_expired()

    def _hyc_check_expired_lots(self):
        """Refuse an order that sells an expired lot without a POS manager's override for
        this very order; link and log the overrides it uses (once)."""
        self.ensure_one()
        expired = self._hyc_expired_lots_sold()
        if not expired:
            return
        overrides = self.env["hyc.pos.expiry.override"].sudo().search([
            ("order_uuid", "=", self.uuid), ("state", "=", "authorised"), ("lot_id", "in", expired.ids),
            ("config_id", "=", self.config_id.id), ("order_id", "in", [False, self.id]),
        ]).filtered(lambda override: override.authorised_by_id.has_group(MANAGER_GROUP))
        missing = self.env["stock.lot"].sudo().browse(unauthorised_lots(expired.ids, overrides.lot_id.ids))
        if missing:
            raise UserError(self.env._(
                "Order %(order)s sells expired lot(s) %(lots)s: they cannot be sold without the authorisation of a "
                "point of sale manager (manager PIN at the till).",
                order=self.pos_reference or self.name,
                lots=", ".join(f"{lot.name} ({lot.product_id.display_name})" for lot in missing)))
        new = overrides.filtered(lambda override: not override.order_id)
        if not new:
            return
        new.order_id = self
        for manager, manager_overrides in new.grouped("authorised_by_id").items():
            when = min(manager_overrides.mapped("create_date"))
            manager_overrides.lot_id._hyc_log_expired_override(
                self.sudo(),
                heading=self.env._("Expired lots sold by authorised override of %(user)s on %(when)s:",
                                   user=manager.name, when=fields.Datetime.to_string(when)),
                lot_note=self.env._("Sold while expired in POS order %(order)s, authorised by %(user)s.",
                                    order=self.pos_reference or self.name, user=manager.name))
