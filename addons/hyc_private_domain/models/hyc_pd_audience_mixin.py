import json

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import template as tpl
from ..lib import wecom

PLACEHOLDERS = {"group", "date", "time", "weekday", "owner"}
MSGTYPES = [("text", "Text"), ("markdown", "Markdown"), ("news", "News (Articles)")]


class HycPdMessageMixin(models.AbstractModel):
    """The message of a schedule or broadcast: text or markdown with placeholders, or a
    WeCom news message of 1 to 8 articles (``article_ids``, defined by each model)."""

    _name = "hyc.pd.message.mixin"
    _description = "Community Message Template"

    msgtype = fields.Selection(MSGTYPES, string="Format", default="text", required=True)
    body = fields.Text(string="Message", help="Placeholders: {group}, {date}, {time}, {weekday}, {owner}.")
    mention_all = fields.Boolean(string="Mention Everyone (@all)")

    def _hyc_pd_problem_text(self, index, code):
        messages = {
            wecom.NEWS_COUNT: self.env._("A news message holds 1 to 8 articles."),
            wecom.NEWS_NO_TITLE: self.env._("Article %s has no title."),
            wecom.NEWS_TITLE_TOO_LONG: self.env._("The title of article %s is longer than 128 bytes."),
            wecom.NEWS_DESCRIPTION_TOO_LONG: self.env._("The description of article %s is longer than 512 bytes."),
            wecom.NEWS_BAD_URL: self.env._("The link of article %s is not an http(s) address."),
            wecom.NEWS_BAD_PICURL: self.env._("The picture URL of article %s is not an http(s) address."),
        }
        text = messages[code]
        return text % (index + 1) if index is not None else text

    def _check_message(self):
        """Called by the ``@api.constrains`` of each model (the articles are theirs)."""
        for record in self:
            if record.msgtype == "news":
                articles = record.article_ids._hyc_pd_as_dicts()
                problems = wecom.news_problems(articles)
                if problems:
                    raise ValidationError("\n".join(record._hyc_pd_problem_text(i, c) for i, c in problems))
                used = tpl.news_placeholders(articles)
            else:
                if not (record.body or "").strip():
                    raise ValidationError(self.env._("The message is empty."))
                used = tpl.placeholders(record.body)
            unknown = sorted(set(used) - PLACEHOLDERS)
            if unknown:
                raise ValidationError(self.env._("Unknown placeholders in the message: %s", ", ".join(unknown)))

    def _hyc_pd_run_body(self):
        """What a run stores as its template: the text, or the articles as JSON."""
        self.ensure_one()
        if self.msgtype == "news":
            return json.dumps(self.article_ids._hyc_pd_as_dicts(), ensure_ascii=False)
        return self.body


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
