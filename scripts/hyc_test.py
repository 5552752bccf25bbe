"""`make test`: the quality gates, every hyc addon's Odoo tests (each alone, then all
together), and pytest (pure-Python unit tests and XML-RPC integration tests), ending
with one line that counts every test that ran: `N passed, N failed[, N skipped]`.

A skipped test is a failure of the run: in this project a tour that did not run
(no Chromium, no websocket-client) must not pass for one that did.
"""

import argparse
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hyc_dev
import hyc_lint

# Warnings Odoo itself logs in every test run that say nothing about our addons.
# Each entry is a regular expression on "logger: message", with the reason it is harmless.
HARMLESS_WARNINGS = [
    # HttpCase starts Chromium; Chromium's own chatter about its sandbox and GPU on a
    # headless root session is relayed at WARNING by odoo.tests.common.
    r"^odoo\.tests\.common: .*(Fontconfig|dbus|sandbox|gpu|GPU|crashpad|ALSA)",
]


@dataclass
class Outcome:
    name: str
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    notes: list = field(default_factory=list)


def log(msg):
    print(f"[test] {msg}", flush=True)


# --------------------------------------------------------------------------- lint


def run_lint():
    outcomes = []
    for name, check in hyc_lint.CHECKS:
        started = time.monotonic()
        errors = check()
        out = Outcome(f"lint: {name}", seconds=time.monotonic() - started)
        if errors:
            out.failed = 1
            out.notes = errors
        else:
            out.passed = 1
        outcomes.append(out)
    return outcomes


# --------------------------------------------------------------------------- odoo


def odoo_run(label, db, template, addons):
    """Install `addons` in a fresh copy of `template` and run their tests."""
    started = time.monotonic()
    hyc_dev.clone_db(template, db)
    logfile = hyc_dev.LOG_DIR / f"{db}.log"
    tags = ",".join(f"/{a}" for a in addons)
    code = hyc_dev.run_odoo(db, ["-i", ",".join(addons), "--test-tags", tags, "--stop-after-init"], logfile)
    report = hyc_dev.parse_log(logfile, ignore=HARMLESS_WARNINGS)
    out = Outcome(f"odoo: {label}", seconds=time.monotonic() - started)
    out.passed = max(report.passed, 0)
    out.failed = report.failed + report.errors
    out.skipped = report.skipped
    # The install itself is one more test: it passes when Odoo exits cleanly, the test
    # report was written, some tests ran, and the log holds no warning or error.
    install_ok = code == 0 and report.result_seen and report.tests_run > 0 and not report.problems
    if install_ok:
        out.passed += 1
    else:
        out.failed += 1
        out.notes.append(f"install/log check failed (exit {code}, {report.tests_run} tests, log {logfile})")
        for entry in report.problems[:20]:
            out.notes.append(f"  line {entry.lineno}: {entry.level} {entry.logger}: {entry.message[:300]}")
        if len(report.problems) > 20:
            out.notes.append(f"  … and {len(report.problems) - 20} more")
    return out


# --------------------------------------------------------------------------- pytest


def run_pytest(paths, env_extra, label):
    started = time.monotonic()
    junit = hyc_dev.LOG_DIR / f"pytest-{label}{os.environ.get('HYC_TEST_DB_SUFFIX', '')}.xml"
    junit.unlink(missing_ok=True)
    env = dict(os.environ, **env_extra)
    cmd = [hyc_dev.PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", *paths]
    code = subprocess.run(cmd, cwd=hyc_dev.ROOT, env=env, stdin=subprocess.DEVNULL).returncode
    out = Outcome(f"pytest: {label}", seconds=time.monotonic() - started)
    if not junit.exists():
        out.failed = 1
        out.notes.append(f"pytest exited {code} without a report")
        return out
    root = ET.parse(junit).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    for suite in suites:
        tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
        out.passed += tests - failures - errors - skipped
        out.failed += failures + errors
        out.skipped += skipped
    if code not in (0, 1) and not out.failed:  # 5 = nothing collected, others = internal error
        out.failed += 1
        out.notes.append(f"pytest exited {code}")
    return out


def pytest_paths(addons, whole_suite):
    paths = [str(p) for a in addons if (p := hyc_dev.ADDONS_DIR / a / "tests" / "unit").is_dir()]
    if whole_suite:
        paths.insert(0, "tests")
    return paths


# --------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--addon", help="run only this addon's tests, alone in a fresh database")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("HYC_TEST_JOBS", 2)))
    parser.add_argument("--only", choices=["lint", "odoo", "pytest"], help="run one stage")
    args = parser.parse_args()

    all_addons = hyc_dev.hyc_addons()
    if args.addon and args.addon not in all_addons:
        parser.error(f"unknown addon {args.addon!r}; the suite has: {', '.join(all_addons)}")
    addons = [args.addon] if args.addon else all_addons
    stages = [args.only] if args.only else ["lint", "odoo", "pytest"]
    outcomes = []
    started = time.monotonic()

    if "lint" in stages:
        log("quality gates")
        hyc_lint.SCOPE = [args.addon] if args.addon else None
        outcomes += run_lint()

    integration_db = None
    if "odoo" in stages or ("pytest" in stages and not args.addon):
        deps = {a: hyc_dev.external_depends(a) for a in addons}
        union = sorted({d for ds in deps.values() for d in ds})
        sets = list(deps.values()) + ([] if args.addon else [union])
        log("template databases (cached; built once per Odoo tree and module set)")
        hyc_dev.ensure_templates(sets, log=log)

        # A suffix keeps two runs on one machine (a clean clone and a working tree) out of each other's databases.
        suffix = os.environ.get("HYC_TEST_DB_SUFFIX", "")
        runs = [(a, f"hyc_test_{a}{suffix}", hyc_dev.template_name(deps[a]), [a]) for a in addons]
        if not args.addon:
            runs.append(("all addons together", f"hyc_test_all{suffix}", hyc_dev.template_name(union), addons))
        if "odoo" in stages:
            log(f"Odoo tests: {len(runs)} database(s), {args.jobs} at a time")
            with ThreadPoolExecutor(max_workers=args.jobs) as pool:
                outcomes += list(pool.map(lambda r: odoo_run(*r), runs))
            all_run = next((o for o in outcomes if o.name == "odoo: all addons together"), None)
            if all_run and not all_run.failed:
                integration_db = f"hyc_test_all{suffix}"  # all five installed, test transactions rolled back

    if "pytest" in stages:
        log("pytest")
        env = {"HYC_TEST_DB": integration_db} if integration_db else {}
        paths = pytest_paths(addons, whole_suite=not args.addon)
        if paths:
            outcomes.append(run_pytest(paths, env, "suite" if not args.addon else args.addon))

    print()
    for out in outcomes:
        status = "ok  " if not out.failed and not out.skipped else "FAIL"
        extra = f", {out.skipped} skipped" if out.skipped else ""
        print(f"{status} {out.name}: {out.passed} passed, {out.failed} failed{extra} ({out.seconds:.0f}s)")
        for note in out.notes:
            print(f"       {note}")
    passed = sum(o.passed for o in outcomes)
    failed = sum(o.failed for o in outcomes)
    skipped = sum(o.skipped for o in outcomes)
    print(f"\nmake test took {time.monotonic() - started:.0f}s")
    if skipped:
        print(f"{skipped} test(s) were skipped; a skipped test (e.g. a tour without Chromium) fails the run.")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed or skipped or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
