"""The mini-program talks XML-RPC to a real Odoo server as an Integration user:
looks a member up by mobile, reads balance and ledger, earns, redeems, tops up and
spends with idempotency keys, and 32 parallel redemptions never overdraw a card."""

import threading
import uuid
import xmlrpc.client

import pytest

ADMIN_PASSWORD = "admin"  # Odoo's demo admin; the test databases are throwaway copies
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def integration(odoo_server):
    return odoo_server.new_user(["hyc_membership.group_integration"], name="Mini-program", prefix="mini-program")


@pytest.fixture(scope="module")
def member(odoo_server, admin):
    """A customer with a points card and a stored-value card (pay 300 get 30)."""
    tag = uuid.uuid4().hex[:6]
    mobile = "139" + str(uuid.uuid4().int)[:8]
    call = odoo_server.call
    points = call(admin, ADMIN_PASSWORD, "loyalty.program", "create",
                  {"name": f"Points {tag}", "program_type": "loyalty", "hyc_member_program": True})
    wallet = call(admin, ADMIN_PASSWORD, "loyalty.program", "create",
                  {"name": f"Stored value {tag}", "program_type": "ewallet", "hyc_member_program": True,
                   "hyc_topup_tier_ids": [(0, 0, {"min_paid": 300, "bonus": 30})]})
    partner = call(admin, ADMIN_PASSWORD, "res.partner", "create", {"name": f"Member {tag}", "mobile": mobile})
    points_card = call(admin, ADMIN_PASSWORD, "loyalty.card", "create", {"program_id": points, "partner_id": partner})
    wallet_card = call(admin, ADMIN_PASSWORD, "loyalty.card", "create", {"program_id": wallet, "partner_id": partner})
    return {"mobile": mobile, "points_card": points_card, "wallet_card": wallet_card, "points_program": points}


def test_find_member_by_mobile(odoo_server, integration, member):
    uid, password = integration
    found = odoo_server.call(uid, password, "loyalty.card", "hyc_api_find_member", "+86 " + member["mobile"])
    assert sorted(card["card_id"] for card in found) == sorted([member["points_card"], member["wallet_card"]])
    assert odoo_server.call(uid, password, "loyalty.card", "hyc_api_find_member", "10000000000") == []


def test_earn_is_applied_once_per_idempotency_key(odoo_server, integration, member):
    uid, password = integration
    card = member["points_card"]
    before = odoo_server.call(uid, password, "loyalty.card", "hyc_api_balance", card)["balance"]
    key = f"mp-earn-{uuid.uuid4().hex}"
    first = odoo_server.call(uid, password, "loyalty.card", "hyc_api_earn", card, 5, "MP order 1", key)
    again = odoo_server.call(uid, password, "loyalty.card", "hyc_api_earn", card, 5, "MP order 1", key)
    assert first["line_ids"] == again["line_ids"]
    assert again["balance"] == before + 5
    ledger = odoo_server.call(uid, password, "loyalty.card", "hyc_api_ledger", card)
    assert [line["idempotency_key"] for line in ledger].count(key) == 1
    assert sum(line["amount"] for line in ledger) == before + 5


def test_32_parallel_redemptions_against_a_balance_of_10(odoo_server, integration, member, admin):
    uid, password = integration
    tag = uuid.uuid4().hex[:6]
    partner = odoo_server.call(admin, ADMIN_PASSWORD, "res.partner", "create", {"name": f"Racer {tag}"})
    card = odoo_server.call(admin, ADMIN_PASSWORD, "loyalty.card", "create",
                            {"program_id": member["points_program"], "partner_id": partner})
    odoo_server.call(uid, password, "loyalty.card", "hyc_api_earn", card, 10, "MP sign-up gift", f"gift-{tag}")
    barrier = threading.Barrier(32)
    outcomes = []
    applied = []

    def redeem(index):
        proxy = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/object", allow_none=True)
        barrier.wait()
        try:
            proxy.execute_kw(odoo_server.db, uid, password, "loyalty.card", "hyc_api_redeem",
                             [card, 1, f"MP redeem {index}", f"redeem-{tag}-{index}"])
            outcomes.append("ok")
            applied.append(index)
        except xmlrpc.client.Fault as fault:
            outcomes.append("refused" if "Insufficient balance" in fault.faultString else fault.faultString)

    threads = [threading.Thread(target=redeem, args=(index,)) for index in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert outcomes.count("ok") == 10, outcomes
    assert outcomes.count("refused") == 22, outcomes
    summary = odoo_server.call(uid, password, "loyalty.card", "hyc_api_balance", card)
    assert summary["balance"] == 0
    ledger = odoo_server.call(uid, password, "loyalty.card", "hyc_api_ledger", card, 100)
    assert sum(line["amount"] for line in ledger) == 0
    assert len(ledger) == 11
    # a redemption sent again with a key already applied changes nothing (and is not refused)
    index = applied[0]
    again = odoo_server.call(uid, password, "loyalty.card", "hyc_api_redeem", card, 1, f"MP redeem {index}",
                             f"redeem-{tag}-{index}")
    assert again["balance"] == 0
    assert len(again["line_ids"]) == 1
    assert len(odoo_server.call(uid, password, "loyalty.card", "hyc_api_ledger", card, 100)) == 11


def test_topup_and_spend_with_bonus(odoo_server, integration, member):
    uid, password = integration
    card = member["wallet_card"]
    key = f"mp-topup-{uuid.uuid4().hex}"
    odoo_server.call(uid, password, "loyalty.card", "hyc_api_topup", card, 300, "MP top-up", key)
    odoo_server.call(uid, password, "loyalty.card", "hyc_api_topup", card, 300, "MP top-up", key)
    spent = odoo_server.call(uid, password, "loyalty.card", "hyc_api_spend", card, 110, "MP order 9", f"{key}-spend")
    assert (spent["balance"], spent["paid_balance"], spent["bonus_balance"]) == (220, 200, 20)
    with pytest.raises(xmlrpc.client.Fault, match="Insufficient stored value"):
        odoo_server.call(uid, password, "loyalty.card", "hyc_api_spend", card, 220.01, "MP order 10", f"{key}-spend2")


def test_integration_cannot_write_balances_directly(odoo_server, integration, member):
    uid, password = integration
    with pytest.raises(xmlrpc.client.Fault, match="member manager"):
        odoo_server.call(uid, password, "loyalty.card", "write", [member["points_card"]], {"points": 1000})
