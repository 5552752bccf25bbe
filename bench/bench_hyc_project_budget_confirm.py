"""Confirming 1,000 purchase orders on a project that already has 10,000 commitments:
with hyc_project_budget (every confirmation locks the budget line and decides on its running
committed/actual totals, which the confirmation then updates) against the same Odoo without
the addon.
Each side runs in its own copy of the addon's template database, in one `odoo-bin shell`."""


import odoo_bench

NAME = "confirm 1,000 POs on a project with 10,000 commitments: budget check vs plain Odoo"
TARGET = 1.15  # issue 7: the budget check may add at most 15 % to Odoo's own confirmation
ADDON = "hyc_project_budget"
COMMITMENTS = 10_000
ORDERS = 1_000

SCRIPT = f"""
import json, time
project = env['project.project'].create({{'name': 'Bench project'}})
project._create_analytic_account()
dist = {{str(project.account_id.id): 100.0}}
product = env['product.product'].create({{'name': 'Bench steel', 'type': 'service', 'purchase_method': 'purchase'}})
vendor = env['res.partner'].create({{'name': 'Bench vendor'}})
if 'hyc.project.budget' in env:
    materials = env.ref('hyc_project_budget.category_materials')
    materials.product_ids = [(4, product.id)]
    budget = env['hyc.project.budget'].create({{
        'project_id': project.id, 'line_ids': [(0, 0, {{'category_id': materials.id, 'amount': 1e12}})]}})
    budget.action_approve()
line = {{'product_id': product.id, 'product_qty': 1, 'price_unit': 10.0, 'taxes_id': False,
         'analytic_distribution': dist}}
for _i in range({COMMITMENTS} // 1000):
    env['purchase.order'].create({{'partner_id': vendor.id, 'order_line': [(0, 0, line) for _j in range(1000)]}}).button_confirm()
orders = env['purchase.order'].create([{{'partner_id': vendor.id, 'order_line': [(0, 0, line)]}} for _i in range({ORDERS})])
env.cr.commit()
env.invalidate_all()
started, cpu_started = time.monotonic(), time.process_time()
queries = env.cr.sql_log_count
for order in orders:
    order.button_confirm()
env.flush_all()
elapsed, cpu = time.monotonic() - started, time.process_time() - cpu_started
confirmed = env['purchase.order'].search_count([('id', 'in', orders.ids), ('state', '=', 'purchase')])
print('HYC_BENCH ' + json.dumps({{'seconds': elapsed, 'cpu_seconds': cpu, 'queries': env.cr.sql_log_count - queries, 'confirmed': confirmed}}))
env.cr.rollback()
"""


def _measure(db, install):
    with odoo_bench.scratch_database(db, ADDON, install=install, install_args=["--without-demo=all"]):
        result = odoo_bench.run_script(db, SCRIPT, marker="HYC_BENCH ", shell=True)
    if result["confirmed"] != ORDERS:
        raise RuntimeError(f"only {result['confirmed']} of {ORDERS} orders confirmed in {db}")
    return result


def run():
    from run import Figure

    ours = _measure("hyc_bench_budget_ours", install=True)
    theirs = _measure("hyc_bench_budget_odoo", install=False)
    note = f"{ORDERS} one-line orders, {COMMITMENTS} confirmed lines already on the project's budget line"
    return [
        Figure(f"confirm {ORDERS} POs", "s", ours["seconds"], theirs["seconds"], note),
        # the Odoo process's own CPU time: less sensitive than wall time to a loaded machine
        Figure(f"confirm {ORDERS} POs, Odoo process CPU", "s", ours["cpu_seconds"], theirs["cpu_seconds"]),
        Figure(f"SQL queries for {ORDERS} confirmations", "q", ours["queries"], theirs["queries"]),
    ]
