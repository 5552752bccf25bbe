"""Shared plumbing for `make run`, `make test`, `make bench` and the XML-RPC fixtures.

Runs with the project's venv python. Knows where Odoo, the addons and the data
directory are, builds cached template databases (Odoo's dependencies already
installed) and clones them, and reads Odoo's log for test results and warnings.

Template databases are the trick that keeps `make test` within its budget: installing
point_of_sale, stock_account, project … with demo data takes minutes, copying a
database takes seconds. A template is keyed on the Odoo modules it holds and on the
Odoo tree, and built on top of the largest existing template it extends.
"""

import ast
import fcntl
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo/18.0"))
# Odoo's data directory (filestores) belongs with the PostgreSQL cluster, not with one
# clone: a template database built from one clone is copied, filestore included, by
# every other clone on the machine (CI's fresh clones among them).
DATA_DIR = Path(os.environ.get("HYC_DATA_DIR", Path.home() / ".local" / "share" / "hyc-odoo"))
LOG_DIR = ROOT / ".odoo-data" / "logs"
PYTHON = sys.executable
TEMPLATE_PREFIX = "hyc_tpl_"
TEMPLATE_MARK = "hyc-template "


# --------------------------------------------------------------------------- addons


def hyc_addons():
    """The suite's addons: every folder of addons/ with a manifest, sorted."""
    return sorted(p.name for p in ADDONS_DIR.iterdir() if (p / "__manifest__.py").is_file())


def read_manifest(path):
    return ast.literal_eval(Path(path, "__manifest__.py").read_text(encoding="utf-8"))


