"""The budget-control decision, without Odoo.

A budget line has a budget amount; purchases confirmed and not yet billed are
*committed*, posted costs are *actual*.  What is still free is::

    available = budget - committed - actual

A new document asks to consume ``amount`` more.  The category's policy says what
happens when it does not fit:

* ``none``  - never controlled;
* ``warn``  - the user is shown the figures and may continue;
* ``block`` - refused (an authorised role may override with a reason).

``tolerance_pct`` lets a document exceed the budget by ``budget * tolerance_pct / 100``:
an overrun inside the tolerance is never refused, only signalled (``warn``), whatever
the policy.  Beyond the tolerance the policy decides.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ALLOW = "allow"
WARN = "warn"
BLOCK = "block"
POLICIES = ("none", "warn", "block")


def _dec(value, digits):
    quant = Decimal(1).scaleb(-digits)
    return Decimal(str(value or 0)).quantize(quant, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Decision:
    status: str  # allow / warn / block
    budget: float
    committed: float
    actual: float
    amount: float
    available: float  # before the new amount
    tolerance: float  # the amount by which the budget may be exceeded
    excess: float  # how much the new amount exceeds what is available (0 if it fits)
    remaining: float  # available after the new amount (negative when over budget)

    @property
    def allowed(self):
        return self.status != BLOCK


def decide(budget, committed, actual, amount, policy="block", tolerance_pct=0.0, digits=2):
    """Return the :class:`Decision` for consuming ``amount`` more on a budget line.

    All money figures are rounded half-up to ``digits`` decimals (the currency's).
    An ``amount`` <= 0 (a document that frees budget) is always allowed.
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    if tolerance_pct is None or tolerance_pct < 0:
        raise ValueError("tolerance_pct must be >= 0")
    b, c, a, n = (_dec(v, digits) for v in (budget, committed, actual, amount))
    available = b - c - a
    tolerance = _dec(b * Decimal(str(tolerance_pct)) / Decimal(100), digits)
    excess = max(n - available, Decimal(0))
    if policy == "none" or n <= 0 or excess == 0:
        status = ALLOW
    elif excess <= tolerance:
        status = WARN
    else:
        status = WARN if policy == "warn" else BLOCK
    return Decision(
        status=status,
        budget=float(b),
        committed=float(c),
        actual=float(a),
        amount=float(n),
        available=float(available),
        tolerance=float(tolerance),
        excess=float(excess),
        remaining=float(available - n),
    )


def format_amount(value, symbol="¥", digits=2):
    """``12345.5`` -> ``'¥12,345.50'``; negative figures keep their sign: ``'-¥12.00'``."""
    quantised = _dec(value, digits)
    sign = "-" if quantised < 0 else ""
    return f"{sign}{symbol}{abs(quantised):,.{digits}f}"


def message_figures(decision, symbol="¥", digits=2):
    """The figures a warning/blocking message shows, formatted for display."""
    return {
        name: format_amount(getattr(decision, name), symbol, digits)
        for name in ("budget", "committed", "actual", "available", "amount", "tolerance", "excess", "remaining")
    }


def open_amount(subtotal, ordered_qty, billed_qty, share=1.0, digits=2):
    """What a purchase line still commits: the unbilled part of its subtotal.

    ``share`` is the fraction of the line charged to the project (its analytic
    distribution percentage / 100).  Over-billing never makes the commitment negative.
    """
    s, q, bq = Decimal(str(subtotal or 0)), Decimal(str(ordered_qty or 0)), Decimal(str(billed_qty or 0))
    if q <= 0:
        return 0.0
    open_qty = min(max(q - bq, Decimal(0)), q)
    return float(_dec(s * open_qty / q * Decimal(str(share)), digits))


def open_amounts(subtotal, ordered_qty, billed_qty, shares, digits=2):
    """:func:`open_amount` for each project of a line split over several projects.

    ``shares``: {project: fraction}; returns {project: its rounded share of the unbilled
    subtotal}, each rounded on its own (60/40 of 10,000.01 is 6,000.01 and 4,000.00).
    """
    return {
        project: open_amount(subtotal, ordered_qty, billed_qty, share, digits) for project, share in shares.items()
    }


def distribution_share(distribution, account_id):
    """Fraction (0..1) of an Odoo ``analytic_distribution`` charged to ``account_id``.

    Keys are comma-separated analytic account ids (one per plan), values percentages.
    """
    total = Decimal(0)
    wanted = str(account_id)
    for key, pct in (distribution or {}).items():
        if wanted in str(key).split(","):
            total += Decimal(str(pct or 0))
    return float(total / Decimal(100))


def distribution_account_ids(distribution):
    """Every analytic account id an ``analytic_distribution`` names, in key order."""
    seen = []
    for key in (distribution or {}):
        for part in str(key).split(","):
            part = part.strip()
            if part.isdigit() and int(part) not in seen:
                seen.append(int(part))
    return seen


def over_approval_thresholds(amounts, thresholds, digits=2):
    """Categories whose amount on one document is above their approval threshold.

    ``amounts``: {category: amount of the document in it}; ``thresholds``: {category:
    threshold}, where 0 or None means no approval is needed.  An amount equal to the
    threshold does not need approval ("over 50,000").  Returns the categories, sorted.
    """
    over = []
    for category, amount in amounts.items():
        threshold = thresholds.get(category)
        if threshold and _dec(amount, digits) > _dec(threshold, digits):
            over.append(category)
    return sorted(over)
