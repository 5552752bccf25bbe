import json

from odoo.tests import new_test_user, tagged

from odoo.addons.hyc_private_domain.lib import faq

from .common import HycPdHttpCase

URL = "/hyc_private_domain/bot/inbound"
SECRET = "shared-secret-for-tests"


@tagged("post_install", "-at_install")
class TestKeywordBot(HycPdHttpCase):
    """PD-8 over real HTTP: signed inbound message → FAQ answer in the group, or an
    assistant conversation whose answer goes back to the group."""

    KEYS = ("bot-key-1",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("hyc_private_domain.bot_secret", SECRET)
        cls.assistant = new_test_user(cls.env, login="jiaqi_assistant", name="佳琦小助手",
                                      groups="hyc_private_domain.group_operator")
        cls.group = cls.env["hyc.pd.group"].create({
            "name": "佳琦机器人测试群", "provider": "wecom_robot", "robot_key": "bot-key-1",
            "wecom_chat_id": "wrTEST001", "assistant_ids": [(6, 0, cls.assistant.ids)],
        })
        # only this test's answers, not the demo's
        cls.env["hyc.pd.faq"].search([]).active = False
        cls.live = cls.env["hyc.pd.faq"].create({
            "name": "直播时间", "keywords": "直播时间，几点直播", "answer": "每晚19:30准时开播～"})
        cls.wish = cls.env["hyc.pd.faq"].create({
            "name": "许愿瓶入口", "keywords": "许愿瓶", "answer": "直播间右下角「许愿瓶」。"})

    def post(self, payload, secret=SECRET, signature=None):
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json",
                   "X-HYC-Signature": signature or "sha256=" + faq.sign(secret, body)}
        response = self.url_open(URL, data=body, headers=headers)
        self.env.invalidate_all()
        return response

    @staticmethod
    def counts(entry):
        """(hits, misses) as stored: the controller counted them in SQL."""
        entry.invalidate_recordset(["hit_count", "miss_count"])
        return entry.hit_count, entry.miss_count

    def message(self, msg_id, text, userid="wmRED"):
        return {"chat_id": "wrTEST001", "msg_id": msg_id, "text": text,
                "from": {"userid": userid, "name": "小红", "mobile": "13800001111"}}

    def test_question_is_answered_in_the_group_once(self):
        marker = self.job_marker()
        response = self.post(self.message("m1", "今晚几点直播呀？"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"ok": True, "action": "answer", "duplicate": False,
                                           "answer": "每晚19:30准时开播～", "faq_id": self.live.id})
        self.assertEqual((self.counts(self.live), self.counts(self.wish)), ((1, 0), (0, 0)))
        self.perform_jobs(self.jobs_since(marker))
        self.assertEqual(self.server.messages_for("bot-key-1"), [{"msgtype": "text", "text": {
            "content": "每晚19:30准时开播～", "mentioned_mobile_list": ["13800001111"]}}])
        # the relay retries the same message: same answer, nothing counted or sent twice
        again = self.post(self.message("m1", "今晚几点直播呀？"))
        self.assertEqual(again.json()["duplicate"], True)
        self.assertEqual(self.counts(self.live), (1, 0))
        self.assertEqual(len(self.jobs_since(marker)), 1)

    def test_bad_signature_is_refused_and_nothing_is_recorded(self):
        response = self.post(self.message("m2", "直播时间"), secret="wrong")
        self.assertEqual(response.status_code, 403)
        response = self.post(self.message("m2", "直播时间"), signature="sha256=")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.env["hyc.pd.bot.message"].search([("msg_id", "=", "m2")]))
        self.assertEqual(self.counts(self.live), (0, 0))

    def test_unknown_group_and_bad_body(self):
        payload = dict(self.message("m3", "直播时间"), chat_id="nope")
        self.assertEqual(self.post(payload).status_code, 404)
        body = b"not json"
        response = self.url_open(URL, data=body, headers={"X-HYC-Signature": faq.sign(SECRET, body)})
        self.assertEqual(response.status_code, 400)

    def test_human_request_escalates_and_the_assistant_answer_goes_back(self):
        self.post(self.message("m4", "许愿瓶在哪"))
        response = self.post(self.message("m5", "没找到，转人工"))
        body = response.json()
        self.assertEqual(body["action"], "human")
        conversation = self.env["hyc.pd.bot.conversation"].browse(body["conversation_id"])
        self.assertEqual((conversation.reason, conversation.state, conversation.assistant_id),
                         ("human", "open", self.assistant))
        self.assertEqual(conversation.question, "没找到，转人工")
        # the answer just given missed: counted on that entry
        self.assertEqual(self.counts(self.wish), (1, 1))
        activity = conversation.activity_ids
        self.assertEqual(activity.user_id, self.assistant)
        self.assertIn("小红", activity.summary)

        marker = self.job_marker()
        mine = conversation.with_user(self.assistant)
        mine.answer = "宝宝，许愿瓶在直播间右下角，点开就能许愿啦～"
        mine.action_send_answer()
        self.perform_jobs(self.jobs_since(marker))
        self.assertEqual(conversation.state, "answered")
        self.assertFalse(conversation.activity_ids)
        self.assertEqual(self.server.messages_for("bot-key-1")[-1], {"msgtype": "text", "text": {
            "content": "宝宝，许愿瓶在直播间右下角，点开就能许愿啦～", "mentioned_mobile_list": ["13800001111"]}})

    def test_no_match_opens_one_conversation_per_member(self):
        first = self.post(self.message("m6", "面霜孕妇能用吗")).json()
        second = self.post(self.message("m7", "还有精华呢")).json()
        other = self.post(self.message("m8", "卸妆油怎么用", userid="wmBLUE")).json()
        self.assertEqual(first["action"], "miss")
        self.assertEqual(first["conversation_id"], second["conversation_id"])
        self.assertNotEqual(first["conversation_id"], other["conversation_id"])
        conversation = self.env["hyc.pd.bot.conversation"].browse(first["conversation_id"])
        self.assertEqual(conversation.message_ids_count, 2)
        self.assertEqual(conversation.reason, "miss")
        self.assertEqual(self.counts(self.live), (0, 0))
