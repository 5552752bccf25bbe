"""Pure-Python rules of hyc_membership (no Odoo imports): earning, FIFO expiry,
top-up bonus and stored-value split, member levels."""
