"""What the expired-lot check costs the POS: 200 orders of 3 lot-tracked lamb lines synced in
one `pos.order.sync_from_ui` call (what a till sends after being offline), one order in ten
selling an expired lot with a manager's override, with hyc_inventory_batch_pos's check
against the same sync with the check switched off (Odoo's own sync), same database and run,
each in a rolled-back savepoint, alternated."""


import odoo_bench

NAME = "POS sync of 200 orders × 3 lot lines with the expired-lot check vs Odoo's sync"
TARGET = 1.25  # the check may add at most a quarter to the sync
DB = "hyc_bench_inventory_batch_pos_sync"
ORDERS = 200
REPEAT = 3

INNER = r'''
import copy, json, sys, time, uuid
from datetime import timedelta
import odoo
from odoo import Command, fields
from odoo.tools import config
config.parse_config(sys.argv[1:])
from odoo.modules.registry import Registry
registry = Registry(config["db_name"])
with registry.cursor() as cr:
    # the demo admin runs the till (the superuser may not open a POS session)
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    env = env(user=env.ref("base.user_admin").id)
    # stock moves at session closing (Odoo's default): the sync itself is what is timed, not
    # 200 pickings, so that what the check adds is not lost in the noise
    env.company.sudo().point_of_sale_update_stock_quantities = "closing"
    pos_config = env.ref("point_of_sale.pos_config_main")
    pos_config.open_ui()
    session = pos_config.current_session_id
    assert session.update_stock_at_closing
    method = pos_config.payment_method_ids[:1]
    categ = env["product.category"].create({"name": "Bench chilled lamb", "hyc_perishable": True, "hyc_alert_days": 2})
    products = env["product.product"].create([{"name": f"Bench lamb {i}", "is_storable": True, "tracking": "lot", "categ_id": categ.id,
                                               "available_in_pos": True, "list_price": 40.0, "taxes_id": [Command.clear()]} for i in range(3)])
    now = fields.Datetime.now()
    fresh = env["stock.lot"].create([{"name": f"BENCH-FRESH-{p.id}", "product_id": p.id, "expiration_date": now + timedelta(days=9)}
                                     for p in products])
    expired = env["stock.lot"].create({"name": "BENCH-EXPIRED", "product_id": products[0].id, "expiration_date": now - timedelta(days=1)})
    manager = env["res.users"].create({"name": "Bench manager", "login": "bench_manager",
                                       "groups_id": [Command.link(env.ref("point_of_sale.group_pos_manager").id)]})
    orders = []
    for n in range(__ORDERS__):
        order_uuid = str(uuid.uuid4())
        lots = [expired if (n % 10 == 0 and i == 0) else fresh[i] for i in range(3)]
        if lots[0] == expired:
            env["hyc.pos.expiry.override"].sudo().create({"session_id": session.id, "order_uuid": order_uuid, "lot_id": expired.id,
                                                   "requested_by_id": env.uid, "authorised_by_id": manager.id, "state": "authorised",
                                                   "expiration_date": expired.expiration_date})
        orders.append({
            "uuid": order_uuid, "access_token": str(uuid.uuid4()), "name": f"Order {order_uuid}", "session_id": session.id,
            "sequence_number": n + 1, "date_order": fields.Datetime.to_string(now), "pricelist_id": pos_config.pricelist_id.id,
            "fiscal_position_id": False, "partner_id": False, "to_invoice": False, "last_order_preparation_change": "{}",
            "amount_paid": 120.0, "amount_return": 0, "amount_tax": 0, "amount_total": 120.0, "user_id": env.uid,
            "lines": [Command.create({"product_id": p.id, "qty": 1, "price_unit": 40.0, "price_subtotal": 40.0, "price_subtotal_incl": 40.0,
                                      "tax_ids": [Command.set([])], "pack_lot_ids": [Command.create({"lot_name": lot.name})]})
                      for p, lot in zip(products, lots)],
            "payment_ids": [Command.create({"amount": 120.0, "name": fields.Datetime.to_string(now), "payment_method_id": method.id})],
        })
    env.flush_all()
    Order = type(env["pos.order"])
    Override = env["hyc.pos.expiry.override"]

    def ours():
        env["pos.order"].sync_from_ui(copy.deepcopy(orders))
        # the overrides were checked, linked to their orders and logged
        assert Override.search_count([("order_id", "!=", False)]) == __ORDERS__ // 10

    def theirs():
        Order._hyc_check_expired_lots = lambda self: None  # Odoo's sync: the check switched off
        try:
            env["pos.order"].sync_from_ui(copy.deepcopy(orders))
        finally:
            del Order._hyc_check_expired_lots
'''

def run():
    from run import Figure

    script = odoo_bench.with_alternating_timing(INNER.replace("__ORDERS__", str(ORDERS)), REPEAT)
    with odoo_bench.scratch_database(DB, "hyc_inventory_batch_pos"):
        best = odoo_bench.run_script(DB, script)
    return [Figure(f"sync_from_ui, {ORDERS} orders × 3 lot lines", "s", best["ours"], best["odoo"],
                   f"best of {REPEAT}; 1 order in 10 sells an expired lot under a manager's override (linked and logged)")]
