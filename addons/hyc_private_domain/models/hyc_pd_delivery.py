import logging

from odoo import fields, models

from .hyc_pd_group import HycDeliveryError

_logger = logging.getLogger(__name__)


class HycPdDelivery(models.Model):
    """One message of a run to one group: the line of the delivery report."""

    _name = "hyc.pd.delivery"
    _description = "Group Message Delivery"
    _order = "run_id desc, id"

    run_id = fields.Many2one("hyc.pd.run", required=True, ondelete="cascade", index=True)
    group_id = fields.Many2one("hyc.pd.group", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    provider = fields.Selection(related="group_id.provider", string="Channel")
    body = fields.Text(string="Message")
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed"), ("cancelled", "Cancelled")],
        default="pending", required=True, index=True,
    )
    error = fields.Text(string="Channel Error", readonly=True)
    errcode = fields.Integer(string="Error Code", readonly=True)
    note = fields.Char(string="Channel Answer", readonly=True)
    sent_at = fields.Datetime(readonly=True)
    job_uuid = fields.Char(string="Job", readonly=True, copy=False, index=True)

    _sql_constraints = [
        ("run_group_unique", "unique(run_id, group_id)", "A run sends to each group once."),
    ]

    def _hyc_pd_without_live_job(self):
        """The deliveries whose job is missing, done, failed or cancelled."""
        if not self:
            return self
        self.flush_recordset(["job_uuid"])
        self.env["queue.job"].flush_model(["uuid", "state"])
        self.env.cr.execute("""
            SELECT d.id FROM hyc_pd_delivery d
            WHERE d.id IN %s AND NOT EXISTS (
                SELECT 1 FROM queue_job j WHERE j.uuid = d.job_uuid AND j.state IN %s)
        """, [tuple(self.ids), ("wait_dependencies", "pending", "enqueued", "started")])
        ids = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(lambda d: d.id in ids)

    def _hyc_pd_lock_pending(self):
        """Lock the row and tell whether it is still pending: a second job for the same
        delivery waits here, then finds it sent and does nothing."""
        self.ensure_one()
        self.flush_recordset(["state"])
        self.env.cr.execute("SELECT state FROM hyc_pd_delivery WHERE id = %s FOR NO KEY UPDATE", [self.id])
        row = self.env.cr.fetchone()
        self.invalidate_recordset(["state"])
        return bool(row and row[0] == "pending")

    def _hyc_pd_send_job(self):
        """Queue-job entry point: send this delivery unless it already went out."""
        self.ensure_one()
        if not self._hyc_pd_lock_pending():
            return f"delivery {self.id} is {self.state}: nothing to do"
        run = self.run_id
        try:
            note = self.group_id._hyc_pd_send(self.body, msgtype=run.msgtype, mention_all=run.mention_all)
        except HycDeliveryError as error:
            self.write({"state": "failed", "error": str(error), "errcode": error.errcode or 0})
            result = f"delivery {self.id} failed: {error}"
        else:
            self.write({"state": "sent", "sent_at": fields.Datetime.now(), "note": note, "error": False})
            result = f"delivery {self.id} sent: {note}"
        run._hyc_pd_update_state()
        return result

    def _hyc_pd_cancel_pending(self):
        """Cancel the pending deliveries, skipping any a job is sending right now."""
        self.flush_recordset(["state"])
        for delivery in self.filtered(lambda d: d.state == "pending"):
            self.env.cr.execute(
                "SELECT id FROM hyc_pd_delivery WHERE id = %s AND state = 'pending' FOR NO KEY UPDATE SKIP LOCKED",
                [delivery.id])
            if self.env.cr.fetchone():
                delivery.write({"state": "cancelled"})
