from odoo import api, fields, models

FAMILY_XMLIDS = {
    "region": "hyc_private_domain.partner_category_region",
    "skin": "hyc_private_domain.partner_category_skin",
}


class ResPartnerCategory(models.Model):
    """Partner tags gain a family (region / skin type): the family's root tag is shipped as
    data, the tags parsed from nicknames are its children."""

    _inherit = "res.partner.category"

    hyc_pd_family = fields.Selection(
        [("region", "Region"), ("skin", "Skin Type")], string="Tag Family",
        compute="_compute_hyc_pd_family", store=True, recursive=True,
    )

    @api.depends("parent_id", "parent_id.hyc_pd_family")
    def _compute_hyc_pd_family(self):
        roots = {self.env.ref(xmlid, raise_if_not_found=False): family for family, xmlid in FAMILY_XMLIDS.items()}
        for tag in self:
            family = False
            for root, name in roots.items():
                if root and tag == root:
                    family = name
            tag.hyc_pd_family = family or tag.parent_id.hyc_pd_family

    @api.model
    def _hyc_pd_family_tag(self, family, name):
        """The child tag ``name`` of the family root, created on first use."""
        root = self.env.ref(FAMILY_XMLIDS[family])
        tag = self.search([("parent_id", "=", root.id), ("name", "=", name)], limit=1)
        return tag or self.create({"name": name, "parent_id": root.id})
