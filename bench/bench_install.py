"""Installing the five hyc addons, against installing five Odoo Community addons of the
same areas (inventory, project, POS, loyalty, marketing), each on a fresh copy of the
same template database with their dependencies already in place: wall time and the
Odoo process's peak memory (max RSS)."""

import os
import subprocess
import time

import hyc_dev

NAME = "install the five hyc addons vs five Odoo CE addons (same template, demo data)"
TARGET = None  # a reference point for later issues, not a goal

# Small Community addons, one per area the suite covers, none of them a dependency of ours.
ODOO_CANDIDATES = ["stock_picking_batch", "project_todo", "pos_discount", "sale_margin", "mass_mailing",
                   "stock_dropshipping", "purchase_requisition", "pos_restaurant", "hr_timesheet"]
REPEAT = 2


def _installed(db):
    return set(hyc_dev.psql("SELECT name FROM ir_module_module WHERE state = 'installed'", db=db).split())


def _timed_install(template, db, modules):
    hyc_dev.clone_db(template, db)
    cmd = hyc_dev.odoo_command(db, "-i", ",".join(modules), "--stop-after-init",
                               f"--logfile={hyc_dev.LOG_DIR / (db + '.log')}", "--http-port", str(hyc_dev.free_port()))
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"installing {modules} into {db} failed")
    installed = _installed(db)
    missing = [m for m in modules if m not in installed]
    if missing:
        raise RuntimeError(f"{missing} not installed in {db}")
    hyc_dev.drop_db(db)
    return seconds, usage.ru_maxrss / 1024  # KiB → MiB on Linux


def run():
    from run import Figure

    template = hyc_dev.ensure_template(hyc_dev.union_depends())
    already = _installed(template)
    odoo_modules = [m for m in ODOO_CANDIDATES if m not in already][:5]
    ours_mod = hyc_dev.hyc_addons()
    ours, theirs = [], []
    for i in range(REPEAT):  # alternate, so that neither side gets a warmer cache
        ours.append(_timed_install(template, f"hyc_bench_ours_{i}", ours_mod))
        theirs.append(_timed_install(template, f"hyc_bench_odoo_{i}", odoo_modules))
    best = lambda runs, k: min(r[k] for r in runs)  # noqa: E731
    peak = lambda runs: max(r[1] for r in runs)  # noqa: E731
    note = f"Odoo side: {', '.join(odoo_modules)}; best of {REPEAT} for time, max for memory"
    return [
        Figure("install time", "s", best(ours, 0), best(theirs, 0), note),
        Figure("peak memory of the Odoo process", "MB", peak(ours), peak(theirs)),
    ]
