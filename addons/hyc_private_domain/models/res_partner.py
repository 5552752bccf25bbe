from odoo import api, fields, models

from ..lib import nickname as nick

REASONS = [
    (nick.EMPTY, "Empty nickname"),
    (nick.NO_SEPARATOR, "No separator between region and skin type"),
    (nick.MISSING_REGION, "Region missing"),
    (nick.MISSING_SKIN, "Skin type missing"),
    (nick.UNKNOWN_SKIN, "Unknown skin type"),
    (nick.BAD_REGION, "Region not recognised"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    hyc_pd_nickname = fields.Char(string="Group Nickname", help="Nickname in the WeCom group, asked as 地区-肤质.")
    hyc_pd_nickname_status = fields.Selection(
        [("parsed", "Parsed"), ("unparsed", "Did Not Parse")], string="Nickname Status", readonly=True, index=True,
    )
    hyc_pd_nickname_reason = fields.Selection(REASONS, string="Why It Did Not Parse", readonly=True)
    hyc_pd_region_id = fields.Many2one(
        "res.partner.category", string="Region", compute="_compute_hyc_pd_families", store=True,
    )
    hyc_pd_skin_id = fields.Many2one(
        "res.partner.category", string="Skin Type", compute="_compute_hyc_pd_families", store=True,
    )
    hyc_pd_wecom_userid = fields.Char(string="WeCom External User ID", index=True, copy=False)
    hyc_pd_membership_ids = fields.One2many("hyc.pd.membership", "partner_id", string="Group Memberships")

    @api.depends("category_id", "category_id.hyc_pd_family")
    def _compute_hyc_pd_families(self):
        for partner in self:
            tags = partner.category_id
            partner.hyc_pd_region_id = tags.filtered(lambda t: t.hyc_pd_family == "region" and t.parent_id)[:1]
            partner.hyc_pd_skin_id = tags.filtered(lambda t: t.hyc_pd_family == "skin" and t.parent_id)[:1]

    @api.model
    def _hyc_pd_find_or_create(self, name, mobile=None, userid=None):
        """The partner of a group member: by WeCom user id, then mobile, else a new one."""
        partner = self.browse()
        if userid:
            partner = self.search([("hyc_pd_wecom_userid", "=", userid)], limit=1)
        if not partner and mobile:
            partner = self.search([("mobile", "=", mobile)], limit=1)
        if not partner:
            partner = self.create({"name": name, "mobile": mobile or False, "hyc_pd_wecom_userid": userid or False})
        elif userid and not partner.hyc_pd_wecom_userid:
            partner.hyc_pd_wecom_userid = userid
        return partner

    def hyc_pd_set_nickname(self, nickname):
        """Record the group nickname and replace the region / skin-type tags it gives.
        Returns {partner id: True when parsed}. Public: the XML-RPC API calls it."""
        result = {}
        Tag = self.env["res.partner.category"].sudo()
        for partner in self:
            parsed = nick.parse_nickname(nickname)
            old = partner.category_id.filtered(lambda t: t.hyc_pd_family in ("region", "skin") and t.parent_id)
            vals = {"hyc_pd_nickname": nickname or False}
            commands = [fields.Command.unlink(t.id) for t in old]
            if parsed.ok:
                region = Tag._hyc_pd_family_tag("region", parsed.region)
                skin = Tag._hyc_pd_family_tag("skin", parsed.skin_type)
                commands += [fields.Command.link(region.id), fields.Command.link(skin.id)]
                vals.update(hyc_pd_nickname_status="parsed", hyc_pd_nickname_reason=False)
            else:
                vals.update(hyc_pd_nickname_status="unparsed", hyc_pd_nickname_reason=parsed.reason)
            vals["category_id"] = commands
            partner.write(vals)
            result[partner.id] = parsed.ok
        return result
