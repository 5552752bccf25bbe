"""`make run`: the hyc_demo database with the five addons, their demo data and Simplified
Chinese, served on http://localhost:8069.

The first run builds it from a cached template (Odoo's dependencies installed once);
later runs start at once, updating the addons first only if their sources changed.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hyc_dev

DEMO_DB = "hyc_demo"
MARK = "hyc-demo addons="


def log(msg):
    print(f"[run] {msg}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--db", default=DEMO_DB)
    args = parser.parse_args()
    db = args.db
    addons = hyc_dev.hyc_addons()
    fingerprint = hyc_dev.addons_fingerprint()
    comment = hyc_dev.db_comment(db) if hyc_dev.db_exists(db) else None

    if comment is None or not comment.startswith(MARK):
        template = hyc_dev.ensure_template(hyc_dev.union_depends(addons), log=log)
        log(f"creating {db} from {template}: installing {', '.join(addons)} with demo data and zh_CN")
        hyc_dev.clone_db(template, db)
        code = hyc_dev.run_odoo(
            db, ["-i", ",".join(addons), "--load-language=zh_CN", "--stop-after-init"],
            hyc_dev.LOG_DIR / f"{db}-install.log",
        )
        if code:
            hyc_dev.drop_db(db)
            sys.exit(f"Installing the addons into {db} failed; see {hyc_dev.LOG_DIR / f'{db}-install.log'}")
        # The demo admin works in Chinese, in China's time zone, like our users.
        hyc_dev.psql(
            "UPDATE res_partner SET lang = 'zh_CN', tz = 'Asia/Shanghai' "
            "WHERE id = (SELECT partner_id FROM res_users WHERE login = 'admin')", db=db,
        )
    elif comment != MARK + fingerprint:
        # A new addon (e.g. an auto_install glue addon added since) is installed, the others
        # updated: `-u` alone would skip a module the database has never had.
        installed = set(hyc_dev.psql(
            "SELECT name FROM ir_module_module WHERE state = 'installed' AND name LIKE 'hyc%'", db=db,
        ).split())
        missing = [a for a in addons if a not in installed]
        update = [a for a in addons if a in installed]
        log(f"addons changed since {db} was built: updating {', '.join(update)}"
            + (f"; installing {', '.join(missing)}" if missing else ""))
        odoo_args = ["-u", ",".join(update)] + (["-i", ",".join(missing)] if missing else [])
        code = hyc_dev.run_odoo(db, odoo_args + ["--stop-after-init"], hyc_dev.LOG_DIR / f"{db}-update.log")
        if code:
            sys.exit(f"Updating the addons in {db} failed; see {hyc_dev.LOG_DIR / f'{db}-update.log'}")
    hyc_dev.psql(f"COMMENT ON DATABASE \"{db}\" IS '{MARK}{fingerprint}'")

    log(f"Odoo on http://localhost:{args.port} — database {db}, user admin / admin (Ctrl-C stops it)")
    cmd = hyc_dev.odoo_command(db, "--http-port", str(args.port))
    cmd[cmd.index("--max-cron-threads=0")] = "--max-cron-threads=1"
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main()
