"""A project's P&L per customer contract (sale order), without Odoo.

The model collects the project's money as *items*: ``(contract_id, figure, amount)``, where
``contract_id`` is ``None`` when nothing ties the item to one of the project's contracts,
``figure`` one of :data:`FIGURES` and ``amount`` the project's share in company currency
(not yet rounded).  :func:`contract_rows` adds them up into one row per contract, a row
"not assigned to a contract" and the total, with currency rounding such that the rows always
add up to the total, and the total is the rounded sum of every item (the project's P&L).

Which contract a cost belongs to is decided by :func:`attribute`: first the sale orders it is
explicitly linked to (a purchase line created from a sale line, a delivery of the order …), then
the contract names written on it (a purchase order's source document, a bill's reference).
"""

import re
from decimal import ROUND_HALF_UP, Decimal

# revenue: invoiced, untaxed, net of credit notes; to_invoice: confirmed, not yet invoiced;
# cost: purchases (bills) and stock issued; expenses: every other cost (expense reports,
# timesheets, miscellaneous entries); received / outstanding: what customers paid / still owe
# on the invoices (tax included); overdue: the part of outstanding past its due date.
FIGURES = ("revenue", "to_invoice", "cost", "expenses", "received", "outstanding", "overdue")

_NAME_EDGE = "0-9A-Za-z"


def _dec(value):
    return Decimal(str(value or 0))


def round_money(value, rounding=0.01):
    """``value`` rounded half-up (away from zero) to a multiple of ``rounding``, as a Decimal
    (Odoo's currency rounding)."""
    step = _dec(rounding)
    if step <= 0:
        raise ValueError("rounding must be positive")
    return (_dec(value) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def names_in(texts, names):
    """The names of ``names`` written in any of ``texts`` as a whole word: ``S00012`` is in
    ``"S00012, S00013"`` and in ``"维保 S00012"`` but not in ``"S000123"``."""
    found = set()
    for name in names:
        if not name:
            continue
        pattern = re.compile(rf"(?<![{_NAME_EDGE}]){re.escape(name)}(?![{_NAME_EDGE}])")
        if any(text and pattern.search(text) for text in texts):
            found.add(name)
    return found


def attribute(linked_ids, texts, contract_names):
    """The contract an item belongs to, or ``None``.

    ``linked_ids``: ids of the sale orders the item is explicitly linked to;
    ``texts``: what is written on it (source documents, references, labels);
    ``contract_names``: ``{contract id: name}`` of the project's contracts.
    An explicit link to exactly one contract decides; several linked contracts are ambiguous
    (``None``); without a link, a single contract named in the texts decides.
    """
    linked = {cid for cid in linked_ids if cid in contract_names}
    if linked:
        return linked.pop() if len(linked) == 1 else None
    named = names_in(texts, contract_names.values())
    if len(named) != 1:
        return None
    name = named.pop()
    ids = [cid for cid, cname in contract_names.items() if cname == name]
    return ids[0] if len(ids) == 1 else None


def _row(values):
    row = {figure: float(values[figure]) for figure in FIGURES}
    row["profit"] = float(values["revenue"] - values["cost"] - values["expenses"])
    return row


def contract_rows(contract_ids, items, rounding=0.01):
    """Rows of the contract P&L.

    ``contract_ids``: the project's contracts, in display order; ``items``: iterable of
    ``(contract_id or None, figure, amount)``.  Returns ``{"contracts": {contract_id: row},
    "unassigned": row, "total": row}``, each row a dict of :data:`FIGURES` plus ``profit``
    (revenue - cost - expenses).

    The total of a figure is the rounded sum of all its items; a contract's figure the rounded
    sum of its own items; the unassigned row takes the rest, so rows add up to the total
    exactly.  The total of cost + expenses is the rounded sum of all costs (what the project's
    own P&L shows), the total expenses being that minus the rounded total cost.
    """
    raw = {cid: dict.fromkeys(FIGURES, Decimal(0)) for cid in contract_ids}
    unassigned_raw = dict.fromkeys(FIGURES, Decimal(0))
    for contract_id, figure, amount in items:
        if figure not in FIGURES:
            raise ValueError(f"unknown figure {figure!r}")
        bucket = raw.get(contract_id, unassigned_raw) if contract_id is not None else unassigned_raw
        bucket[figure] += _dec(amount)

    total = {}
    for figure in FIGURES:
        total[figure] = round_money(
            sum((row[figure] for row in raw.values()), unassigned_raw[figure]), rounding
        )
    all_costs = round_money(
        sum((row["cost"] + row["expenses"] for row in raw.values()),
            unassigned_raw["cost"] + unassigned_raw["expenses"]),
        rounding,
    )
    total["expenses"] = all_costs - total["cost"]

    contracts = {
        cid: {figure: round_money(values[figure], rounding) for figure in FIGURES}
        for cid, values in raw.items()
    }
    unassigned = {
        figure: total[figure] - sum((row[figure] for row in contracts.values()), Decimal(0))
        for figure in FIGURES
    }
    return {
        "contracts": {cid: _row(values) for cid, values in contracts.items()},
        "unassigned": _row(unassigned),
        "total": _row(total),
    }


def margin_pct(revenue, profit):
    """Profit as a percentage of revenue, 2 decimals (0 without revenue)."""
    revenue = _dec(revenue)
    if not revenue:
        return 0.0
    return float((_dec(profit) / revenue * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
