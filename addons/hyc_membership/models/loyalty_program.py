from odoo import api, fields, models
from odoo.tools import ormcache

WEEKDAYS = [("0", "Monday"), ("1", "Tuesday"), ("2", "Wednesday"), ("3", "Thursday"),
            ("4", "Friday"), ("5", "Saturday"), ("6", "Sunday")]


class LoyaltyProgram(models.Model):
    """A loyalty or eWallet program may be run as a member program: one card per
    customer, member numbers and mobiles as lookup keys, every change in the ledger."""

    # read through caches: pos.config._hyc_member_program_ids, loyalty.card._hyc_value_product_kinds
    _name = "loyalty.program"
    _inherit = ["loyalty.program", "hyc.registry.cache.mixin"]

    hyc_member_program = fields.Boolean(
        string="Member Program",
        help="One card per customer with a member number; points or stored value move only through the member ledger.")
    hyc_points_per_cny = fields.Float(string="Points per CNY", default=1.0, digits=(16, 4))
    hyc_member_weekday = fields.Selection(WEEKDAYS, string="Member Day")
    hyc_member_day_multiplier = fields.Float(string="Member Day Multiplier", default=2.0)
    hyc_birthday_multiplier = fields.Float(string="Birthday Month Multiplier", default=2.0)
    hyc_expiry_policy = fields.Selection(
        [("none", "Never"), ("end_of_next_year", "End of the year after earning"), ("months", "Months after earning")],
        string="Points Expiry", default="end_of_next_year", required=True)
    hyc_expiry_months = fields.Integer(string="Expiry Months", default=12)
    hyc_reminder_days = fields.Integer(string="Expiry Reminder Days", default=30)
    hyc_category_rate_ids = fields.One2many("hyc.member.category.rate", "program_id", string="Category Multipliers")
    hyc_topup_tier_ids = fields.One2many("hyc.member.topup.tier", "program_id", string="Top-up Bonus Tiers")
    hyc_birthday_program_id = fields.Many2one(
        "loyalty.program", string="Birthday Coupon Program", domain=[("program_type", "=", "coupons")],
        help="Each member gets one coupon of this program at the start of the birthday month, once a year.")
    hyc_care_program_id = fields.Many2one(
        "loyalty.program", string="Care Coupon Program", domain=[("program_type", "=", "coupons")],
        help="Members without any purchase, points or stored value movement for the inactive days get one "
             "coupon of this program (nightly job), at most once per cool-down.")
    hyc_care_inactive_days = fields.Integer(string="Care After Inactive Days", default=90)
    hyc_care_cooldown_days = fields.Integer(string="Care Coupon Cool-down (days)", default=90,
                                            help="A member gets at most one care coupon within this many days.")
    # stored value accounting: the paid part is owed to the customer until spent
    hyc_journal_id = fields.Many2one("account.journal", string="Stored Value Journal", check_company=True)
    hyc_cash_account_id = fields.Many2one("account.account", string="Top-up Cash Account", check_company=True)
    hyc_liability_account_id = fields.Many2one("account.account", string="Stored Value Liability Account", check_company=True)
    hyc_bonus_account_id = fields.Many2one("account.account", string="Bonus Discount Account", check_company=True)
    hyc_settlement_account_id = fields.Many2one("account.account", string="Stored Value Payment Account", check_company=True,
                                                help="Credited when stored value pays for goods (clears what the customer owes).")
    hyc_level_ids = fields.One2many("hyc.member.level", "program_id", string="Member Levels")
    hyc_level_basis = fields.Selection(
        [("spend", "Rolling 12-Month Spend"), ("growth", "Growth Value")],
        string="Level Basis", default="spend", required=True,
        help="What the levels' thresholds measure: the spend counted in the last 12 months, or the growth "
             "value earned by purchases and by what the program awards (check-ins, …), which redeeming "
             "points does not spend.")
    hyc_growth_per_cny = fields.Float(
        string="Growth per CNY", default=1.0, digits=(16, 4),
        help="Growth value a purchase earns per CNY counted (after discounts, without stored value top-ups "
             "and gift cards); a refund takes it back in proportion.")
    hyc_growth_months = fields.Integer(
        string="Growth Value Window (Months)", default=0,
        help="0: growth value never expires. Otherwise only the growth of the last N months counts.")

    _sql_constraints = [
        ("hyc_growth_values", "check(hyc_growth_per_cny >= 0 and hyc_growth_months >= 0)",
         "Growth per CNY and the growth value window cannot be negative."),
    ]


    @api.model
    def _load_pos_data_domain(self, data):
        # member stored value is paid with a payment method (pos.payment.method),
        # not with pos_loyalty's eWallet reward lines
        return super()._load_pos_data_domain(data) + [
            "!", "&", ("hyc_member_program", "=", True), ("program_type", "=", "ewallet")]

    @api.model
    def _hyc_category_multipliers(self, program):
        return dict(self._hyc_category_multiplier_pairs(program.id))

    @api.model
    @ormcache("program_id")
    def _hyc_category_multiplier_pairs(self, program_id):
        """(category id, multiplier) of the program, cached (every earning order asks;
        a change of the program or of its rates clears the cache)."""
        return tuple((rate.categ_id.id, rate.multiplier)
                     for rate in self.sudo().browse(program_id).hyc_category_rate_ids)

    @api.model
    @ormcache("program_id")
    def _hyc_has_levels(self, program_id):
        """Whether the program has member levels, cached (every earning order asks;
        a change of the program or of its levels clears the cache)."""
        return bool(self.sudo().browse(program_id).hyc_level_ids)


class LoyaltyRule(models.Model):
    # its products are read through loyalty.card._hyc_value_product_kinds's cache
    _name = "loyalty.rule"
    _inherit = ["loyalty.rule", "hyc.registry.cache.mixin"]



class ProductProduct(models.Model):
    _inherit = "product.product"

    def write(self, vals):
        # loyalty.card._hyc_value_product_kinds reads the rules' products as Odoo
        # reads them, without the archived ones
        if "active" in vals:
            self.env.registry.clear_cache()
        return super().write(vals)


class MemberCategoryRate(models.Model):
    _name = "hyc.member.category.rate"
    _inherit = ["hyc.registry.cache.mixin"]  # read through loyalty.program._hyc_category_multiplier_pairs
    _description = "Member Points Category Multiplier"

    program_id = fields.Many2one("loyalty.program", required=True, ondelete="cascade", index=True)
    categ_id = fields.Many2one("product.category", string="Product Category", required=True)
    multiplier = fields.Float(default=2.0, required=True)

    _sql_constraints = [
        ("hyc_category_rate_unique", "unique(program_id, categ_id)", "A category has one multiplier per program."),
        ("hyc_category_rate_positive", "check(multiplier >= 0)", "A multiplier cannot be negative."),
    ]



class MemberTopupTier(models.Model):
    """Pay 300 get 30: a top-up reaching `min_paid` earns `bonus`, between the dates."""

    _name = "hyc.member.topup.tier"
    _description = "Stored Value Top-up Bonus Tier"
    _order = "min_paid"

    program_id = fields.Many2one("loyalty.program", required=True, ondelete="cascade", index=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    min_paid = fields.Monetary(string="Top-up From", required=True)
    bonus = fields.Monetary(required=True)
    date_from = fields.Date(string="Valid From")
    date_to = fields.Date(string="Valid To")

    _sql_constraints = [
        ("hyc_topup_tier_positive", "check(min_paid > 0 and bonus >= 0)", "A tier needs a positive top-up and a bonus of zero or more."),
    ]
