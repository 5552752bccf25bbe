"""The POS asks the server for one member (it holds no member cards): a cashier's
lookup by mobile or member number over RPC returns the member's partner and points
card in the POS data format; a till user without the Member Cashier role is refused."""

import uuid
import xmlrpc.client

import pytest

ADMIN_PASSWORD = "admin"  # Odoo's demo admin; the test databases are throwaway copies
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def member(odoo_server, admin):
    tag = uuid.uuid4().hex[:6]
    mobile = "137" + str(uuid.uuid4().int)[:8]
    call = odoo_server.call
    program = call(admin, ADMIN_PASSWORD, "loyalty.program", "create",
                   {"name": f"POS points {tag}", "program_type": "loyalty", "hyc_member_program": True})
    partner = call(admin, ADMIN_PASSWORD, "res.partner", "create", {"name": f"POS member {tag}", "mobile": mobile})
    card = call(admin, ADMIN_PASSWORD, "loyalty.card", "create", {"program_id": program, "partner_id": partner})
    number = call(admin, ADMIN_PASSWORD, "loyalty.card", "read", [card], ["hyc_member_number"])[0]["hyc_member_number"]
    config = call(admin, ADMIN_PASSWORD, "pos.config", "search", [], limit=1)[0]
    return {"mobile": mobile, "partner": partner, "card": card, "number": number, "config": config}


def test_cashier_finds_the_member_by_mobile_and_number(odoo_server, member):
    uid, password = odoo_server.new_user(["base.group_user", "hyc_membership.group_member_cashier"], name="Till cashier")
    for query in (member["mobile"], "+86 " + member["mobile"], member["number"]):
        found = odoo_server.call(uid, password, "loyalty.card", "hyc_pos_find_member", query, member["config"])
        assert [partner["id"] for partner in found["res.partner"]] == [member["partner"]], query
        assert member["card"] in [card["id"] for card in found["loyalty.card"]], query
        assert {"name", "mobile", "property_product_pricelist"} <= set(found["res.partner"][0]), query
    assert odoo_server.call(uid, password, "loyalty.card", "hyc_pos_find_member", "10000000000", member["config"]) == {}


def test_till_user_without_the_role_is_refused(odoo_server, member):
    uid, password = odoo_server.new_user(["base.group_user", "point_of_sale.group_pos_user"], name="Till user")
    with pytest.raises(xmlrpc.client.Fault, match="member cashier"):
        odoo_server.call(uid, password, "loyalty.card", "hyc_pos_find_member", member["mobile"], member["config"])
