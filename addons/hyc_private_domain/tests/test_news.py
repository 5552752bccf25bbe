import json
from datetime import datetime

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HycPdCase

KEYS = ["news-key-1", "news-key-2"]
ARTICLES = [
    {"title": "{group}今晚8点直播", "description": "{date}{weekday}，点我预约", "url": "https://example.com/live",
     "picurl": "https://example.com/cover.jpg"},
    {"title": "本周福利清单", "url": "https://example.com/deals"},
]


def article_commands(articles):
    return [Command.create(dict(article, sequence=index)) for index, article in enumerate(articles)]


@tagged("post_install", "-at_install")
class TestNewsMessages(HycPdCase):
    """News messages (图文) in schedules and broadcasts: 1 to 8 articles, validated,
    rendered per group and sent as WeCom's exact JSON."""

    KEYS = KEYS

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.groups = cls.make_groups(2, prefix="图文群", keys=KEYS)

    def test_schedule_sends_news_with_placeholders_rendered(self):
        schedule = self.env["hyc.pd.schedule"].with_user(self.operator).create({
            "name": "直播预告", "frequency": "daily", "time_of_day": 10.0, "msgtype": "news",
            "audience": "groups", "group_ids": [Command.set(self.groups.ids)],
            "article_ids": article_commands(ARTICLES),
        })
        schedule.dispatched_until = datetime(2026, 12, 4, 1, 0)
        marker = self.job_marker()
        self.env["hyc.pd.schedule"]._cron_hyc_pd_dispatch(now=datetime(2026, 12, 4, 2, 0, 30))
        self.perform_jobs(self.jobs_since(marker))
        self.assertEqual(schedule.run_ids.sent_count, 2)
        self.assertEqual(self.server.messages_for("news-key-2"), [{"msgtype": "news", "news": {"articles": [
            {"title": "图文群2今晚8点直播", "description": "2026-12-04周五，点我预约",
             "url": "https://example.com/live", "picurl": "https://example.com/cover.jpg"},
            {"title": "本周福利清单", "url": "https://example.com/deals"},
        ]}}])
        # the run keeps the articles it was created with
        self.assertEqual(json.loads(schedule.run_ids.body)[1], {"title": "本周福利清单", "url": "https://example.com/deals"})

    def test_broadcast_news_to_wecom_email_and_discuss(self):
        channel = self.env["discuss.channel"].create({"name": "图文频道"})
        by_mail = self.env["hyc.pd.group"].create({"name": "邮件群", "provider": "email", "email_to": "news@example.com"})
        by_discuss = self.env["hyc.pd.group"].create({"name": "站内群", "provider": "discuss",
                                                      "discuss_channel_id": channel.id})
        broadcast = self.env["hyc.pd.broadcast"].with_user(self.operator).create({
            "name": "双旦图文", "msgtype": "news", "audience": "groups",
            "group_ids": [Command.set((self.groups[:1] | by_mail | by_discuss).ids)],
            "article_ids": article_commands([{"title": "{group}双旦<福利>", "url": "https://example.com/x?a=1&b=2"}]),
        })
        marker = self.job_marker()
        broadcast.hyc_pd_send_now()
        self.perform_jobs(self.jobs_since(marker))
        self.assertEqual(broadcast.hyc_pd_delivery_report()["sent"], 3)
        self.assertEqual(self.server.received, [("news-key-1", {"msgtype": "news", "news": {"articles": [
            {"title": "图文群1双旦<福利>", "url": "https://example.com/x?a=1&b=2"}]}})])
        mail = self.env["mail.mail"].search([("email_to", "=", "news@example.com")])
        self.assertIn('<a href="https://example.com/x?a=1&amp;b=2">邮件群双旦&lt;福利&gt;</a>', mail.body_html)
        self.assertIn("站内群双旦&lt;福利&gt;", channel.message_ids[0].body)

    def test_news_is_validated(self):
        Schedule = self.env["hyc.pd.schedule"]
        base = {"name": "x", "frequency": "daily", "time_of_day": 9.0, "msgtype": "news"}
        cases = {
            "no article": [],
            "nine articles": [{"title": f"t{n}", "url": "https://example.com"} for n in range(9)],
            "no http url": [{"title": "t", "url": "example.com/x"}],
            "bad picture url": [{"title": "t", "url": "https://example.com", "picurl": "ftp://example.com/p.jpg"}],
            "title over 128 bytes": [{"title": "长" * 43, "url": "https://example.com"}],  # 129 bytes
            "description over 512 bytes": [{"title": "t", "description": "长" * 171, "url": "https://example.com"}],
            "unknown placeholder": [{"title": "{grop}", "url": "https://example.com"}],
        }
        for what, articles in cases.items():
            with self.subTest(what), self.assertRaises(ValidationError), self.env.cr.savepoint():
                Schedule.create(dict(base, article_ids=article_commands(articles)))
        # the limits themselves are fine: 8 articles, a 128-byte title, a 512-byte description
        ok = Schedule.create(dict(base, article_ids=article_commands(
            [{"title": "长" * 42 + "xx", "description": "长" * 170 + "xx", "url": "http://example.com"}] * 8)))
        self.assertEqual(len(ok.article_ids), 8)
        # an article edited later is checked too
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            ok.article_ids[0].url = "javascript:alert(1)"
        # text and markdown need a body
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Schedule.create(dict(base, msgtype="text", body="  "))

    def test_sent_news_broadcast_cannot_change_its_articles(self):
        broadcast = self.env["hyc.pd.broadcast"].create({
            "name": "图文", "msgtype": "news", "audience": "groups", "group_ids": [Command.set(self.groups[:1].ids)],
            "article_ids": article_commands(ARTICLES[1:])})
        self.assertEqual(broadcast.reach_group_count, 1)
        broadcast.hyc_pd_send_now()
        with self.assertRaises(UserError):
            broadcast.article_ids = [Command.create({"title": "新", "url": "https://example.com"})]
