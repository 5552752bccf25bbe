from odoo import http
from odoo.http import request


class MembershipPortal(http.Controller):
    """/my/membership: the member's own cards, level, balances and ledger. Cards and
    ledger lines are read as the portal user, so the record rules (own cards only)
    decide what is shown; only program and level names are read with sudo."""

    def _hyc_member_values(self):
        partner_sudo = request.env.user.partner_id.sudo()
        sales_user = partner_sudo.user_id or partner_sudo.commercial_partner_id.user_id
        cards = request.env["loyalty.card"].search([("hyc_member_number", "!=", False)], order="id")
        ledger = request.env["hyc.member.ledger"].search([("card_id", "in", cards.ids)], limit=100)
        return {
            "page_name": "hyc_membership",
            "sales_user": sales_user if sales_user and not sales_user._is_public() else request.env["res.users"],
            "cards": cards,
            "card_info": {card.id: {"program": card.sudo().program_id.name,
                                    "level": card.sudo().hyc_level_id.name or False,
                                    "ewallet": card.program_type == "ewallet"} for card in cards},
            "ledger": ledger,
        }

    @http.route("/my/membership", type="http", auth="user", website=True)
    def portal_my_membership(self, **kw):
        return request.render("hyc_membership.portal_my_membership", self._hyc_member_values())
