from . import lot_margin_report, lot_margin_xlsx, near_expiry_report
