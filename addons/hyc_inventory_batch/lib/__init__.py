# Pure-Python logic of hyc_inventory_batch: imports nothing from Odoo.
