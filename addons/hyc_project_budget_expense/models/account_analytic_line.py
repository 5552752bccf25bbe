from odoo import api, models


class HycBudgetCategory(models.Model):
    _inherit = "hyc.budget.category"

    @api.model
    def _hyc_expense_category(self, product, account, company):
        """An expense's category: the one mapped to its product, product category or
        account, else Overheads (管理费)."""
        category = self._hyc_category_for(product, account, company)
        if not category:
            category = self.env.ref("hyc_project_budget.category_overheads", raise_if_not_found=False) or category
        return category


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    @api.depends("move_line_id.expense_id")
    def _compute_hyc_budget(self):
        # Posted expenses are actual cost in the category their approval was checked in.
        res = super()._compute_hyc_budget()
        Category = self.env["hyc.budget.category"]
        for line in self:
            expense = line.move_line_id.expense_id
            if line.hyc_project_id and expense and not line.hyc_budget_category_id:
                line.hyc_budget_category_id = Category._hyc_expense_category(
                    line.product_id, line.general_account_id, line.company_id or self.env.company
                )
        return res


class AccountMove(models.Model):
    _inherit = "account.move"

    def _hyc_is_controlled(self):
        # An expense report's entries were checked when the report was approved: posting
        # them (which hr_expense does without looking at the result) is not checked again.
        return super()._hyc_is_controlled() and not self.expense_sheet_id
