from . import budget_check_wizard
