from odoo import api, fields, models


class HycPdSegment(models.Model):
    """A tag-based audience: members carrying any of the region tags AND any of the skin
    tags (an empty family matches everyone), optionally limited to groups with given tags.
    A group belongs to the segment when at least one of its current members does."""

    _name = "hyc.pd.segment"
    _description = "Community Segment"
    _order = "name"

    name = fields.Char(required=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    region_tag_ids = fields.Many2many(
        "res.partner.category", "hyc_pd_segment_region_rel", "segment_id", "tag_id", string="Regions",
        domain=[("hyc_pd_family", "=", "region"), ("parent_id", "!=", False)],
    )
    skin_tag_ids = fields.Many2many(
        "res.partner.category", "hyc_pd_segment_skin_rel", "segment_id", "tag_id", string="Skin Types",
        domain=[("hyc_pd_family", "=", "skin"), ("parent_id", "!=", False)],
    )
    group_tag_ids = fields.Many2many("hyc.pd.group.tag", string="Group Tags")
    member_count = fields.Integer(compute="_compute_reach", string="Members")
    group_count = fields.Integer(compute="_compute_reach", string="Groups")

    def _partner_domain(self):
        self.ensure_one()
        domain = [("hyc_pd_membership_ids.is_active", "=", True)]
        if self.region_tag_ids:
            domain.append(("category_id", "in", self.region_tag_ids.ids))
        if self.skin_tag_ids:
            domain.append(("category_id", "in", self.skin_tag_ids.ids))
        return domain

    def _hyc_pd_groups(self):
        self.ensure_one()
        partners = self.env["res.partner"]._search(self._partner_domain())
        domain = [("is_active", "=", True), ("partner_id", "in", partners),
                  ("group_id.company_id", "=", self.company_id.id)]
        if self.group_tag_ids:
            domain.append(("group_id.tag_ids", "in", self.group_tag_ids.ids))
        memberships = self.env["hyc.pd.membership"].search(domain)
        return memberships.group_id.filtered("active")

    def _hyc_pd_partners(self, groups=None):
        self.ensure_one()
        groups = groups if groups is not None else self._hyc_pd_groups()
        partner_ids = self.env["res.partner"]._search(self._partner_domain())
        return self.env["hyc.pd.membership"].search(
            [("is_active", "=", True), ("group_id", "in", groups.ids), ("partner_id", "in", partner_ids)]
        ).partner_id

    @api.depends("region_tag_ids", "skin_tag_ids", "group_tag_ids")
    def _compute_reach(self):
        for segment in self:
            if not segment.id:
                segment.group_count = segment.member_count = 0
                continue
            groups = segment._hyc_pd_groups()
            segment.group_count = len(groups)
            segment.member_count = len(segment._hyc_pd_partners(groups))
