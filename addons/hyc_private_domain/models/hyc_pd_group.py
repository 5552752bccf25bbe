import logging

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import template as tpl
from ..lib import wecom

_logger = logging.getLogger(__name__)

PARAM_BASE_URL = "hyc_private_domain.wecom_base_url"
PARAM_MAX_RETRIES = "hyc_private_domain.wecom_max_retries"
PARAM_BACKOFF = "hyc_private_domain.wecom_backoff"


class HycDeliveryError(Exception):
    """A provider could not deliver. ``permanent`` failures need a human (bad key…)."""

    def __init__(self, message, permanent=True, errcode=None):
        super().__init__(message)
        self.permanent = permanent
        self.errcode = errcode


class HycPdGroup(models.Model):
    """A community group (社群) and the channel that reaches it.

    Channel providers: ``provider`` selects one; sending calls ``_hyc_pd_send_<provider>``
    (add a provider with ``selection_add`` and that one method). ``_hyc_pd_rate_key``
    names the resource a provider's rate limit applies to (the robot for WeCom)."""

    _name = "hyc.pd.group"
    _description = "Community Group"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    provider = fields.Selection(
        [("wecom_robot", "WeCom Group Robot"), ("email", "E-mail"), ("discuss", "Odoo Discuss")],
        string="Channel", required=True, default="wecom_robot", tracking=True,
    )
    robot_key = fields.Char(
        string="Robot Webhook Key", copy=False, groups="hyc_private_domain.group_operator_admin",
        help="The key of the group robot's webhook URL. A secret: whoever holds it can post to the group.",
    )
    has_robot_key = fields.Boolean(compute="_compute_has_robot_key", string="Robot Key Set")
    email_to = fields.Char(string="E-mail Address", help="Mailing-list address of the group (E-mail channel).")
    discuss_channel_id = fields.Many2one("discuss.channel")
    wecom_chat_id = fields.Char(string="WeCom Chat ID", index=True, copy=False,
                                help="Identifies the group in inbound bot messages.")
    owner_id = fields.Many2one("res.users", default=lambda self: self.env.user, tracking=True)
    assistant_ids = fields.Many2many("res.users", "hyc_pd_group_assistant_rel", "group_id", "user_id",
                                     string="Assistants")
    membership_ids = fields.One2many("hyc.pd.membership", "group_id", string="Join/Leave History")
    member_ids = fields.Many2many("res.partner", string="Members", compute="_compute_members",
                                  search="_search_member_ids")
    member_count = fields.Integer(compute="_compute_members", string="Members Count")
    rules = fields.Text(string="Group Rules", translate=False, help="入群须知 shown to new members.")
    tag_ids = fields.Many2many("hyc.pd.group.tag", string="Tags")
    welcome_template = fields.Text(
        string="Welcome Message",
        default="欢迎 {names} 加入{group}！请把群昵称改为「地区-肤质」，例如：北京-油皮。",
        help="Sent once per batch of joins, mentioning the new members. Placeholders: {names}, {group}.",
    )

    _sql_constraints = [
        ("wecom_chat_id_unique", "unique(company_id, wecom_chat_id)", "Another group has this WeCom chat ID."),
    ]

    @api.depends("provider", "robot_key")
    def _compute_has_robot_key(self):
        for group, key in zip(self, self.sudo().mapped("robot_key"), strict=True):
            group.has_robot_key = bool(key)

    @api.depends("membership_ids.is_active", "membership_ids.partner_id")
    def _compute_members(self):
        for group in self:
            partners = group.membership_ids.filtered("is_active").partner_id
            group.member_ids = partners
            group.member_count = len(partners)

    def _search_member_ids(self, operator, value):
        memberships = self.env["hyc.pd.membership"]._search([("is_active", "=", True), ("partner_id", operator, value)])
        return [("id", "in", memberships.subselect("group_id"))]

    # -- membership --------------------------------------------------------------------
    def hyc_pd_add_members(self, partner_ids, source="manual", join_date=None):
        """Open a stay for each partner not in the group yet; returns the new memberships."""
        self.ensure_one()
        # a stay closed just before must reach the database before the partial unique index checks
        self.env["hyc.pd.membership"].flush_model(["leave_date", "is_active"])
        active = set(self.membership_ids.filtered("is_active").partner_id.ids)
        vals = [
            {"group_id": self.id, "partner_id": pid, "source": source, "join_date": join_date or fields.Datetime.now()}
            for pid in dict.fromkeys(partner_ids) if pid not in active
        ]
        return self.env["hyc.pd.membership"].create(vals)

    def hyc_pd_upsert_members(self, members):
        """API (XML-RPC): ``members`` = [{"name", "mobile", "userid", "nickname"}]. Finds or
        creates each contact, records its nickname, and adds it to the group. Returns
        [{"partner_id", "joined", "nickname"}], nickname being "parsed", "unparsed" or False
        when none was given (XML-RPC has no None)."""
        self.ensure_one()
        self.check_access("write")
        Partner = self.env["res.partner"].sudo()
        result = []
        for member in members:
            if not member.get("name"):
                raise UserError(self.env._("Every member needs a name."))
            partner = Partner._hyc_pd_find_or_create(member["name"], member.get("mobile"), member.get("userid"))
            status = False
            if member.get("nickname") is not None:
                parsed = partner.hyc_pd_set_nickname(member["nickname"])[partner.id]
                status = "parsed" if parsed else "unparsed"
            joined = bool(self.hyc_pd_add_members(partner.ids, source="api"))
            result.append({"partner_id": partner.id, "joined": joined, "nickname": status})
        return result

    @api.model
    def hyc_pd_record_nicknames(self, nicknames):
        """API (XML-RPC): {partner id (string): nickname} → {partner id: parsed?}, for
        members of groups the caller may manage."""
        partner_ids = [int(key) for key in nicknames]
        memberships = self.env["hyc.pd.membership"].search([("partner_id", "in", partner_ids)])
        allowed = set(memberships.partner_id.ids)
        memberships.group_id.check_access("write")
        missing = set(partner_ids) - allowed
        if missing:
            raise UserError(self.env._("These contacts are in none of your groups: %s", sorted(missing)))
        result = {}
        for key, nickname in nicknames.items():
            partner = self.env["res.partner"].sudo().browse(int(key))
            result[str(partner.id)] = partner.hyc_pd_set_nickname(nickname)[partner.id]
        return result

    def hyc_pd_remove_members(self, partner_ids):
        self.ensure_one()
        stays = self.membership_ids.filtered(lambda m: m.is_active and m.partner_id.id in partner_ids)
        stays.action_leave()
        return stays

    def action_welcome_new_members(self):
        """Queue one welcome message per group for the members not welcomed yet."""
        for group in self:
            pending = group.membership_ids.filtered(lambda m: m.is_active and not m.welcomed).sorted("id")
            if not pending or not group.welcome_template:
                continue
            partners = pending.partner_id
            body = tpl.render(group.welcome_template, {
                "names": " ".join("@" + (p.hyc_pd_nickname or p.name) for p in partners), "group": group.name,
            })
            mobiles = [p.mobile.replace(" ", "") for p in partners if p.mobile]
            pending.welcomed = True
            group.with_delay(description=f"Welcome new members of {group.name}")._hyc_pd_send_job(body, mobiles)
        return True

    def _hyc_pd_send_job(self, body, mentioned_mobiles=None):
        """Queue-job entry point for a one-off message to this group (welcome…)."""
        self.ensure_one()
        return self._hyc_pd_send(body, mentioned_mobiles=mentioned_mobiles)

    # -- channel providers -------------------------------------------------------------
    def _hyc_pd_rate_key(self):
        """Key of the rate-limited resource (one per robot) or False when unlimited."""
        self.ensure_one()
        if self.provider == "wecom_robot":
            return "wecom:" + (self.sudo().robot_key or f"missing-{self.id}")
        return False

    def _hyc_pd_send(self, body, msgtype="text", mentioned_mobiles=None, mention_all=False):
        """Deliver ``body`` to the group; returns a short note, raises HycDeliveryError."""
        self.ensure_one()
        if not body:
            raise HycDeliveryError(self.env._("The message is empty."))
        method = getattr(self, f"_hyc_pd_send_{self.provider}", None)
        if method is None:
            raise HycDeliveryError(self.env._("Channel %s cannot send messages.", self.provider))
        return method(body, msgtype=msgtype, mentioned_mobiles=mentioned_mobiles or [], mention_all=mention_all)

    def _hyc_pd_wecom_client(self):
        params = self.env["ir.config_parameter"].sudo()
        try:
            return wecom.WeComRobotClient(
                self.sudo().robot_key,
                base_url=params.get_param(PARAM_BASE_URL) or wecom.DEFAULT_BASE_URL,
                max_retries=int(params.get_param(PARAM_MAX_RETRIES, 3)),
                backoff=float(params.get_param(PARAM_BACKOFF, 2.0)),
            )
        except wecom.WeComError as error:
            raise HycDeliveryError(self.env._("The group has no robot webhook key."), errcode=error.errcode) from error

    def _hyc_pd_send_wecom_robot(self, body, msgtype, mentioned_mobiles, mention_all):
        client = self._hyc_pd_wecom_client()
        try:
            if msgtype == "markdown":
                result = client.send_markdown(body)
            else:
                result = client.send_text(body, mentioned_mobile_list=mentioned_mobiles,
                                          mentioned_list=["@all"] if mention_all else None)
        except wecom.WeComError as error:
            if error.errcode == wecom.ERR_INVALID_WEBHOOK:
                message = self.env._("WeCom error 93000: the robot webhook key is invalid.")
            elif error.errcode == wecom.ERR_FREQUENCY_LIMIT:
                message = self.env._("WeCom error 45009: more than 20 messages a minute for this robot.")
            else:
                message = self.env._("WeCom error: %s", str(error))
            raise HycDeliveryError(message, permanent=error.permanent, errcode=error.errcode) from error
        return self.env._("WeCom accepted %s message(s).", len(result.responses))

    def _hyc_pd_send_email(self, body, msgtype, mentioned_mobiles, mention_all):
        if not self.email_to:
            raise HycDeliveryError(self.env._("The group has no e-mail address."))
        mail = self.env["mail.mail"].sudo().create({
            "subject": self.name,
            "email_to": self.email_to,
            "body_html": _plain_html(body),
            "auto_delete": False,
        })
        return self.env._("Queued as e-mail %s.", mail.id)

    def _hyc_pd_send_discuss(self, body, msgtype, mentioned_mobiles, mention_all):
        if not self.discuss_channel_id:
            raise HycDeliveryError(self.env._("The group has no Discuss channel."))
        message = self.discuss_channel_id.sudo().message_post(
            body=_plain_html(body), message_type="comment", subtype_xmlid="mail.mt_comment",
        )
        return self.env._("Posted as Discuss message %s.", message.id)

    def action_send_test_message(self):
        self.ensure_one()
        try:
            note = self._hyc_pd_send(self.env._("Test message from Odoo for %s", self.name))
        except HycDeliveryError as error:
            raise UserError(str(error)) from error
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"type": "success", "message": note, "sticky": False}}


def _plain_html(text):
    return Markup("<br/>").join(escape(line) for line in (text or "").split("\n"))
