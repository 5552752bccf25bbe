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
            "card_info": {card.id: self._hyc_card_info(card) for card in cards},
            "ledger": ledger,
            "show_growth": any(ledger.mapped("growth")),
        }

    def _hyc_card_info(self, card):
        card_sudo = card.sudo()
        program = card_sudo.program_id
        info = {"program": program.name, "level": card_sudo.hyc_level_id.name or False,
                "ewallet": card.program_type == "ewallet", "growth": False, "next_level": False, "to_next": 0.0}
        if program.hyc_level_basis == "growth" and card.program_type == "loyalty":
            # 成长值 and what the next level still needs: what members ask first
            info["growth"] = card_sudo.hyc_growth_value
            higher = program.hyc_level_ids.filtered(lambda level: level.threshold > info["growth"]).sorted("threshold")
            if higher:
                info["next_level"] = higher[0].name
                info["to_next"] = higher[0].threshold - info["growth"]
        return info

    @http.route("/my/membership", type="http", auth="user", website=True)
    def portal_my_membership(self, **kw):
        return request.render("hyc_membership.portal_my_membership", self._hyc_member_values())
