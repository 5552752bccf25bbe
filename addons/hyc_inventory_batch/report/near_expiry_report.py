"""Near-expiry list (临期预警): lots in stock within their category's alert window, or expired."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib.expiry import days_left


class HycNearExpiryReport(models.Model):
    _name = "hyc.near.expiry.report"
    _description = "Near-Expiry Lots"
    _auto = False
    _order = "days_left, lot_id"
    _rec_name = "lot_id"
    _depends = {
        "stock.quant": ["lot_id", "product_id", "location_id", "quantity", "company_id"],
        "stock.lot": ["expiration_date"],
        "stock.location": ["usage", "warehouse_id"],
        "product.category": ["hyc_alert_days", "hyc_perishable"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "uom_id"],
    }

    lot_id = fields.Many2one("stock.lot", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", "Product Category", readonly=True)
    location_id = fields.Many2one("stock.location", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    expiration_date = fields.Datetime(readonly=True)
    alert_days = fields.Integer(readonly=True)
    days_left = fields.Integer(readonly=True, aggregator="min")
    expired = fields.Boolean(readonly=True)

    def _hyc_tz(self):
        """The time zone `today` is taken in (fields.Date.context_today's): a lot's expiry day
        must be read in the same one, or days left are off by one for part of the day."""
        return self.env.context.get("tz") or self.env.user.tz or "UTC"

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        expiry_day = SQL("(timezone(%s, timezone('UTC', lot.expiration_date)))::date", self._hyc_tz())
        return SQL("""
            SELECT q.id, q.lot_id, q.product_id, pt.categ_id, q.location_id, loc.warehouse_id, q.company_id,
                   q.quantity, pt.uom_id, lot.expiration_date,
                   COALESCE(categ.hyc_alert_days, 0) AS alert_days,
                   (%(expiry_day)s - %(today)s::date) AS days_left,
                   (%(expiry_day)s <= %(today)s::date) AS expired
              FROM stock_quant q
              JOIN stock_lot lot ON lot.id = q.lot_id
              JOIN stock_location loc ON loc.id = q.location_id
              JOIN product_product pp ON pp.id = q.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN product_category categ ON categ.id = pt.categ_id
             WHERE loc.usage = 'internal' AND q.quantity > 0 AND lot.expiration_date IS NOT NULL
               AND (%(expiry_day)s - %(today)s::date) <= COALESCE(categ.hyc_alert_days, 0)
        """, today=today, expiry_day=expiry_day)

    @api.model
    def _hyc_cron_near_expiry_activities(self):
        """Daily: one activity per near-expiry lot for its warehouse's manager (not twice)."""
        activity_type = self.env.ref("hyc_inventory_batch.mail_activity_near_expiry")
        rows = self.sudo().search([("quantity", ">", 0)])
        today = fields.Date.context_today(self)
        by_lot = {}
        for row in rows:
            by_lot.setdefault(row.lot_id, self.browse())
            by_lot[row.lot_id] |= row
        lots = self.env["stock.lot"].browse([lot.id for lot in by_lot])
        already = set(self.env["mail.activity"].sudo().search([
            ("res_model", "=", "stock.lot"), ("res_id", "in", lots.ids), ("activity_type_id", "=", activity_type.id),
        ]).mapped("res_id"))
        created = self.env["mail.activity"]
        for lot, lot_rows in by_lot.items():
            if lot.id in already:
                continue
            warehouse = lot_rows.warehouse_id[:1]
            user = warehouse.hyc_manager_id or lot.product_id.responsible_id or self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
            expiry_day = fields.Datetime.context_timestamp(self, lot.expiration_date).date()
            left = days_left(expiry_day, today)
            summary = (self.env._("Lot %(lot)s expired %(days)s day(s) ago", lot=lot.name, days=-left) if left < 0 else
                       self.env._("Lot %(lot)s expires in %(days)s day(s)", lot=lot.name, days=left))
            note = self.env._("%(qty)s %(uom)s in %(locations)s", qty=sum(lot_rows.mapped("quantity")),
                              uom=lot_rows.uom_id[:1].name, locations=", ".join(lot_rows.location_id.mapped("complete_name")))
            created |= lot.sudo().activity_schedule(
                activity_type_id=activity_type.id, user_id=user.id, summary=summary, note=note,
                date_deadline=min(today + timedelta(days=max(left, 0)), expiry_day))
        return created
