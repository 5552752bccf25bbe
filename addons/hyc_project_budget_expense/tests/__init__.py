from . import test_expense_budget, test_expense_race
