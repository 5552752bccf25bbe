from odoo import fields, models
from odoo.exceptions import UserError


class HycBudgetCheckWizard(models.TransientModel):
    """Shown when a purchase order or bill exceeds a budget: a warning the user may
    accept, or a blocking overrun that management may override with a written reason."""

    _name = "hyc.budget.check.wizard"
    _description = "Budget Check"

    mode = fields.Selection([("warn", "Warning"), ("override", "Override")], required=True, readonly=True)
    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(required=True, readonly=True)
    message = fields.Text(readonly=True)
    reason = fields.Text(help="Why the budget may be exceeded; it is logged on the document and the budget.")

    def _hyc_open(self, document, mode, message):
        wizard = self.create({"mode": mode, "res_model": document._name, "res_id": document.id, "message": message})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Budget Exceeded") if mode == "override" else self.env._("Budget Warning"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_continue(self):
        self.ensure_one()
        document = self.env[self.res_model].browse(self.res_id).exists()
        if not document:
            raise UserError(self.env._("The document no longer exists."))
        if self.mode == "override":
            if not (self.reason or "").strip():
                raise UserError(self.env._("Give the reason for exceeding the budget."))
            document = document.with_context(hyc_budget_override_reason=self.reason)
        else:
            document = document.with_context(hyc_budget_warning_ack=True)
        result = self._hyc_resume(document)
        return result if isinstance(result, dict) else {"type": "ir.actions.act_window_close"}

    def _hyc_resume(self, document):
        """Run again the action the budget check interrupted (glue addons add theirs)."""
        if document._name == "purchase.order":
            return document.button_confirm()
        if document._name == "stock.picking":
            return document.button_validate()
        return document.action_post()
