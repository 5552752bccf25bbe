import base64

from markupsafe import Markup, escape

from odoo import fields, models
from odoo.exceptions import UserError

from ..lib import member_import


class MemberImportWizard(models.TransientModel):
    """Migration of members (MEM-8): preview with a validation report, then import.
    Each member's opening balances carry an idempotency key made of the program and
    the member's mobile, so importing the same file again changes nothing."""

    _name = "hyc.member.import.wizard"
    _description = "Member Migration Import"

    file = fields.Binary(string="File (CSV or xlsx)", required=True)
    filename = fields.Char(string="File Name")
    program_id = fields.Many2one("loyalty.program", string="Points Program", required=True,
                                 domain=[("hyc_member_program", "=", True), ("program_type", "=", "loyalty")])
    wallet_program_id = fields.Many2one("loyalty.program", string="Stored Value Program",
                                        domain=[("hyc_member_program", "=", True), ("program_type", "=", "ewallet")])
    report = fields.Html(string="Validation Report", readonly=True, sanitize=False)
    valid_count = fields.Integer(string="Valid Rows", readonly=True)
    error_count = fields.Integer(string="Refused Rows", readonly=True)
    state = fields.Selection([("draft", "Draft"), ("preview", "Preview"), ("done", "Done")], default="draft")

    def _parse(self):
        self.ensure_one()
        try:
            rows = member_import.read_rows(base64.b64decode(self.file or b""), self.filename or "members.csv")
        except Exception as error:  # a broken file is reported, whatever the parser raised
            raise UserError(self.env._("The file cannot be read: %s", error)) from error
        return member_import.validate(rows)

    def action_preview(self):
        members, errors = self._parse()
        lines = [Markup("<li>%s</li>") % self.env._("Line %(line)s: %(message)s", line=line, message=message)
                 for line, message in errors]
        self.write({
            "valid_count": len(members),
            "error_count": len({line for line, _message in errors}),
            "report": Markup("<ul>%s</ul>") % Markup("").join(lines) if lines else escape(self.env._("All rows are valid.")),
            "state": "preview",
        })
        return self._reopen()

    def _reopen(self):
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new"}

    def action_import(self):
        """Import the valid rows; returns the number of members created or updated."""
        self.env["loyalty.card"]._hyc_check_right("import")
        members, _errors = self._parse()
        Card = self.env["loyalty.card"].sudo()
        Partner = self.env["res.partner"].sudo()
        source = self.env._("Migration %s", self.filename or "")
        for member in members:
            card = Card.search([("program_id", "=", self.program_id.id), ("hyc_mobile", "=", member.mobile)], limit=1)
            partner = card.partner_id or Partner.search(
                ["|", ("mobile", "=", member.mobile), ("phone", "=", member.mobile)], limit=1)
            if not partner:
                partner = Partner.create({"name": member.name, "mobile": member.mobile, "hyc_birthday": member.birthday})
            elif member.birthday and not partner.hyc_birthday:
                partner.hyc_birthday = member.birthday
            if not card:
                card = Card.hyc_get_or_create(partner.id, self.program_id.id)
                if member.member_number and not Card.search_count(
                        [("program_id", "=", self.program_id.id), ("hyc_member_number", "=", member.member_number)]):
                    card.with_context(hyc_ledger_post=True).write({"hyc_member_number": member.member_number})
            if member.points:
                card._hyc_apply([("points", float(member.points), "import")], source_ref=source,
                                key=f"import:{self.program_id.id}:{member.mobile}:points")
            if self.wallet_program_id and (member.paid or member.bonus):
                wallet = Card.hyc_get_or_create(partner.id, self.wallet_program_id.id)
                wallet._hyc_apply([("paid", float(member.paid), "import"), ("bonus", float(member.bonus), "import")],
                                  source_ref=source, key=f"import:{self.wallet_program_id.id}:{member.mobile}:value")
        self.state = "done"
        return len(members)
