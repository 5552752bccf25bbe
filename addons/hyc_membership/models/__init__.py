from . import loyalty_card, loyalty_program, member_ledger, member_level, pos_member, res_partner, sale_order
