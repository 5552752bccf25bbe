import json
import logging

from odoo import http
from odoo.http import request

from ..lib import faq
from ..models.hyc_pd_faq import PARAM_BOT_SECRET

_logger = logging.getLogger(__name__)


class HycPdBotController(http.Controller):
    """Inbound group messages from the WeCom side (a relay that reads the groups posts
    them here). The raw body is signed: header ``X-HYC-Signature: sha256=<hex>`` =
    HMAC-SHA256(body, shared secret of the system parameter hyc_private_domain.bot_secret).

    Body: {"chat_id": "...", "msg_id": "...", "text": "...",
           "from": {"userid": "...", "name": "...", "mobile": "..."}}
    """

    @http.route("/hyc_private_domain/bot/inbound", type="http", auth="public", methods=["POST"], csrf=False,
                save_session=False)
    def inbound(self, **_kwargs):
        body = request.httprequest.get_data()
        secret = request.env["ir.config_parameter"].sudo().get_param(PARAM_BOT_SECRET)
        if not faq.verify(secret, body, request.httprequest.headers.get("X-HYC-Signature", "")):
            _logger.info("keyword bot: refused a request with a bad signature")
            return request.make_json_response({"ok": False, "error": "bad signature"}, status=403)
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return request.make_json_response({"ok": False, "error": "body is not JSON"}, status=400)
        if not isinstance(payload, dict):
            return request.make_json_response({"ok": False, "error": "body must be an object"}, status=400)
        # authenticated by the shared secret: act as the system, like a cron would
        result = request.env["hyc.pd.bot.message"].sudo()._hyc_pd_receive(payload)
        return request.make_json_response(result, status=200 if result.get("ok") else 404)
