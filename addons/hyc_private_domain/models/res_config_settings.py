from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..lib import wecom


class ResConfigSettings(models.TransientModel):
    """Settings → Community Operations (system administrators holding Operator Admin).
    Every value is a system parameter (``hyc_private_domain.*``), read where it is used."""

    _inherit = "res.config.settings"

    hyc_pd_wecom_base_url = fields.Char(
        string="WeCom Base URL", config_parameter="hyc_private_domain.wecom_base_url",
        default=wecom.DEFAULT_BASE_URL,
        help="https://qyapi.weixin.qq.com, or the address of a proxy, a private deployment or a test server.")
    hyc_pd_wecom_max_retries = fields.Integer(
        string="Retries", config_parameter="hyc_private_domain.wecom_max_retries", default=3,
        help="Attempts after the first one when WeCom is busy (-1), over its rate (45009) or unreachable.")
    hyc_pd_wecom_backoff = fields.Float(
        string="Back-off (s)", config_parameter="hyc_private_domain.wecom_backoff", default=2.0,
        help="Wait before the first retry; doubled at each retry, at most 60 seconds.")
    hyc_pd_bot_secret = fields.Char(
        string="Bot Inbound Secret", config_parameter="hyc_private_domain.bot_secret",
        groups="hyc_private_domain.group_operator_admin",
        help="Shared secret of the HMAC-SHA256 signature of the keyword bot's inbound webhook. Without it every "
             "inbound call is refused.")
    hyc_pd_default_tz = fields.Selection(
        _tz_get, string="Default Time Zone", config_parameter="hyc_private_domain.default_tz",
        help="Time zone of the group schedules of a company whose address has none (Asia/Shanghai if empty).")
    hyc_pd_nickname_pattern = fields.Char(
        string="Nickname Pattern", config_parameter="hyc_private_domain.nickname_pattern", default="地区-肤质",
        help="The group nickname members are asked to take, shown by {pattern} in welcome messages. The parser "
             "reads region and skin type in either order.")
    hyc_pd_welcome_window = fields.Integer(
        string="Welcome Batch Window (s)", config_parameter="hyc_private_domain.welcome_window", default=60,
        help="Joins to a group within this many seconds of the first one are welcomed by one message.")

    @api.model
    def default_get(self, fields):
        # Settings read system parameters as superuser and default_get checks no access:
        # without this, anyone could ask default_get(["hyc_pd_bot_secret"]) over RPC.
        if not (self.env.su or self.env.user.has_group("hyc_private_domain.group_operator_admin")):
            fields = [name for name in fields or [] if name != "hyc_pd_bot_secret"]
        return super().default_get(fields)

    @api.constrains("hyc_pd_wecom_max_retries", "hyc_pd_wecom_backoff", "hyc_pd_welcome_window")
    def _check_hyc_pd_numbers(self):
        for settings in self:
            if settings.hyc_pd_wecom_max_retries < 0 or settings.hyc_pd_wecom_backoff < 0 \
                    or settings.hyc_pd_welcome_window < 0:
                raise ValidationError(self.env._("Retries, back-off and the welcome window cannot be negative."))

    @api.constrains("hyc_pd_wecom_base_url")
    def _check_hyc_pd_base_url(self):
        for settings in self:
            if settings.hyc_pd_wecom_base_url and not wecom.is_web_url(settings.hyc_pd_wecom_base_url):
                raise ValidationError(self.env._("The WeCom base URL must be an http(s) address."))
