from . import test_menu_tour, test_roles
