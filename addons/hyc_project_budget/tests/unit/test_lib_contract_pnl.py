import pytest

from odoo.addons.hyc_project_budget.lib import contract_pnl as cp

EQUIPMENT, MAINTENANCE = 11, 12
NAMES = {EQUIPMENT: "S00011", MAINTENANCE: "S00012"}


def test_rows_per_contract_unassigned_and_total():
    items = [
        (EQUIPMENT, "revenue", 60000.0),
        (EQUIPMENT, "to_invoice", 40000.0),
        (EQUIPMENT, "cost", 32000.0),
        (EQUIPMENT, "received", 30000.0),
        (EQUIPMENT, "outstanding", 30000.0),
        (MAINTENANCE, "revenue", 12000.0),
        (MAINTENANCE, "to_invoice", 24000.0),
        (MAINTENANCE, "outstanding", 12000.0),
        (MAINTENANCE, "overdue", 12000.0),
        (None, "expenses", 1500.0),
    ]
    rows = cp.contract_rows([EQUIPMENT, MAINTENANCE], items)
    assert rows["contracts"][EQUIPMENT] == {
        "revenue": 60000.0, "to_invoice": 40000.0, "cost": 32000.0, "expenses": 0.0, "received": 30000.0,
        "outstanding": 30000.0, "overdue": 0.0, "profit": 28000.0,
    }
    assert rows["contracts"][MAINTENANCE]["profit"] == 12000.0
    assert rows["unassigned"] == {
        "revenue": 0.0, "to_invoice": 0.0, "cost": 0.0, "expenses": 1500.0, "received": 0.0,
        "outstanding": 0.0, "overdue": 0.0, "profit": -1500.0,
    }
    assert rows["total"] == {
        "revenue": 72000.0, "to_invoice": 64000.0, "cost": 32000.0, "expenses": 1500.0, "received": 30000.0,
        "outstanding": 42000.0, "overdue": 12000.0, "profit": 38500.0,
    }


def test_rows_always_add_up_to_the_total_the_unassigned_row_takes_the_rounding():
    # three thirds of a cent-less amount: each contract rounds up, the total does not
    items = [(EQUIPMENT, "revenue", 0.005), (MAINTENANCE, "revenue", 0.005), (None, "revenue", 0.0)]
    rows = cp.contract_rows([EQUIPMENT, MAINTENANCE], items)
    assert rows["contracts"][EQUIPMENT]["revenue"] == 0.01
    assert rows["contracts"][MAINTENANCE]["revenue"] == 0.01
    assert rows["total"]["revenue"] == 0.01
    assert rows["unassigned"]["revenue"] == -0.01
    for figure in (*cp.FIGURES, "profit"):
        assert round(sum(r[figure] for r in rows["contracts"].values()) + rows["unassigned"][figure], 2) == \
            rows["total"][figure]


def test_total_costs_are_the_rounded_sum_of_all_costs():
    # 0.004 + 0.004: cost and expenses round to 0.00 each, together they are 0.01
    rows = cp.contract_rows([EQUIPMENT], [(EQUIPMENT, "cost", 0.004), (None, "expenses", 0.004)])
    assert rows["total"]["cost"] + rows["total"]["expenses"] == 0.01
    assert rows["total"]["cost"] == 0.0
    assert rows["total"]["profit"] == -0.01


def test_items_of_other_orders_are_unassigned_and_unknown_figures_refused():
    rows = cp.contract_rows([EQUIPMENT], [(99, "cost", 500.0)])
    assert rows["unassigned"]["cost"] == 500.0
    assert rows["contracts"][EQUIPMENT]["cost"] == 0.0
    with pytest.raises(ValueError):
        cp.contract_rows([EQUIPMENT], [(EQUIPMENT, "margin", 1.0)])


def test_credit_notes_reduce_revenue():
    rows = cp.contract_rows([EQUIPMENT], [(EQUIPMENT, "revenue", 10000.0), (EQUIPMENT, "revenue", -2500.0)])
    assert rows["contracts"][EQUIPMENT]["revenue"] == 7500.0


def test_round_money_uses_the_currency_rounding_half_up():
    assert float(cp.round_money(2.675)) == 2.68
    assert float(cp.round_money(-2.675)) == -2.68
    assert float(cp.round_money(12.32, 0.05)) == 12.3
    assert float(cp.round_money(12.33, 0.05)) == 12.35
    assert float(cp.round_money(1234.4, 1)) == 1234.0
    with pytest.raises(ValueError):
        cp.round_money(1, 0)


def test_an_explicit_link_to_one_contract_decides():
    assert cp.attribute([EQUIPMENT], ["S00012"], NAMES) == EQUIPMENT
    # links to orders that are not the project's contracts do not count
    assert cp.attribute([99, MAINTENANCE], [], NAMES) == MAINTENANCE


def test_links_to_two_contracts_are_ambiguous():
    assert cp.attribute([EQUIPMENT, MAINTENANCE], [], NAMES) is None


def test_without_a_link_a_single_named_contract_decides():
    assert cp.attribute([], ["P00007", "维保 S00012 第一年"], NAMES) == MAINTENANCE
    assert cp.attribute([], ["S00011, S00012"], NAMES) is None
    assert cp.attribute([], ["S000112", "XS00011"], NAMES) is None
    assert cp.attribute([], [None, ""], NAMES) is None


def test_names_in_matches_whole_words_only():
    assert cp.names_in(["Origin: S00011/RFQ"], ["S00011", "S0001"]) == {"S00011"}
    assert cp.names_in(["合同S00011"], ["S00011"]) == {"S00011"}


def test_margin_pct():
    assert cp.margin_pct(150000.0, 110000.0) == 73.33
    assert cp.margin_pct(0.0, -500.0) == 0.0
