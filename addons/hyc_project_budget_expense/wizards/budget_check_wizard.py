from odoo import models


class HycBudgetCheckWizard(models.TransientModel):
    _inherit = "hyc.budget.check.wizard"

    def _hyc_resume(self, document):
        if document._name == "hr.expense.sheet":
            return document.action_approve_expense_sheets()
        return super()._hyc_resume(document)
