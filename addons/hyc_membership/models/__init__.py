from . import loyalty_card, loyalty_program, member_ledger, member_level, res_partner, sale_order
