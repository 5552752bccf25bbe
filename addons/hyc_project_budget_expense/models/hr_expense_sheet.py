from odoo import models

from odoo.addons.hyc_project_budget.lib import budget_control


class HrExpenseSheet(models.Model):
    _inherit = "hr.expense.sheet"

    def _hyc_expense_items(self):
        """(project, budget category, amount) of the report's expenses charged to projects:
        the untaxed amount in company currency (what posting makes actual cost) times each
        project's share of the expense's analytic distribution."""
        Project = self.env["project.project"].sudo().with_context(active_test=False)
        Category = self.env["hyc.budget.category"]
        items = []
        for expense in self.expense_line_ids:
            account_ids = budget_control.distribution_account_ids(expense.analytic_distribution)
            if not account_ids:
                continue
            category = Category._hyc_expense_category(
                expense.product_id, expense._get_base_account(), expense.company_id
            )
            untaxed = expense.total_amount - expense.tax_amount
            for project in Project.search([("account_id", "in", account_ids)]):
                share = budget_control.distribution_share(expense.analytic_distribution, project.account_id.id)
                items.append((project, category, untaxed * share))
        return items

    def _hyc_pending_items(self):
        """What other approved reports, not posted yet, will add: committed until posted."""
        items = self._hyc_expense_items()
        if not items:
            return []
        others = self.sudo().search([
            ("state", "=", "approve"), ("id", "not in", self.ids), ("company_id", "=", self.company_id.id),
            ("expense_line_ids.analytic_distribution", "!=", False),
        ])
        return others._hyc_expense_items()

    def action_approve_expense_sheets(self):
        # One report at a time: each one's check sees the reports approved before it.
        BudgetLine = self.env["hyc.project.budget.line"]
        result = True
        for sheet in self:
            if sheet.state in ("draft", "submit"):
                action = BudgetLine._hyc_enforce(
                    sheet._hyc_expense_items(), sheet, committed_items=sheet._hyc_pending_items(), touch=True
                )
                if action:
                    return action
            result = super(HrExpenseSheet, sheet).action_approve_expense_sheets()
            if isinstance(result, dict):
                return result  # Odoo's duplicate-expense wizard
        return result
