"""Split an expense over lines, exactly, in the currency's rounding.

An expense (freight, handling, customs) is split over receipt lines in proportion
to a basis: the lines' amount, quantity, weight or volume, or equally. Each share
is rounded to the currency's rounding; the rounding residue goes to the line with
the largest basis so the shares always add up exactly to the expense.

Everything is done in ``Decimal`` so 1,000.00 / 3 gives 333.33 + 333.33 + 333.34,
never a float that is one cent off.
"""

from decimal import ROUND_HALF_UP, Decimal

METHODS = ("by_amount", "by_quantity", "by_weight", "by_volume", "equal")

# the basis of each method, as the key read from each line's dict
BASIS_KEY = {
    "by_amount": "amount",
    "by_quantity": "quantity",
    "by_weight": "weight",
    "by_volume": "volume",
}


class AllocationError(ValueError):
    """An expense cannot be allocated (no basis, negative amount, unknown method)."""


def to_decimal(value):
    """Decimal from an int, float, str or Decimal (floats through their repr)."""
    if isinstance(value, Decimal):
        return value
    if value is None or value is False:
        return Decimal(0)
    return Decimal(str(value))


def quantum(rounding):
    """The Decimal quantum for a currency rounding such as 0.01."""
    quant = to_decimal(rounding)
    if quant <= 0:
        raise AllocationError("The currency rounding must be positive.")
    return quant


def round_to(value, rounding):
    """Round half up to a multiple of the rounding (0.01, 0.05, 1 …)."""
    quant = quantum(rounding)
    return (to_decimal(value) / quant).quantize(Decimal(1), rounding=ROUND_HALF_UP) * quant


def basis_of(method, line):
    """The basis of a line for a method: its amount, quantity, weight, volume, or 1."""
    if method not in METHODS:
        raise AllocationError(f"Unknown split method {method!r}; use one of {', '.join(METHODS)}.")
    if method == "equal":
        return Decimal(1)
    value = to_decimal(line.get(BASIS_KEY[method]))
    if value < 0:
        raise AllocationError(f"A line has a negative {BASIS_KEY[method]} ({value}); it cannot carry a share of the expense.")
    return value


def split(amount, bases, rounding="0.01"):
    """Split amount over the bases, rounded, residue to the largest basis.

    Returns a list of Decimals, one per basis, that sums exactly to the rounded amount.
    Raises AllocationError on a negative amount, no lines or a zero total basis.
    """
    total_amount = round_to(amount, rounding)
    if total_amount < 0:
        raise AllocationError(f"The expense amount cannot be negative ({total_amount}).")
    bases = [to_decimal(b) for b in bases]
    if not bases:
        raise AllocationError("There is no line to allocate the expense to.")
    if any(b < 0 for b in bases):
        raise AllocationError("A line has a negative basis; it cannot carry a share of the expense.")
    total_basis = sum(bases, Decimal(0))
    if total_basis == 0:
        raise AllocationError("The lines have no basis for this split method (the total is zero).")
    shares = [round_to(total_amount * b / total_basis, rounding) for b in bases]
    residue = total_amount - sum(shares, Decimal(0))
    if residue:
        # the largest line absorbs the residue: first one wins a tie, so it is deterministic
        largest = max(range(len(bases)), key=lambda i: (bases[i], -i))
        shares[largest] += residue
    return shares


def allocate(amount, method, lines, rounding="0.01", basis_name=None):
    """Allocate an expense over lines (dicts with amount/quantity/weight/volume).

    Returns one Decimal share per line, in the lines' order, adding up to the amount.
    """
    if method not in METHODS:
        raise AllocationError(f"Unknown split method {method!r}; use one of {', '.join(METHODS)}.")
    if not lines:
        raise AllocationError("There is no line to allocate the expense to.")
    bases = [basis_of(method, line) for line in lines]
    if method != "equal" and sum(bases, Decimal(0)) == 0:
        label = basis_name or BASIS_KEY[method]
        raise AllocationError(f"Cannot split by {label}: the total {label} of the lines is zero.")
    return split(amount, bases, rounding)


def split_sold_share(amount, quantity_received, quantity_remaining, rounding="0.01"):
    """Split a lot's share of an expense between what is still in stock and what was sold.

    Returns (stock_share, sold_share): the stock share is proportional to the quantity
    still in stock out of the quantity received; the sold share (to COGS) is the rest,
    so the two add up exactly to the amount.
    """
    amount = round_to(amount, rounding)
    received = to_decimal(quantity_received)
    remaining = to_decimal(quantity_remaining)
    if received <= 0:
        raise AllocationError("The received quantity must be positive to split a cost between stock and sold goods.")
    remaining = min(max(remaining, Decimal(0)), received)
    stock_share = round_to(amount * remaining / received, rounding)
    return stock_share, amount - stock_share
