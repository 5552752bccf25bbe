"""The lot margin report (hyc.lot.margin.report, a SQL view) over 200,000 sale move lines:
read_group by lot through the ORM (what the pivot/list asks for) against a bare SQL GROUP BY
of the same figures (same joins, no view, no ORM), same database, same run, alternated.

The 200,000 delivered moves and their valuation layers are inserted with SQL
(generate_series), consistent with what the view reads: done moves stock → customer, each
linked to a real sale order line (made by the ORM), one negative FIFO layer per move on a lot.
"""


import odoo_bench

NAME = "lot margin report over 200,000 sale move lines vs bare SQL GROUP BY"
TARGET = 2.0  # within 2x of the bare SQL
DB = "hyc_bench_inventory_batch_margin"
ROWS = 200_000
REPEAT = 3

INNER = r'''
import json, sys, time
import odoo
from odoo import Command
from odoo.tools import config
config.parse_config(sys.argv[1:])
from odoo.modules.registry import Registry
registry = Registry(config["db_name"])
ROWS = __ROWS__
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    company = env.company
    categ = env["product.category"].create({"name": "Bench lamb", "property_cost_method": "fifo", "property_valuation": "real_time"})
    products = env["product.product"].create([{"name": f"Bench lamb {i}", "is_storable": True, "tracking": "lot", "lot_valuated": True,
                                               "categ_id": categ.id, "list_price": 30 + i % 7} for i in range(50)])
    env["stock.lot"].create([{"name": f"BENCH-M-{p.id}-{k}", "product_id": p.id} for p in products for k in range(10)])
    partner = env["res.partner"].create({"name": "Bench customer"})
    orders = env["sale.order"].create([{"partner_id": partner.id, "order_line": [
        Command.create({"product_id": p.id, "product_uom_qty": 1000, "price_unit": 30 + (i + o) % 7}) for i, p in enumerate(products)]}
        for o in range(4)])
    env.flush_all()
    stock = env.ref("stock.stock_location_stock").id
    customer = env.ref("stock.stock_location_customers").id
    cr.execute("""CREATE TEMP TABLE bench_sol AS SELECT (row_number() OVER (ORDER BY id)) - 1 AS k, id, product_id, product_uom
                    FROM sale_order_line WHERE order_id = ANY(%s)""", [orders.ids])
    cr.execute("""CREATE TEMP TABLE bench_lot AS SELECT (row_number() OVER (PARTITION BY product_id ORDER BY id)) - 1 AS k, id, product_id
                    FROM stock_lot WHERE product_id = ANY(%s)""", [products.ids])
    cr.execute("SELECT count(*) FROM bench_sol")
    [[n_sol]] = cr.fetchall()
    cr.execute("""
        INSERT INTO stock_move (name, company_id, date, location_id, location_dest_id, procure_method, product_id, product_uom,
                                product_uom_qty, product_qty, quantity, state, sale_line_id, create_date, write_date, create_uid, write_uid)
        SELECT 'bench sale', %(company)s, now() - (g %% 365) * interval '1 day', %(stock)s, %(customer)s, 'make_to_stock',
               s.product_id, s.product_uom, 1 + g %% 5, 1 + g %% 5, 1 + g %% 5, 'done', s.id, now(), now(), 1, 1
          FROM generate_series(0, %(rows)s - 1) g JOIN bench_sol s ON s.k = g %% %(n_sol)s
    """, {"company": company.id, "stock": stock, "customer": customer, "rows": ROWS, "n_sol": n_sol})
    cr.execute("""
        INSERT INTO stock_valuation_layer (company_id, product_id, stock_move_id, lot_id, quantity, unit_cost, value,
                                           remaining_qty, remaining_value, description, create_date, write_date, create_uid, write_uid)
        SELECT m.company_id, m.product_id, m.id, l.id, -m.product_uom_qty, 20 + m.id % 3, -m.product_uom_qty * (20 + m.id % 3),
               0, 0, 'bench sale', m.date, m.date, 1, 1
          FROM stock_move m JOIN bench_lot l ON l.product_id = m.product_id AND l.k = m.id % 10
         WHERE m.name = 'bench sale'
    """)
    inserted = cr.rowcount
    cr.execute("ANALYZE stock_move; ANALYZE stock_valuation_layer; ANALYZE sale_order_line")
    Report = env["hyc.lot.margin.report"]
    BARE = """
        SELECT svl.lot_id, SUM(-svl.quantity),
               SUM(COALESCE(-svl.quantity * sol.price_subtotal / NULLIF(so.currency_rate, 0)
                   / NULLIF(sol.product_uom_qty / sale_uom.factor * product_uom.factor, 0), 0)) AS revenue,
               SUM(-svl.value) AS cogs
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
         GROUP BY svl.lot_id
    """

    def ours():
        return Report.read_group([], ["quantity:sum", "revenue:sum", "cogs:sum", "margin:sum", "margin_percent"], ["lot_id"], lazy=False)

    def bare():
        cr.execute(BARE)
        return cr.fetchall()

    times = {"ours": [], "odoo": []}
    results = {}
    for _ in range(__REPEAT__):
        for side, fn in (("ours", ours), ("odoo", bare)):
            env.invalidate_all()
            started = time.perf_counter()
            results[side] = fn()
            times[side].append(time.perf_counter() - started)
    # both give the same figures (to the cent) for the bench lots
    mine = {g["lot_id"][0]: (round(g["revenue"], 2), round(g["cogs"], 2)) for g in results["ours"] if g["lot_id"]}
    theirs = {lot: (round(float(r), 2), round(float(c), 2)) for lot, _q, r, c in results["odoo"] if lot}
    bench_lots = set(env["stock.lot"].search([("product_id", "in", products.ids)]).ids)
    assert {k: v for k, v in mine.items() if k in bench_lots} == {k: v for k, v in theirs.items() if k in bench_lots}, "figures differ"
    total = sum(v[0] for k, v in mine.items() if k in bench_lots)
    cr.rollback()
print("BENCH " + json.dumps({"ours": min(times["ours"]), "odoo": min(times["odoo"]), "rows": inserted, "groups": len(mine), "revenue": total}))
'''


def run():
    from run import Figure

    with odoo_bench.scratch_database(DB, "hyc_inventory_batch"):
        best = odoo_bench.run_script(DB, INNER.replace("__REPEAT__", str(REPEAT)).replace("__ROWS__", str(ROWS)))
    return [Figure(f"read_group by lot, {best['rows']:,} sale layers", "s", best["ours"], best["odoo"],
                   f"best of {REPEAT}; {best['groups']} lot groups, same revenue/COGS per lot to the cent as the bare GROUP BY")]
