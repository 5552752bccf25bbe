"""A broadcast (群发) to N members by e-mail through Odoo's mail queue (issue 6, PD-9),
with 1 and with 4 job workers, against the physical limits measured in the same run.

N comes from HYC_BENCH_PD_MEMBERS (default 800,000, the issue's figure), in groups of
HYC_BENCH_PD_PER_GROUP members (default 1,000) reached by the channel "E-mail to Each
Member" (one queue_job job per group). Per worker count:

* enqueue = confirming the broadcast (one run, one delivery and one queue_job job per
  group, what the user's click does) + the job workers running those jobs, each job
  writing one mail.mail (and its mail.message) per member of its group into Odoo's mail
  queue. Ends when every e-mail is queued.
* deliver = the same workers draining the mail queue with Odoo's own `mail.mail.send()`
  (build the MIME message, SMTP, mark sent, delete the auto-deleted mail) to a local fake
  SMTP server on 127.0.0.1 that accepts and counts every message. Ends when the server
  has received all N. No real mail server, DNS or network is involved.

Workers are real processes (`python -c WORKER <odoo options>`, one Odoo registry each),
started and warmed up before the clock starts, like a running queue_job runner's workers:
a job worker claims a pending job row with FOR UPDATE SKIP LOCKED, marks it started,
commits, runs it, marks it done, commits (a serialization failure puts the job back to
pending and counts a retry, as queue_job does); a delivery worker sends the outgoing
mails whose id modulo the worker count is its number, 500 per transaction.

The physical limits (the "Odoo" column): one PostgreSQL COPY of the same N rows (the same
subject, address and HTML body in one table shaped like mail_mail + mail_message), and one
process pushing N already-built messages of the same size through smtplib on one
connection to the same fake SMTP server.
"""

import json
import os
import smtplib
import socketserver
import subprocess
import sys
import threading
import time
from email.message import EmailMessage

import odoo_bench

import hyc_dev

NAME = "broadcast to members by e-mail queue: enqueue and deliver, 1 and 4 workers vs COPY / raw SMTP"
TARGET = None  # informational: the target is a >= 3x speed-up with 4 workers (needs >= 4 cores)
DB = "hyc_bench_private_domain_broadcast"
MEMBERS = int(os.environ.get("HYC_BENCH_PD_MEMBERS", "800000"))
PER_GROUP = int(os.environ.get("HYC_BENCH_PD_PER_GROUP", "1000"))
WORKER_COUNTS = (1, 4)
SUBJECT = "双十二会员日"
BODY = "{group}的宝宝们：双十二会员日，全场九折，今晚20:00直播间见！"


# -- a fake SMTP server that accepts everything and counts ------------------------------
class _SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        self.wfile.write(b"220 localhost fake SMTP\r\n")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                size = 0
                while True:
                    data = self.rfile.readline()
                    if not data or data == b".\r\n":
                        break
                    size += len(data)
                with server.lock:
                    server.messages += 1
                    server.bytes += size
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


class FakeSmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.lock = threading.Lock()
        self.messages = 0
        self.bytes = 0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.server_address[1]


# -- scripts run inside Odoo -------------------------------------------------------------
PRELUDE = r'''
import json, os, sys, time
import odoo
from odoo.tools import config
config.parse_config(sys.argv[1:])
from odoo.modules.registry import Registry
registry = Registry(config["db_name"])
'''

SETUP = PRELUDE + r'''
members, per_group = int(os.environ["BENCH_MEMBERS"]), int(os.environ["BENCH_PER_GROUP"])
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    env["hyc.pd.schedule"].search([]).active = False
    tag = env["hyc.pd.group.tag"].create({"name": "bench broadcast"})
    n_groups = -(-members // per_group)
    groups = env["hyc.pd.group"].create([
        {"name": f"会员{g + 1}群", "provider": "member_email", "tag_ids": [(4, tag.id)], "auto_welcome": False}
        for g in range(n_groups)])
    env.flush_all()
    cr.execute("""
        INSERT INTO res_partner (name, complete_name, email, active, type, is_company, lang,
                                 create_uid, write_uid, create_date, write_date)
        SELECT '会员' || n, '会员' || n, 'member' || n || '@bench.example.com', true, 'contact', false, 'zh_CN',
               1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
        FROM generate_series(1, %s) n RETURNING id
    """, [members])
    partner_ids = sorted(row[0] for row in cr.fetchall())
    group_ids = groups.ids
    cr.execute("""
        INSERT INTO hyc_pd_membership (group_id, partner_id, company_id, join_date, is_active, source, welcome_state,
                                       create_uid, write_uid, create_date, write_date)
        SELECT (%s::int[])[(i - 1) / %s + 1], (%s::int[])[i], %s, now() at time zone 'UTC', true, 'import', 'none',
               1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
        FROM generate_series(1, %s) i
    """, [group_ids, per_group, partner_ids, env.company.id, members])
    cr.execute("ANALYZE res_partner; ANALYZE hyc_pd_membership")
    print("BENCH " + json.dumps({"groups": len(group_ids), "members": len(partner_ids), "tag": tag.id}))
'''

