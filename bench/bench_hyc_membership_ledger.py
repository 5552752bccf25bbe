"""2,000 points movements (earn and redeem alternately) on one member card that already
has 5,000 lots: with hyc_membership every movement locks the card row, consumes lots
oldest first and writes a ledger line (points = sum of the ledger), against plain Odoo
changing `loyalty.card.points` and writing a `loyalty.history` line as its own flows do.
Each side runs in its own copy of the addon's template database, in one `odoo-bin shell`."""


import odoo_bench

NAME = "2,000 points movements on a card with 5,000 lots: member ledger vs plain Odoo"
TARGET = 3.0  # locking + FIFO + ledger may cost at most three times Odoo's unchecked write
ADDON = "hyc_membership"
LOTS = 5_000
MOVES = 2_000

SCRIPT = f"""
import json, time
partner = env['res.partner'].create({{'name': 'Bench member', 'mobile': '13000000000'}})
ours = 'hyc.member.ledger' in env
program = env['loyalty.program'].create({{'name': 'Bench points', 'program_type': 'loyalty',
                                          **({{'hyc_member_program': True}} if ours else {{}})}})
card = env['loyalty.card'].create({{'program_id': program.id, 'partner_id': partner.id}})
if ours:
    for i in range({LOTS}):
        card.hyc_earn(10, source_ref=f'seed {{i}}')
else:
    card.points = 10 * {LOTS}
    env['loyalty.history'].create([{{'card_id': card.id, 'description': f'seed {{i}}', 'issued': 10}} for i in range({LOTS})])
env.cr.commit()
env.invalidate_all()
started = time.monotonic()
queries = env.cr.sql_log_count
for i in range({MOVES}):
    amount = 7 if i % 2 else -5
    if ours:
        if amount > 0:
            card.hyc_earn(amount, source_ref=f'POS/{{i}}', key=f'bench-{{i}}')
        else:
            card.hyc_redeem(-amount, source_ref=f'POS/{{i}}', key=f'bench-{{i}}')
    else:
        card.points += amount
        env['loyalty.history'].create({{'card_id': card.id, 'description': f'POS/{{i}}',
                                        'issued': max(amount, 0), 'used': max(-amount, 0)}})
env.flush_all()
elapsed = time.monotonic() - started
print('HYC_BENCH ' + json.dumps({{'seconds': elapsed, 'queries': env.cr.sql_log_count - queries, 'points': card.points}}))
env.cr.rollback()
"""
EXPECTED_POINTS = 10 * LOTS + (MOVES // 2) * 7 - (MOVES // 2) * 5


def _measure(db, install):
    with odoo_bench.scratch_database(db, ADDON, install=install, install_args=["--without-demo=all"]):
        result = odoo_bench.run_script(db, SCRIPT, marker="HYC_BENCH ", shell=True)
    if round(result["points"], 2) != EXPECTED_POINTS:
        raise RuntimeError(f"{db}: balance {result['points']} instead of {EXPECTED_POINTS}")
    return result


def run():
    from run import Figure

    ours = _measure("hyc_bench_membership_ours", install=True)
    theirs = _measure("hyc_bench_membership_odoo", install=False)
    note = f"{MOVES} alternating earn 7 / redeem 5 on one card seeded with {LOTS} lots of 10"
    return [
        Figure("time for the movements", "s", ours["seconds"], theirs["seconds"], note),
        Figure("SQL queries for the movements", "", ours["queries"], theirs["queries"]),
    ]
