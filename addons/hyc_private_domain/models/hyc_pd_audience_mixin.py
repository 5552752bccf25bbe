from odoo import api, fields, models


class HycPdAudienceMixin(models.AbstractModel):
    """Who a schedule or broadcast goes to: all groups, a tag segment, or a list."""

    _name = "hyc.pd.audience.mixin"
    _description = "Community Audience"

    audience = fields.Selection(
        [("all", "All Groups"), ("segment", "Tag Segment"), ("groups", "Selected Groups")],
        required=True, default="all",
    )
    segment_id = fields.Many2one("hyc.pd.segment")
    group_ids = fields.Many2many("hyc.pd.group", string="Groups")
    reach_group_count = fields.Integer(compute="_compute_reach", string="Groups Reached")
    reach_member_count = fields.Integer(compute="_compute_reach", string="Members Reached")

    def _hyc_pd_audience_groups(self):
        """The active groups of the record's company the audience designates now."""
        self.ensure_one()
        company = self.company_id
        if self.audience == "segment":
            groups = self.segment_id._hyc_pd_groups() if self.segment_id else self.env["hyc.pd.group"]
        elif self.audience == "groups":
            groups = self.group_ids
        else:
            groups = self.env["hyc.pd.group"].search([("company_id", "=", company.id)])
        return groups.filtered(lambda g: g.active and g.company_id == company).sorted("id")

    @api.depends("audience", "segment_id", "group_ids")
    def _compute_reach(self):
        for record in self:
            groups = record._hyc_pd_audience_groups()
            record.reach_group_count = len(groups)
            if record.audience == "segment" and record.segment_id:
                record.reach_member_count = len(record.segment_id._hyc_pd_partners(groups))
            else:
                record.reach_member_count = self.env["hyc.pd.membership"].search_count(
                    [("group_id", "in", groups.ids), ("is_active", "=", True)]
                )
