"""One group-schedule run to 4,000 WeCom groups, sent (issue 6, PD-3): the cron fans the
run out (run, 4,000 deliveries, 4,000 queue_job jobs), then 1 and then 4 job worker
processes run the jobs, each POSTing its group's message to a local fake WeCom server
(lib/wecom_fake_server.py on 127.0.0.1, rate limit lifted as the issue asks) and marking
the delivery sent. Workers are the same warm processes as in
bench_hyc_private_domain_broadcast.py (claim a job row with SKIP LOCKED, run it, commit).

Reference (the "Odoo" column): one process POSTing the same 4,000 JSON payloads to the
same server with urllib (one request each, like the client), nothing else: the distance
between our delivery and the bare HTTP round trips.
"""

import importlib
import json
import os
import sys
import time
import urllib.request
from pathlib import Path

import bench_hyc_private_domain_broadcast as common
import odoo_bench

ADDON_DIR = Path(__file__).resolve().parent.parent / "addons" / "hyc_private_domain"

NAME = "one schedule run to 4,000 WeCom groups: fan-out and send with 1 and 4 job workers vs bare HTTP"
TARGET = None  # informational: the target is a >= 3x speed-up with 4 workers (needs >= 4 cores)
DB = "hyc_bench_private_domain_schedule"
GROUPS = int(os.environ.get("HYC_BENCH_PD_GROUPS", "4000"))
WORKER_COUNTS = (1, 4)
# two runs of the daily 19:30 (Shanghai) schedule: one per worker count
TICKS = (("2026-12-04 11:00:00", "2026-12-04 11:30:30"), ("2026-12-05 11:00:00", "2026-12-05 11:30:30"))

SETUP = common.PRELUDE + r'''
groups = int(os.environ["BENCH_GROUPS"])
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    env["hyc.pd.schedule"].search([]).active = False
    params = env["ir.config_parameter"]
    params.set_param("hyc_private_domain.wecom_base_url", os.environ["BENCH_WECOM_URL"])
    params.set_param("hyc_private_domain.wecom_max_retries", "0")
    created = env["hyc.pd.group"].create([
        {"name": f"佳琦粉丝{i}群", "provider": "wecom_robot", "robot_key": f"bench-key-{i}"} for i in range(groups)])
    schedule = env["hyc.pd.schedule"].create({
        "name": "19:30 开播提醒", "frequency": "daily", "time_of_day": 19.5, "audience": "groups",
        "group_ids": [(6, 0, created.ids)], "body": "{group}的宝宝们，我们开播啦！{time}准时上车～"})
    print("BENCH " + json.dumps({"groups": len(created), "schedule": schedule.id}))
'''

FANOUT = common.PRELUDE + r'''
from datetime import datetime
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    schedule = env["hyc.pd.schedule"].browse(int(os.environ["BENCH_SCHEDULE"]))
    schedule.dispatched_until = datetime.fromisoformat(os.environ["BENCH_SINCE"])
    cr.commit()
    env.invalidate_all()
    started = time.perf_counter()
    env["hyc.pd.schedule"]._cron_hyc_pd_dispatch(now=datetime.fromisoformat(os.environ["BENCH_NOW"]))
    env.flush_all()
    cr.commit()
    elapsed = time.perf_counter() - started
    run = schedule.run_ids.sorted("due_at")[-1]
    print("BENCH " + json.dumps({"seconds": elapsed, "run": run.id, "deliveries": len(run.delivery_ids)}))
'''

REPORT = common.PRELUDE + r'''
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    run = env["hyc.pd.run"].browse(int(os.environ["BENCH_RUN"]))
    print("BENCH " + json.dumps(run.hyc_pd_delivery_report()))
'''


def _bare_http(base_url, payloads):
    started = time.perf_counter()
    for key, payload in payloads:
        request = urllib.request.Request(
            f"{base_url}/cgi-bin/webhook/send?key={key}", data=json.dumps(payload, ensure_ascii=False).encode(),
            method="POST", headers={"Content-Type": "application/json; charset=utf-8"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["errcode"] == 0
    return time.perf_counter() - started


def run():
    from run import Figure

    # the addon's lib/ is plain Python: import its fake server without Odoo
    sys.path.insert(0, str(ADDON_DIR))
    fake = importlib.import_module("lib.wecom_fake_server")
    keys = {f"bench-key-{i}" for i in range(GROUPS)}
    server = fake.FakeWeComServer(keys=keys, limit=10**9).start()
    measured = {}
    try:
        env = {"BENCH_GROUPS": str(GROUPS), "BENCH_WECOM_URL": server.base_url}
        with odoo_bench.scratch_database(DB, "hyc_private_domain"):
            setup = common._script(DB, SETUP, env)
            for workers, (since, now) in zip(WORKER_COUNTS, TICKS, strict=True):
                fanout = common._script(DB, FANOUT, dict(env, BENCH_SCHEDULE=str(setup["schedule"]),
                                                         BENCH_SINCE=since, BENCH_NOW=now))
                assert fanout["deliveries"] == GROUPS, fanout
                before = len(server.received)
                wall, results = common._run_workers(DB, common.JOB_WORKER, workers,
                                                    dict(env, BENCH_RUN=str(fanout["run"])), 0)
                report = common._script(DB, REPORT, dict(env, BENCH_RUN=str(fanout["run"])))
                assert (report["sent"], report["failed"], report["pending"]) == (GROUPS, 0, 0), report
                assert len(server.received) - before == GROUPS
                measured[workers] = {"fanout": fanout["seconds"], "send": wall,
                                     "retries": sum(r["retries"] for r in results)}
                print(f"   {workers} worker(s): fan-out {fanout['seconds']:.1f}s, send {wall:.1f}s, "
                      f"{measured[workers]['retries']} retried job(s)", flush=True)
        payloads = list(server.received[:GROUPS])
        bare = _bare_http(server.base_url, payloads)
    finally:
        server.stop()

    one, four = measured[1], measured[4]
    figures = [Figure(f"fan one run out to {GROUPS:,} groups (cron)", "s", one["fanout"], 0.0,
                      f"run + deliveries + queue_job jobs (second run: {four['fanout']:.1f}s); no counterpart "
                      "here, bench_hyc_private_domain_fanout compares it with queueing mail.mail")]
    for workers in WORKER_COUNTS:
        figures.append(Figure(f"send {GROUPS:,} messages, {workers} job worker(s)", "s", measured[workers]["send"], bare,
                              "jobs POST to the fake WeCom server and mark the delivery sent; vs one process POSTing "
                              "the same payloads"))
    figures.append(Figure("send: 4 workers vs 1 (time ratio)", "s", four["send"], one["send"],
                          f"speed-up {one['send'] / four['send']:.2f}x; {os.cpu_count()} CPU core(s) on this machine"))
    return figures
