from . import account_analytic_line, hr_expense_sheet
