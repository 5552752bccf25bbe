"""An integration (ERP portal, BI, WeCom approval bot) asks the project budget over XML-RPC:
the budget position of a project per category, and "may I commit X in category C on
project P?" without any side effect; users without a budget role are refused."""

import xmlrpc.client

import pytest

ADMIN_PASSWORD = "admin"  # Odoo's demo admin; the test databases are throwaway copies
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def integration(odoo_server, admin):
    return odoo_server.new_user(["hyc_project_budget.group_integration"])


@pytest.fixture(scope="module")
def plain_user(odoo_server, admin):
    return odoo_server.new_user(["base.group_user"])


@pytest.fixture(scope="module")
def suzhou(odoo_server, admin):
    return odoo_server.ref("hyc_project_budget.demo_project_at_risk")


def _side_effect_fingerprint(server, admin):
    """What a check could have written: orders, budget lines, messages, wizards."""
    lines = server.call(admin, ADMIN_PASSWORD, "hyc.project.budget.line", "search_read", [],
                        fields=["committed_total", "actual_total", "write_date", "amount"], order="id")
    counts = {
        model: server.call(admin, ADMIN_PASSWORD, model, "search_count", [])
        for model in ("purchase.order", "mail.message", "hyc.budget.check.wizard", "hyc.project.budget.revision")
    }
    return lines, counts


def test_integration_reads_the_budget_position_per_category(odoo_server, integration, suzhou):
    uid, password = integration
    position = odoo_server.call(uid, password, "hyc.project.budget", "get_position", suzhou)
    assert position["state"] == "approved"
    by_code = {line["category_code"]: line for line in position["lines"]}
    assert set(by_code) == {"MAT", "LAB", "SUB", "OVH"}
    materials = by_code["MAT"]
    assert (materials["budget"], materials["committed"], materials["actual"], materials["available"]) == (
        100000.0, 92000.0, 0.0, 8000.0)
    assert materials["policy"] == "block"
    assert by_code["LAB"]["available"] == 40000.0


def test_may_i_commit_answers_without_side_effects(odoo_server, admin, integration, suzhou):
    uid, password = integration
    before = _side_effect_fingerprint(odoo_server, admin)
    fits = odoo_server.call(uid, password, "hyc.project.budget", "check_commit", suzhou, "MAT", 8000.0)
    assert (fits["status"], fits["allowed"], fits["available"], fits["excess"]) == ("allow", True, 8000.0, 0.0)
    over = odoo_server.call(uid, password, "hyc.project.budget", "check_commit", suzhou, "MAT", 8000.01)
    assert (over["status"], over["allowed"], over["excess"]) == ("block", False, 0.01)
    assert "8,000.00" in over["message"]
    warn = odoo_server.call(uid, password, "hyc.project.budget", "check_commit", suzhou, "LAB", 45000.0)
    assert (warn["status"], warn["allowed"], warn["excess"]) == ("warn", True, 5000.0)
    unbudgeted = odoo_server.call(uid, password, "hyc.project.budget", "check_commit", suzhou, "NOPE", 1e9)
    assert unbudgeted == {"status": "allow", "controlled": False}
    assert _side_effect_fingerprint(odoo_server, admin) == before


def test_integration_cannot_change_a_budget(odoo_server, integration, suzhou):
    uid, password = integration
    line_ids = odoo_server.call(uid, password, "hyc.project.budget.line", "search",
                                [("project_id", "=", suzhou)], limit=1)
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to modify"):
        odoo_server.call(uid, password, "hyc.project.budget.line", "write", line_ids, {"amount": 1e9})


def test_user_without_a_budget_role_is_refused(odoo_server, plain_user, suzhou):
    uid, password = plain_user
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to access"):
        odoo_server.call(uid, password, "hyc.project.budget", "get_position", suzhou)
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to access"):
        odoo_server.call(uid, password, "hyc.project.budget", "check_commit", suzhou, "MAT", 1.0)


def test_private_control_methods_are_not_callable(odoo_server, integration):
    uid, password = integration
    with pytest.raises(xmlrpc.client.Fault, match="Private methods"):
        odoo_server.call(uid, password, "hyc.project.budget.line", "_hyc_lock_and_decide", {})
