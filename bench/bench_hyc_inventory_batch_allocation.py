"""One freight bill allocated over 2,000 receipt lines in 500 lots (lot-valued FIFO lamb,
automated valuation): hyc_inventory_batch's allocation (exact split, per-lot preview, per
receipt layer posting) against Odoo's own stock_landed_costs compute + validate, on the
same data in the same database and run, each inside a rolled-back savepoint, alternated."""


import odoo_bench

NAME = "allocate one freight bill over 2,000 receipt lines in 500 lots vs Odoo stock_landed_costs"
TARGET = 1.0  # no slower than Odoo's landed cost
DB = "hyc_bench_inventory_batch"
REPEAT = 2

INNER = r'''
import json, sys, time
import odoo
from odoo import Command
from odoo.tools import config
config.parse_config(sys.argv[1:])
from odoo.modules.registry import Registry
registry = Registry(config["db_name"])
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    from odoo.addons.stock_landed_costs.models.stock_landed_cost import StockLandedCost as OdooLandedCost
    categ = env["product.category"].create({"name": "Bench lamb", "property_cost_method": "fifo", "property_valuation": "real_time"})
    products = env["product.product"].create([{"name": f"Bench lamb {i}", "is_storable": True, "tracking": "lot",
                                               "lot_valuated": True, "categ_id": categ.id, "weight": 1 + i % 7} for i in range(100)])
    lots = env["stock.lot"].create([{"name": f"BENCH-{p.id}-{k}", "product_id": p.id} for p in products for k in range(5)])
    lots_by_product = {}
    for lot in lots:
        lots_by_product.setdefault(lot.product_id, []).append(lot)
    freight = env["product.product"].create({"name": "Bench freight", "type": "service", "landed_cost_ok": True, "categ_id": categ.id})
    supplier = env.ref("stock.stock_location_suppliers"); stock = env.ref("stock.stock_location_stock")
    pickings = env["stock.picking"]
    for rnd in range(4):
        for k in range(5):  # 20 receipts × 100 lines = 2,000 lines; each lot in 4 receipts
            picking = env["stock.picking"].create({
                "picking_type_id": env.ref("stock.picking_type_in").id, "location_id": supplier.id, "location_dest_id": stock.id,
                "move_ids": [Command.create({"name": p.name, "product_id": p.id, "product_uom_qty": 10, "price_unit": 20 + rnd,
                                             "location_id": supplier.id, "location_dest_id": stock.id}) for p in products]})
            picking.action_confirm()
            for move in picking.move_ids:
                move.move_line_ids = [Command.clear(), Command.create({"product_id": move.product_id.id, "quantity": 10,
                    "lot_id": lots_by_product[move.product_id][k].id, "location_id": supplier.id, "location_dest_id": stock.id})]
            picking.move_ids.picked = True
            picking.button_validate()
            pickings |= picking
    env.flush_all()

    def make_cost():
        return env["stock.landed.cost"].create({"picking_ids": [Command.set(pickings.ids)], "cost_lines": [Command.create({
            "product_id": freight.id, "name": "Freight", "price_unit": 12345.67, "split_method": "by_weight"})]})

    def ours():
        cost = make_cost()
        cost.compute_landed_cost()
        cost.button_validate()

    def theirs():
        cost = make_cost()
        OdooLandedCost.compute_landed_cost(cost)
        OdooLandedCost.button_validate(cost)
'''


def run():
    from run import Figure

    with odoo_bench.scratch_database(DB, "hyc_inventory_batch"):
        best = odoo_bench.run_script(DB, odoo_bench.with_alternating_timing(INNER, REPEAT))
    return [Figure("allocate + validate, 2,000 lines / 500 lots", "s", best["ours"], best["odoo"],
                   f"best of {REPEAT}, each in a rolled-back savepoint, same data")]
