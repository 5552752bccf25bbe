from odoo import api, fields, models
from odoo.exceptions import UserError


class HycPdBroadcast(models.Model):
    """One-off message to an audience (群发): draft → preview of reach → confirmed send →
    delivery report; what has not gone out can be cancelled."""

    _name = "hyc.pd.broadcast"
    _description = "Group Broadcast"
    _inherit = ["hyc.pd.audience.mixin", "hyc.pd.message.mixin", "mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    article_ids = fields.One2many("hyc.pd.news.article", "broadcast_id", string="Articles", copy=True)
    state = fields.Selection(
        [("draft", "Draft"), ("to_confirm", "To Confirm"), ("sending", "Sending"), ("done", "Done"),
         ("cancelled", "Cancelled")], default="draft", required=True, tracking=True,
    )
    confirmed_group_count = fields.Integer(string="Groups at Preview", readonly=True)
    confirmed_member_count = fields.Integer(string="Members at Preview", readonly=True)
    run_id = fields.Many2one("hyc.pd.run", readonly=True, copy=False)
    sent_count = fields.Integer(related="run_id.sent_count")
    failed_count = fields.Integer(related="run_id.failed_count")
    pending_count = fields.Integer(related="run_id.pending_count")
    cancelled_count = fields.Integer(related="run_id.cancelled_count")

    @api.constrains("msgtype", "body", "article_ids")
    def _check_message_constraint(self):
        self._check_message()

    def write(self, vals):
        locked = {"body", "msgtype", "article_ids", "audience", "segment_id", "group_ids", "mention_all"}
        if locked & set(vals) and any(b.state in ("sending", "done") for b in self):
            raise UserError(self.env._("A broadcast that has been sent cannot be changed."))
        if locked & set(vals):
            # a changed message or audience must be previewed and confirmed again
            vals = dict(vals, state="draft") if "state" not in vals else vals
        return super().write(vals)

    def action_preview(self):
        """Freeze the reach the user is about to confirm."""
        for broadcast in self:
            if broadcast.state != "draft":
                raise UserError(self.env._("Only a draft broadcast can be previewed."))
            if not broadcast.reach_group_count:
                raise UserError(self.env._("The audience reaches no group."))
            broadcast.write({"state": "to_confirm", "confirmed_group_count": broadcast.reach_group_count,
                             "confirmed_member_count": broadcast.reach_member_count})
        return True

    def action_back_to_draft(self):
        self.filtered(lambda b: b.state == "to_confirm").write({"state": "draft"})
        return True

    def action_confirm_send(self):
        """Create the run and queue the deliveries (after the preview step only)."""
        Run = self.env["hyc.pd.run"]
        for broadcast in self:
            if broadcast.state != "to_confirm":
                raise UserError(self.env._("Preview the reach of the broadcast before sending it."))
            run = Run.create({
                "name": broadcast.name, "company_id": broadcast.company_id.id, "broadcast_id": broadcast.id,
                "due_at": fields.Datetime.now(), "body": broadcast._hyc_pd_run_body(), "msgtype": broadcast.msgtype,
                "mention_all": broadcast.mention_all,
            })
            broadcast.write({"run_id": run.id, "state": "sending"})
            run._hyc_pd_dispatch()
            if run.state == "done":
                broadcast.state = "done"
        return True

    def action_cancel(self):
        """Cancel what has not gone out yet; returns nothing already sent."""
        for broadcast in self:
            if broadcast.state == "done":
                raise UserError(self.env._("Everything of this broadcast has gone out already."))
            broadcast.run_id.action_cancel()
            broadcast.state = "cancelled"
        return True

    def hyc_pd_send_now(self):
        """API shortcut: preview and confirm in one call. Returns the run id."""
        self.action_preview()
        self.action_confirm_send()
        return self.run_id.id

    def hyc_pd_delivery_report(self):
        """{'sent': n, 'failed': n, 'pending': n, 'cancelled': n, 'errors': [{group, error}]}"""
        self.ensure_one()
        return self.run_id.hyc_pd_delivery_report() if self.run_id else {
            "sent": 0, "failed": 0, "pending": 0, "cancelled": 0, "errors": []}
