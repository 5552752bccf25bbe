"""hyc_private_domain over XML-RPC: joins made through the API are welcomed automatically
(one waiting welcome job per group, whatever the path), news broadcasts are created with
their articles, and the settings' bot secret stays out of reach of operators."""

import json
import uuid
import xmlrpc.client

import pytest

ADMIN_PASSWORD = "admin"
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def integration(odoo_server, admin):
    return odoo_server.new_user(["hyc_private_domain.group_integration"], name="WeCom relay (welcome)")


@pytest.fixture(scope="module")
def operator(odoo_server, admin):
    return odoo_server.new_user(["hyc_private_domain.group_operator"], name="运营小李")


def _mobile():
    return "137" + uuid.uuid4().hex[:8].translate(str.maketrans("abcdef", "012345"))


def test_api_joins_queue_one_welcome_for_the_group(odoo_server, admin, integration):
    uid, password = integration
    group_id = odoo_server.call(admin, ADMIN_PASSWORD, "hyc.pd.group", "create", {
        "name": f"欢迎API群-{uuid.uuid4().hex[:6]}", "provider": "wecom_robot", "robot_key": "welcome-api-key"})
    result = odoo_server.call(uid, password, "hyc.pd.group", "hyc_pd_upsert_members", [group_id], [
        {"name": f"新人{n}", "mobile": _mobile()} for n in range(3)])
    assert [r["joined"] for r in result] == [True, True, True]
    # a second call and a plain create of a membership join the same batch
    [fourth] = odoo_server.call(uid, password, "hyc.pd.group", "hyc_pd_upsert_members", [group_id],
                                [{"name": "新人3", "mobile": _mobile()}])
    partner = odoo_server.call(admin, ADMIN_PASSWORD, "res.partner", "create", {"name": "新人4"})
    odoo_server.call(uid, password, "hyc.pd.membership", "create", {"group_id": group_id, "partner_id": partner})
    [group] = odoo_server.call(uid, password, "hyc.pd.group", "read", [group_id], ["welcome_pending_count"])
    assert group["welcome_pending_count"] == 5
    jobs = odoo_server.call(admin, ADMIN_PASSWORD, "queue.job", "search_read",
                            [("identity_key", "=", f"hyc_pd_welcome:{group_id}")], fields=["state", "eta"])
    assert len(jobs) == 1 and jobs[0]["state"] == "pending" and jobs[0]["eta"]
    states = odoo_server.call(uid, password, "hyc.pd.membership", "search_read",
                              [("group_id", "=", group_id)], fields=["welcome_state", "partner_id"])
    assert sorted(s["welcome_state"] for s in states) == ["pending"] * 5
    assert fourth["partner_id"] in {s["partner_id"][0] for s in states}


def test_api_creates_a_news_broadcast(odoo_server, admin, integration):
    uid, password = integration
    group_id = odoo_server.call(admin, ADMIN_PASSWORD, "hyc.pd.group", "create", {
        "name": f"图文API群-{uuid.uuid4().hex[:6]}", "provider": "wecom_robot", "robot_key": "news-api-key"})
    broadcast = odoo_server.call(uid, password, "hyc.pd.broadcast", "create", {
        "name": "API图文", "msgtype": "news", "audience": "groups", "group_ids": [(6, 0, [group_id])],
        "article_ids": [(0, 0, {"title": "{group}上新", "url": "https://example.com/new",
                                "picurl": "https://example.com/new.jpg"})]})
    run_id = odoo_server.call(uid, password, "hyc.pd.broadcast", "hyc_pd_send_now", [broadcast])
    [delivery] = odoo_server.call(uid, password, "hyc.pd.delivery", "search_read", [("run_id", "=", run_id)],
                                  fields=["body", "state"])
    group_name = odoo_server.call(uid, password, "hyc.pd.group", "read", [group_id], ["name"])[0]["name"]
    assert json.loads(delivery["body"]) == [{"title": f"{group_name}上新", "url": "https://example.com/new",
                                             "picurl": "https://example.com/new.jpg"}]
    # nine articles are refused with a clear message
    with pytest.raises(xmlrpc.client.Fault, match="1 to 8 articles"):
        odoo_server.call(uid, password, "hyc.pd.broadcast", "create", {
            "name": "太多", "msgtype": "news", "audience": "groups", "group_ids": [(6, 0, [group_id])],
            "article_ids": [(0, 0, {"title": f"t{n}", "url": "https://example.com"}) for n in range(9)]})


@pytest.mark.parametrize("role", ["integration", "operator"])
def test_bot_secret_is_unreadable_for_operators(odoo_server, admin, role, request):
    uid, password = request.getfixturevalue(role)
    # default_get reads system parameters as superuser: the secret must not come out of it
    try:
        values = odoo_server.call(uid, password, "res.config.settings", "default_get", ["hyc_pd_bot_secret"])
    except xmlrpc.client.Fault:
        values = {}
    assert "hyc_pd_bot_secret" not in values
    with pytest.raises(xmlrpc.client.Fault):
        odoo_server.call(uid, password, "res.config.settings", "create", {})
    with pytest.raises(xmlrpc.client.Fault):
        odoo_server.call(uid, password, "ir.config_parameter", "search_read",
                         [("key", "=", "hyc_private_domain.bot_secret")], fields=["value"])
