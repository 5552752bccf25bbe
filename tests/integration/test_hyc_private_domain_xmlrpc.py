"""hyc_private_domain over XML-RPC, as the WeCom relay / mini-program integration uses it:
groups and members, nicknames, a broadcast and its delivery report; robot keys stay secret."""

import uuid
import xmlrpc.client

import pytest

ADMIN_PASSWORD = "admin"
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def integration(odoo_server, admin):
    return odoo_server.new_user(["hyc_private_domain.group_integration"], name="WeCom relay")


@pytest.fixture(scope="module")
def operator(odoo_server, admin):
    return odoo_server.new_user(["hyc_private_domain.group_operator"], name="运营小王")


@pytest.fixture(scope="module")
def group_id(odoo_server, admin):
    """A group with a robot key, created by the operator admin (only they may set keys)."""
    return odoo_server.call(admin, ADMIN_PASSWORD, "hyc.pd.group", "create", {
        "name": f"API测试群-{uuid.uuid4().hex[:6]}", "provider": "wecom_robot",
        "robot_key": "secret-robot-key", "wecom_chat_id": f"wrAPI{uuid.uuid4().hex[:8]}",
    })


def test_integration_creates_and_updates_a_group(odoo_server, integration):
    uid, password = integration
    new_id = odoo_server.call(uid, password, "hyc.pd.group", "create",
                              {"name": "API新建群", "provider": "email", "email_to": "fans@example.com"})
    odoo_server.call(uid, password, "hyc.pd.group", "write", [new_id], {"rules": "入群须知：改昵称"})
    [row] = odoo_server.call(uid, password, "hyc.pd.group", "read", [new_id], ["name", "rules", "provider"])
    assert (row["name"], row["rules"], row["provider"]) == ("API新建群", "入群须知：改昵称", "email")


def test_integration_adds_members_and_records_nicknames(odoo_server, integration, group_id):
    uid, password = integration
    mobile = "139" + uuid.uuid4().hex[:8].translate(str.maketrans("abcdef", "012345"))
    result = odoo_server.call(uid, password, "hyc.pd.group", "hyc_pd_upsert_members", [group_id], [
        {"name": "API小红", "mobile": mobile, "nickname": "北京－油皮"},
        {"name": "API小蓝", "userid": f"wm{uuid.uuid4().hex[:8]}", "nickname": "随便起的"},
    ])
    assert [(r["joined"], r["nickname"]) for r in result] == [(True, "parsed"), (True, "unparsed")]
    red, blue = (r["partner_id"] for r in result)
    # the same member again: found by mobile, not added twice
    again = odoo_server.call(uid, password, "hyc.pd.group", "hyc_pd_upsert_members", [group_id],
                             [{"name": "API小红", "mobile": mobile}])
    assert again == [{"partner_id": red, "joined": False, "nickname": False}]
    fixed = odoo_server.call(uid, password, "hyc.pd.group", "hyc_pd_record_nicknames", {str(blue): "上海-干皮"})
    assert fixed == {str(blue): True}
    [group] = odoo_server.call(uid, password, "hyc.pd.group", "read", [group_id], ["member_count"])
    assert group["member_count"] == 2


def test_integration_triggers_a_broadcast_and_reads_the_report(odoo_server, integration, group_id):
    uid, password = integration
    broadcast = odoo_server.call(uid, password, "hyc.pd.broadcast", "create", {
        "name": "API群发", "body": "{group}的宝宝们，今晚加场！", "audience": "groups",
        "group_ids": [(6, 0, [group_id])],
    })
    run_id = odoo_server.call(uid, password, "hyc.pd.broadcast", "hyc_pd_send_now", [broadcast])
    assert run_id
    report = odoo_server.call(uid, password, "hyc.pd.broadcast", "hyc_pd_delivery_report", [broadcast])
    # the job runner is not running in this test server: the message waits in the queue
    assert (report["run"], report["sent"], report["failed"], report["pending"]) == (run_id, 0, 0, 1)
    deliveries = odoo_server.call(uid, password, "hyc.pd.delivery", "search_read",
                                  [("run_id", "=", run_id)], fields=["group_id", "state", "body"])
    assert [(d["group_id"][0], d["state"]) for d in deliveries] == [(group_id, "pending")]
    assert deliveries[0]["body"].endswith("的宝宝们，今晚加场！")


@pytest.mark.parametrize("role", ["integration", "operator"])
def test_robot_key_is_unreadable_without_operator_admin(odoo_server, admin, group_id, role, request):
    uid, password = request.getfixturevalue(role)
    with pytest.raises(xmlrpc.client.Fault, match="robot_key|access|Access"):
        odoo_server.call(uid, password, "hyc.pd.group", "read", [group_id], ["robot_key"])
    with pytest.raises(xmlrpc.client.Fault):
        odoo_server.call(uid, password, "hyc.pd.group", "search_read", [("id", "=", group_id)], fields=["robot_key"])
    # a plain read of all fields leaves the key out
    [row] = odoo_server.call(uid, password, "hyc.pd.group", "read", [group_id], [])
    assert "robot_key" not in row and row["has_robot_key"] is True
    [row] = odoo_server.call(admin, ADMIN_PASSWORD, "hyc.pd.group", "read", [group_id], ["robot_key"])
    assert row["robot_key"] == "secret-robot-key"
