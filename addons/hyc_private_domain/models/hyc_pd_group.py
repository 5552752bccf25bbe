import json
import logging

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import template as tpl
from ..lib import wecom

_logger = logging.getLogger(__name__)

PARAM_BASE_URL = "hyc_private_domain.wecom_base_url"
PARAM_MAX_RETRIES = "hyc_private_domain.wecom_max_retries"
PARAM_BACKOFF = "hyc_private_domain.wecom_backoff"
PARAM_WELCOME_WINDOW = "hyc_private_domain.welcome_window"
PARAM_NICKNAME_PATTERN = "hyc_private_domain.nickname_pattern"
DEFAULT_WELCOME_WINDOW = 60  # seconds: joins within it share one welcome message
DEFAULT_NICKNAME_PATTERN = "地区-肤质"
WELCOME_PLACEHOLDERS = {"names", "group", "pattern"}


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
        [("wecom_robot", "WeCom Group Robot"), ("email", "E-mail"), ("member_email", "E-mail to Each Member"),
         ("discuss", "Odoo Discuss")],
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
        default="欢迎 {names} 加入{group}！请把群昵称改为「{pattern}」，例如：北京-油皮。",
        help="Sent once per batch of joins, mentioning the new members. Placeholders: {names}, {group}, "
             "{pattern} (the nickname pattern of the settings).",
    )
    auto_welcome = fields.Boolean(
        string="Welcome Automatically", default=True,
        help="Joins (from the form, an import or the API) are welcomed automatically: the joins of one "
             "batch window (Settings) share one message mentioning all of them.")
    welcome_pending_count = fields.Integer(compute="_compute_welcome_pending_count", string="To Welcome")

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

    @api.depends("membership_ids.welcome_state", "membership_ids.is_active")
    def _compute_welcome_pending_count(self):
        for group in self:
            group.welcome_pending_count = len(group.membership_ids.filtered(
                lambda m: m.is_active and m.welcome_state == "pending"))

    @api.constrains("welcome_template")
    def _check_welcome_template(self):
        for group in self:
            unknown = tpl.unknown_placeholders(group.welcome_template, WELCOME_PLACEHOLDERS)
            if unknown:
                raise ValidationError(self.env._("Unknown placeholders in the welcome message: %s",
                                                 ", ".join(unknown)))

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

    # -- welcome (入群欢迎) ------------------------------------------------------------------
    def _hyc_pd_schedule_welcome(self):
        """Make sure one welcome job is waiting for each group: the first join of a quiet
        group queues it ``welcome_window`` seconds ahead; later joins find it waiting
        (queue_job identity key per group) and are mentioned by the same message."""
        params = self.env["ir.config_parameter"].sudo()
        window = int(params.get_param(PARAM_WELCOME_WINDOW, DEFAULT_WELCOME_WINDOW) or 0)
        # a group reached by e-mail to each member has no common room to be welcomed in
        for group in self.filtered(lambda g: g.active and g.auto_welcome and g.welcome_template
                                   and g.provider != "member_email"):
            group.with_delay(
                eta=window or None, identity_key=f"hyc_pd_welcome:{group.id}",
                description=f"Welcome new members of {group.name}",
            )._hyc_pd_welcome_job()
        return True

    def _hyc_pd_lock_pending_welcomes(self):
        """The joins still to welcome, locked: a second welcome job of the group (a
        requeued twin) waits here, then fails to serialize and is retried by the job
        runner, finding nothing left to welcome."""
        self.ensure_one()
        Membership = self.env["hyc.pd.membership"]
        Membership.flush_model(["welcome_state", "leave_date", "group_id"])
        self.env.cr.execute("""
            SELECT id FROM hyc_pd_membership
            WHERE group_id = %s AND welcome_state = 'pending' AND leave_date IS NULL
            ORDER BY join_date, id FOR NO KEY UPDATE
        """, [self.id])
        ids = [row[0] for row in self.env.cr.fetchall()]
        Membership.invalidate_model(["welcome_state"])
        return Membership.browse(ids)

    def _hyc_pd_welcome_message(self, partners):
        """(text, mobiles to mention): every newcomer named in the text (by nickname or
        name, so those without a mobile are greeted too), mobiles mentioned once each."""
        self.ensure_one()
        pattern = self.env["ir.config_parameter"].sudo().get_param(PARAM_NICKNAME_PATTERN) or DEFAULT_NICKNAME_PATTERN
        body = tpl.render(self.welcome_template, {
            "names": " ".join("@" + (p.hyc_pd_nickname or p.name) for p in partners),
            "group": self.name, "pattern": pattern,
        })
        mobiles = list(dict.fromkeys(p.mobile.replace(" ", "") for p in partners if p.mobile))
        return body, mobiles

    def _hyc_pd_send_welcome(self):
        """Send one message welcoming every pending join of the group. Returns a note, or
        False when there was nobody to welcome. A permanent channel failure marks the
        joins "Welcome Failed"; a transient one raises HycDeliveryError (nothing changed)."""
        self.ensure_one()
        pending = self._hyc_pd_lock_pending_welcomes()
        if not pending or not self.welcome_template:
            return False
        body, mobiles = self._hyc_pd_welcome_message(pending.partner_id)
        try:
            note = self._hyc_pd_send(body, mentioned_mobiles=mobiles)
        except HycDeliveryError as error:
            if not error.permanent:
                raise
            pending.write({"welcome_state": "failed"})
            self.message_post(body=self.env._("The welcome message could not be sent: %s", str(error)))
            return str(error)
        pending.write({"welcome_state": "sent", "welcomed_at": fields.Datetime.now()})
        return note

    def _hyc_pd_welcome_job(self):
        """Queue-job entry point of the batched welcome."""
        # imported here: queue_job cannot be imported outside a running Odoo (lib tests)
        from odoo.addons.queue_job.exception import RetryableJobError

        self.ensure_one()
        try:
            note = self._hyc_pd_send_welcome()
        except HycDeliveryError as error:
            # transient (rate limit, WeCom busy): roll back and let queue_job retry later
            raise RetryableJobError(str(error), seconds=60) from error
        return note or f"nobody to welcome in group {self.id}"

    def action_welcome_new_members(self):
        """Button: welcome now the members not welcomed yet (also those whose welcome
        failed), without waiting for the batch window."""
        notes = []
        for group in self:
            group.membership_ids.filtered(lambda m: m.is_active and m.welcome_state == "failed").write(
                {"welcome_state": "pending"})
            try:
                note = group._hyc_pd_send_welcome()
            except HycDeliveryError as error:
                raise UserError(str(error)) from error
            if note:
                notes.append(note)
        message = "\n".join(notes) or self.env._("Nobody is waiting for a welcome.")
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"type": "info", "message": message, "sticky": False}}

    def _hyc_pd_send_job(self, body, mentioned_mobiles=None):
        """Queue-job entry point for a one-off message to this group."""
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
            elif msgtype == "news":
                result = client.send_news(json.loads(body))
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
            "body_html": _news_html(body) if msgtype == "news" else _plain_html(body),
            "auto_delete": False,
        })
        return self.env._("Queued as e-mail %s.", mail.id)

    def _hyc_pd_send_member_email(self, body, msgtype, mentioned_mobiles, mention_all):
        """One e-mail per member with an address, queued in Odoo's mail queue in one
        batch (as mass mailing does); Odoo's mail queue delivers them."""
        self.env["hyc.pd.membership"].flush_model(["group_id", "partner_id", "leave_date"])
        self.env["res.partner"].flush_model(["email"])
        self.env.cr.execute("""
            SELECT DISTINCT m.partner_id FROM hyc_pd_membership m JOIN res_partner p ON p.id = m.partner_id
            WHERE m.group_id = %s AND m.leave_date IS NULL AND coalesce(p.email, '') != ''
            ORDER BY m.partner_id
        """, [self.id])
        partners = self.env["res.partner"].sudo().browse([row[0] for row in self.env.cr.fetchall()])
        if not partners:
            raise HycDeliveryError(self.env._("No member of the group has an e-mail address."))
        html = _news_html(body) if msgtype == "news" else _plain_html(body)
        self.env["mail.mail"].sudo().create([
            {"subject": self.name, "email_to": partner.email_formatted, "body_html": html,
             "auto_delete": True}
            for partner in partners
        ])
        return self.env._("Queued %s e-mails to the members.", len(partners))

    def _hyc_pd_send_discuss(self, body, msgtype, mentioned_mobiles, mention_all):
        if not self.discuss_channel_id:
            raise HycDeliveryError(self.env._("The group has no Discuss channel."))
        message = self.discuss_channel_id.sudo().message_post(
            body=_news_html(body) if msgtype == "news" else _plain_html(body),
            message_type="comment", subtype_xmlid="mail.mt_comment",
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


def _news_html(body):
    """A news message (JSON list of articles) as HTML links for e-mail and Discuss."""
    parts = []
    for article in json.loads(body):
        link = Markup('<a href="%s">%s</a>') % (article["url"], article["title"])
        if article.get("description"):
            link += Markup("<br/>") + escape(article["description"])
        parts.append(Markup("<p>%s</p>") % link)
    return Markup("").join(parts)
