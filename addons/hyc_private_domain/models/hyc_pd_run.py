import json
import logging
from datetime import UTC
from zoneinfo import ZoneInfo

from odoo import api, fields, models

from ..lib import template as tpl
from ..lib import wecom
from .hyc_pd_audience_mixin import MSGTYPES

_logger = logging.getLogger(__name__)



class HycPdRun(models.Model):
    """One due occurrence of a schedule (or one broadcast) and its per-group deliveries.

    Exactly-once: a run is unique per (schedule, due time); a delivery is unique per (run,
    group); a delivery job locks its row and sends only while it is still pending. A run
    that crashed half-way is resumed by dispatching it again: only pending deliveries
    without a live job get a new job."""

    _name = "hyc.pd.run"
    _description = "Group Message Run"
    _order = "due_at desc, id desc"

    name = fields.Char(required=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    schedule_id = fields.Many2one("hyc.pd.schedule", ondelete="restrict", index=True)
    broadcast_id = fields.Many2one("hyc.pd.broadcast", ondelete="cascade", index=True)
    due_at = fields.Datetime(string="Due", required=True)
    body = fields.Text(string="Message Template", required=True)
    msgtype = fields.Selection(MSGTYPES, string="Format", default="text", required=True,
                               help="News: the message template holds the articles as JSON.")
    mention_all = fields.Boolean(string="Mention Everyone (@all)")
    state = fields.Selection(
        [("pending", "Pending"), ("sending", "Sending"), ("done", "Done"), ("skipped", "Skipped (Too Late)"),
         ("cancelled", "Cancelled")], default="pending", required=True, index=True,
    )
    delivery_ids = fields.One2many("hyc.pd.delivery", "run_id", string="Deliveries")
    sent_count = fields.Integer(compute="_compute_counts", string="Sent")
    failed_count = fields.Integer(compute="_compute_counts", string="Failed")
    pending_count = fields.Integer(compute="_compute_counts", string="Pending")
    cancelled_count = fields.Integer(compute="_compute_counts", string="Cancelled")
    total_count = fields.Integer(compute="_compute_counts", string="Groups")

    _sql_constraints = [
        ("schedule_due_unique", "unique(schedule_id, due_at)", "This schedule already has a run at that time."),
    ]

    @api.depends("delivery_ids.state")
    def _compute_counts(self):
        data = self.env["hyc.pd.delivery"]._read_group(
            [("run_id", "in", self.ids)], ["run_id", "state"], ["__count"])
        counts = {(run.id, state): count for run, state, count in data}
        for run in self:
            for state in ("sent", "failed", "pending", "cancelled"):
                run[f"{state}_count"] = counts.get((run.id, state), 0)
            run.total_count = sum(counts.get((run.id, s), 0) for s in ("sent", "failed", "pending", "cancelled"))

    @api.model
    def _hyc_pd_ensure_run(self, schedule, due_at, skipped=False):
        """The run of ``schedule`` at ``due_at``, created once. Concurrent crons race on
        the unique constraint: ON CONFLICT DO NOTHING lets the loser read the winner's."""
        self.env.cr.execute("""
            INSERT INTO hyc_pd_run (name, company_id, schedule_id, due_at, body, msgtype, mention_all, state,
                                    create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (schedule_id, due_at) DO NOTHING
        """, [schedule.name, schedule.company_id.id, schedule.id, due_at, schedule._hyc_pd_run_body(), schedule.msgtype,
              schedule.mention_all, "skipped" if skipped else "pending", self.env.uid, self.env.uid])
        schedule.invalidate_recordset(["run_ids"])  # the INSERT bypassed the ORM cache
        return self.search([("schedule_id", "=", schedule.id), ("due_at", "=", due_at)], limit=1)

    def _hyc_pd_audience_groups(self):
        self.ensure_one()
        source = self.schedule_id or self.broadcast_id
        if not source:  # a run created by code with its deliveries: nothing to add
            return self.delivery_ids.group_id
        return source._hyc_pd_audience_groups()

    def _hyc_pd_render(self, group):
        self.ensure_one()
        local = self.due_at.replace(tzinfo=UTC).astimezone(ZoneInfo(self.company_id._hyc_pd_tz()))
        values = tpl.local_values(local)
        values.update(group=group.name, owner=group.owner_id.name or "")
        if self.msgtype == "news":
            return json.dumps(tpl.render_articles(json.loads(self.body), values), ensure_ascii=False)
        return tpl.render(self.body, values)

    def _hyc_pd_dispatch(self, now=None):
        """Create the missing deliveries and queue a job for every pending delivery that
        has no live job, spread in time so no robot gets more than 20 a minute."""
        now = now or fields.Datetime.now()
        Delivery = self.env["hyc.pd.delivery"]
        for run in self.filtered(lambda r: r.state in ("pending", "sending")):
            existing = set(run.delivery_ids.group_id.ids)
            groups = run._hyc_pd_audience_groups().filtered(lambda g, ex=existing: g.id not in ex)
            if groups:
                Delivery.create([{"run_id": run.id, "group_id": g.id, "body": run._hyc_pd_render(g)} for g in groups])
            todo = run.delivery_ids.filtered(lambda d: d.state == "pending")._hyc_pd_without_live_job()
            # spread by robot: the n-th message of a robot goes (n // 20) minutes later,
            # counting the deliveries of this run already queued on that robot.
            queued = run.delivery_ids.filtered(lambda d: d.state == "pending") - todo
            keys = [d.group_id._hyc_pd_rate_key() or f"unlimited-{d.id}" for d in queued + todo]
            offsets = wecom.spread_offsets(keys)[len(queued):]
            for delivery, offset in zip(todo, offsets, strict=True):
                # no queue_job identity_key: its per-job search costs a third of the
                # fan-out, and _hyc_pd_without_live_job already keeps one live job each
                job = delivery.with_delay(
                    eta=int(offset) or None,
                    description=f"{run.name} → {delivery.group_id.name}",
                )._hyc_pd_send_job()
                delivery.job_uuid = job.uuid
            run.state = "sending" if run.delivery_ids.filtered(lambda d: d.state == "pending") else "done"
        return True

    def _hyc_pd_update_state(self):
        Delivery = self.env["hyc.pd.delivery"]
        Delivery.flush_model(["run_id", "state"])
        for run in self.filtered(lambda r: r.state == "sending"):
            # one indexed probe, not a read of the run's thousands of deliveries per job
            self.env.cr.execute(
                "SELECT 1 FROM hyc_pd_delivery WHERE run_id = %s AND state = 'pending' LIMIT 1", [run.id])
            if not self.env.cr.fetchone():
                run.state = "done"
                if run.broadcast_id.state == "sending":
                    run.broadcast_id.state = "done"

    def hyc_pd_delivery_report(self):
        """The report of one run, for the API: counts and the error of each failure."""
        self.ensure_one()
        failed = self.delivery_ids.filtered(lambda d: d.state == "failed")
        return {
            "run": self.id, "state": self.state, "sent": self.sent_count, "failed": self.failed_count,
            "pending": self.pending_count, "cancelled": self.cancelled_count,
            "errors": [{"group": d.group_id.name, "group_id": d.group_id.id, "error": d.error or ""} for d in failed],
        }

    def action_resume(self):
        """Re-queue what a crash left pending (safe to press at any time)."""
        self._hyc_pd_dispatch()
        return True

    def action_retry_failed(self):
        self.delivery_ids.filtered(lambda d: d.state == "failed").write({"state": "pending", "error": False})
        self.filtered(lambda r: r.state == "done").state = "sending"
        self._hyc_pd_dispatch()
        return True

    def action_cancel(self):
        """Cancel what has not gone out; what was sent stays sent."""
        for run in self.filtered(lambda r: r.state in ("pending", "sending")):
            run.delivery_ids._hyc_pd_cancel_pending()
            run.state = "cancelled"
        return True
