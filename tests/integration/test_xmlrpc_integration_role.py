"""An external integration (mini-program, WeCom bot, label scale, BI) talks XML-RPC to a
real Odoo server as a user in an hyc integration group: it reads what it needs and is
refused the rest."""

import xmlrpc.client

import pytest

ADMIN_PASSWORD = "admin"  # Odoo's demo admin; the test databases are throwaway copies
pytestmark = pytest.mark.integration

INTEGRATION_GROUPS = [
    "hyc_inventory_batch.group_integration",
    "hyc_project_budget.group_integration",
    "hyc_pos_scale.group_integration",
    "hyc_membership.group_integration",
    "hyc_private_domain.group_integration",
]


@pytest.fixture(scope="module")
def integration(odoo_server):
    """A fresh user in the inventory addon's integration group, created over XML-RPC."""
    return odoo_server.new_user(["hyc_inventory_batch.group_integration"], name="BI connector")


def test_every_addon_has_an_integration_group(odoo_server, admin):
    for xmlid in INTEGRATION_GROUPS:
        assert odoo_server.ref(xmlid) > 0


def test_wrong_password_is_refused(odoo_server, integration):
    assert odoo_server.login("admin", "not-the-password") is False


def test_integration_reads_products(odoo_server, integration):
    uid, password = integration
    products = odoo_server.call(uid, password, "product.product", "search_read",
                                [("sale_ok", "=", True)], fields=["name", "list_price", "uom_id"], limit=5)
    assert products, "the demo database has saleable products"
    assert {"name", "list_price", "uom_id"} <= set(products[0])


def test_integration_cannot_read_stock_valuation(odoo_server, integration):
    uid, password = integration
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to access"):
        odoo_server.call(uid, password, "stock.valuation.layer", "search_read", [], fields=["value"], limit=1)


def test_integration_cannot_change_products(odoo_server, integration):
    uid, password = integration
    product = odoo_server.call(uid, password, "product.product", "search", [("sale_ok", "=", True)], limit=1)
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to modify"):
        odoo_server.call(uid, password, "product.product", "write", product, {"list_price": 0.01})


def test_integration_cannot_grant_itself_rights(odoo_server, admin, integration):
    uid, password = integration
    system = odoo_server.ref("base.group_system")
    with pytest.raises(xmlrpc.client.Fault):
        odoo_server.call(uid, password, "res.users", "write", [uid], {"groups_id": [(4, system)]})
    groups = odoo_server.call(admin, ADMIN_PASSWORD, "res.users", "read", [uid], fields=["groups_id"])[0]["groups_id"]
    assert system not in groups


def test_integration_cannot_read_system_parameters(odoo_server, integration):
    uid, password = integration
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to access"):
        odoo_server.call(uid, password, "ir.config_parameter", "search_read", [], fields=["key", "value"])
