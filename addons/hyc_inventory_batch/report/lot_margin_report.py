"""Lot gross margin (批次毛利): revenue, cost of goods sold and margin per delivered lot.

One row per valuation layer of a delivery to (or return from) a customer: its quantity in
the product's unit, its cost (the layer's value, lot cost including freight allocated
before the sale), and its revenue (the sale line's untaxed price in company currency,
converted from the sale unit — a case of 10 kg — to the product unit — kg). Freight
allocated AFTER the goods were sold adds one cost row per lot (the sold share posted to
cost of goods sold by the allocation).
"""

from odoo import api, fields, models
from odoo.tools import SQL


class HycLotMarginReport(models.Model):
    _name = "hyc.lot.margin.report"
    _description = "Lot Gross Margin Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "lot_id"
    # the SQL reads these: flush them before searching
    _depends = {
        "stock.valuation.layer": ["create_date", "company_id", "lot_id", "product_id", "stock_move_id", "quantity", "value"],
        "stock.move": ["location_id", "location_dest_id", "sale_line_id"],
        "stock.location": ["usage", "warehouse_id"],
        "sale.order.line": ["order_id", "price_subtotal", "product_uom_qty", "product_uom"],
        "sale.order": ["partner_id", "user_id", "currency_rate"],
        "stock.landed.cost": ["date", "company_id", "state"],
        "hyc.landed.cost.lot.line": ["cost_id", "lot_id", "product_id", "move_id", "cogs_value"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "uom_id"],
        "uom.uom": ["factor"],
    }

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    lot_id = fields.Many2one("stock.lot", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", "Product Category", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    order_id = fields.Many2one("sale.order", "Sales Order", readonly=True)
    move_id = fields.Many2one("stock.move", "Stock Move", readonly=True)
    cost_id = fields.Many2one("stock.landed.cost", "Late Allocation", readonly=True)
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    quantity = fields.Float("Quantity Sold", digits="Product Unit of Measure", readonly=True)
    revenue = fields.Monetary(readonly=True)
    cogs = fields.Monetary("Cost of Goods Sold", readonly=True)
    margin = fields.Monetary("Gross Margin", readonly=True)
    margin_percent = fields.Float("Margin %", digits=(16, 2), readonly=True, aggregator="avg",
                                  help="Gross margin over revenue; on groups, computed on the group's totals.")

    def _select_sales(self):
        # price per product unit = untaxed subtotal / (sold quantity in the product unit)
        # sale qty in product unit = qty / sale_uom.factor * product_uom.factor
        return SQL("""
            SELECT svl.id * 2 AS id,
                   svl.create_date AS date,
                   svl.company_id,
                   svl.lot_id,
                   svl.product_id,
                   pt.categ_id,
                   COALESCE(src.warehouse_id, dst.warehouse_id) AS warehouse_id,
                   so.partner_id,
                   so.user_id,
                   so.id AS order_id,
                   m.id AS move_id,
                   NULL::integer AS cost_id,
                   pt.uom_id,
                   -svl.quantity AS quantity,
                   COALESCE(-svl.quantity * sol.price_subtotal / NULLIF(so.currency_rate, 0)
                            / NULLIF(sol.product_uom_qty / sale_uom.factor * product_uom.factor, 0), 0) AS revenue,
                   -svl.value AS cogs
              FROM stock_valuation_layer svl
              JOIN stock_move m ON m.id = svl.stock_move_id
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
              JOIN product_product pp ON pp.id = svl.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
              LEFT JOIN sale_order_line sol ON sol.id = m.sale_line_id
              LEFT JOIN sale_order so ON so.id = sol.order_id
              LEFT JOIN uom_uom sale_uom ON sale_uom.id = sol.product_uom
             WHERE (dst.usage = 'customer') <> (src.usage = 'customer')
        """)

    def _select_late_freight(self):
        return SQL("""
            SELECT line.id * 2 + 1 AS id,
                   lc.date::timestamp AS date,
                   lc.company_id,
                   line.lot_id,
                   line.product_id,
                   pt.categ_id,
                   dst.warehouse_id,
                   NULL::integer AS partner_id,
                   NULL::integer AS user_id,
                   NULL::integer AS order_id,
                   line.move_id,
                   lc.id AS cost_id,
                   pt.uom_id,
                   0.0 AS quantity,
                   0.0 AS revenue,
                   line.cogs_value AS cogs
              FROM hyc_landed_cost_lot_line line
              JOIN stock_landed_cost lc ON lc.id = line.cost_id
              JOIN stock_move m ON m.id = line.move_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
              JOIN product_product pp ON pp.id = line.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE lc.state = 'done' AND line.cogs_value <> 0
        """)

    @property
    def _table_query(self):
        return SQL("""
            SELECT rows.*, rows.revenue - rows.cogs AS margin,
                   CASE WHEN rows.revenue = 0 THEN 0 ELSE 100 * (rows.revenue - rows.cogs) / rows.revenue END AS margin_percent
              FROM (%s UNION ALL %s) rows
        """, self._select_sales(), self._select_late_freight())

    def _read_group_select(self, aggregate_spec, query):
        # a group's margin % is its total margin over its total revenue, not an average of rows
        if aggregate_spec.startswith("margin_percent:"):
            revenue = self._field_to_sql(self._table, "revenue", query)
            margin = self._field_to_sql(self._table, "margin", query)
            return SQL("CASE WHEN SUM(%s) = 0 THEN 0 ELSE 100 * SUM(%s) / SUM(%s) END", revenue, margin, revenue)
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def hyc_totals(self, domain):
        """Revenue, COGS, margin and margin % of the rows in domain (XML-RPC and the Excel sheet)."""
        [[revenue, cogs, margin, percent]] = self._read_group(
            domain, aggregates=["revenue:sum", "cogs:sum", "margin:sum", "margin_percent:avg"])
        currency = self.env.company.currency_id
        return {"revenue": currency.round(revenue or 0), "cogs": currency.round(cogs or 0),
                "margin": currency.round(margin or 0), "margin_percent": round(percent or 0, 2)}
