from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

COST_GROUPS = "hyc_inventory_batch.group_cost_viewer,stock.group_stock_manager"


class StockLot(models.Model):
    _inherit = "stock.lot"

    hyc_landed_cost_line_ids = fields.One2many(
        "hyc.landed.cost.lot.line", "lot_id", string="Landed-Cost History", groups=COST_GROUPS)
    hyc_unit_cost = fields.Float(
        "Unit Cost", compute="_compute_hyc_cost", digits="Product Price", groups=COST_GROUPS,
        help="Value of the lot in stock divided by its quantity in stock, landed costs included.")
    hyc_landed_cost_total = fields.Float(
        "Landed Costs", compute="_compute_hyc_cost", digits="Product Price", groups=COST_GROUPS,
        help="Expenses allocated to this lot by posted allocations (stock and sold shares).")

    @api.depends("stock_valuation_layer_ids", "hyc_landed_cost_line_ids.additional_cost", "hyc_landed_cost_line_ids.state")
    def _compute_hyc_cost(self):
        for lot in self:
            lot_sudo = lot.sudo()
            if lot.product_id.lot_valuated and lot_sudo.quantity_svl:
                lot.hyc_unit_cost = lot_sudo.value_svl / lot_sudo.quantity_svl
            else:
                lot.hyc_unit_cost = lot.product_id.sudo().with_company(lot.company_id or self.env.company).standard_price
            lot.hyc_landed_cost_total = sum(
                lot_sudo.hyc_landed_cost_line_ids.filtered(lambda line: line.state == "done").mapped("additional_cost"))

    def _hyc_blocked_expired(self):
        """The lots that may not leave without an authorised override: expired
        (product_expiry's alert: expiration date reached) and of a perishable category."""
        return self.filtered(lambda lot: lot.product_expiry_alert and lot.product_id.categ_id.hyc_perishable)

    def _hyc_log_expired_override(self, document, heading, lot_note):
        """Log an authorised override that let these expired lots go out.

        On the document (a transfer, a POS order: any mail.thread) one message, the heading
        then each lot with its expiration date; on each lot one message, lot_note. Used by
        deliveries here and by the POS glue addon, so both leave the same trail.
        """
        body = Markup("%s<ul>%s</ul>") % (
            heading,
            Markup().join(Markup("<li>%s (%s)</li>") % (escape(lot.name), fields.Datetime.to_string(lot.expiration_date))
                          for lot in self),
        )
        document.message_post(body=body)
        for lot in self:
            lot.message_post(body=lot_note)

    @api.model
    def _hyc_check_cost_api_access(self):
        """Finance, or an integration that was also given sight of costs."""
        user = self.env.user
        if user.has_group("hyc_inventory_batch.group_finance") or (
                user.has_group("hyc_inventory_batch.group_integration") and user.has_group("hyc_inventory_batch.group_cost_viewer")):
            return True
        raise AccessError(self.env._("Only Finance, or an integration user with the Costs and Margins role, may allocate expenses or read lot costs."))

    @api.model
    def hyc_read_lot_cost(self, lot_ids):
        """Lot cost for an integration (XML-RPC): unit cost, value, quantity and landed-cost history."""
        self._hyc_check_cost_api_access()
        lots = self.sudo().browse(lot_ids).exists()
        missing = set(lot_ids) - set(lots.ids)
        if missing:
            raise UserError(self.env._("Unknown lot id(s): %(ids)s.", ids=sorted(missing)))
        return [{
            "id": lot.id,
            "name": lot.name,
            "product_id": lot.product_id.id,
            "quantity": lot.quantity_svl,
            "value": lot.value_svl,
            "unit_cost": lot.hyc_unit_cost,
            "landed_cost_total": lot.hyc_landed_cost_total,
            "history": [{
                "allocation": line.cost_id.name,
                "state": line.state,
                "date": fields.Date.to_string(line.date),
                "receipt": line.picking_id.name,
                "additional_cost": line.additional_cost,
                "stock_value": line.stock_value,
                "cogs_value": line.cogs_value,
            } for line in lot.hyc_landed_cost_line_ids],
        } for lot in lots]
