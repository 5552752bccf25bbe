from . import (
    test_budget_control,
    test_budget_race,
    test_budget_revision,
    test_budget_stock,
    test_budget_totals,
    test_menu_tour,
    test_over_budget_tour,
    test_pnl_xlsx,
    test_project_pnl,
    test_purchase_approval,
    test_roles,
    test_sale_rfqs,
)
