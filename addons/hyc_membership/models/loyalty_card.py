import re
from datetime import timedelta
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, date_utils, float_compare, float_round, ormcache

from ..lib import care, earning, fifo, levels, stored_value

MANAGER = "hyc_membership.group_member_manager"
CASHIER = "hyc_membership.group_member_cashier"
INTEGRATION = "hyc_membership.group_integration"


# what a member does that counts as a visit (care coupons go to members without any)
CARE_ACTIVITY = ("earn", "redeem", "spend", "topup")

PHONE_LIKE = re.compile(r"^[\d\s+()-]{7,}$")


def normalize_mobile(value):
    """Digits only, without a leading +86 / 0086 (the lookup key of a mobile)."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    return digits or False


class LoyaltyCard(models.Model):
    """Member cards: a loyalty or eWallet card of a member program, with a member
    number and a mobile as lookup keys and a ledger that its balance always sums.

    The hyc_api_* methods are the XML-RPC entry points for the mini-program (MEM-9):
    callers hold the Integration (or a cashier) role; amounts move only through the
    ledger, and a write carrying an idempotency key is applied once however often
    it is sent."""

    _inherit = "loyalty.card"

    hyc_member_number = fields.Char(string="Member Number", copy=False, index=True, readonly=True)
    hyc_mobile = fields.Char(string="Member Mobile", copy=False, index=True)
    hyc_member_program = fields.Boolean(related="program_id.hyc_member_program", string="Member Card")
    hyc_ledger_ids = fields.One2many("hyc.member.ledger", "card_id", string="Ledger")
    hyc_level_id = fields.Many2one("hyc.member.level", string="Member Level", readonly=True, tracking=True)
    hyc_level_review_date = fields.Date(string="Level Review Date", readonly=True)
    hyc_growth_value = fields.Float(
        string="Growth Value", digits=(16, 2), compute="_compute_hyc_growth_value",
        help="成长值: the sum of the card's growth lines that count today (purchases, awards, adjustments, "
             "refunds).")
    hyc_birthday_coupon_year = fields.Integer(string="Birthday Coupon Year", readonly=True, copy=False)
    hyc_care_coupon_date = fields.Date(string="Last Care Coupon", readonly=True, copy=False)
    hyc_paid_balance = fields.Monetary(string="Paid Value", compute="_compute_hyc_value_parts")
    hyc_bonus_balance = fields.Monetary(string="Bonus Value", compute="_compute_hyc_value_parts")

    def init(self):
        res = super().init()
        # one member card per customer and program; member number and mobile unique per
        # program. Partial indexes: Odoo's own coupons may give a customer many cards.
        cr = self.env.cr
        cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS loyalty_card_hyc_member_partner_uniq
                ON loyalty_card (program_id, partner_id) WHERE hyc_member_number IS NOT NULL;
            CREATE UNIQUE INDEX IF NOT EXISTS loyalty_card_hyc_member_number_uniq
                ON loyalty_card (program_id, hyc_member_number) WHERE hyc_member_number IS NOT NULL;
            CREATE UNIQUE INDEX IF NOT EXISTS loyalty_card_hyc_mobile_uniq
                ON loyalty_card (program_id, hyc_mobile) WHERE hyc_mobile IS NOT NULL;
        """)
        return res

    @api.depends("hyc_ledger_ids.remaining", "hyc_ledger_ids.bucket")
    def _compute_hyc_value_parts(self):
        for card in self:
            lots = card.hyc_ledger_ids
            card.hyc_paid_balance = sum(lots.filtered(lambda line: line.bucket == "paid").mapped("remaining"))
            card.hyc_bonus_balance = sum(lots.filtered(lambda line: line.bucket == "bonus").mapped("remaining"))

    # ------------------------------------------------------------------ members

    @api.model_create_multi
    def create(self, vals_list):
        programs = self.env["loyalty.program"].browse([vals.get("program_id") for vals in vals_list if vals.get("program_id")])
        member_programs = set(programs.filtered("hyc_member_program").ids)
        for vals in vals_list:
            if vals.get("program_id") not in member_programs:
                continue
            if not vals.get("partner_id"):
                raise ValidationError(self.env._("A member card needs a customer."))
            if not vals.get("hyc_member_number"):
                vals["hyc_member_number"] = self.env["ir.sequence"].sudo().next_by_code("hyc.member.number")
            partner = self.env["res.partner"].browse(vals["partner_id"])
            # an explicit empty mobile stays empty (taken by another member of the program)
            mobile = vals["hyc_mobile"] if "hyc_mobile" in vals else (partner.mobile or partner.phone)
            vals["hyc_mobile"] = normalize_mobile(mobile)
            opening = vals.pop("points", 0.0)
            if opening:
                raise ValidationError(self.env._("A member card starts empty; its balance comes from its ledger."))
        return super().create(vals_list)

    @api.model
    def hyc_get_or_create(self, partner_id, program_id):
        """The customer's member card of the program, created if missing."""
        card = self.search([("program_id", "=", program_id), ("partner_id", "=", partner_id),
                            ("hyc_member_number", "!=", False)], limit=1)
        return card or self.create({"program_id": program_id, "partner_id": partner_id})

    def write(self, vals):
        if "hyc_mobile" in vals:
            vals = dict(vals, hyc_mobile=normalize_mobile(vals["hyc_mobile"]))
        if "points" not in vals or self.env.context.get("hyc_ledger_post"):
            return super().write(vals)
        managed = self.filtered("hyc_member_number")
        target = vals["points"]
        # pos_loyalty rewrites the same balance after an order (its point changes of
        # member cards are booked at sync, see pos.order): that is no change
        unchanged = managed.filtered(
            lambda card: not float_compare(card.points, target, precision_rounding=card._hyc_rounding()))
        if unchanged:
            rest = {key: value for key, value in vals.items() if key != "points"}
            if rest:
                super(LoyaltyCard, unchanged).write(rest)
            if not self - unchanged:
                return True
            return (self - unchanged).write(vals)
        if not managed:
            return super().write(vals)
        # Odoo's loyalty flows (POS, sales, the update-balance wizard) set points
        # directly; on a member card the change goes through the ledger instead.
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only a member manager may change a member card's balance directly."))
        rest = {key: value for key, value in vals.items() if key != "points"}
        if self - managed:
            super(LoyaltyCard, self - managed).write(vals)
        if rest:
            super(LoyaltyCard, managed).write(rest)
        for card in managed:
            card._hyc_apply(lambda locked, target=target: locked._hyc_moves_to(target, "sync"),
                            source_ref=self.env.context.get("hyc_source_ref") or self.env._("Odoo loyalty"))
        return True

    # ------------------------------------------------------------------ ledger

    def _hyc_check_right(self, kind):
        if self.env.su:
            return
        user = self.env.user
        if kind in ("adjust", "import", "refund", "sync"):
            if not user.has_group(MANAGER):
                raise AccessError(self.env._("Only a member manager may adjust, import or refund a member balance."))
        elif not (user.has_group(CASHIER) or user.has_group(INTEGRATION)):
            raise AccessError(self.env._("You are not allowed to change member balances."))

    def _hyc_lock(self):
        """Lock the card row until the end of the transaction: every change of one
        card's balance is serialised here (a concurrent one waits, then, Odoo's
        transactions being repeatable-read, fails and is retried with fresh data)."""
        self.ensure_one()
        self.env.cr.execute("SELECT id FROM loyalty_card WHERE id = %s FOR NO KEY UPDATE", [self.id])
        self.invalidate_recordset()
        self.env["hyc.member.ledger"].invalidate_model()

    def _hyc_lock_and_replay(self, key):
        """Lock the card, then the lines an earlier use of the idempotency `key` wrote
        on it (empty when the key is new or None); a key of another card is refused."""
        self._hyc_lock()
        if not key:
            return self.env["hyc.member.ledger"]
        done = self.env["hyc.member.ledger"].sudo().search([("idempotency_key", "=", key)])
        if done and done.card_id != self:
            raise UserError(self.env._("Idempotency key %s was already used for another card.", key))
        return done

    def _hyc_lots(self, bucket):
        return self.env["hyc.member.ledger"].sudo().search(
            [("card_id", "=", self.id), ("bucket", "=", bucket), ("remaining", ">", 0)])

    def _hyc_rounding(self):
        return self.currency_id.rounding if self.program_type == "ewallet" else 0.01

    def _hyc_moves_to(self, target, kind):
        """Moves bringing the balance to `target` (for Odoo's direct writes)."""
        delta = float_round(target - self.points, precision_rounding=self._hyc_rounding())
        if not delta:
            return []
        if self.program_type != "ewallet":
            return [("points", delta, kind)]
        if delta > 0:
            return [("paid", delta, kind)]
        paid, bonus = stored_value.split_spend(self.hyc_paid_balance, self.hyc_bonus_balance, -delta,
                                               Decimal(str(self._hyc_rounding())))
        return [(bucket, -float(part), kind) for bucket, part in (("paid", paid), ("bonus", bonus)) if part]

    def _hyc_apply(self, moves, source=None, source_ref=None, key=None, reason=None, on_date=None, line_vals=None):
        """The one way a member card's balance changes. `moves` is a list of
        (bucket, signed amount, kind), or a function of the locked card returning
        it (so it can read the balance under the lock). Positive amounts create lots;
        negative ones consume the bucket's lots oldest first and are refused if that
        would go below zero. A repeated `key` returns the lines of its first use.
        `line_vals`: more values of the new lines (e.g. the spend an order counts)."""
        self.ensure_one()
        if not self.hyc_member_number:
            raise UserError(self.env._("Card %s is not a member card.", self.code))
        if not (source or source_ref):
            raise ValidationError(self.env._("Every member ledger line names its source document."))
        Ledger = self.env["hyc.member.ledger"].sudo()
        done = self._hyc_lock_and_replay(key)
        if done:
            return done
        if callable(moves):
            moves = moves(self)
        for _bucket, _amount, kind in moves:
            self._hyc_check_right(kind)
        today = on_date or fields.Date.context_today(self)
        program = self.program_id
        base = Ledger._hyc_source_vals(source, source_ref)
        lines = Ledger.browse()
        rounding = self._hyc_rounding()
        for bucket, amount, kind in moves:
            amount = float_round(amount, precision_rounding=rounding)
            if not amount:
                continue
            vals = dict(base, card_id=self.id, kind=kind, bucket=bucket, amount=amount, reason=reason,
                        idempotency_key=key, user_id=self.env.uid, **(line_vals or {}))
            if amount > 0:
                expiry = None
                if bucket == "points":
                    expiry = fifo.expiry_date(today, program.hyc_expiry_policy, program.hyc_expiry_months)
                vals.update(earned_date=today, expiry_date=expiry, remaining=amount)
            else:
                self._hyc_consume(bucket, -amount, today, kind)
            lines |= Ledger.create(vals)
        self._hyc_sync_points()
        self._hyc_post_accounting(lines)
        return lines

    def _hyc_post_accounting(self, lines):
        """Journal entry of a stored-value movement, when the program has a journal:
        top-up: cash / liability (paid part only, the bonus is a promise);
        spend: liability (paid part) + bonus discount (bonus part) / payment account;
        refund: liability / cash. Nothing for the bonus given or forfeited.
        The payment side is the customer's receivable when stored value pays a
        document (see _hyc_payment_account), so it settles the invoice or the POS
        session's receivable line."""
        program = self.program_id
        if self.program_type != "ewallet" or not program.hyc_journal_id or not lines:
            return
        payment_account = self._hyc_payment_account(lines)
        amount = {kind_bucket: -sum(line.amount for line in lines if (line.kind, line.bucket) == kind_bucket)
                  for kind_bucket in {(line.kind, line.bucket) for line in lines}}
        pairs = []  # (account, debit, credit)
        topup = -amount.get(("topup", "paid"), 0.0)
        if topup:
            pairs += [(program.hyc_cash_account_id, topup, 0.0), (program.hyc_liability_account_id, 0.0, topup)]
        paid, bonus = amount.get(("spend", "paid"), 0.0), amount.get(("spend", "bonus"), 0.0)
        if paid or bonus:
            pairs += [(program.hyc_liability_account_id, paid, 0.0), (program.hyc_bonus_account_id, bonus, 0.0),
                      (payment_account, 0.0, paid + bonus)]
        back_paid, back_bonus = -amount.get(("reverse", "paid"), 0.0), -amount.get(("reverse", "bonus"), 0.0)
        if back_paid or back_bonus:
            pairs += [(payment_account, back_paid + back_bonus, 0.0),
                      (program.hyc_liability_account_id, 0.0, back_paid), (program.hyc_bonus_account_id, 0.0, back_bonus)]
        refund = amount.get(("refund", "paid"), 0.0)
        if refund:
            pairs += [(program.hyc_liability_account_id, refund, 0.0), (program.hyc_cash_account_id, 0.0, refund)]
        pairs = [pair for pair in pairs if pair[1] or pair[2]]
        if not pairs:
            return
        if not all(account for account, _debit, _credit in pairs):
            raise UserError(self.env._("Set the stored value accounts of program %s.", program.name))
        move = self.env["account.move"].sudo().create({
            "move_type": "entry",
            "journal_id": program.hyc_journal_id.id,
            "date": fields.Date.context_today(self),
            "ref": lines[0].source_ref,
            "line_ids": [Command.create({"account_id": account.id, "debit": debit, "credit": credit,
                                         "partner_id": self.partner_id.id, "name": lines[0].source_ref})
                         for account, debit, credit in pairs],
        })
        move.action_post()
        lines.write({"move_id": move.id})

    def _hyc_payment_account(self, lines):
        """What stored value pays off. For a sales or POS order: the customer's
        receivable, where the invoice (sale) or the POS session's "Identify Customer"
        line (pos) charges the customer, so the two are reconciled and the customer
        owes nothing for what stored value paid. Without a document (mini-program
        spends): the program's payment account."""
        if {"sale.order", "pos.order"} & set(lines.mapped("source_model")):
            partner = self.env["res.partner"]._find_accounting_partner(self.partner_id)
            return partner.with_company(self.company_id or self.env.company).property_account_receivable_id
        return self.program_id.hyc_settlement_account_id

    def _hyc_consume(self, bucket, amount, today, kind):
        """Take `amount` from the bucket's valid lots, oldest first (lib/fifo.py), reading
        the lots in FIFO batches so a card with thousands of lots stays cheap."""
        Ledger = self.env["hyc.member.ledger"].sudo()
        domain = [("card_id", "=", self.id), ("bucket", "=", bucket), ("remaining", ">", 0)]
        if kind == "expire":  # expiry consumes exactly the lots past their date
            domain += [("expiry_date", "<", today)]
        else:
            domain += ["|", ("expiry_date", "=", False), ("expiry_date", ">=", today)]
        available = Ledger._read_group(domain, aggregates=["remaining:sum"])[0][0] or 0.0
        rounding = self._hyc_rounding()
        if float_compare(available, amount, precision_rounding=rounding) < 0:
            raise UserError(self.env._("Insufficient balance on member card %(number)s: %(amount)s requested, %(available)s available.",
                                       number=self.hyc_member_number, amount=amount, available=available))
        left = Decimal(str(amount))
        as_of = fields.Date.from_string("1900-01-01") if kind == "expire" else today
        while left > 0:
            lots = Ledger.search(domain, order="earned_date, expiry_date, id", limit=100)
            plain = [fifo.Lot(lot.id, lot.earned_date or lot.date.date(), lot.expiry_date or None,
                              Decimal(str(lot.remaining))) for lot in lots]
            take_now = min(left, fifo.available(plain, as_of))
            if take_now <= 0:
                raise UserError(self.env._("A member balance cannot go negative."))
            by_id = {lot.id: lot for lot in lots}
            for lot_id, take in fifo.consume(plain, take_now, as_of):
                lot = by_id[lot_id]
                lot.remaining = float_round(lot.remaining - float(take), precision_rounding=rounding)
            Ledger.flush_model(["remaining"])
            left -= take_now

    def _hyc_sync_points(self):
        """points = sum of the ledger, written under the lock."""
        self.env["hyc.member.ledger"].flush_model()
        self.env.cr.execute("SELECT COALESCE(SUM(amount), 0) FROM hyc_member_ledger WHERE card_id = %s", [self.id])
        total = self.env.cr.fetchone()[0]
        if float_compare(total, 0, precision_rounding=self._hyc_rounding()) < 0:
            raise UserError(self.env._("A member balance cannot go negative."))
        self.sudo().with_context(hyc_ledger_post=True, loyalty_no_mail=True).write({"points": total})

    # ------------------------------------------------------------------ operations

    def hyc_earn(self, points, source=None, source_ref=None, key=None, on_date=None, line_vals=None):
        if points <= 0:
            raise UserError(self.env._("Points to earn must be positive."))
        return self._hyc_apply([("points", points, "earn")], source, source_ref, key, on_date=on_date,
                               line_vals=line_vals)

    def hyc_redeem(self, points, source=None, source_ref=None, key=None, on_date=None):
        if points <= 0:
            raise UserError(self.env._("Points to redeem must be positive."))
        return self._hyc_apply([("points", -points, "redeem")], source, source_ref, key, on_date=on_date)

    def hyc_adjust(self, amount, reason, source=None, key=None):
        """Manager's correction of points, with the reason kept on the line."""
        if not (reason or "").strip():
            raise UserError(self.env._("An adjustment needs a reason."))
        self._hyc_check_right("adjust")
        bucket = "paid" if self.program_type == "ewallet" else "points"
        return self._hyc_apply([(bucket, amount, "adjust")], source, source_ref=self.env._("Adjustment: %s", reason),
                               key=key, reason=reason)

    def _hyc_expect_ewallet(self):
        if self.program_type != "ewallet":
            raise UserError(self.env._("Card %s is not a stored-value (eWallet) card.", self.hyc_member_number or self.code))

    def hyc_topup(self, paid, source=None, source_ref=None, key=None, on_date=None):
        """Top-up of `paid` CNY with the bonus of the program's tiers valid on the day."""
        self._hyc_expect_ewallet()
        if paid <= 0:
            raise UserError(self.env._("A top-up must be positive."))
        day = on_date or fields.Date.context_today(self)
        tiers = [stored_value.Tier(t.min_paid, t.bonus, t.date_from or None, t.date_to or None)
                 for t in self.program_id.hyc_topup_tier_ids]
        bonus = float(stored_value.bonus_for(paid, tiers, day))
        return self._hyc_apply([("paid", paid, "topup"), ("bonus", bonus, "bonus")], source, source_ref, key,
                               on_date=on_date)

    def hyc_spend(self, amount, source=None, source_ref=None, key=None):
        """Pay `amount` with stored value: paid and bonus parts in proportion."""
        self._hyc_expect_ewallet()
        if amount <= 0:
            raise UserError(self.env._("An amount to spend must be positive."))
        step = Decimal(str(self._hyc_rounding()))

        def moves(card):
            try:
                paid, bonus = stored_value.split_spend(card.hyc_paid_balance, card.hyc_bonus_balance, amount, step)
            except stored_value.InsufficientBalance:
                raise UserError(self.env._("Insufficient stored value on member card %(number)s: %(amount)s requested, %(available)s available.",
                                  number=card.hyc_member_number, amount=amount, available=card.points)) from None
            return [("paid", -float(paid), "spend"), ("bonus", -float(bonus), "spend")]
        return self._hyc_apply(moves, source, source_ref, key)

    def hyc_refund_stored_value(self, amount=None, source=None, source_ref=None, key=None, reason=None):
        """Refund (all by default) of the unspent paid part; the bonus that came with
        it is forfeited in proportion. Returns the lines; the paid refund is the money
        to give back."""
        self._hyc_expect_ewallet()
        step = Decimal(str(self._hyc_rounding()))

        def moves(card):
            try:
                paid, bonus = stored_value.refund(card.hyc_paid_balance, card.hyc_bonus_balance, amount, step)
            except (stored_value.InsufficientBalance, ValueError):
                raise UserError(self.env._("Only the unspent paid part (%(paid)s) of card %(number)s can be refunded.",
                                  paid=card.hyc_paid_balance, number=card.hyc_member_number)) from None
            return [("paid", -float(paid), "refund"), ("bonus", -float(bonus), "forfeit")]
        return self._hyc_apply(moves, source, source_ref or self.env._("Stored value refund"), key, reason=reason)

    # ------------------------------------------------------------------ earning (MEM-3)

    @api.model
    def _hyc_order_key(self, order):
        """The idempotency key part naming an order: a POS order by its uuid, which
        stays the same however often the till syncs it."""
        if order._name == "pos.order" and order.uuid:
            return f"pos.order:{order.uuid}"
        return f"{order._name}:{order.id}"

    def _hyc_earn_lines(self, order, lines=None):
        """The order's lines (or `lines` of a POS order) as the earning rules see them:
        paid amount after discounts (reward lines included, they are negative),
        category, and whether the line sells stored value or a gift card (those earn
        nothing)."""
        kinds = dict(self._hyc_value_product_kinds(self.env.context.get("active_test", True)))
        if order._name == "sale.order":
            lines = order.order_line.filtered(lambda line: not line.display_type)
            return [earning.Line(line.price_total, line.product_id.categ_id.id, kinds.get(line.product_id.id, "product"))
                    for line in lines]
        return [earning.Line(line.price_subtotal_incl, line.product_id.categ_id.id, kinds.get(line.product_id.id, "product"))
                for line in (order.lines if lines is None else lines)]

    @api.model
    @ormcache("active_test")
    def _hyc_value_product_kinds(self, active_test):
        """The products selling stored value ("topup") or gift cards ("giftcard"): the
        products of the rules of such programs, then their trigger products, as pairs
        (product id, kind). Cached (every synced order asks): loyalty.program,
        loyalty.rule and archiving or restoring a product clear the cache."""
        Rule = self.env["loyalty.rule"].sudo().with_context(active_test=active_test)
        rules = Rule.search([("program_id.program_type", "in", ("ewallet", "gift_card")), ("product_ids", "!=", False)])
        kinds = {product.id: ("topup" if rule.program_type == "ewallet" else "giftcard")
                 for rule in rules for product in rule.product_ids}
        triggers = self.env["loyalty.program"].sudo().with_context(active_test=active_test).search([
            ("program_type", "in", ("ewallet", "gift_card")), ("trigger_product_ids", "!=", False)])
        kinds.update({product.id: ("topup" if program.program_type == "ewallet" else "giftcard")
                      for program in triggers for product in program.trigger_product_ids})
        return tuple(kinds.items())

    def hyc_points_for_order(self, order, earn_lines=None):
        """Whole points the order earns on this card (negative for a refund)."""
        self.ensure_one()
        program = self.program_id
        rules = earning.EarnRules(
            points_per_cny=program.hyc_points_per_cny,
            category_multipliers=program._hyc_category_multipliers(program),
            member_weekday=int(program.hyc_member_weekday) if program.hyc_member_weekday else None,
            member_day_multiplier=program.hyc_member_day_multiplier,
            birthday_multiplier=program.hyc_birthday_multiplier,
        )
        day = fields.Date.to_date(order.date_order)
        earn_lines = self._hyc_earn_lines(order) if earn_lines is None else earn_lines
        return earning.points_for_order(earn_lines, rules, day, self.partner_id.hyc_birthday or None,
                                        self.hyc_level_id.multiplier if self.hyc_level_id else 1)

    def hyc_earn_for_order(self, order):
        """Earn the order's points once: the order names the idempotency key, so a
        second confirmation or a re-synced order changes nothing."""
        self.ensure_one()
        earn_lines = self._hyc_earn_lines(order)
        points = self.hyc_points_for_order(order, earn_lines)
        if points <= 0:
            return self.env["hyc.member.ledger"]
        day = fields.Date.to_date(order.date_order)
        spend = float(earning.eligible_amount(earn_lines))
        # the spend is written with the line (one insert), or on a line an earlier
        # use of the key left without it
        lines = self.sudo().hyc_earn(points, source=order, key=f"earn:{self._hyc_order_key(order)}:{self.id}", on_date=day,
                                     line_vals={"spend_amount": spend})
        if not lines.spend_amount:
            lines.spend_amount = spend
        if self.program_id._hyc_has_levels(self.program_id.id):
            self.hyc_evaluate_level(day)
        return lines

    def hyc_reverse_order(self, order):
        """Take back what the order earned (once); refused if those points were spent."""
        self.ensure_one()
        earned = self.env["hyc.member.ledger"].sudo().search(
            [("idempotency_key", "=", f"earn:{self._hyc_order_key(order)}:{self.id}")])
        if not earned:
            return earned
        lines = self.sudo()._hyc_apply([("points", -earned.amount, "reverse")], source=order,
                                       key=f"reverse:{self._hyc_order_key(order)}:{self.id}")
        if not lines.spend_amount:
            lines.write({"spend_amount": -earned.spend_amount, "earned_date": earned.earned_date})
        return lines

    # ------------------------------------------------------------------ levels (MEM-2)

    def _hyc_rolling_spend(self, today):
        """Spend counted in the 12 months up to `today` (by the orders' dates)."""
        self.ensure_one()
        lines = self.env["hyc.member.ledger"].sudo().search([("card_id", "=", self.id), ("spend_amount", "!=", 0)])
        return levels.rolling_value([(line.earned_date or line.date.date(), line.spend_amount) for line in lines], today)

    def _hyc_growth(self, today):
        """Growth value (成长值) on `today`: the card's growth lines up to that day, in
        the program's window when it has one (lib/levels.counted_value). A refund line
        carries its sale's date, so it takes back growth where the sale put it."""
        self.ensure_one()
        lines = self.env["hyc.member.ledger"].sudo().search([("card_id", "=", self.id), ("growth", "!=", 0)])
        return levels.counted_value([(line.earned_date or line.date.date(), line.growth) for line in lines], today,
                                    self.program_id.hyc_growth_months)

    @api.depends("hyc_ledger_ids.growth", "hyc_ledger_ids.earned_date")
    def _compute_hyc_growth_value(self):
        today = fields.Date.context_today(self)
        for card in self:
            card.hyc_growth_value = float(card._hyc_growth(today)) if card.id and card.hyc_member_number else 0.0

    def _hyc_level_value(self, today):
        """What the program's level thresholds measure, on `today`."""
        self.ensure_one()
        if self.program_id.hyc_level_basis == "growth":
            return self._hyc_growth(today)
        return self._hyc_rolling_spend(today)

    def hyc_add_growth(self, growth, source=None, source_ref=None, key=None, reason=None, on_date=None,
                       kind="growth"):
        """Award growth value (a check-in, a review, …) or, with kind "adjust", a
        manager's correction; a repeated `key` applies once. The card row is locked
        (growth is counted under the same lock as the balance), the growth value may
        not go below zero, and the level is evaluated at once (an award can upgrade)."""
        self.ensure_one()
        if not self.hyc_member_number or self.program_type != "loyalty":
            raise UserError(self.env._("Card %s is not a member points card.", self.hyc_member_number or self.code))
        if not (source or source_ref):
            raise ValidationError(self.env._("Every member ledger line names its source document."))
        self._hyc_check_right(kind)
        growth = float_round(growth, precision_digits=2)
        if not growth:
            raise UserError(self.env._("The growth value to add cannot be zero."))
        Ledger = self.env["hyc.member.ledger"].sudo()
        done = self._hyc_lock_and_replay(key)
        if done:
            return done
        today = on_date or fields.Date.context_today(self)
        total = Ledger._read_group([("card_id", "=", self.id), ("growth", "!=", 0)], aggregates=["growth:sum"])[0][0] or 0.0
        if float_compare(total + growth, 0, precision_digits=2) < 0:
            raise UserError(self.env._("The growth value of %(number)s cannot go below zero (it is %(growth)s).",
                                       number=self.hyc_member_number, growth=total))
        line = Ledger.create(dict(Ledger._hyc_source_vals(source, source_ref), card_id=self.id, kind=kind,
                                  bucket="points", amount=0.0, growth=growth, earned_date=today, reason=reason,
                                  idempotency_key=key, user_id=self.env.uid))
        # The balance is untouched, so nothing else updates the card row. A lock alone
        # does not make a concurrent (repeatable-read) transaction waiting on it retry
        # with fresh data; an update of the row does (it sees this line, or the key).
        self.env.cr.execute("UPDATE loyalty_card SET write_date = (now() AT TIME ZONE 'UTC') WHERE id = %s", [self.id])
        self.invalidate_recordset(["write_date"])
        if self.program_id.hyc_level_ids:
            self.hyc_evaluate_level(today)
        return line

    def hyc_adjust_growth(self, growth, reason, key=None):
        """Member manager's correction of the growth value, with the reason kept."""
        if not (reason or "").strip():
            raise UserError(self.env._("An adjustment needs a reason."))
        return self.hyc_add_growth(growth, source_ref=self.env._("Growth adjustment: %s", reason), key=key,
                                   reason=reason, kind="adjust")

    def hyc_evaluate_level(self, today=None):
        """Upgrade at once, downgrade only at the review date, on the program's level
        basis; the member gets the level's pricelist and is told
        (_hyc_notify_level_change)."""
        today = today or fields.Date.context_today(self)
        for card in self.sudo():
            program_levels = card.program_id.hyc_level_ids
            if not program_levels:
                continue
            plain = [levels.Level(str(level.id), level.threshold, level.multiplier) for level in program_levels]
            old_level = card.hyc_level_id
            current = str(old_level.id) if old_level else None
            decision = levels.evaluate(current, card._hyc_level_value(today), plain, today,
                                       card.hyc_level_review_date or None)
            level = self.env["hyc.member.level"].browse(int(decision.level))
            card.with_context(hyc_ledger_post=True).write({"hyc_level_id": level.id,
                                                           "hyc_level_review_date": decision.review_date})
            if decision.change:
                if level.pricelist_id:
                    card.partner_id.property_product_pricelist = level.pricelist_id
                card.message_post(body=self.env._("Member level is now %(level)s (review on %(date)s).",
                                                  level=level.name, date=decision.review_date))
                if old_level != level:
                    card._hyc_notify_level_change(old_level, level)

    def _hyc_notify_level_change(self, old_level, new_level):
        """Tell the member of a level change. Here: an email from the upgrade or
        downgrade mail template to the card's customer when they have an email
        address, noted on the card (without one, the note says it was not sent).
        Other channels (e.g. WeCom in a glue addon) extend this method."""
        self.ensure_one()
        upgrade = not old_level or new_level.threshold > old_level.threshold
        template = self.env.ref("hyc_membership.mail_template_level_up" if upgrade
                                else "hyc_membership.mail_template_level_down", raise_if_not_found=False)
        partner = self._get_mail_partner()
        if not template:
            return
        if not partner.email:
            self.message_post(body=self.env._("Level notice to %(member)s not sent: no email address.",
                                              member=partner.display_name))
            return
        email_values = {}
        if not template.email_from:
            author = self._get_mail_author()
            email_values.update(author_id=author.id, email_from=author.email_formatted)
        template.send_mail(self.id, email_layout_xmlid="mail.mail_notification_light", email_values=email_values)
        self.message_post(body=self.env._("Level notice (%(level)s) sent to %(email)s.",
                                          level=new_level.name, email=partner.email))

    # ------------------------------------------------------------------ birthday (MEM-7)

    @api.model
    def _cron_hyc_birthday_coupons(self, today=None):
        """At the start of the birthday month, one coupon a year per member card.
        The card row is locked and the year checked under the lock, so two runs at
        once still give one coupon."""
        today = today or fields.Date.context_today(self)
        last_day = date_utils.end_of(today, "month")
        coupons = self.browse()
        programs = self.env["loyalty.program"].sudo().search(
            [("hyc_member_program", "=", True), ("hyc_birthday_program_id", "!=", False)])
        for program in programs:
            cards = self.sudo().search([("program_id", "=", program.id), ("hyc_member_number", "!=", False),
                                        ("partner_id.hyc_birthday", "!=", False),
                                        ("hyc_birthday_coupon_year", "!=", today.year)])
            for card in cards.filtered(lambda c: c.partner_id.hyc_birthday.month == today.month):
                card._hyc_lock()
                if card.hyc_birthday_coupon_year == today.year:
                    continue
                coupon = self.sudo().create({"program_id": program.hyc_birthday_program_id.id, "partner_id": card.partner_id.id,
                                             "points": 1, "expiration_date": last_day})
                card.write({"hyc_birthday_coupon_year": today.year})
                card.message_post(body=self.env._("Birthday coupon %(code)s valid until %(date)s.",
                                                  code=coupon.code, date=last_day))
                coupons |= coupon
        return coupons

    # ------------------------------------------------------------------ care coupons (MEM-7)

    @api.model
    def _hyc_inactive_cards(self, program, today):
        """Member cards of `program` with no activity since `inactive days` before
        `today`: no earn, redeem, spend or top-up in the ledger, no paid POS order and
        no confirmed sales order of the member, and the card itself older than that;
        and no care coupon within the cool-down."""
        since = care.active_since(today, program.hyc_care_inactive_days)
        cooled = care.last_coupon_before(today, program.hyc_care_cooldown_days)
        return self.sudo().search([
            ("program_id", "=", program.id), ("hyc_member_number", "!=", False), ("partner_id", "!=", False),
            ("create_date", "<", since),
            "|", ("hyc_care_coupon_date", "=", False), ("hyc_care_coupon_date", "<=", cooled),
            ("hyc_ledger_ids", "not any", [("kind", "in", CARE_ACTIVITY), ("date", ">=", since)]),
            ("partner_id.pos_order_ids", "not any", [("date_order", ">=", since),
                                                     ("state", "in", ("paid", "done", "invoiced"))]),
            ("partner_id.sale_order_ids", "not any", [("date_order", ">=", since), ("state", "=", "sale")]),
        ], order="id")

    @api.model
    def _cron_hyc_care_coupons(self, today=None):
        """One care coupon for each member inactive for the program's inactive days,
        at most one per cool-down. The card row is locked and the cool-down checked
        under the lock, so two runs at once still give one coupon."""
        today = today or fields.Date.context_today(self)
        coupons = self.browse()
        programs = self.env["loyalty.program"].sudo().search([
            ("hyc_member_program", "=", True), ("hyc_care_program_id", "!=", False), ("hyc_care_inactive_days", ">", 0)])
        for program in programs:
            for card in self._hyc_inactive_cards(program, today):
                card._hyc_lock()
                if not care.may_receive(card.hyc_care_coupon_date, today, program.hyc_care_cooldown_days):
                    continue
                coupon = self.sudo().create({"program_id": program.hyc_care_program_id.id,
                                             "partner_id": card.partner_id.id, "points": 1})
                card.write({"hyc_care_coupon_date": today})
                card.message_post(body=self.env._("Care coupon %(code)s: no visit for %(days)s days.",
                                                  code=coupon.code, days=program.hyc_care_inactive_days))
                coupons |= coupon
        return coupons

    @api.model
    def _hyc_demo_movements(self):
        """Demo data: ledger movements of the demo members (balances only come from the ledger)."""
        li_points = self.env.ref("hyc_membership.demo_card_li_points")
        li_wallet = self.env.ref("hyc_membership.demo_card_li_wallet")
        wang_points = self.env.ref("hyc_membership.demo_card_wang_points")
        li_points.sudo().hyc_earn(268, source_ref="直播间订单 LS-20261120-001", key="demo:li:earn:1")
        li_points.sudo().hyc_redeem(100, source_ref="小程序兑换 MP-20261125-007", key="demo:li:redeem:1")
        li_wallet.sudo().hyc_topup(500, source_ref="门店充值 POS/0001", key="demo:li:topup:1")
        wang_points.sudo().hyc_earn(56, source_ref="门店消费 POS/0002", key="demo:wang:earn:1")

    @api.model
    def _cron_hyc_evaluate_levels(self):
        self.search([("hyc_member_number", "!=", False), ("program_id.hyc_level_ids", "!=", False)]).hyc_evaluate_level()

    # ------------------------------------------------------------------ expiry

    def _hyc_expire(self, today=None):
        """Expire the points whose lots are past their expiry date."""
        today = today or fields.Date.context_today(self)
        for card in self:
            def moves(locked):
                lots = locked._hyc_lots("points")
                total = sum(lot.remaining for lot in lots if lot.expiry_date and lot.expiry_date < today)
                return [("points", -total, "expire")] if total else []
            card.sudo()._hyc_apply(moves, source_ref=self.env._("Points expiry %s", today), key=f"expire:{card.id}:{today}",
                                   on_date=today)

    @api.model
    def _cron_hyc_expire_points(self):
        today = fields.Date.context_today(self)
        cards = self.env["hyc.member.ledger"].sudo().search(
            [("bucket", "=", "points"), ("remaining", ">", 0), ("expiry_date", "<", today)]).card_id
        cards._hyc_expire(today)
        self._hyc_send_expiry_reminders(today)

    @api.model
    def _hyc_send_expiry_reminders(self, today):
        """Post a reminder on the member's card for points expiring in N days."""
        programs = self.env["loyalty.program"].sudo().search([("hyc_member_program", "=", True)])
        for program in programs:
            day = today + timedelta(days=program.hyc_reminder_days)
            lots = self.env["hyc.member.ledger"].sudo().search(
                [("program_id", "=", program.id), ("bucket", "=", "points"), ("remaining", ">", 0), ("expiry_date", "=", day)])
            for card in lots.card_id:
                points = sum(lots.filtered(lambda lot, card=card: lot.card_id == card).mapped("remaining"))
                card.message_post(body=self.env._("%(points)s points expire on %(day)s.", points=points, day=day))

    # ------------------------------------------------------------------ API (MEM-9)

    def _hyc_api_card(self, card_id):
        card = self.browse(int(card_id)).exists()
        card.check_access("read")
        if not card or not card.hyc_member_number:
            raise UserError(self.env._("No member card %s.", card_id))
        return card

    def _hyc_api_summary(self):
        self.ensure_one()
        return {
            "card_id": self.id,
            "member_number": self.hyc_member_number,
            "mobile": self.hyc_mobile,
            "partner_id": self.partner_id.id,
            "name": self.partner_id.name,
            "program_id": self.program_id.id,
            "program_type": self.program_type,
            "balance": self.points,
            "paid_balance": self.hyc_paid_balance if self.program_type == "ewallet" else 0.0,
            "bonus_balance": self.hyc_bonus_balance if self.program_type == "ewallet" else 0.0,
            "level": self.hyc_level_id.name or False,
            "growth_value": self.hyc_growth_value if self.program_type == "loyalty" else 0.0,
        }

    @api.model
    def hyc_api_find_member(self, mobile, program_id=None):
        """The member cards (points and stored value) of the mobile number."""
        key = normalize_mobile(mobile)
        if not key:
            return []
        domain = [("hyc_mobile", "=", key), ("hyc_member_number", "!=", False)]
        if program_id:
            domain.append(("program_id", "=", int(program_id)))
        return [card._hyc_api_summary() for card in self.search(domain)]

    @api.model
    def hyc_api_balance(self, card_id):
        return self._hyc_api_card(card_id)._hyc_api_summary()

    @api.model
    def hyc_api_ledger(self, card_id, limit=50, offset=0):
        card = self._hyc_api_card(card_id)
        lines = self.env["hyc.member.ledger"].search([("card_id", "=", card.id)], limit=int(limit), offset=int(offset))
        return [{
            "id": line.id, "date": line.date.isoformat(sep=" "), "kind": line.kind, "bucket": line.bucket,
            "amount": line.amount, "remaining": line.remaining, "growth": line.growth,
            "expiry_date": line.expiry_date.isoformat() if line.expiry_date else False,
            "source": line.source_ref, "idempotency_key": line.idempotency_key or False,
        } for line in lines]

    def _hyc_api_result(self, card, lines):
        return dict(card._hyc_api_summary(), line_ids=lines.ids)

    @api.model
    def hyc_api_earn(self, card_id, points, source_ref, idempotency_key):
        card = self._hyc_api_card(card_id)
        return self._hyc_api_result(card, card.hyc_earn(float(points), source_ref=source_ref, key=idempotency_key))

    @api.model
    def hyc_api_redeem(self, card_id, points, source_ref, idempotency_key):
        card = self._hyc_api_card(card_id)
        return self._hyc_api_result(card, card.hyc_redeem(float(points), source_ref=source_ref, key=idempotency_key))

    @api.model
    def hyc_api_topup(self, card_id, amount, source_ref, idempotency_key):
        card = self._hyc_api_card(card_id)
        return self._hyc_api_result(card, card.hyc_topup(float(amount), source_ref=source_ref, key=idempotency_key))

    @api.model
    def hyc_api_spend(self, card_id, amount, source_ref, idempotency_key):
        card = self._hyc_api_card(card_id)
        return self._hyc_api_result(card, card.hyc_spend(float(amount), source_ref=source_ref, key=idempotency_key))

    @api.model
    def hyc_api_add_growth(self, card_id, growth, source_ref, idempotency_key):
        """Growth value the program awards for member activity (a community check-in,
        …). The key gets its own namespace, so a check-in may earn points and growth
        under one key of the caller."""
        if not idempotency_key:
            raise UserError(self.env._("Growth from the API needs an idempotency key."))
        card = self._hyc_api_card(card_id)
        line = card.hyc_add_growth(float(growth), source_ref=source_ref, key=f"growth:{idempotency_key}")
        return self._hyc_api_result(card, line)

    # ------------------------------------------------------------------ POS (MEM-1)

    @api.model
    def _load_pos_data_domain(self, data):
        # member cards are found one member at a time (hyc_pos_find_member)
        return super()._load_pos_data_domain(data) + [("hyc_member_number", "=", False)]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + ["hyc_member_number"]

    @api.model
    def _hyc_find_member_cards(self, query, programs, fnames=()):
        """Member cards of the member whose mobile, member number or card code is
        `query` in one of `programs` (a mobile is unique per program only), and all
        of that member's cards of those programs: one query on the three indexed
        keys (mobile first, then member number, then code), one for the cards."""
        text = (query or "").strip()
        if not text or not programs:
            return self.browse()
        members = [("hyc_member_number", "!=", False), ("program_id", "in", programs.ids)]
        mobile = normalize_mobile(text) if PHONE_LIKE.match(text) else False
        keys = [("hyc_member_number", "=", text.upper()), ("code", "=", text)]
        if mobile:
            keys.append(("hyc_mobile", "=", mobile))
        hit = self._search(expression.AND([members, expression.OR([[key] for key in keys])]), limit=1)
        table = hit.table
        hit.order = SQL(
            "CASE WHEN %s = %s THEN 0 WHEN %s = %s THEN 1 ELSE 2 END, %s",
            SQL.identifier(table, "hyc_mobile"), mobile or "", SQL.identifier(table, "hyc_member_number"),
            text.upper(), SQL.identifier(table, "id"))
        rows = self.env.execute_query(hit.select(SQL.identifier(table, "partner_id")))
        if not rows:
            return self.browse()
        return self.search_fetch(members + [("partner_id", "=", rows[0][0])], list(fnames), order="id")

    @api.model
    def _hyc_pos_partner_data(self, partner, config):
        """The partner in the POS's own format (res.partner._load_pos_data_fields),
        without computing what the till cannot use: the partner's pricelist only
        matters to a till offering several pricelists (otherwise it applies its own,
        as it does for a partner without one), and an address is only formatted when
        the partner has one."""
        fnames = partner._load_pos_data_fields(config.id)
        lazy = {"property_product_pricelist", "contact_address"}
        values = partner.read([name for name in fnames if name not in lazy], load=False)[0]
        if "property_product_pricelist" in fnames:
            several = config.use_pricelist and len(config.available_pricelist_ids) > 1
            values["property_product_pricelist"] = partner.property_product_pricelist.id if several else False
        if "contact_address" in fnames:
            address = any(values.get(name) for name in ("street", "city", "zip", "state_id", "country_id"))
            values["contact_address"] = partner.contact_address if address else ""
        return [values]

    @api.model
    def hyc_pos_find_member(self, query, config_id, scan=False):
        """The POS looks a member up (cashiers may look up and apply, not adjust):
        returns the member's partner and the cards of the programs the till runs, in
        the POS data format, plus a summary of every member card (stored value
        included) to show the cashier. Empty when nobody matches.

        ``scan``: the till tries every unknown scanned code here first; for a till user
        without the role that is "no member" (empty), not an error, so that Odoo's own
        handling of the code follows and nothing is disclosed."""
        if not (self.env.su or self.env.user.has_group(CASHIER)):
            if scan:
                return {}
            raise AccessError(self.env._("Only a member cashier may look members up."))
        config = self.env["pos.config"].browse(int(config_id))
        programs = config._hyc_member_programs()
        card_fields = self._load_pos_data_fields(config.id)
        cards = self._hyc_find_member_cards(query, programs, card_fields + ["hyc_level_id"])
        if not cards:
            return {}
        partner = cards.partner_id[:1]
        # the till knows the points programs' cards (member stored value is a payment method)
        in_pos = cards.filtered(lambda card: card.program_id.program_type == "loyalty")
        return {
            "res.partner": self._hyc_pos_partner_data(partner, config),
            "loyalty.card": in_pos.read(card_fields, load=False),
            "members": [{"card_id": card.id, "member_number": card.hyc_member_number,
                         "program_name": card.program_id.name, "program_type": card.program_id.program_type,
                         "balance": card.points, "level": card.hyc_level_id.name or False} for card in cards],
        }

    @api.model
    def hyc_pos_stored_value_balance(self, partner_id, program_id):
        """The stored value the POS may take from the member's card (what a stored
        value payment line offers at most; the sync checks again under the lock)."""
        if not (self.env.su or self.env.user.has_group(CASHIER)):
            raise AccessError(self.env._("Only a member cashier may look members up."))
        card = self.search([("partner_id", "=", int(partner_id)), ("program_id", "=", int(program_id)),
                            ("hyc_member_number", "!=", False)], limit=1)
        return card.points if card else 0.0
