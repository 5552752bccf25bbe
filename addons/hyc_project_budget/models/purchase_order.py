from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.sql import create_index

from ..lib import budget_control
from .project_budget import COMMITTED_STATES


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    # The project a line charges (from its analytic distribution), its budget category
    # and the part of it still committed (ordered, not yet billed on a posted bill), in
    # company currency: stored so that the budget check is one indexed SQL aggregate.
    hyc_project_id = fields.Many2one(
        "project.project", string="Budget Project", compute="_compute_hyc_budget", store=True, readonly=True
    )
    hyc_budget_category_id = fields.Many2one(
        "hyc.budget.category", string="Budget Category", compute="_compute_hyc_budget", store=True, readonly=True
    )
    hyc_committed_amount = fields.Monetary(
        string="Committed (company currency)", currency_field="company_currency_id",
        compute="_compute_hyc_committed_amount", store=True, readonly=True,
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    # What the line counts in its budget line's running committed total (the committed
    # amount while the order is confirmed, else 0) and on which budget line.
    hyc_counted_line_id = fields.Many2one(
        "hyc.project.budget.line", string="Counted on Budget Line", compute="_compute_hyc_counted",
        store=True, readonly=True, index="btree_not_null", ondelete="set null", copy=False,
    )
    hyc_counted_amount = fields.Monetary(
        string="Counted Commitment", currency_field="company_currency_id", compute="_compute_hyc_counted",
        store=True, readonly=True, copy=False,
    )
    # the sale line a project RFQ was created for (SaleOrder.action_hyc_create_rfqs)
    hyc_sale_line_id = fields.Many2one(
        "sale.order.line", string="Project Sale Line", index="btree_not_null", copy=False, readonly=True
    )

    def init(self):
        res = super().init()
        create_index(
            self.env.cr, "purchase_order_line_hyc_budget_idx", self._table,
            ["hyc_project_id", "hyc_budget_category_id", "state"], where="hyc_project_id IS NOT NULL",
        )
        return res

    def _hyc_project_and_share(self):
        """The first project named by the analytic distribution and the fraction charged to it."""
        self.ensure_one()
        account_ids = budget_control.distribution_account_ids(self.analytic_distribution)
        if not account_ids:
            return self.env["project.project"], 0.0
        projects = self.env["project.project"].sudo().with_context(active_test=False).search(
            [("account_id", "in", account_ids)]
        )
        for account_id in account_ids:
            project = projects.filtered(lambda p, a=account_id: p.account_id.id == a)[:1]
            if project:
                return project, budget_control.distribution_share(self.analytic_distribution, account_id)
        return self.env["project.project"], 0.0

    @api.depends("analytic_distribution", "product_id", "display_type")
    def _compute_hyc_budget(self):
        Category = self.env["hyc.budget.category"]
        for line in self:
            project = line._hyc_project_and_share()[0] if not line.display_type else False
            if not project:
                line.hyc_project_id = False
                line.hyc_budget_category_id = False
                continue
            account = line.product_id.product_tmpl_id.get_product_accounts()["expense"] if line.product_id else False
            line.hyc_project_id = project
            line.hyc_budget_category_id = Category._hyc_category_for(line.product_id, account, line.company_id)

    def _hyc_posted_billed_qty(self, extra_lines=None):
        """Quantity billed on posted bills (refunds subtract), in the purchase UoM.

        ``extra_lines``: invoice lines about to be posted, counted as if they were.
        """
        self.ensure_one()
        qty = 0.0
        invoice_lines = self.invoice_lines.filtered(lambda aml: aml.parent_state == "posted")
        for inv_line in invoice_lines | (extra_lines or self.env["account.move.line"]):
            sign = -1.0 if inv_line.move_id.move_type == "in_refund" else 1.0
            qty += sign * inv_line.product_uom_id._compute_quantity(inv_line.quantity, self.product_uom)
        return qty

    def _hyc_open_amount(self, extra_lines=None):
        self.ensure_one()
        if not self.hyc_project_id:
            return 0.0
        order = self.order_id
        subtotal = order.currency_id._convert(
            self.price_subtotal, self.company_id.currency_id, self.company_id,
            order.date_order or fields.Date.context_today(self),
        )
        share = budget_control.distribution_share(self.analytic_distribution, self.hyc_project_id.account_id.id)
        return budget_control.open_amount(
            subtotal, self.product_qty, self._hyc_posted_billed_qty(extra_lines), share,
            self.company_id.currency_id.decimal_places,
        )

    @api.depends(
        "hyc_project_id", "analytic_distribution", "product_qty", "price_subtotal", "product_uom",
        "order_id.currency_id", "order_id.date_order",
        "invoice_lines.parent_state", "invoice_lines.quantity", "invoice_lines.product_uom_id",
    )
    def _compute_hyc_committed_amount(self):
        for line in self:
            line.hyc_committed_amount = line._hyc_open_amount()

    @api.depends("state", "hyc_committed_amount", "hyc_project_id", "hyc_budget_category_id")
    def _compute_hyc_counted(self):
        BudgetLine = self.env["hyc.project.budget.line"]

        def target(line):
            budget_line = BudgetLine._hyc_line_for(line.hyc_project_id, line.hyc_budget_category_id)
            return budget_line, line.hyc_committed_amount if line.state in COMMITTED_STATES else 0.0

        BudgetLine._hyc_count(self, "committed_total", target)

    def unlink(self):
        self.env["hyc.project.budget.line"]._hyc_uncount(self, "committed_total")
        return super().unlink()


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def _hyc_budget_items(self):
        return [
            (line.hyc_project_id, line.hyc_budget_category_id, line.hyc_committed_amount)
            for line in self.order_line
            if line.hyc_project_id and line.hyc_budget_category_id
        ]

    def _hyc_approval_categories(self):
        """Budget categories whose approval amount this order's project lines exceed
        (their untaxed amounts in company currency, per category)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        amounts, thresholds = {}, {}
        for line in self.order_line:
            category = line.hyc_budget_category_id
            if not (line.hyc_project_id and category and category.approval_amount):
                continue
            amount = self.currency_id._convert(
                line.price_subtotal, company.currency_id, company, self.date_order or fields.Date.context_today(self)
            )
            amounts[category.id] = amounts.get(category.id, 0.0) + amount
            thresholds[category.id] = category.approval_amount
        over = budget_control.over_approval_thresholds(amounts, thresholds, company.currency_id.decimal_places)
        return self.env["hyc.budget.category"].browse(over)

    def _approval_allowed(self):
        # Odoo's double validation, by budget category too: an order above a category's
        # approval amount waits in "to approve" until management approves it.
        allowed = super()._approval_allowed()
        if (
            allowed
            and any(line.hyc_project_id and line.hyc_budget_category_id.approval_amount for line in self.order_line)
            and not self.env.user.has_group("hyc_project_budget.group_management")
            and self._hyc_approval_categories()
        ):
            return False
        return allowed

    def button_confirm(self):
        # One order at a time: each one's check must see the commitments of the previous.
        for order in self:
            if order.state in ("draft", "sent"):
                action = self.env["hyc.project.budget.line"]._hyc_enforce(order._hyc_budget_items(), order)
                if action:
                    return action
            super(PurchaseOrder, order).button_confirm()
            if order.state == "to approve" and order._hyc_approval_categories():
                order.message_post(body=self.env._(
                    "Waiting for management's approval: above the approval amount of %(categories)s.",
                    categories=", ".join(order._hyc_approval_categories().mapped("name")),
                ))
        return True

    def action_hyc_approve(self):
        """Management's approval of an order waiting for it (Odoo's Approve Order, which
        only purchase managers see)."""
        if not self.env.user.has_group("hyc_project_budget.group_management"):
            raise UserError(self.env._("Only management may approve this order."))
        return self.button_approve()
