# cache_mixin first (sorted so): the others inherit its mixin
from . import (
    cache_mixin,
    loyalty_card,
    loyalty_program,
    member_ledger,
    member_level,
    pos_member,
    res_partner,
    sale_order,
)
