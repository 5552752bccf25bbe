"""Members in the POS (MEM-1, MEM-3, MEM-6, issue point 10).

pos_loyalty downloads every card of every program the till runs. Member cards are
left out of that download (a chain has hundreds of thousands of them): the till asks
the server for one member by mobile, member number or card code (indexed keys) and
loads only that member's partner and cards.

What an order does to a member's balances is decided by the server when the order is
synced, under the card's row lock (loyalty.card._hyc_apply), with idempotency keys
named after the order's uuid: points earned (or taken back by a refund, in
proportion), points spent on rewards, stored value paid with a stored-value payment
method. pos_loyalty's own point changes of member cards, computed by the till and
sent after the sync, are dropped: the ledger has already booked them once.
"""

from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, float_is_zero, ormcache

from ..lib import earning, stored_value
from .loyalty_card import normalize_mobile


class PosConfig(models.Model):
    _inherit = "pos.config"

    def _hyc_member_programs(self):
        """The member programs this till runs: the points programs by the rules of
        pos_loyalty's _get_program_ids (applied to the few member programs only, a
        lookup and a sync run per customer and per order), and the stored value
        programs of its payment methods."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        program_ids = self._hyc_member_program_ids(self.id, self.company_id.id, today,
                                                   self.env.context.get("active_test", True))
        programs = self.env["loyalty.program"].sudo().browse(program_ids)
        # usage limits count orders: never cached
        return programs.filtered(lambda program: (
            program.program_type != "loyalty" or not program.limit_usage
            or program.total_order_count < program.max_usage))

    @api.model
    @ormcache("config_id", "company_id", "today", "active_test")
    def _hyc_member_program_ids(self, config_id, company_id, today, active_test):
        """Ids of the member programs a till may run on `today` (see
        _hyc_member_programs), cached: every synced order and every member lookup
        asks for them, and they change only when a program, a payment method or a
        till's payment methods change, which clears the cache (see the write,
        create and unlink of loyalty.program, pos.payment.method and pos.config)."""
        stored_value = self.env["pos.payment.method"].sudo().with_context(active_test=active_test)._search(
            [("config_ids", "in", config_id), ("hyc_stored_value_program_id", "!=", False)])
        points = [("program_type", "=", "loyalty"), ("pos_ok", "=", True),
                  ("company_id", "in", (False, company_id)),
                  "|", ("pos_config_ids", "=", False), ("pos_config_ids", "in", config_id),
                  "|", ("date_from", "=", False), ("date_from", "<=", today),
                  "|", ("date_to", "=", False), ("date_to", ">=", today)]
        # one query for both kinds
        return tuple(self.env["loyalty.program"].sudo().with_context(active_test=active_test).search(expression.AND([
            [("hyc_member_program", "=", True)],
            expression.OR([points, [("id", "in", stored_value.subselect("hyc_stored_value_program_id"))]]),
        ])).ids)

    def write(self, vals):
        if "payment_method_ids" in vals:
            self.env.registry.clear_cache()  # _hyc_member_program_ids reads the till's stored value methods
        return super().write(vals)


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    hyc_stored_value_program_id = fields.Many2one(
        "loyalty.program", string="Stored Value Program",
        domain=[("program_type", "=", "ewallet"), ("hyc_member_program", "=", True)],
        help="Payments with this method are paid from the customer's stored value card of this program: "
             "debited when the order is synced, refused if the balance does not cover them.")

    @api.constrains("hyc_stored_value_program_id", "journal_id", "split_transactions")
    def _check_hyc_stored_value(self):
        for method in self.filtered("hyc_stored_value_program_id"):
            if method.journal_id or not method.split_transactions:
                raise ValidationError(self.env._(
                    "A stored value payment method has no journal and identifies the customer "
                    "(the customer's card pays)."))

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + ["hyc_stored_value_program_id"]

    # what _hyc_member_program_ids reads of a payment method (its cache is cleared when it changes)
    _HYC_MEMBER_PROGRAM_FIELDS = ("hyc_stored_value_program_id", "config_ids", "active")

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("hyc_stored_value_program_id") for vals in vals_list):
            self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if any(name in vals for name in self._HYC_MEMBER_PROGRAM_FIELDS):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        if self.filtered("hyc_stored_value_program_id"):
            self.env.registry.clear_cache()
        return super().unlink()


class PosSession(models.Model):
    _inherit = "pos.session"

    def _reconcile_account_move_lines(self, data):
        data = super()._reconcile_account_move_lines(data)
        self._hyc_reconcile_stored_value()
        return data

    def _hyc_reconcile_stored_value(self):
        """The closing entry charges the customer's receivable for each stored value
        payment ("Identify Customer" line, one per payment); the stored value entries
        of the session's orders (with stored value accounting) credit it for what the
        card paid and debit it for what a refund put back. Both are reconciled, per
        customer: the customer owes nothing for what stored value paid."""
        self.ensure_one()
        methods = self.payment_method_ids.filtered("hyc_stored_value_program_id")
        if not methods or not self.move_id:
            return
        stored_moves = self.env["hyc.member.ledger"].sudo().search([
            ("source_model", "=", "pos.order"), ("source_id", "in", self.order_ids.ids),
            ("move_id", "!=", False)]).move_id
        names = {f"{self.name} - {method.name}" for method in methods}
        candidates = (stored_moves.line_ids | self.move_id.line_ids.filtered(lambda line: line.name in names)).filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled and line.partner_id)
        for account in candidates.account_id:
            for partner in candidates.partner_id.commercial_partner_id:
                same = candidates.filtered(lambda line, account=account, partner=partner: (
                    line.account_id == account and line.partner_id.commercial_partner_id == partner))
                if same.filtered(lambda line: line.amount_residual > 0) and same.filtered(lambda line: line.amount_residual < 0):
                    same.reconcile()


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _process_saved_order(self, draft):
        if not draft and self.state != "cancel":
            self._hyc_member_sync()
        return super()._process_saved_order(draft)

    def _generate_pos_order_invoice(self):
        moves = super()._generate_pos_order_invoice()
        self._hyc_settle_invoice()
        return moves

    def _hyc_settle_invoice(self):
        """Odoo makes no payment for a stored value ("Customer Account") payment of an
        invoiced order: its invoice (or a refund's credit note) stays open for it. The
        order's stored value entry (with stored value accounting) settles it: both are
        on the customer's receivable and are reconciled, open residuals only."""
        Ledger = self.env["hyc.member.ledger"].sudo()
        for order in self.sudo():
            invoice = order.account_move.filtered(lambda move: move.state == "posted")
            if not invoice:
                continue
            stored = Ledger.search([("source_model", "=", "pos.order"), ("source_id", "=", order.id),
                                    ("move_id", "!=", False)]).move_id.line_ids
            candidates = (stored | invoice.line_ids).filtered(
                lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled)
            for account in (stored & candidates).account_id:
                same = candidates.filtered(lambda line, account=account: line.account_id == account)
                if same.filtered(lambda line: line.amount_residual > 0) and same.filtered(lambda line: line.amount_residual < 0):
                    same.reconcile()

    def _hyc_member_sync(self):
        """What the order does to its member's balances, booked once in the ledger."""
        self.ensure_one()
        self._hyc_pay_stored_value()
        self._hyc_redeem_reward_points()
        if not self.partner_id:
            return
        programs = self._hyc_member_points_programs()
        origin = self.lines.refunded_orderline_id.order_id
        for program in programs:
            card = self._hyc_enrol(program)
            if origin:
                self._hyc_take_back_points(card, origin)
            else:
                card.hyc_earn_for_order(self)

    def _hyc_member_points_programs(self):
        return self.config_id._hyc_member_programs().filtered(lambda program: program.program_type == "loyalty")

    def _hyc_enrol(self, program):
        """The customer's card of the member program, created on the first purchase
        (as pos_loyalty gives a customer a loyalty card); the mobile becomes a lookup
        key unless another member of the program already has it."""
        Card = self.env["loyalty.card"].sudo()
        # fetched with what earning reads of the card (one query)
        card = Card.search_fetch([("program_id", "=", program.id), ("partner_id", "=", self.partner_id.id),
                                  ("hyc_member_number", "!=", False)],
                                 ["program_id", "partner_id", "hyc_member_number", "hyc_level_id", "points"], limit=1)
        if card:
            return card
        mobile = normalize_mobile(self.partner_id.mobile or self.partner_id.phone)
        if mobile and Card.search_count([("program_id", "=", program.id), ("hyc_mobile", "=", mobile)], limit=1):
            mobile = False
        return Card.create({"program_id": program.id, "partner_id": self.partner_id.id, "hyc_mobile": mobile})

    def _hyc_member_card(self, program):
        card = self.env["loyalty.card"].sudo().search([
            ("program_id", "=", program.id), ("partner_id", "=", self.partner_id.id),
            ("hyc_member_number", "!=", False)], limit=1)
        if not card:
            raise UserError(self.env._("%(customer)s has no card of %(program)s to pay with.",
                                       customer=self.partner_id.name or self.env._("An anonymous customer"),
                                       program=program.name))
        return card

    def _hyc_pay_stored_value(self):
        """Stored value payments debit the member's card under its row lock; the
        order is refused (nothing is saved) if the balance does not cover them."""
        per_program = defaultdict(float)
        for payment in self.payment_ids:
            if payment.payment_method_id.hyc_stored_value_program_id:
                per_program[payment.payment_method_id.hyc_stored_value_program_id] += payment.amount
        for program, amount in per_program.items():
            amount = self.currency_id.round(amount)
            if float_is_zero(amount, precision_rounding=self.currency_id.rounding):
                continue
            card = self._hyc_member_card(program)
            if amount > 0:
                card.hyc_spend(amount, source=self, key=f"spend:{card._hyc_order_key(self)}:{card.id}")
            else:
                self._hyc_give_back_stored_value(card, -amount)

    def _hyc_give_back_stored_value(self, card, amount):
        """A refund paid back onto the card returns what the refunded order took from
        it, paid and bonus parts in the proportion it took them."""
        origin = self.lines.refunded_orderline_id.order_id
        Ledger = self.env["hyc.member.ledger"].sudo()
        spent = Ledger.search([("card_id", "=", card.id),
                               ("idempotency_key", "=", f"spend:{card._hyc_order_key(origin)}:{card.id}")]) if origin else Ledger
        if not spent:
            raise UserError(self.env._("Only an order paid with stored value can be refunded onto the card."))
        back_key = f"return:{card._hyc_order_key(origin)}:"
        given = Ledger.search([("card_id", "=", card.id), ("idempotency_key", "=like", back_key + "%")])

        def left(bucket):
            return (-sum(spent.filtered(lambda line: line.bucket == bucket).mapped("amount"))
                    - sum(given.filtered(lambda line: line.bucket == bucket).mapped("amount")))
        try:
            paid, bonus = stored_value.split_spend(left("paid"), left("bonus"), amount,
                                                   Decimal(str(self.currency_id.rounding)))
        except stored_value.InsufficientBalance:
            raise UserError(self.env._("Only %(amount)s paid with stored value by %(order)s can go back onto the card.",
                                       amount=left("paid") + left("bonus"), order=origin.name)) from None
        card._hyc_apply([("paid", float(paid), "reverse"), ("bonus", float(bonus), "reverse")], source=self,
                        key=f"{back_key}{self.uuid}:{card.id}")

    def _hyc_redeem_reward_points(self):
        """Points spent on pos_loyalty rewards claimed with a member card."""
        cost = defaultdict(float)
        for line in self.lines.filtered(lambda line: line.coupon_id.hyc_member_number and line.points_cost):
            cost[line.coupon_id] += line.points_cost
        for card, points in cost.items():
            if card.program_type != "loyalty" or points <= 0:
                continue
            card.sudo().hyc_redeem(points, source=self, key=f"redeem:{card._hyc_order_key(self)}:{card.id}")

    def _hyc_take_back_points(self, card, origin):
        """A refund takes back the points its original order earned, in proportion
        to what is refunded (lib/earning.refund_points); earlier partial refunds of
        the same order count. Points already spent cannot be taken back."""
        Ledger = self.env["hyc.member.ledger"].sudo()
        earned = Ledger.search([("card_id", "=", card.id),
                                ("idempotency_key", "=", f"earn:{card._hyc_order_key(origin)}:{card.id}")])
        if not earned:
            return Ledger
        refund_key = f"refund:{card._hyc_order_key(origin)}:"
        taken = Ledger.search([("card_id", "=", card.id), ("idempotency_key", "=like", refund_key + "%")])
        earlier = self.env["pos.order.line"].sudo().search([
            ("refunded_orderline_id.order_id", "=", origin.id), ("order_id", "!=", self.id),
            ("order_id.state", "in", ("paid", "done", "invoiced"))])
        refunded_now = -earning.eligible_amount(card._hyc_earn_lines(self))
        refunded_before = -earning.eligible_amount(card._hyc_earn_lines(origin, earlier))
        points = earning.refund_points(earned.amount, earned.spend_amount, refunded_before + refunded_now,
                                       -sum(taken.mapped("amount")))
        if points <= 0:
            return Ledger

        def moves(locked):
            take = min(points, locked.points)
            return [("points", -take, "reverse")] if take > 0 else []
        lines = card._hyc_apply(moves, source=self, key=f"{refund_key}{self.uuid}:{card.id}")
        if lines and not lines.spend_amount:
            lines.write({"spend_amount": -float(refunded_now), "earned_date": earned.earned_date})
        return lines

    def confirm_coupon_programs(self, coupon_data):
        # the till's point changes of member cards were booked at sync: drop them
        program_ids = {values.get("program_id") for values in coupon_data.values()}
        member_programs = set(self.env["loyalty.program"].sudo().browse(
            [pid for pid in program_ids if pid]).filtered("hyc_member_program").ids)
        for values in coupon_data.values():
            if values.get("program_id") in member_programs:
                values["points"] = 0
        return super().confirm_coupon_programs(coupon_data)

    def _check_existing_loyalty_cards(self, coupon_data):
        # pos_loyalty moves the till's points of a customer to the customer's existing
        # card of the program, searching all the customer's loyalty cards. The till sends
        # member cards by their own id: when no other card of the customer and program
        # exists (one indexed query) there is nothing to move and the search is skipped.
        entries = [(key, values) for key, values in coupon_data.items() if values.get("partner_id")]
        programs = self.env["loyalty.program"].sudo().browse({values.get("program_id") for _key, values in entries})
        if not entries or any(key <= 0 or not values.get("program_id") for key, values in entries) \
                or not all(programs.mapped("hyc_member_program")):
            return super()._check_existing_loyalty_cards(coupon_data)
        self.env["loyalty.card"].flush_model(["partner_id", "program_id", "active"])
        self.env.cr.execute(SQL("""
            SELECT 1 FROM loyalty_card card
              JOIN (VALUES %s) AS sent (card_id, partner_id, program_id)
                ON card.partner_id = sent.partner_id AND card.program_id = sent.program_id
             WHERE card.active AND card.id != sent.card_id
             LIMIT 1""", SQL(", ").join(SQL("(%s, %s, %s)", key, int(values["partner_id"]), int(values["program_id"]))
                                          for key, values in entries)))
        if self.env.cr.fetchone():
            return super()._check_existing_loyalty_cards(coupon_data)
        return None

    def add_loyalty_history_lines(self, coupon_data, coupon_updates):
        # a member card's history is its ledger (the till's figures are estimates)
        members = self.env["loyalty.card"].sudo().search([
            ("id", "in", [int(item["id"]) for item in coupon_updates] + [int(coupon["card_id"]) for coupon in coupon_data
                                                                        if int(coupon["card_id"]) > 0]),
            ("hyc_member_number", "!=", False)])
        mapping = {int(item["old_id"]): int(item["id"]) for item in coupon_updates}
        coupon_data = [coupon for coupon in coupon_data
                       if mapping.get(int(coupon["card_id"]), int(coupon["card_id"])) not in members.ids]
        return super().add_loyalty_history_lines(coupon_data, coupon_updates)
