from . import (
    test_birthday,
    test_concurrency,
    test_earning_orders,
    test_ledger,
    test_levels,
    test_member_import,
    test_menu_tour,
    test_roles,
    test_stored_value,
    test_stored_value_accounting,
)
