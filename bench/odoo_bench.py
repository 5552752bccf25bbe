"""Scaffolding shared by the Odoo benchmarks: a throwaway copy of an addon's template
database (with the addon installed, or not, for the Odoo side), and a Python script run
inside Odoo against it that prints one line `MARKER {json}` with its figures."""

import json
import subprocess
import sys
from contextlib import contextmanager

import hyc_dev


@contextmanager
def scratch_database(db, addon, install=True, install_args=()):
    """A copy of the template holding `addon`'s dependencies, dropped afterwards."""
    template = hyc_dev.ensure_template(hyc_dev.external_depends(addon))
    hyc_dev.clone_db(template, db)
    try:
        if install:
            logfile = hyc_dev.LOG_DIR / f"{db}-install.log"
            if hyc_dev.run_odoo(db, ["-i", addon, "--stop-after-init", *install_args], logfile):
                raise RuntimeError(f"installing {addon} into {db} failed; see {logfile}")
        yield db
    finally:
        hyc_dev.drop_db(db)


def run_script(db, script, marker="BENCH ", shell=False, timeout=3600):
    """Run `script` in Odoo against `db` and return the JSON printed after `marker`.

    shell=False: `python -c script <odoo-bin options>` (the script parses them itself);
    shell=True: the script is fed to `odoo-bin shell`, which gives it `env`.
    """
    if shell:
        cmd = hyc_dev.odoo_command(db, "--no-http", "--log-level=warn")
        cmd.insert(2, "shell")
        stdin = script
    else:
        cmd = [sys.executable, "-c", script, *hyc_dev.odoo_command(db)[2:], "--log-level=warn"]
        stdin = None
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith(marker)), None)
    if not line:
        raise RuntimeError(f"no result from {db}: {proc.stderr[-3000:]}")
    return json.loads(line[len(marker):])


# Closes an inner script whose `with registry.cursor() as cr:` block defined `env`,
# `ours()` and `theirs()`: runs them alternately, each in a savepoint rolled back after
# it, with caches emptied, and prints the best time of each side.
ALTERNATING_TIMING = """
    times = {"ours": [], "odoo": []}
    for _ in range(__REPEAT__):
        for side, fn in (("ours", ours), ("odoo", theirs)):
            sp = cr.savepoint()
            env.invalidate_all()
            started = time.perf_counter()
            fn()
            env.flush_all()
            times[side].append(time.perf_counter() - started)
            sp.close(rollback=True)
            env.invalidate_all()
    cr.rollback()
print("BENCH " + json.dumps({k: min(v) for k, v in times.items()}))
"""


def with_alternating_timing(script, repeat):
    return script.rstrip("\n") + "\n" + ALTERNATING_TIMING.replace("__REPEAT__", str(repeat))