def odoo_addons_paths():
    """Odoo's addons, OCA addons installed from PyPI beside Odoo, then ours."""
    paths = [ODOO_SRC / "odoo" / "addons", ODOO_SRC / "addons"]
    purelib = subprocess.run(
        [PYTHON, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    oca = Path(purelib) / "odoo" / "addons"
    if oca.is_dir():
        paths.append(oca)
    paths.append(ADDONS_DIR)
    return paths


def find_module_dir(name):
    for base in odoo_addons_paths():
        if (base / name / "__manifest__.py").is_file():
            return base / name
    raise LookupError(f"module {name!r} is not in any addons path")


def external_depends(addon):
    """The non-hyc modules an hyc addon needs installed before it.

    A capability addon depends only on Odoo/OCA modules. A glue addon (auto_install,
    e.g. hyc_inventory_batch_pos) also depends on hyc addons: their own Odoo/OCA
    dependencies belong in its template too, so that installing the glue installs only
    hyc code on top of a template that already holds everything else with demo data.
    """
    found, todo, seen = set(), [addon], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for dep in read_manifest(ADDONS_DIR / name).get("depends", []):
            if dep.startswith("hyc_"):
                todo.append(dep)
            else:
                found.add(dep)
    return sorted(found)


def depends_closure(modules):
    seen, todo = set(), list(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(read_manifest(find_module_dir(name)).get("depends", []))
    return seen


# --------------------------------------------------------------------------- postgres


def psql(sql, db="postgres"):
    out = subprocess.run(["psql", "-X", "-q", "-tA", "-d", db, "-c", sql], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"psql failed: {out.stderr.strip()}")
    return out.stdout.strip()


def db_exists(db):
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == "1"


def db_comment(db):
    return psql(
        f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{db}'"
    )


def drop_db(db):
    if db_exists(db):
        psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}'")
        psql(f'DROP DATABASE "{db}"')
    shutil.rmtree(DATA_DIR / "filestore" / db, ignore_errors=True)


def clone_db(source, target):
    """Copy a database and its filestore (assets and attachments live there)."""
    drop_db(target)
    psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{source}'")
    psql(f'CREATE DATABASE "{target}" WITH TEMPLATE "{source}"')
    psql(f'COMMENT ON DATABASE "{target}" IS NULL')
    src_store = DATA_DIR / "filestore" / source
    if src_store.is_dir():
        shutil.copytree(src_store, DATA_DIR / "filestore" / target)


# --------------------------------------------------------------------------- odoo


def odoo_command(db, *args):
    return [
        PYTHON,
        str(ODOO_SRC / "odoo-bin"),
        "--addons-path=" + ",".join(str(p) for p in odoo_addons_paths()),
        f"--data-dir={DATA_DIR}",
        f"--database={db}",
        f"--db-filter=^{re.escape(db)}$",
        "--max-cron-threads=0",
        *args,
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_odoo(db, args, logfile, timeout=3600):
    """Run odoo-bin to completion with its log in `logfile`; return the exit code."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    cmd = odoo_command(db, f"--logfile={logfile}", "--http-port", str(free_port()), *args)
    Path(logfile).unlink(missing_ok=True)
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, timeout=timeout)
    if proc.stderr.strip():
        # Python-level crashes before logging is set up land on stderr; keep them with the log.
        with open(logfile, "a", encoding="utf-8") as fh:
            fh.write("\n" + "\n".join(
                line for line in proc.stderr.splitlines() if "Running as user 'root'" not in line
            ))
    return proc.returncode


# --------------------------------------------------------------------------- templates


# Raised when the way templates are built changes, so that older ones are not reused.
TEMPLATE_FORMAT = b"2"


def _odoo_fingerprint():
    """The Odoo tree a template was built from (`make clean-db` after swapping trees in place)."""
    release = (ODOO_SRC / "odoo" / "release.py").read_bytes()
    return hashlib.sha1(str(ODOO_SRC).encode() + release + TEMPLATE_FORMAT).hexdigest()[:8]


def template_name(modules):
    key = hashlib.sha1((" ".join(sorted(modules)) + _odoo_fingerprint()).encode()).hexdigest()[:12]
    return TEMPLATE_PREFIX + key


def existing_templates():
    """{db name: closure of its requested modules} of complete templates for this Odoo tree."""
    rows = psql(
        "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
        f"WHERE datname LIKE '{TEMPLATE_PREFIX}%'"
    )
    found = {}
    for row in filter(None, rows.splitlines()):
        name, _, comment = row.partition("|")
        if comment.startswith(TEMPLATE_MARK):
            info = json.loads(comment[len(TEMPLATE_MARK):])
            if info.get("odoo") == _odoo_fingerprint():
                found[name] = set(info["closure"])
    return found


# Errors Odoo logs while installing its own modules into a template, judged harmless.
TEMPLATE_HARMLESS_ERRORS = [
    # account's demo hook runs again when a later module loads chart-of-account data into a
    # database that already has account's demo entries; it tries to post them a second time
    # and logs "must be in draft" for each. The entries are posted; nothing is lost.
    r"^odoo\.addons\.account\.demo\.account_demo: Error while posting demo data",
]


def ensure_template(modules, log=print):
    """Return the name of a template database with `modules` (and their demo data) installed."""
    modules = set(modules)
    name = template_name(modules)
    if name in existing_templates():
        return name
    # Several runs on one machine (developers' edit-test loops, CI) may want the same
    # template at once: one builds it, the others wait for it.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(DATA_DIR / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_template(name, modules, log)


def _build_template(name, modules, log):
    closure = depends_closure(modules)
    templates = existing_templates()
    if name in templates:
        return name
    drop_db(name)
    # Start from the largest complete template that ours extends. What Odoo auto-installed
    # there it would auto-install here too, since our closure holds all of its modules.
    bases = sorted((len(mods), tpl) for tpl, mods in templates.items() if mods < closure)
    to_install = modules
    if bases:
        base = bases[-1][1]
        clone_db(base, name)
        # Only what the base lacks: `-i` on an installed module re-runs its data and demo
        # files, its demo fails on existing records, and Odoo then marks it and everything
        # installed after it as "without demo data".
        installed = set(psql("SELECT name FROM ir_module_module WHERE state = 'installed'", db=name).split())
        to_install = modules - installed
        log(f"template {name}: from {base}, installing {' '.join(sorted(to_install))}")
    else:
        log(f"template {name}: new database, installing {' '.join(sorted(modules))}")
    logfile = LOG_DIR / f"{name}.log"
    started = time.monotonic()
    # Nothing to install when the base's auto-installed modules already cover ours.
    code = run_odoo(name, ["-i", ",".join(sorted(to_install)), "--stop-after-init"], logfile) if to_install else 0
    problems = [e for e in parse_log(logfile, ignore=TEMPLATE_HARMLESS_ERRORS).problems
                if e.level in ("ERROR", "CRITICAL") or "demo data failed to install" in e.message]
    without_demo = psql("SELECT string_agg(name, ' ') FROM ir_module_module "
                        "WHERE state = 'installed' AND NOT demo", db=name)
    if without_demo:
        problems.append(LogEntry("ERROR", "hyc_dev", f"installed without demo data: {without_demo}", 0))
    if code or problems:
        drop_db(name)
        raise RuntimeError(f"building template {name} failed (exit {code}; "
                           f"{problems[0].message if problems else 'no log line'}); see {logfile}")
    info = {"modules": sorted(modules), "closure": sorted(closure), "odoo": _odoo_fingerprint()}
    psql(f"COMMENT ON DATABASE \"{name}\" IS '{TEMPLATE_MARK}{json.dumps(info)}'")
    log(f"template {name}: ready in {time.monotonic() - started:.0f}s")
    return name


def ensure_templates(module_sets, log=print):
    """Build several templates, the common part first so that the others extend it."""
    module_sets = [set(m) for m in module_sets]
    if len(module_sets) > 1:
        closures = [depends_closure(m) for m in module_sets]
        common = set.intersection(*closures)
        # Only worth a template of its own if some set is larger than it.
        if common and any(c - common for c in closures) and not any(set(m) == common for m in module_sets):
            ensure_template(common, log)
    return [ensure_template(m, log) for m in sorted(module_sets, key=len)]


# --------------------------------------------------------------------------- log reading

LOG_LINE = re.compile(
    r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+) (?P<pid>\d+) (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>\S+): (?P<message>.*)$"
)
RESULT = re.compile(r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests")


@dataclass
class LogEntry:
    level: str
    logger: str
    message: str
    lineno: int


@dataclass
class LogReport:
    tests_run: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    result_seen: bool = False
    problems: list = field(default_factory=list)  # WARNING and worse, with their lines
    tracebacks: int = 0

    @property
    def passed(self):
        return self.tests_run - self.failed - self.errors - self.skipped


def parse_log(path, ignore=()):
    """Read an Odoo log: test counts, skipped tests, and every warning or error.

    `ignore` holds regular expressions for warnings a caller has judged harmless
    (matched against "logger: message").
    """
    report = LogReport()
    ignore = [re.compile(p) for p in ignore]
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return report
    for lineno, line in enumerate(lines, 1):
        match = LOG_LINE.match(line)
        if not match:
            if line.startswith("Traceback (most recent call last)"):
                report.tracebacks += 1
            continue
        level, logger, message = match["level"], match["logger"], match["message"]
        if logger == "odoo.tests.result" and (res := RESULT.match(message)):
            report.result_seen = True
            report.tests_run += int(res["run"])
            report.failed += int(res["failed"])
            report.errors += int(res["errors"])
            continue
        if level == "INFO" and message.startswith("skipped "):
            report.skipped += 1
        if level in ("WARNING", "ERROR", "CRITICAL"):
            if not any(p.search(f"{logger}: {message}") for p in ignore):
                report.problems.append(LogEntry(level, logger, message, lineno))
    return report


def drop_all_test_databases():
    """Drop the templates and the test databases (`make clean-db`); hyc_demo is kept."""
    rows = psql(
        f"SELECT datname FROM pg_database WHERE datname LIKE '{TEMPLATE_PREFIX}%' "
        "OR datname LIKE 'hyc\\_test\\_%' OR datname LIKE 'hyc\\_it\\_%' OR datname LIKE 'hyc\\_bench\\_%'"
    )
    for db in filter(None, rows.splitlines()):
        drop_db(db)
        print(f"dropped {db}")


def addons_fingerprint():
    """A hash of the suite's addon sources, to tell when a database needs `-u`."""
    digest = hashlib.sha1()
    for path in sorted(ADDONS_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ADDONS_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def union_depends(addons=None):
    return sorted({d for a in (addons or hyc_addons()) for d in external_depends(a)})
