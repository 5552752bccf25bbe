"""The till is not trusted: an order that sells an expired lot, sent over XML-RPC as the POS
front end would send it, is refused with a clear error and leaves nothing; with a POS
manager's PIN authorisation for that order it is accepted and logged once."""

import random
import uuid
import xmlrpc.client
from datetime import datetime, timedelta

import pytest

ADMIN_PASSWORD = "admin"  # Odoo's demo admin; the test databases are throwaway copies
pytestmark = pytest.mark.integration
PRICE = 45.0


@pytest.fixture(scope="module")
def shop(odoo_server, admin):
    """Admin sets up a shop of its own: a POS with a bank payment method, a session opened for
    a cashier, lamb rolls with an expired lot and a fresh one in stock, a manager with a PIN."""
    call = lambda model, method, *args, **kw: odoo_server.call(admin, ADMIN_PASSWORD, model, method, *args, **kw)  # noqa: E731
    tag = uuid.uuid4().hex[:6]
    categ = call("product.category", "create", {"name": f"Chilled lamb {tag}", "hyc_perishable": True, "hyc_alert_days": 2})
    rolls = call("product.product", "create", {"name": f"Lamb rolls {tag}", "is_storable": True, "tracking": "lot",
                                                "categ_id": categ, "available_in_pos": True, "list_price": PRICE, "taxes_id": [(5, 0, 0)]})
    now = datetime.utcnow()
    stock = odoo_server.ref("stock.stock_location_stock")
    lots = {}
    for name, days in ((f"OLD-{tag}", -1), (f"NEW-{tag}", 10)):
        lots[name] = call("stock.lot", "create", {"name": name, "product_id": rolls,
                                                  "expiration_date": (now + timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")})
        call("stock.quant", "create", {"product_id": rolls, "location_id": stock, "lot_id": lots[name], "inventory_quantity_auto_apply": 5},
             context={"inventory_mode": True})
    bank = call("account.journal", "search", [("type", "=", "bank"), ("company_id", "=", odoo_server.ref("base.main_company"))], limit=1)
    method = call("pos.payment.method", "create", {"name": f"Bank {tag}", "journal_id": bank[0]})
    config = call("pos.config", "create", {"name": f"Shop {tag}", "payment_method_ids": [(6, 0, [method])]})
    # like Odoo's own POS user: the order's picking with its lots needs the inventory right
    cashier, cashier_password = odoo_server.new_user(["base.group_user", "point_of_sale.group_pos_user", "stock.group_stock_user"],
                                                     prefix="hyc-cashier")
    manager, _ = odoo_server.new_user(["base.group_user", "point_of_sale.group_pos_manager"], name=f"Manager {tag}", prefix="hyc-manager")
    pin = str(random.randint(10_000_000, 99_999_999))
    call("res.users", "write", [manager], {"hyc_pos_override_pin": pin})
    session = call("pos.session", "create", {"config_id": config, "user_id": cashier})
    pricelist = call("pos.config", "read", [config], fields=["pricelist_id"])[0]["pricelist_id"]
    as_cashier = lambda model, method, *args, **kw: odoo_server.call(cashier, cashier_password, model, method, *args, **kw)  # noqa: E731
    return {"call": call, "as_cashier": as_cashier, "rolls": rolls, "lots": lots, "tag": tag, "session": session,
            "method": method, "pricelist": pricelist, "manager": manager, "manager_name": f"Manager {tag}", "pin": pin}


def _order(shop, lot_name):
    order_uuid = str(uuid.uuid4())
    return order_uuid, {
        "uuid": order_uuid, "access_token": str(uuid.uuid4()), "name": f"Order {order_uuid}", "session_id": shop["session"],
        "sequence_number": 1, "date_order": datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S"), "pricelist_id": shop["pricelist"],
        "fiscal_position_id": False, "partner_id": False, "to_invoice": False, "last_order_preparation_change": "{}",
        "amount_paid": PRICE, "amount_return": 0, "amount_tax": 0, "amount_total": PRICE,
        "lines": [(0, 0, {"product_id": shop["rolls"], "qty": 1, "price_unit": PRICE, "price_subtotal": PRICE,
                          "price_subtotal_incl": PRICE, "tax_ids": [(6, 0, [])], "pack_lot_ids": [(0, 0, {"lot_name": lot_name})]})],
        "payment_ids": [(0, 0, {"amount": PRICE, "name": datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S"),
                                "payment_method_id": shop["method"]})],
    }


def _orders(shop, order_uuid):
    return shop["call"]("pos.order", "search_read", [("uuid", "=", order_uuid)], fields=["state", "hyc_expiry_override_ids"])


def test_the_till_learns_which_lot_is_expired(shop):
    old, new = (f"OLD-{shop['tag']}", f"NEW-{shop['tag']}")
    expired = shop["as_cashier"]("hyc.pos.expiry.override", "hyc_pos_expired_lots", shop["session"], str(uuid.uuid4()),
                                 shop["rolls"], [old, new])
    assert [lot["name"] for lot in expired] == [old]


def test_expired_lot_is_refused_and_leaves_nothing(shop):
    order_uuid, order = _order(shop, f"OLD-{shop['tag']}")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        shop["as_cashier"]("pos.order", "sync_from_ui", [order])
    assert f"sells expired lot(s) OLD-{shop['tag']}" in fault.value.faultString
    assert "point of sale manager" in fault.value.faultString
    assert _orders(shop, order_uuid) == []


def test_fresh_lot_is_sold(shop):
    order_uuid, order = _order(shop, f"NEW-{shop['tag']}")
    shop["as_cashier"]("pos.order", "sync_from_ui", [order])
    [row] = _orders(shop, order_uuid)
    assert (row["state"], row["hyc_expiry_override_ids"]) == ("paid", [])


def test_manager_pin_authorises_and_the_order_logs_it_once(shop):
    old = f"OLD-{shop['tag']}"
    order_uuid, order = _order(shop, old)
    answer = shop["as_cashier"]("hyc.pos.expiry.override", "hyc_pos_authorise", shop["session"], order_uuid, shop["rolls"], [old], shop["pin"])
    assert answer == {"ok": True, "manager": shop["manager_name"]}
    shop["as_cashier"]("pos.order", "sync_from_ui", [order])
    [row] = _orders(shop, order_uuid)
    assert row["state"] == "paid"
    [override] = shop["call"]("hyc.pos.expiry.override", "read", row["hyc_expiry_override_ids"],
                              fields=["authorised_by_id", "lot_id", "state"])
    assert (override["authorised_by_id"][0], override["lot_id"][0], override["state"]) == (shop["manager"], shop["lots"][old], "authorised")
    logs = shop["call"]("mail.message", "search_read", [("model", "=", "pos.order"), ("res_id", "=", row["id"]),
                                                        ("body", "ilike", "authorised override of")], fields=["body"])
    assert len(logs) == 1 and old in logs[0]["body"] and shop["manager_name"] in logs[0]["body"]


def test_a_cashier_cannot_create_an_override(shop):
    old = f"OLD-{shop['tag']}"
    with pytest.raises(xmlrpc.client.Fault) as fault:
        shop["as_cashier"]("hyc.pos.expiry.override", "create", {
            "session_id": shop["session"], "order_uuid": str(uuid.uuid4()), "lot_id": shop["lots"][old],
            "requested_by_id": shop["manager"], "authorised_by_id": shop["manager"], "state": "authorised"})
    assert "not allowed to create" in fault.value.faultString
