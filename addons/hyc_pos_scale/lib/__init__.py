# Pure-Python code of hyc_pos_scale: no Odoo imports here (checked by the lint gate).
