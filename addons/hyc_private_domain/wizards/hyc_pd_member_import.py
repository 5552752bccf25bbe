import base64

from odoo import fields, models
from odoo.exceptions import UserError

from ..lib import member_import


class HycPdMemberImport(models.TransientModel):
    """Import the members of one group from WeCom's group member export (CSV or xlsx):
    partners are matched by WeCom user id, then mobile, else created; nicknames are parsed
    into region / skin-type tags; members missing from the export can be marked as left."""

    _name = "hyc.pd.member.import"
    _description = "Import Group Members from WeCom"

    group_id = fields.Many2one("hyc.pd.group", required=True)
    file = fields.Binary(string="WeCom Export", required=True)
    filename = fields.Char()
    mark_missing_as_left = fields.Boolean(string="Members Missing from the File Left the Group")
    welcome_newcomers = fields.Boolean(
        string="Welcome the Newcomers", default=True,
        help="The new members are welcomed like any join (one message per batch, mentioning them). Untick it "
             "when the file holds members who joined long ago (the first import of an existing group).")
    result = fields.Text(readonly=True)

    def _find_partner(self, row):
        # operators may not create contacts themselves: the import does, for its group
        return self.env["res.partner"].sudo()._hyc_pd_find_or_create(row.name, row.mobile, row.userid)

    def hyc_pd_import(self):
        """Do the import; returns counts (also used by the tests and the API)."""
        self.ensure_one()
        self.group_id.check_access("write")
        try:
            rows = member_import.read_table(base64.b64decode(self.file), self.filename or "export.csv")
        except Exception as error:  # any unreadable file is the user's to fix
            raise UserError(self.env._("The file could not be read: %s", error)) from error
        members, problems = member_import.parse_rows(rows)
        if not members and problems:
            raise UserError(self.env._("No member found in the file: %s", problems[0][1]))
        partners = self.env["res.partner"]
        unparsed = 0
        for row in members:
            partner = self._find_partner(row)
            if row.group_nickname and row.group_nickname != partner.hyc_pd_nickname:
                parsed = partner.hyc_pd_set_nickname(row.group_nickname)[partner.id]
                unparsed += not parsed
            partners |= partner
        joined = self.group_id.with_context(hyc_pd_welcome=self.welcome_newcomers).hyc_pd_add_members(
            partners.ids, source="import")
        left = self.env["hyc.pd.membership"]
        if self.mark_missing_as_left:
            gone = self.group_id.membership_ids.filtered(lambda m: m.is_active).partner_id - partners
            left = self.group_id.hyc_pd_remove_members(gone.ids)
        counts = {"rows": len(members), "joined": len(joined), "left": len(left), "unparsed": unparsed,
                  "problems": len(problems)}
        self.result = self.env._(
            "%(rows)s members read, %(joined)s joined, %(left)s left, %(unparsed)s nicknames did not parse, "
            "%(problems)s rows skipped.", **counts)
        return counts

    def action_import(self):
        self.hyc_pd_import()
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new"}
