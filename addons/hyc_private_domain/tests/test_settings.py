from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import HycPdCase

PREFIX = "hyc_private_domain."


@tagged("post_install", "-at_install")
class TestSettings(HycPdCase):
    """Settings → Community Operations: WeCom base URL, retries, bot secret, default time
    zone, nickname pattern, welcome window; the secret is for Operator Admins only."""

    KEYS = ("settings-key",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")  # system administrator and Operator Admin
        cls.sysadmin = new_test_user(cls.env, login="hyc_pd_sysadmin", groups="base.group_system")
        cls.env["ir.config_parameter"].sudo().set_param(PREFIX + "bot_secret", "s3cret")

    def test_operator_admin_sets_and_reads_every_setting(self):
        settings = self.env["res.config.settings"].with_user(self.admin).create({
            "hyc_pd_wecom_base_url": "http://127.0.0.1:9/wecom", "hyc_pd_wecom_max_retries": 5,
            "hyc_pd_wecom_backoff": 0.5, "hyc_pd_bot_secret": "new-secret", "hyc_pd_default_tz": "Asia/Urumqi",
            "hyc_pd_nickname_pattern": "城市-肤质", "hyc_pd_welcome_window": 120,
        })
        settings.execute()
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(
            {key: params.get_param(PREFIX + key) for key in (
                "wecom_base_url", "wecom_max_retries", "wecom_backoff", "bot_secret", "default_tz",
                "nickname_pattern", "welcome_window")},
            {"wecom_base_url": "http://127.0.0.1:9/wecom", "wecom_max_retries": "5", "wecom_backoff": "0.5",
             "bot_secret": "new-secret", "default_tz": "Asia/Urumqi", "nickname_pattern": "城市-肤质",
             "welcome_window": "120"})
        fresh = self.env["res.config.settings"].with_user(self.admin).create({})
        self.assertEqual((fresh.hyc_pd_bot_secret, fresh.hyc_pd_welcome_window), ("new-secret", 120))
        # the client the groups use follows them
        client = self.make_groups(1, keys=["settings-key"])._hyc_pd_wecom_client()
        self.assertEqual((client.base_url, client.max_retries, client.backoff), ("http://127.0.0.1:9/wecom", 5, 0.5))

    def test_community_operator_cannot_read_the_secret(self):
        for user in (self.operator, self.integration, self.sysadmin):
            # over RPC default_get is callable by anyone: it must not hand out the secret
            try:
                values = self.env["res.config.settings"].with_user(user).default_get(["hyc_pd_bot_secret"])
            except AccessError:
                values = {}
            self.assertNotIn("hyc_pd_bot_secret", values)
        # (other installed modules' default_get add their own keys whatever is asked for)
        values = self.env["res.config.settings"].with_user(self.admin).default_get(["hyc_pd_bot_secret"])
        self.assertEqual(values["hyc_pd_bot_secret"], "s3cret")
        for user in (self.operator, self.integration):
            with self.assertRaises(AccessError):
                self.env["res.config.settings"].with_user(user).create({})
            with self.assertRaises(AccessError):
                self.env["ir.config_parameter"].with_user(user).search_read(
                    [("key", "=", PREFIX + "bot_secret")], ["value"])

    def test_system_admin_without_operator_admin_cannot_read_the_secret(self):
        settings = self.env["res.config.settings"].with_user(self.sysadmin).create({})
        self.assertNotIn("hyc_pd_bot_secret", settings.fields_get())
        with self.assertRaises(AccessError):
            settings.read(["hyc_pd_bot_secret"])
        # the rest of the screen is theirs
        self.assertEqual(settings.read(["hyc_pd_welcome_window"])[0]["hyc_pd_welcome_window"], 60)

    def test_default_time_zone_applies_to_companies_without_one(self):
        self.company.partner_id.tz = False
        self.env["ir.config_parameter"].sudo().set_param(PREFIX + "default_tz", "Europe/Paris")
        self.assertEqual(self.company._hyc_pd_tz(), "Europe/Paris")
        self.company.partner_id.tz = "Asia/Shanghai"
        self.assertEqual(self.company._hyc_pd_tz(), "Asia/Shanghai")

    def test_invalid_values_are_refused(self):
        Settings = self.env["res.config.settings"].with_user(self.admin)
        for vals in ({"hyc_pd_welcome_window": -1}, {"hyc_pd_wecom_max_retries": -2},
                     {"hyc_pd_wecom_base_url": "qyapi.weixin.qq.com"}):
            with self.subTest(vals), self.assertRaises(ValidationError), self.env.cr.savepoint():
                Settings.create(vals)
