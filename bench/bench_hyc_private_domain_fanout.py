"""One group-schedule run fanned out to 4,000 WeCom groups (the seller's whole estate):
hyc_private_domain's cron (run created once, 4,000 deliveries with their rendered text,
4,000 queue_job jobs spread per robot) against Odoo's own mail queue doing the same
amount of queueing (4,000 mail.mail records created in one batch, as mass mailing does),
in the same database and run, each inside a rolled-back savepoint, alternated. Sending
itself (HTTP) is not measured: both sides only queue."""


import odoo_bench

NAME = "fan one group-schedule run out to 4,000 groups vs queueing 4,000 mail.mail"
TARGET = None  # informational: ours also creates the queue_job jobs and the report lines
DB = "hyc_bench_private_domain"
REPEAT = 2
GROUPS = 4000

INNER = r'''
import json, sys, time
from datetime import datetime
import odoo
from odoo.tools import config
config.parse_config(sys.argv[1:])
from odoo.modules.registry import Registry
registry = Registry(config["db_name"])
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    env["hyc.pd.schedule"].search([]).active = False
    groups = env["hyc.pd.group"].create([
        {"name": f"佳琦粉丝{i}群", "provider": "wecom_robot", "robot_key": f"bench-key-{i}"} for i in range(__GROUPS__)])
    schedule = env["hyc.pd.schedule"].create({
        "name": "19:30 开播提醒", "frequency": "daily", "time_of_day": 19.5, "audience": "all",
        "body": "{group}的宝宝们，我们开播啦！{time}准时上车～"})
    env.flush_all()

    def ours():
        schedule.dispatched_until = datetime(2026, 12, 4, 11, 0)
        env["hyc.pd.schedule"]._cron_hyc_pd_dispatch(now=datetime(2026, 12, 4, 11, 30, 30))
        # every group gets its delivery: the bench's groups plus the demo's few
        assert schedule.run_ids.total_count == env["hyc.pd.group"].search_count([]) >= __GROUPS__

    def theirs():
        env["mail.mail"].create([{
            "subject": "开播提醒", "email_to": f"group{i}@example.com",
            "body_html": f"<p>{g.name}的宝宝们，我们开播啦！19:30准时上车～</p>"} for i, g in enumerate(groups)])
'''


def run():
    from run import Figure

    with odoo_bench.scratch_database(DB, "hyc_private_domain"):
        best = odoo_bench.run_script(DB, odoo_bench.with_alternating_timing(INNER, REPEAT).replace("__GROUPS__", str(GROUPS)))
    return [Figure(f"queue one message to each of {GROUPS:,} groups", "s", best["ours"], best["odoo"],
                   f"best of {REPEAT}, each in a rolled-back savepoint, same data")]
