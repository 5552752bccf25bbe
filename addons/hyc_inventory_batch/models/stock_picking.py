from odoo import fields, models
from odoo.exceptions import UserError

OVERRIDE_GROUP = "stock.group_stock_manager"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _hyc_expired_lots(self):
        """Lots of perishable categories, expired, on the outgoing lines of these transfers."""
        return self.filtered(lambda p: p.picking_type_code == "outgoing").move_line_ids.lot_id._hyc_blocked_expired()

    def _pre_action_done_hook(self):
        """An expired lot of a perishable category is not delivered without an authorised override.

        product_expiry asks for a confirmation (any user may confirm: context skip_expired);
        here confirming needs the inventory administrator's right, and is logged on the
        transfer and the lot.
        """
        if self.env.context.get("skip_expired"):
            expired = self._hyc_expired_lots()
            if expired:
                if not self.env.user.has_group(OVERRIDE_GROUP):
                    raise UserError(self.env._(
                        "Lot(s) %(lots)s expired: they cannot be delivered. Only an inventory administrator may override this.",
                        lots=", ".join(expired.mapped("display_name"))))
                self._hyc_log_expiry_override(expired)
        return super()._pre_action_done_hook()

    def _hyc_log_expiry_override(self, expired):
        when = fields.Datetime.now()
        for picking in self:
            lots = picking.move_line_ids.lot_id & expired
            if not lots:
                continue
            lots._hyc_log_expired_override(
                picking,
                heading=self.env._("Expired lots delivered by authorised override of %(user)s on %(when)s:",
                                   user=self.env.user.name, when=fields.Datetime.to_string(when)),
                lot_note=self.env._("Delivered while expired in %(picking)s, overridden by %(user)s.",
                                    picking=picking.name, user=self.env.user.name))
