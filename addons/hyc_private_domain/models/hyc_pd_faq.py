from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import faq

PARAM_BOT_SECRET = "hyc_private_domain.bot_secret"
# A request for a human this soon after an automatic answer to the same member counts as
# a miss of that answer (答非所问).
MISS_WINDOW = timedelta(minutes=10)


class HycPdFaq(models.Model):
    """A keyword-bot answer (机器人小助手): keywords or a regular expression → an answer."""

    _name = "hyc.pd.faq"
    _description = "Keyword Bot Answer"
    _order = "sequence, id"

    name = fields.Char(string="Question", required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    keywords = fields.Char(help="Separated by commas, e.g. 直播时间，几点直播")
    pattern = fields.Char(string="Regular Expression", help="Optional, e.g. (退|换)货")
    answer = fields.Text(required=True)
    hit_count = fields.Integer(string="Hits", readonly=True, copy=False, default=0)
    miss_count = fields.Integer(
        string="Misses", readonly=True, copy=False, default=0,
        help="Times a member asked for a human within 10 minutes of getting this answer.")

    @api.constrains("keywords", "pattern")
    def _check_match_rule(self):
        for entry in self:
            if not faq.split_keywords(entry.keywords) and not entry.pattern:
                raise ValidationError(self.env._("Give keywords or a regular expression."))
            error = entry.pattern and faq.check_pattern(entry.pattern)
            if error:
                raise ValidationError(self.env._("The regular expression is invalid: %s", error))

    def _hyc_pd_count(self, field):
        """Atomic increment: several workers answer at once."""
        assert field in ("hit_count", "miss_count")
        self.env.cr.execute(f"UPDATE hyc_pd_faq SET {field} = COALESCE({field}, 0) + 1 WHERE id IN %s", [tuple(self.ids)])
        self.invalidate_recordset([field])

    def _hyc_pd_entries(self):
        return [faq.FaqEntry(e.id, faq.split_keywords(e.keywords), e.pattern or "", e.sequence) for e in self]


class HycPdBotMessage(models.Model):
    """Every inbound group message the bot saw, with what it did (the bot's log and the
    source of its statistics). Unique per WeCom message id: a webhook retried by the
    sender is answered once."""

    _name = "hyc.pd.bot.message"
    _description = "Keyword Bot Inbound Message"
    _order = "id desc"

    msg_id = fields.Char(string="Message ID", required=True, index=True)
    group_id = fields.Many2one("hyc.pd.group", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="group_id.company_id", store=True)
    sender_userid = fields.Char(string="Sender ID", index=True)
    sender_name = fields.Char(string="Sender")
    sender_mobile = fields.Char()
    text = fields.Text(required=True)
    result = fields.Selection(
        [(faq.ANSWER, "Answered"), (faq.HUMAN, "Asked for a Human"), (faq.MISS, "No Answer")], required=True,
    )
    faq_id = fields.Many2one("hyc.pd.faq", string="Answer Given", ondelete="set null")
    conversation_id = fields.Many2one("hyc.pd.bot.conversation", ondelete="set null")

    _sql_constraints = [("msg_unique", "unique(group_id, msg_id)", "This message was already received.")]

    @api.model
    def _hyc_pd_receive(self, payload):
        """Handle one inbound message (already authenticated). Returns the JSON answer."""
        group = self.env["hyc.pd.group"].search([("wecom_chat_id", "=", payload.get("chat_id") or "")], limit=1)
        if not group:
            return {"ok": False, "error": "unknown chat_id"}
        msg_id = str(payload.get("msg_id") or "")
        text = str(payload.get("text") or "").strip()
        if not msg_id or not text:
            return {"ok": False, "error": "msg_id and text are required"}
        seen = self.search([("group_id", "=", group.id), ("msg_id", "=", msg_id)], limit=1)
        if seen:
            return seen._hyc_pd_response(duplicate=True)
        sender = payload.get("from") or {}
        entries = self.env["hyc.pd.faq"].search([("company_id", "=", group.company_id.id)])
        found = faq.match(text, entries._hyc_pd_entries())
        message = self.create({
            "msg_id": msg_id, "group_id": group.id, "text": text, "result": found.kind,
            "sender_userid": sender.get("userid") or False, "sender_name": sender.get("name") or False,
            "sender_mobile": sender.get("mobile") or False,
            "faq_id": found.entry_id or False,
        })
        if found.kind == faq.ANSWER:
            message.faq_id._hyc_pd_count("hit_count")
            mobiles = [message.sender_mobile] if message.sender_mobile else []
            group.with_delay(description=f"Bot answer in {group.name}")._hyc_pd_send_job(
                message.faq_id.answer, mobiles)
        else:
            if found.kind == faq.HUMAN:
                message._hyc_pd_count_miss_of_last_answer()
            message.conversation_id = self.env["hyc.pd.bot.conversation"]._hyc_pd_open(message)
        return message._hyc_pd_response()

    def _hyc_pd_count_miss_of_last_answer(self):
        self.ensure_one()
        if not self.sender_userid:
            return
        last = self.search([
            ("group_id", "=", self.group_id.id), ("sender_userid", "=", self.sender_userid),
            ("result", "=", faq.ANSWER), ("id", "!=", self.id),
            ("create_date", ">=", fields.Datetime.now() - MISS_WINDOW),
        ], order="id desc", limit=1)
        if last.faq_id:
            last.faq_id._hyc_pd_count("miss_count")

    def _hyc_pd_response(self, duplicate=False):
        self.ensure_one()
        response = {"ok": True, "action": self.result, "duplicate": duplicate}
        if self.result == faq.ANSWER:
            response.update(answer=self.faq_id.answer, faq_id=self.faq_id.id)
        else:
            response.update(conversation_id=self.conversation_id.id)
        return response


class HycPdBotConversation(models.Model):
    """A question the bot could not answer (or a request for a human), waiting for an
    assistant in Odoo; the assistant's answer goes back to the group."""

    _name = "hyc.pd.bot.conversation"
    _description = "Assistant Conversation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(required=True)
    group_id = fields.Many2one("hyc.pd.group", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="group_id.company_id", store=True)
    sender_name = fields.Char(string="Member")
    sender_mobile = fields.Char(string="Member Mobile")
    question = fields.Text(required=True, readonly=True)
    reason = fields.Selection([(faq.HUMAN, "Asked for a Human"), (faq.MISS, "No Answer")], required=True,
                              readonly=True)
    assistant_id = fields.Many2one("res.users", tracking=True)
    answer = fields.Text()
    state = fields.Selection([("open", "Open"), ("answered", "Answered")], default="open", required=True,
                             tracking=True)
    message_ids_count = fields.Integer(compute="_compute_inbound_count", string="Inbound Messages")

    def _compute_inbound_count(self):
        data = self.env["hyc.pd.bot.message"]._read_group(
            [("conversation_id", "in", self.ids)], ["conversation_id"], ["__count"])
        counts = {conversation.id: count for conversation, count in data}
        for conversation in self:
            conversation.message_ids_count = counts.get(conversation.id, 0)

    @api.model
    def _hyc_pd_open(self, message):
        """The member's open conversation in that group, or a new one with an activity
        for the group's first assistant (else its owner)."""
        group = message.group_id
        if message.sender_userid:
            existing = self.env["hyc.pd.bot.message"].search(
                [("group_id", "=", group.id), ("sender_userid", "=", message.sender_userid),
                 ("conversation_id.state", "=", "open"), ("id", "!=", message.id)], limit=1)
            if existing:
                existing.conversation_id.message_post(body=message.text)
                return existing.conversation_id
        assistant = group.assistant_ids[:1] or group.owner_id
        conversation = self.create({
            "name": f"{group.name} · {message.sender_name or message.sender_userid or '?'}",
            "group_id": group.id, "sender_name": message.sender_name, "sender_mobile": message.sender_mobile,
            "question": message.text, "reason": message.result, "assistant_id": assistant.id,
        })
        if assistant:
            conversation.activity_schedule(
                "mail.mail_activity_data_todo", user_id=assistant.id,
                summary=self.env._("Answer %(member)s in %(group)s", member=message.sender_name or "?",
                                   group=group.name),
                note=message.text,
            )
        return conversation

    def action_send_answer(self):
        """Post the assistant's answer to the group (mentioning the member) and close."""
        for conversation in self:
            if conversation.state != "open":
                raise UserError(self.env._("This conversation has been answered already."))
            if not (conversation.answer or "").strip():
                raise UserError(self.env._("Write the answer first."))
            mobiles = [conversation.sender_mobile] if conversation.sender_mobile else []
            conversation.group_id.with_delay(description=f"Assistant answer in {conversation.group_id.name}")\
                ._hyc_pd_send_job(conversation.answer, mobiles)
            conversation.state = "answered"
            conversation.activity_ids.action_feedback(feedback=conversation.answer)
        return True

    def action_save_as_faq(self):
        """Turn the answer into a keyword-bot entry to be completed (keywords)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "hyc.pd.faq", "view_mode": "form", "target": "new",
            "context": {"default_name": self.question, "default_answer": self.answer,
                        "default_company_id": self.company_id.id},
        }
