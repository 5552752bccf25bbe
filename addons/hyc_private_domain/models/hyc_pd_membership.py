from odoo import api, fields, models


class HycPdMembership(models.Model):
    """One stay of a partner in a group: joined at, left at. Re-joining opens a new line,
    so the lines of a group are its join/leave history.

    Every new stay is a join to welcome (``welcome_state`` "pending") unless the caller
    says otherwise (context ``hyc_pd_welcome=False``, e.g. importing a group's existing
    members); creating one schedules the group's batched welcome job."""

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
    welcome_state = fields.Selection(
        [("pending", "To Welcome"), ("sent", "Welcomed"), ("failed", "Welcome Failed"), ("none", "Not Welcomed")],
        string="Welcome", default="pending", required=True, index=True, copy=False,
        help="To Welcome: the next welcome message of the group will mention this member. "
             "Not Welcomed: the join is not to be welcomed (members imported as the group's history).",
    )
    welcomed_at = fields.Datetime(string="Welcomed On", readonly=True, copy=False)

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

    @api.model_create_multi
    def create(self, vals_list):
        welcome = self.env.context.get("hyc_pd_welcome", True)
        for vals in vals_list:
            if "welcome_state" not in vals:
                vals["welcome_state"] = "pending" if welcome and not vals.get("leave_date") else "none"
        memberships = super().create(vals_list)
        memberships.filtered(lambda m: m.welcome_state == "pending").group_id._hyc_pd_schedule_welcome()
        return memberships

    def action_leave(self):
        staying = self.filtered("is_active")
        staying.write({"leave_date": fields.Datetime.now()})
        # gone before the welcome went out: nobody to welcome any more
        staying.filtered(lambda m: m.welcome_state == "pending").welcome_state = "none"
