from . import test_expired_lot_sync, test_expired_lot_tour, test_pin
