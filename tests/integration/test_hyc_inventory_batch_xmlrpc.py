"""An integration allocates a freight bill onto receipts and reads lot cost over XML-RPC;
wrong input gets a clear error and writes nothing; a plain integration user sees no cost."""

import uuid
import xmlrpc.client

import pytest

ADMIN_PASSWORD = "admin"  # Odoo's demo admin; the test databases are throwaway copies
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cost_integration(odoo_server, admin):
    """The purchasing system's connector: integration role plus sight of costs."""
    return odoo_server.new_user(["hyc_inventory_batch.group_integration", "hyc_inventory_batch.group_cost_viewer"])


@pytest.fixture(scope="module")
def plain_integration(odoo_server, admin):
    return odoo_server.new_user(["hyc_inventory_batch.group_integration"])


@pytest.fixture(scope="module")
def data(odoo_server, admin):
    """Admin sets up, over XML-RPC: a FIFO lot-valued product, freight, a done and a cancelled receipt."""
    call = lambda model, method, *args, **kw: odoo_server.call(admin, ADMIN_PASSWORD, model, method, *args, **kw)  # noqa: E731
    tag = uuid.uuid4().hex[:6]
    categ = call("product.category", "create", {"name": f"Lamb {tag}", "property_cost_method": "fifo", "property_valuation": "real_time"})
    leg = call("product.product", "create", {"name": f"Lamb leg {tag}", "is_storable": True, "tracking": "lot",
                                              "lot_valuated": True, "categ_id": categ, "weight": 1.0})
    weightless = call("product.product", "create", {"name": f"Offal {tag}", "is_storable": True, "tracking": "lot",
                                                     "lot_valuated": True, "categ_id": categ, "weight": 0.0})
    freight = call("product.product", "create", {"name": f"Freight {tag}", "type": "service", "landed_cost_ok": True, "categ_id": categ})
    picking_type = odoo_server.ref("stock.picking_type_in")
    supplier = odoo_server.ref("stock.stock_location_suppliers")
    stock = odoo_server.ref("stock.stock_location_stock")

    def receipt(product, qty, price, lot_name, validate=True):
        picking = call("stock.picking", "create", {
            "picking_type_id": picking_type, "location_id": supplier, "location_dest_id": stock,
            "move_ids": [(0, 0, {"name": lot_name, "product_id": product, "product_uom_qty": qty, "price_unit": price,
                                 "location_id": supplier, "location_dest_id": stock})]})
        call("stock.picking", "action_confirm", [picking])
        move = call("stock.move", "search", [("picking_id", "=", picking)])
        call("stock.move.line", "unlink", call("stock.move.line", "search", [("move_id", "in", move)]))
        call("stock.move.line", "create", {"move_id": move[0], "picking_id": picking, "product_id": product, "lot_name": lot_name, "quantity": qty,
                                           "location_id": supplier, "location_dest_id": stock})
        call("stock.move", "write", move, {"picked": True})
        if validate:
            call("stock.picking", "button_validate", [picking])
            assert call("stock.picking", "read", [picking], fields=["state"])[0]["state"] == "done"
        else:
            call("stock.picking", "action_cancel", [picking])
        return picking

    return {
        "call": call,
        "freight": freight,
        "done": receipt(leg, 100, 20.0, f"NX-{tag}"),
        "weightless": receipt(weightless, 10, 5.0, f"OF-{tag}"),
        "cancelled": receipt(leg, 5, 20.0, f"NXC-{tag}", validate=False),
        "lot_name": f"NX-{tag}",
    }


def _count(data):
    return (data["call"]("stock.landed.cost", "search_count", []),
            data["call"]("stock.valuation.layer", "search_count", []),
            data["call"]("account.move", "search_count", []))


def test_integration_allocates_and_reads_lot_cost(odoo_server, cost_integration, data):
    uid, password = cost_integration
    result = odoo_server.call(uid, password, "stock.landed.cost", "hyc_allocate", [data["done"]],
                              [{"product_id": data["freight"], "name": "Freight", "split_method": "by_weight", "price_unit": 300.0}])
    assert result["state"] == "done"
    assert result["amount_total"] == 300.0
    assert [(lot["lot"], lot["stock_value"], lot["cogs_value"]) for lot in result["lots"]] == [(data["lot_name"], 300.0, 0.0)]
    lot_id = result["lots"][0]["lot_id"]
    [cost] = odoo_server.call(uid, password, "stock.lot", "hyc_read_lot_cost", [lot_id])
    # 100 × 20.00 + 300.00 freight = 2,300.00; 23.00 a unit
    assert (cost["quantity"], cost["value"], cost["unit_cost"], cost["landed_cost_total"]) == (100.0, 2300.0, 23.0, 300.0)
    assert [h["allocation"] for h in cost["history"]] == [result["name"]]
    # the lot's margin: nothing sold yet
    totals = odoo_server.call(uid, password, "hyc.lot.margin.report", "hyc_totals", [("lot_id", "=", lot_id)])
    assert totals == {"revenue": 0.0, "cogs": 0.0, "margin": 0.0, "margin_percent": 0.0}


@pytest.mark.parametrize("case, message", [
    ("cancelled", "Only done receipts can carry an expense"),
    ("weightless", "total weight of zero"),
    ("negative", "the amount cannot be negative"),
])
def test_wrong_input_is_a_clear_error_and_writes_nothing(odoo_server, cost_integration, data, case, message):
    uid, password = cost_integration
    picking = data["done"] if case == "negative" else data[case]
    line = {"product_id": data["freight"], "name": "Freight", "split_method": "by_weight",
            "price_unit": -50.0 if case == "negative" else 100.0}
    before = _count(data)
    with pytest.raises(xmlrpc.client.Fault, match=message):
        odoo_server.call(uid, password, "stock.landed.cost", "hyc_allocate", [picking], [line])
    assert _count(data) == before


def test_plain_integration_sees_no_cost(odoo_server, plain_integration, data):
    uid, password = plain_integration
    with pytest.raises(xmlrpc.client.Fault, match="Costs and Margins role"):
        odoo_server.call(uid, password, "stock.landed.cost", "hyc_allocate", [data["done"]],
                         [{"product_id": data["freight"], "split_method": "equal", "price_unit": 1.0}])
    with pytest.raises(xmlrpc.client.Fault, match="Costs and Margins role"):
        odoo_server.call(uid, password, "stock.lot", "hyc_read_lot_cost", [1])
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to access"):
        odoo_server.call(uid, password, "stock.landed.cost", "search_read", [], fields=["amount_total"], limit=1)
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to access"):
        odoo_server.call(uid, password, "hyc.lot.margin.report", "hyc_totals", [])
