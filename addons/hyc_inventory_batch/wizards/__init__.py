from . import lot_margin_export