CONFIRM = PRELUDE + r'''
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    groups = env["hyc.pd.group"].search([("tag_ids", "=", int(os.environ["BENCH_TAG"]))])
    broadcast = env["hyc.pd.broadcast"].create({
        "name": os.environ["BENCH_NAME"], "body": os.environ["BENCH_BODY"], "audience": "groups",
        "group_ids": [(6, 0, groups.ids)]})
    cr.commit()
    env.invalidate_all()
    started = time.perf_counter()
    broadcast.action_preview()
    broadcast.action_confirm_send()
    env.flush_all()
    cr.commit()
    elapsed = time.perf_counter() - started
    print("BENCH " + json.dumps({"seconds": elapsed, "run": broadcast.run_id.id,
                                 "members": broadcast.confirmed_member_count,
                                 "jobs": len(broadcast.run_id.delivery_ids)}))
'''

JOB_WORKER = PRELUDE + r'''
import psycopg2
from odoo.addons.queue_job.job import Job
run_id = int(os.environ["BENCH_RUN"])
import logging
logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)  # claim conflicts are expected and retried
with registry.cursor() as cr:  # warm up: load the registry, then wait for the start signal
    cr.execute("SELECT 1")
print("READY", flush=True)
sys.stdin.readline()
started, done, retries = time.time(), 0, 0
while True:
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:  # a job row another worker updated since our snapshot: try again
            cr.execute("""
                SELECT j.uuid FROM queue_job j JOIN hyc_pd_delivery d ON d.job_uuid = j.uuid
                WHERE d.run_id = %s AND j.state = 'pending' ORDER BY j.id LIMIT 1 FOR UPDATE OF j SKIP LOCKED
            """, [run_id])
        except psycopg2.OperationalError:
            cr.rollback()
            continue
        row = cr.fetchone()
        if not row:
            break
        job = Job.load(env, row[0])
        job.set_started()
        job.store()
        cr.commit()
        try:
            job.perform()
            job.set_done()
            job.store()
            cr.commit()
            done += 1
        except psycopg2.OperationalError:
            cr.rollback()
            cr.execute("UPDATE queue_job SET state = 'pending' WHERE uuid = %s", [row[0]])
            cr.commit()
            retries += 1
print("BENCH " + json.dumps({"started": started, "ended": time.time(), "jobs": done, "retries": retries}), flush=True)
'''

SEND_WORKER = PRELUDE + r'''
index, count = int(os.environ["BENCH_WORKER"]), int(os.environ["BENCH_WORKERS"])
with registry.cursor() as cr:
    cr.execute("SELECT id FROM mail_mail WHERE state = 'outgoing' AND id %% %s = %s ORDER BY id", [count, index])
    ids = [row[0] for row in cr.fetchall()]
print("READY", flush=True)
sys.stdin.readline()
started = time.time()
for start in range(0, len(ids), 500):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["mail.mail"].browse(ids[start:start + 500]).send(auto_commit=False, raise_exception=True)
print("BENCH " + json.dumps({"started": started, "ended": time.time(), "mails": len(ids)}), flush=True)
'''

COPY = PRELUDE + r'''
import io
members, per_group = int(os.environ["BENCH_MEMBERS"]), int(os.environ["BENCH_PER_GROUP"])
body = os.environ["BENCH_BODY"]
buffer = io.StringIO()
for n in range(1, members + 1):
    group = f"会员{(n - 1) // per_group + 1}群"
    html = "<p>" + body.replace("{group}", group) + "</p>"
    buffer.write(f"{os.environ['BENCH_NAME']}\t\"OdooBot\" <odoobot@example.com>\t\"会员{n}\" <member{n}@bench.example.com>"
                 f"\t{html}\toutgoing\tt\temail_outgoing\n")
buffer.seek(0)
with registry.cursor() as cr:
    cr.execute("""CREATE TEMP TABLE bench_mail_copy (subject varchar, email_from varchar, email_to text, body_html text,
                  state varchar, auto_delete boolean, message_type varchar,
                  create_date timestamp DEFAULT (now() at time zone 'UTC'))""")
    started = time.perf_counter()
    cr._obj.copy_expert("COPY bench_mail_copy (subject, email_from, email_to, body_html, state, auto_delete, "
                        "message_type) FROM STDIN", buffer)
    elapsed = time.perf_counter() - started
    cr.execute("SELECT count(*) FROM bench_mail_copy")
    print("BENCH " + json.dumps({"seconds": elapsed, "rows": cr.fetchone()[0]}))
    cr.rollback()
'''

COUNT = PRELUDE + r'''
with registry.cursor() as cr:
    cr.execute("SELECT state, count(*) FROM mail_mail GROUP BY state")
    print("BENCH " + json.dumps(dict(cr.fetchall())))
'''


def _odoo_args(db, *extra):
    return [*hyc_dev.odoo_command(db)[2:], "--log-level=warn", *extra]


def _script(db, script, env_extra, timeout=6 * 3600):
    os.environ.update(env_extra)
    return odoo_bench.run_script(db, script, timeout=timeout)


