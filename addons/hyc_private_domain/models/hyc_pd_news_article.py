from odoo import api, fields, models


class HycPdNewsArticle(models.Model):
    """One article (card) of a WeCom news message (图文消息) of a schedule or broadcast."""

    _name = "hyc.pd.news.article"
    _description = "News Article"
    _order = "sequence, id"

    schedule_id = fields.Many2one("hyc.pd.schedule", ondelete="cascade", index=True)
    broadcast_id = fields.Many2one("hyc.pd.broadcast", ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", compute="_compute_company_id", store=True)
    sequence = fields.Integer(default=10)
    title = fields.Char(required=True, help="At most 128 bytes (about 42 Chinese characters). Placeholders allowed.")
    description = fields.Char(help="At most 512 bytes. Placeholders allowed.")
    url = fields.Char(string="Link", required=True, help="Opened when the member taps the card (http or https).")
    picurl = fields.Char(string="Picture URL", help="Cover picture (http or https); 1068×455 or 150×150 look best.")

    @api.depends("schedule_id.company_id", "broadcast_id.company_id")
    def _compute_company_id(self):
        for article in self:
            article.company_id = article.schedule_id.company_id or article.broadcast_id.company_id

    @api.constrains("title", "description", "url", "picurl")
    def _check_parent_message(self):
        self.schedule_id._check_message()
        self.broadcast_id._check_message()

    def _hyc_pd_as_dicts(self):
        return [{key: article[key] for key in ("title", "description", "url", "picurl") if article[key]}
                for article in self.sorted(lambda a: (a.sequence, a.id))]
