from . import (
    test_label_barcode,
    test_labels,
    test_menu_tour,
    test_plu_export,
    test_pos_config,
    test_promotion_tours,
    test_roles,
    test_weighing_tour,
)
