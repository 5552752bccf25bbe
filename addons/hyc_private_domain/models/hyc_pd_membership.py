from odoo import api, fields, models


class HycPdMembership(models.Model):
    """One stay of a partner in a group: joined at, left at. Re-joining opens a new line,
    so the lines of a group are its join/leave history."""

    _name = "hyc.pd.membership"
    _description = "Community Group Membership"
    _order = "join_date desc, id desc"

    group_id = fields.Many2one("hyc.pd.group", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Member", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="group_id.company_id", store=True)
    join_date = fields.Datetime(string="Joined", required=True, default=fields.Datetime.now)
    leave_date = fields.Datetime(string="Left")
    is_active = fields.Boolean(string="In Group", compute="_compute_is_active", store=True, index=True)
    source = fields.Selection(
        [("manual", "Manual"), ("import", "WeCom Export"), ("api", "API")], default="manual", required=True,
    )
    welcomed = fields.Boolean(help="The welcome message mentioning this member was queued.")

    _sql_constraints = [
        ("leave_after_join", "CHECK(leave_date IS NULL OR leave_date >= join_date)",
         "A member cannot leave a group before joining it."),
    ]

    @api.depends("leave_date")
    def _compute_is_active(self):
        for membership in self:
            membership.is_active = not membership.leave_date

    def init(self):
        # at most one open stay per partner and group
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS hyc_pd_membership_one_open_stay
            ON hyc_pd_membership (group_id, partner_id) WHERE leave_date IS NULL
        """)

    def action_leave(self):
        self.filtered("is_active").write({"leave_date": fields.Datetime.now()})