def _run_workers(db, script, count, env_extra, smtp_port):
    """Start `count` worker processes, wait until all are warm, release them at once and
    return (wall seconds from the first start to the last end, their results)."""
    procs = []
    for index in range(count):
        env = dict(os.environ, **env_extra, BENCH_WORKER=str(index), BENCH_WORKERS=str(count))
        cmd = [sys.executable, "-c", script,
               *_odoo_args(db, "--smtp=127.0.0.1", f"--smtp-port={smtp_port}")]
        procs.append(subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    for proc in procs:
        line = proc.stdout.readline()
        if not line.startswith("READY"):
            raise RuntimeError(f"worker did not start: {line} {proc.stderr.read()[-3000:]}")
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=6 * 3600)
        line = next((ln for ln in out.splitlines() if ln.startswith("BENCH ")), None)
        if proc.returncode or not line:
            raise RuntimeError(f"worker failed ({proc.returncode}): {err[-3000:]}")
        results.append(json.loads(line[6:]))
    return max(r["ended"] for r in results) - min(r["started"] for r in results), results


def _raw_smtp(port, count, sample_size):
    """One process, one connection, `count` prebuilt messages of `sample_size` bytes."""
    messages = []
    for n in range(count):
        msg = EmailMessage()
        msg["Subject"], msg["From"], msg["To"] = SUBJECT, "odoobot@example.com", f"member{n}@bench.example.com"
        msg.set_content("x" * max(sample_size - 200, 10))
        messages.append(msg)
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for msg in messages:
            smtp.send_message(msg)
    return time.perf_counter() - started


def run():
    from run import Figure

    smtp = FakeSmtpServer()
    env = {"BENCH_MEMBERS": str(MEMBERS), "BENCH_PER_GROUP": str(PER_GROUP), "BENCH_NAME": SUBJECT,
           "BENCH_BODY": BODY}
    measured = {}
    try:
        with odoo_bench.scratch_database(DB, "hyc_private_domain"):
            setup = _script(DB, SETUP, env)
            print(f"   {setup['members']:,} members in {setup['groups']:,} groups", flush=True)
            for workers in WORKER_COUNTS:
                confirm = _script(DB, CONFIRM, dict(env, BENCH_TAG=str(setup["tag"])))
                assert confirm["members"] == MEMBERS and confirm["jobs"] == setup["groups"], confirm
                jobs_wall, job_results = _run_workers(
                    DB, JOB_WORKER, workers, dict(env, BENCH_RUN=str(confirm["run"])), smtp.port)
                queued = _script(DB, COUNT, env)
                assert queued.get("outgoing") == MEMBERS, queued
                before = smtp.messages
                send_wall, _ = _run_workers(DB, SEND_WORKER, workers, env, smtp.port)
                delivered = smtp.messages - before
                assert delivered == MEMBERS, (delivered, MEMBERS)
                left = _script(DB, COUNT, env)
                assert not left.get("outgoing"), left
                measured[workers] = {"confirm": confirm["seconds"], "jobs": jobs_wall,
                                     "enqueue": confirm["seconds"] + jobs_wall, "deliver": send_wall,
                                     "retries": sum(r["retries"] for r in job_results),
                                     "bytes": smtp.bytes}
                print(f"   {workers} worker(s): confirm {confirm['seconds']:.1f}s, jobs {jobs_wall:.1f}s, "
                      f"deliver {send_wall:.1f}s, {measured[workers]['retries']} retried job(s)", flush=True)
            copy = _script(DB, COPY, env)
            assert copy["rows"] == MEMBERS
        sample = smtp.bytes // max(smtp.messages, 1)
        raw_smtp = _raw_smtp(smtp.port, MEMBERS, sample)
    finally:
        smtp.shutdown()
        smtp.server_close()

    one, four = measured[1], measured[4]
    note_n = f"{MEMBERS:,} members in groups of {PER_GROUP:,}"
    figures = []
    for workers in WORKER_COUNTS:
        m = measured[workers]
        figures.append(Figure(
            f"enqueue {MEMBERS:,} e-mails, {workers} worker(s)", "s", m["enqueue"], copy["seconds"],
            f"{note_n}: confirm {m['confirm']:.1f}s + jobs {m['jobs']:.1f}s; vs one COPY of the same rows"))
        figures.append(Figure(
            f"deliver {MEMBERS:,} e-mails, {workers} worker(s)", "s", m["deliver"], raw_smtp,
            f"Odoo mail.mail.send() to a local fake SMTP server; vs one smtplib connection sending "
            f"{MEMBERS:,} prebuilt messages of ~{sample} bytes"))
    figures.append(Figure("enqueue: 4 workers vs 1 (time ratio)", "s", four["enqueue"], one["enqueue"],
                          f"speed-up {one['enqueue'] / four['enqueue']:.2f}x (jobs alone "
                          f"{one['jobs'] / four['jobs']:.2f}x); {os.cpu_count()} CPU core(s) on this machine"))
    figures.append(Figure("deliver: 4 workers vs 1 (time ratio)", "s", four["deliver"], one["deliver"],
                          f"speed-up {one['deliver'] / four['deliver']:.2f}x; {os.cpu_count()} CPU core(s)"))
    return figures
