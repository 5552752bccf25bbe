from . import (
    test_bot,
    test_broadcast,
    test_concurrency,
    test_groups_members,
    test_menu_tour,
    test_menu_tour_operator,
    test_news,
    test_roles,
    test_schedule_runs,
    test_settings,
    test_welcome,
)
