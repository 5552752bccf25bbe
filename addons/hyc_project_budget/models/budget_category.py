from odoo import api, fields, models, tools


class HycBudgetCategory(models.Model):
    """A cost category a project budget is split by (materials, labour, ...).

    Categories are data: a company adds its own.  Costs find their category through
    the expense product, then the product category (nearest ancestor first), then
    the expense account of the purchase / bill line.
    """

    _name = "hyc.budget.category"
    _description = "Budget Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code integrations use to name the category.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the category between companies.")
    policy = fields.Selection(
        [("none", "No control"), ("warn", "Warn"), ("block", "Block")],
        required=True,
        default="warn",
        help="What happens when a purchase or bill does not fit in the remaining budget.",
    )
    tolerance_pct = fields.Float(
        string="Tolerance (%)",
        digits=(5, 2),
        default=0.0,
        help="The budget may be exceeded by this percentage of it with a warning only.",
    )
    approval_amount = fields.Monetary(
        string="Approval Above",
        currency_field="currency_id",
        help="A purchase order whose lines in this category (charged to a project) total more than this "
        "amount waits for management's approval before it is confirmed. 0: no approval.",
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id",
        help="The currency of the approval amount: the company's.",
    )
    product_categ_ids = fields.Many2many("product.category", string="Product Categories")
    product_ids = fields.Many2many("product.product", string="Expense Products")
    account_ids = fields.Many2many("account.account", string="Expense Accounts")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The category code must be unique per company."),
        ("tolerance_positive", "CHECK(tolerance_pct >= 0)", "The tolerance cannot be negative."),
        ("approval_amount_positive", "CHECK(approval_amount >= 0)", "The approval amount cannot be negative."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _hyc_approval_amounts
        return super().create(vals_list)

    def write(self, vals):
        if "approval_amount" in vals:
            self.env.registry.clear_cache()  # _hyc_approval_amounts
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()  # _hyc_approval_amounts
        return super().unlink()

    @api.model
    @tools.ormcache()
    def _hyc_approval_amounts(self):
        """{category id: approval amount} of the categories that have one.  Asked on
        every purchase confirmation, changed by an administrator now and then: cached
        in the registry (cleared when a category changes, in every worker)."""
        categories = self.sudo().with_context(active_test=False).search([("approval_amount", ">", 0)])
        return {category.id: category.approval_amount for category in categories}

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_currency_id(self):
        for category in self:
            category.currency_id = (category.company_id or self.env.company).currency_id

    @api.model
    def _hyc_category_for(self, product, account, company):
        """The category a cost line (product, expense account) belongs to, or an empty recordset."""
        categories = self.sudo().search([("company_id", "in", [False, company.id])])
        if product:
            for category in categories:
                if product in category.product_ids:
                    return category
            categ = product.categ_id
            while categ:
                for category in categories:
                    if categ in category.product_categ_ids:
                        return category
                categ = categ.parent_id
        if account:
            for category in categories:
                if account in category.account_ids:
                    return category
        return self.browse()
