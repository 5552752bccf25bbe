from . import budget_check_wizard, budget_revise_wizard
