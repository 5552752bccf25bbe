from . import ir_module, product_category, stock_landed_cost, stock_lot, stock_picking
