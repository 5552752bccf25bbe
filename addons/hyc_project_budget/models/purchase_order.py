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
    # The same, per project of the distribution: {project id: its share of what is still
    # committed} (a line split 60/40 over two projects commits in both budgets).
    hyc_commitments = fields.Json(
        string="Commitments by Project", compute="_compute_hyc_committed_amount", store=True, readonly=True,
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    # What the line counts in the budget lines' running committed totals: {budget line
    # id: amount}, its commitments while the order is confirmed, else nothing.  Kept by
    # _hyc_sync_counted (not a computed field: the confirmation moves it with the order's
    # state itself instead of through the ORM's dependency tracking).
    hyc_counted = fields.Json(string="Counted Commitments", readonly=True, copy=False)
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

    def _hyc_projects_by_account(self):
        """{analytic account id: project} for every account the lines' distributions name
        (one search for the whole batch; the first project when accounts are shared)."""
        account_ids = {
            account_id for line in self
            for account_id in budget_control.distribution_account_ids(line.analytic_distribution)
        }
        if not account_ids:
            return {}
        projects = self.env["project.project"].sudo().with_context(active_test=False).search(
            [("account_id", "in", list(account_ids))]
        )
        result = {}
        for project in projects:
            result.setdefault(project.account_id.id, project)
        return result

    def _hyc_projects_and_shares(self, projects_by_account=None):
        """[(project, fraction)] of every project named by the analytic distribution, in
        the distribution's order."""
        self.ensure_one()
        if self.display_type or not self.analytic_distribution:
            return []
        if projects_by_account is None:
            projects_by_account = self._hyc_projects_by_account()
        return [
            (projects_by_account[account_id],
             budget_control.distribution_share(self.analytic_distribution, account_id))
            for account_id in budget_control.distribution_account_ids(self.analytic_distribution)
            if account_id in projects_by_account
        ]

    @api.depends("analytic_distribution", "product_id", "display_type")
    def _compute_hyc_budget(self):
        Category = self.env["hyc.budget.category"]
        projects_by_account = self._hyc_projects_by_account()
        for line in self:
            shares = line._hyc_projects_and_shares(projects_by_account)
            if not shares:
                line.hyc_project_id = False
                line.hyc_budget_category_id = False
                continue
            account = line.product_id.product_tmpl_id.get_product_accounts()["expense"] if line.product_id else False
            line.hyc_project_id = shares[0][0]
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

    def _hyc_open_amounts(self, extra_lines=None, projects_by_account=None):
        """{project id: the project's share of what the line still commits}, in company
        currency; ``extra_lines``: invoice lines about to be posted, counted as billed."""
        self.ensure_one()
        if not self.hyc_project_id:
            return {}
        order = self.order_id
        company_currency = self.company_id.currency_id
        subtotal = order.currency_id._convert(
            self.price_subtotal, company_currency, self.company_id,
            order.date_order or fields.Date.context_today(self),
        )
        shares = {project.id: share for project, share in self._hyc_projects_and_shares(projects_by_account)}
        return budget_control.open_amounts(
            subtotal, self.product_qty, self._hyc_posted_billed_qty(extra_lines), shares,
            company_currency.decimal_places,
        )

    @api.depends(
        "hyc_project_id", "hyc_budget_category_id", "analytic_distribution", "product_qty", "price_subtotal",
        "product_uom", "order_id.currency_id", "order_id.date_order",
        "invoice_lines.parent_state", "invoice_lines.quantity", "invoice_lines.product_uom_id",
    )
    def _compute_hyc_committed_amount(self):
        projects_by_account = self._hyc_projects_by_account()
        for line in self:
            amounts = line._hyc_open_amounts(projects_by_account=projects_by_account)
            line.hyc_commitments = {str(project_id): amount for project_id, amount in amounts.items()} or False
            line.hyc_committed_amount = sum(amounts.values())
        self._hyc_sync_counted()

    def _hyc_sync_counted(self):
        """Move what the lines must count now (their commitments on their projects' budget
        lines while the order is confirmed) into the running committed totals, by the
        difference with what they counted so far (``hyc_counted``)."""
        BudgetLine = self.env["hyc.project.budget.line"]
        Project = self.env["project.project"]
        field = self._fields["hyc_counted"]
        deltas, released, changed, values = {}, set(), [], []
        for line in self:
            if not line.id:  # a new line in a form: nothing is counted yet
                continue
            wanted = {}
            # the order's state (just written when confirming) rather than the line's related
            # copy, which would be recomputed here line by line instead of in one batch
            commitments = line.hyc_commitments if line.order_id.state in COMMITTED_STATES else None
            if commitments:
                category = line.hyc_budget_category_id
                for project_id, amount in commitments.items():
                    budget_line = BudgetLine._hyc_line_for(Project.browse(int(project_id)), category)
                    if budget_line and amount:
                        key = str(budget_line.id)
                        wanted[key] = wanted.get(key, 0.0) + amount
            counted = line.hyc_counted or {}
            if wanted == counted:
                continue
            for key, amount in counted.items():
                deltas[int(key)] = deltas.get(int(key), 0.0) - amount
                if key not in wanted:
                    released.add(int(key))
            for key, amount in wanted.items():
                deltas[int(key)] = deltas.get(int(key), 0.0) + amount
            changed.append(line.id)
            values.append(wanted or None)  # already what the Json field caches: str keys, floats
        if not changed:
            return
        # Into the cache as dirty values, written with the line's own update (nothing
        # depends on hyc_counted: no recomputation to trigger).
        self.env.cache.update(self.browse(changed), field, values, dirty=True)
        self._hyc_add_committed(deltas, released)

    @api.model
    def _hyc_add_committed(self, deltas, released=()):
        """Add {budget line id: delta} to the committed totals; ``released``: lines only
        taken out of, which may have been deleted meanwhile (with their project's budget)."""
        BudgetLine = self.env["hyc.project.budget.line"].sudo()
        gone = set(released) - set(BudgetLine.browse(released).exists().ids) if released else set()
        BudgetLine._hyc_add_to_totals(
            {(line_id, "committed_total"): delta for line_id, delta in deltas.items() if line_id not in gone}
        )

    # what changes a confirmed line's commitments (Odoo lets a buyer edit confirmed orders)
    HYC_COMMITMENT_FIELDS = frozenset({
        "product_id", "product_qty", "product_uom", "price_unit", "discount", "taxes_id", "analytic_distribution",
    })

    def _hyc_budget_items(self):
        """(project, category, amount) of every project share of the lines."""
        Project = self.env["project.project"]
        return [
            (Project.browse(int(project_id)), line.hyc_budget_category_id, amount)
            for line in self
            if line.hyc_budget_category_id
            for project_id, amount in (line.hyc_commitments or {}).items()
        ]

    def _hyc_commitments_by_key(self):
        """{(project id, category id): amount} the lines commit."""
        result = {}
        for project, category, amount in self._hyc_budget_items():
            key = (project.id, category.id)
            result[key] = result.get(key, 0.0) + amount
        return result

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # a line added to a confirmed order commits at once: checked like a change
        for order in lines.order_id.filtered(lambda order: order.state in COMMITTED_STATES):
            order._hyc_check_increase((order.order_line - lines)._hyc_commitments_by_key())
        return lines

    def write(self, vals):
        confirmed = self.browse()
        if self.HYC_COMMITMENT_FIELDS & vals.keys():
            confirmed = self.filtered(lambda line: line.order_id.state in COMMITTED_STATES)
        before = {order: order.order_line._hyc_commitments_by_key() for order in confirmed.order_id}
        res = super().write(vals)
        for order, old in before.items():
            order._hyc_check_increase(old)
        return res

    def unlink(self):
        deltas = {}
        for line in self:
            for key, amount in (line.hyc_counted or {}).items():
                deltas[int(key)] = deltas.get(int(key), 0.0) - amount
        self._hyc_add_committed(deltas, deltas)
        return super().unlink()


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def _hyc_budget_items(self):
        """(project, category, amount) of every project share of the order's lines."""
        return self.order_line._hyc_budget_items()

    def _hyc_check_increase(self, before):
        """A confirmed order changed (a quantity, a price, the distribution): what it
        commits more than ``before`` ({(project id, category id): amount}) is checked
        like a confirmation, after the fact (there is no wizard in a save): blocked
        unless management overrides with a reason (the context's
        hyc_budget_override_reason), a warning is logged on the order.  The increase is
        already in the running totals: it is taken out for the decision, so it is not
        counted twice."""
        self.ensure_one()
        BudgetLine = self.env["hyc.project.budget.line"]
        BudgetLine._hyc_sync_pending()
        Project, Category = self.env["project.project"], self.env["hyc.budget.category"]
        items = []
        for (project_id, category_id), amount in self.order_line._hyc_commitments_by_key().items():
            increase = amount - before.get((project_id, category_id), 0.0)
            if increase > 0:
                items.append((Project.browse(project_id), Category.browse(category_id), increase))
        if items:
            BudgetLine._hyc_enforce(
                items, self, interactive=False,
                committed_items=[(project, category, -increase) for project, category, increase in items],
            )

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # confirmed, approved, cancelled, back to draft: the lines count or stop counting
            self.order_line._hyc_sync_counted()
        return res

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
        approval_amounts = self.env["hyc.budget.category"]._hyc_approval_amounts()
        if (
            allowed
            and approval_amounts
            and any(line.hyc_project_id and line.hyc_budget_category_id.id in approval_amounts for line in self.order_line)
            and not self.env.user.has_group("hyc_project_budget.group_management")
            and self._hyc_approval_categories()
        ):
            return False
        return allowed

    def button_confirm(self):
        # One order at a time: each one's check must see the commitments of the previous.
        for order in self:
            if order.state in ("draft", "sent"):
                # its commitments go into the running totals of the lines checked here
                action = self.env["hyc.project.budget.line"]._hyc_enforce(
                    order._hyc_budget_items(), order, updates_totals=True
                )
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
