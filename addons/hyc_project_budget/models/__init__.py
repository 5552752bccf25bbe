from . import (
    account_move,
    budget_category,
    project_budget,
    project_dashboard,
    project_project,
    purchase_order,
    sale_order,
    stock,
)
