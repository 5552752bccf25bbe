from odoo import api, fields, models
from odoo.exceptions import UserError


class HycBudgetReviseWizard(models.TransientModel):
    """Revise one category of an approved budget, with the reason (kept as a revision)."""

    _name = "hyc.budget.revise.wizard"
    _description = "Revise Project Budget"

    budget_id = fields.Many2one("hyc.project.budget", required=True)
    currency_id = fields.Many2one(related="budget_id.currency_id")
    category_id = fields.Many2one("hyc.budget.category", required=True)
    current_amount = fields.Monetary(compute="_compute_current_amount")
    new_amount = fields.Monetary(required=True)
    reason = fields.Text(required=True)

    @api.depends("budget_id", "category_id")
    def _compute_current_amount(self):
        for wizard in self:
            line = wizard.budget_id.line_ids.filtered(lambda bl, c=wizard.category_id: bl.category_id == c)
            wizard.current_amount = line.amount if line else 0.0

    def action_revise(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for the revision."))
        if self.new_amount < 0:
            raise UserError(self.env._("A budget cannot be negative."))
        budget = self.budget_id
        line = budget.line_ids.filtered(lambda bl: bl.category_id == self.category_id)
        old = line.amount if line else 0.0
        ctx = {"hyc_budget_revision_reason": self.reason}
        if line:
            line.with_context(**ctx).write({"amount": self.new_amount})
        else:
            self.env["hyc.project.budget.line"].with_context(**ctx).create(
                {"budget_id": budget.id, "category_id": self.category_id.id, "amount": self.new_amount}
            )
        self.env["hyc.project.budget.revision"].sudo().create({
            "budget_id": budget.id,
            "category_id": self.category_id.id,
            "user_id": self.env.uid,
            "old_amount": old,
            "new_amount": self.new_amount,
            "reason": self.reason,
        })
        budget.message_post(body=self.env._(
            "Budget revised by %(user)s: %(category)s %(old)s → %(new)s. Reason: %(reason)s",
            user=self.env.user.name, category=self.category_id.name,
            old=budget._fmt(old), new=budget._fmt(self.new_amount), reason=self.reason,
        ))
        return {"type": "ir.actions.act_window_close"}
