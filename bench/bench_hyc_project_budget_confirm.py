"""Confirming 1,000 purchase orders on a project that already has 10,000 commitments:
with hyc_project_budget (every confirmation decides on the budget line's running
committed/actual totals, which the confirmation then updates) against the same Odoo
without the addon.

Each side has its own copy of the addon's template database. Both run in one process
and take turns of 50 confirmations, so that both meet the same machine load (run one
after the other on the shared 2-core machine, the two sides met different loads and the
ratio wandered between 0.92 and 1.29). Each confirmation is its own transaction,
committed, as a user's click in the web client is: what the budget check writes is
measured, not left in a cache for one final flush.
"""

import odoo_bench

NAME = "confirm 1,000 POs on a project with 10,000 commitments: budget check vs plain Odoo"
TARGET = 1.15  # issue 7: the budget check may add at most 15 % to Odoo's own confirmation
ADDON = "hyc_project_budget"
COMMITMENTS = 10_000
ORDERS = 1_000
CHUNK = 50  # confirmations per turn

SCRIPT = f"""
import json, sys, time
import odoo
from odoo.tools import config
config.parse_config(sys.argv[1:])
from odoo.modules.registry import Registry


def set_up(env):
    project = env['project.project'].create({{'name': 'Bench project'}})
    project._create_analytic_account()
    dist = {{str(project.account_id.id): 100.0}}
    product = env['product.product'].create({{'name': 'Bench steel', 'type': 'service', 'purchase_method': 'purchase'}})
    vendor = env['res.partner'].create({{'name': 'Bench vendor'}})
    budget_line = None
    if 'hyc.project.budget' in env:
        materials = env.ref('hyc_project_budget.category_materials')
        materials.product_ids = [(4, product.id)]
        budget = env['hyc.project.budget'].create({{
            'project_id': project.id, 'line_ids': [(0, 0, {{'category_id': materials.id, 'amount': 1e12}})]}})
        budget.action_approve()
        budget_line = budget.line_ids.id
    line = {{'product_id': product.id, 'product_qty': 1, 'price_unit': 10.0, 'taxes_id': False,
             'analytic_distribution': dist}}
    for _i in range({COMMITMENTS} // 1000):
        env['purchase.order'].create({{'partner_id': vendor.id,
                                       'order_line': [(0, 0, line) for _j in range(1000)]}}).button_confirm()
    orders = env['purchase.order'].create([{{'partner_id': vendor.id, 'order_line': [(0, 0, line)]}}
                                           for _i in range({ORDERS})])
    env.cr.commit()
    return dict(orders=orders.ids, budget_line=budget_line)


sides = {{}}
for name, db in (('ours', '__OURS__'), ('odoo', '__ODOO__')):
    registry = Registry(db)
    with registry.cursor() as cr:
        sides[name] = dict(set_up(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {{}})), registry=registry,
                           seconds=0.0, cpu_seconds=0.0, queries=0)
for turn, first in enumerate(range(0, {ORDERS}, {CHUNK})):
    # alternate who goes first, so neither side always follows the other's cache warm-up
    for name in (('ours', 'odoo') if turn % 2 == 0 else ('odoo', 'ours')):
        side = sides[name]
        with side['registry'].cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {{}})
            queries = cr.sql_log_count
            started, cpu_started = time.monotonic(), time.process_time()
            for order_id in side['orders'][first:first + {CHUNK}]:
                env['purchase.order'].browse(order_id).button_confirm()
                cr.commit()  # one click, one transaction
            side['seconds'] += time.monotonic() - started
            side['cpu_seconds'] += time.process_time() - cpu_started
            side['queries'] += cr.sql_log_count - queries
results = {{}}
for name, side in sides.items():
    with side['registry'].cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {{}})
        result = {{k: side[k] for k in ('seconds', 'cpu_seconds', 'queries')}}
        result['confirmed'] = env['purchase.order'].search_count([('id', 'in', side['orders']),
                                                                 ('state', '=', 'purchase')])
        if side['budget_line']:
            line = env['hyc.project.budget.line'].browse(side['budget_line'])
            result['committed'] = line.committed_amount
            result['drift'] = env['hyc.project.budget.line']._hyc_reconcile()
        results[name] = result
print('HYC_BENCH ' + json.dumps(results))
"""

OURS_DB, ODOO_DB = "hyc_bench_budget_ours", "hyc_bench_budget_odoo"


def run():
    from run import Figure

    install = ["--without-demo=all"]
    with odoo_bench.scratch_database(OURS_DB, ADDON, install=True, install_args=install), \
            odoo_bench.scratch_database(ODOO_DB, ADDON, install=False, install_args=install):
        script = SCRIPT.replace("__OURS__", OURS_DB).replace("__ODOO__", ODOO_DB)
        results = odoo_bench.run_script(OURS_DB, script, marker="HYC_BENCH ")
    ours, theirs = results["ours"], results["odoo"]
    for name, result in results.items():
        if result["confirmed"] != ORDERS:
            raise RuntimeError(f"{name}: only {result['confirmed']} of {ORDERS} orders confirmed")
    # the running total must hold every commitment, and agree with the source aggregate
    if round(ours["committed"], 2) != 10.0 * (COMMITMENTS + ORDERS) or ours["drift"]:
        raise RuntimeError(f"budget line committed {ours['committed']}, {ours['drift']} rows corrected")
    note = (f"{ORDERS} one-line orders, {COMMITMENTS} confirmed lines already on the project's budget line; "
            f"one transaction per confirmation, the sides taking turns of {CHUNK} in one process")
    return [
        Figure(f"confirm {ORDERS} POs", "s", ours["seconds"], theirs["seconds"], note),
        # the Odoo process's own CPU time: less sensitive than wall time to a loaded machine
        Figure(f"confirm {ORDERS} POs, Odoo process CPU", "s", ours["cpu_seconds"], theirs["cpu_seconds"]),
        Figure(f"SQL queries for {ORDERS} confirmations", "q", ours["queries"], theirs["queries"]),
    ]
