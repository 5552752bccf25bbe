from . import pos_expiry_override, pos_order, res_users
