"""Rules of the manager-PIN override of an expired lot at the till (no Odoo here)."""

import re
from datetime import timedelta

PIN_PATTERN = re.compile(r"[0-9]{4,8}")
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)


def is_valid_pin(pin):
    """A PIN is 4 to 8 digits: what a manager types on the POS number pad."""
    return isinstance(pin, str) and PIN_PATTERN.fullmatch(pin) is not None


def is_locked_out(failure_times, now, max_failures=MAX_FAILURES, window=FAILURE_WINDOW):
    """Too many wrong PINs in the window: no more attempts until the oldest leaves it.

    Stops a cashier from trying every 4-digit PIN at the till.
    """
    recent = [when for when in failure_times if now - window < when <= now]
    return len(recent) >= max_failures


def unauthorised_lots(expired_lot_ids, authorised_lot_ids):
    """The expired lots of an order that no authorised override covers, in order."""
    covered = set(authorised_lot_ids)
    return [lot_id for lot_id in expired_lot_ids if lot_id not in covered]
