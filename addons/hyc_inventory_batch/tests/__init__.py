from . import (
    test_allocation_document,
    test_company_rules,
    test_cost_access,
    test_demo_story,
    test_expiry,
    test_lot_cost,
    test_lot_cost_cny,
    test_lot_margin,
    test_menu_tour,
    test_roles,
)
