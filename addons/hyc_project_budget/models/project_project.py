from odoo import api, fields, models

from ..lib import budget_control

AT_RISK_PCT = 90.0


class ProjectProject(models.Model):
    _inherit = "project.project"

    hyc_budget_ids = fields.One2many("hyc.project.budget", "project_id", string="Budgets")
    hyc_budget_line_ids = fields.Many2many(
        "hyc.project.budget.line", string="Budget Lines", compute="_compute_hyc_budget_line_ids"
    )
    hyc_currency_id = fields.Many2one(related="company_id.currency_id", string="Budget Currency")
    hyc_budget_amount = fields.Monetary(
        string="Budget", compute="_compute_hyc_budget_figures", currency_field="hyc_currency_id"
    )
    hyc_committed_amount = fields.Monetary(
        string="Committed", compute="_compute_hyc_budget_figures", currency_field="hyc_currency_id"
    )
    hyc_actual_amount = fields.Monetary(
        string="Actual Cost", compute="_compute_hyc_budget_figures", currency_field="hyc_currency_id"
    )
    hyc_available_amount = fields.Monetary(
        string="Available", compute="_compute_hyc_budget_figures", currency_field="hyc_currency_id"
    )
    hyc_budget_status = fields.Selection(
        [("none", "No budget"), ("ok", "Within budget"), ("at_risk", "At risk"), ("over", "Over budget")],
        string="Budget Status",
        compute="_compute_hyc_budget_figures",
        search="_search_hyc_budget_status",
        help="At risk: a category has consumed 90% or more of its budget; over: a category is over its budget.",
    )

    @api.model
    def _hyc_line_status(self, line):
        if line.amount <= 0 and line.committed_amount + line.actual_amount <= 0:
            return "ok"
        if line.available_amount < 0:
            return "over"
        if line.consumed_pct >= AT_RISK_PCT:
            return "at_risk"
        return "ok"

    def _compute_hyc_budget_line_ids(self):
        for project in self:
            project.hyc_budget_line_ids = project.hyc_budget_ids.line_ids

    def _compute_hyc_budget_figures(self):
        budgets = self.env["hyc.project.budget"].sudo().search([("project_id", "in", self.ids)])
        order = {"none": 0, "ok": 1, "at_risk": 2, "over": 3}
        for project in self:
            budget = budgets.filtered(lambda b, p=project: b.project_id == p)[:1]
            lines = budget.line_ids
            project.hyc_budget_amount = sum(lines.mapped("amount"))
            project.hyc_committed_amount = sum(lines.mapped("committed_amount"))
            project.hyc_actual_amount = sum(lines.mapped("actual_amount"))
            project.hyc_available_amount = sum(lines.mapped("available_amount"))
            status = "none" if not budget else "ok"
            for line in lines:
                line_status = self._hyc_line_status(line)
                if order[line_status] > order[status]:
                    status = line_status
            project.hyc_budget_status = status

    def _search_hyc_budget_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(self.env._("Unsupported search on the budget status."))
        values = [value] if isinstance(value, str) else list(value)
        projects = self.env["hyc.project.budget"].sudo().search([("project_id", "!=", False)]).project_id
        matching = projects.filtered(lambda p: p.hyc_budget_status in values)
        if "none" in values:
            matching |= self.search([("id", "not in", projects.ids)])
        positive = operator in ("=", "in")
        return [("id", "in" if positive else "not in", matching.ids)]

    def action_hyc_open_budget(self):
        self.ensure_one()
        budget = self.hyc_budget_ids[:1]
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Project Budget"),
            "res_model": "hyc.project.budget",
            "view_mode": "form",
        }
        if budget:
            action["res_id"] = budget.id
        else:
            action["context"] = {"default_project_id": self.id}
        return action

    # Contract P&L: revenue invoiced and to invoice, costs, profit, margin, overdue
    # receivables (company currency; finance and management only).
    hyc_revenue_invoiced = fields.Monetary(
        string="Revenue Invoiced", compute="_compute_hyc_pnl", currency_field="hyc_currency_id",
        groups="hyc_project_budget.group_finance",
    )
    hyc_revenue_to_invoice = fields.Monetary(
        string="Revenue to Invoice", compute="_compute_hyc_pnl", currency_field="hyc_currency_id",
        groups="hyc_project_budget.group_finance",
    )
    hyc_cost_total = fields.Monetary(
        string="Costs", compute="_compute_hyc_pnl", currency_field="hyc_currency_id",
        groups="hyc_project_budget.group_finance",
    )
    hyc_profit = fields.Monetary(
        string="Profit", compute="_compute_hyc_pnl", currency_field="hyc_currency_id",
        groups="hyc_project_budget.group_finance",
    )
    hyc_margin_pct = fields.Float(
        string="Margin (%)", compute="_compute_hyc_pnl", digits=(16, 2),
        groups="hyc_project_budget.group_finance",
    )
    hyc_overdue_receivable = fields.Monetary(
        string="Overdue Receivables", compute="_compute_hyc_pnl", currency_field="hyc_currency_id",
        groups="hyc_project_budget.group_finance",
    )

    def _hyc_pnl_figures(self):
        """{project id: dict of P&L figures}: analytic items (revenue = customer invoices,
        costs = everything else), open sale order lines, overdue customer invoices."""
        self.env["account.analytic.line"].flush_model(["account_id", "amount", "category"])
        accounts = {p.account_id.id: p.id for p in self if p.account_id}
        result = {p.id: dict.fromkeys(("invoiced", "to_invoice", "costs", "overdue"), 0.0) for p in self}
        if not accounts:
            return result
        self.env.cr.execute(
            """SELECT account_id, category = 'invoice', SUM(amount)
                 FROM account_analytic_line
                WHERE account_id = ANY(%s)
             GROUP BY account_id, category = 'invoice'""",
            [list(accounts)],
        )
        for account_id, is_revenue, total in self.env.cr.fetchall():
            figures = result[accounts[account_id]]
            if is_revenue:
                figures["invoiced"] += total or 0.0
            else:
                figures["costs"] -= total or 0.0
        sale_lines = self.env["sale.order.line"].sudo().search([
            ("state", "=", "sale"), ("distribution_analytic_account_ids", "in", list(accounts)),
        ])
        for sol in sale_lines:
            for account_id, project_id in accounts.items():
                share = budget_control.distribution_share(sol.analytic_distribution, account_id)
                if share:
                    amount = sol.currency_id._convert(
                        sol.untaxed_amount_to_invoice, sol.company_id.currency_id, sol.company_id,
                        sol.order_id.date_order or fields.Date.context_today(self),
                    )
                    result[project_id]["to_invoice"] += amount * share
        today = fields.Date.context_today(self)
        invoices = self.env["account.move.line"].sudo().search([
            ("move_id.move_type", "in", ("out_invoice", "out_refund")),
            ("parent_state", "=", "posted"),
            ("display_type", "=", "product"),
            ("distribution_analytic_account_ids", "in", list(accounts)),
        ]).move_id.filtered(
            lambda m: m.payment_state in ("not_paid", "partial") and m.invoice_date_due and m.invoice_date_due < today
        )
        for move in invoices:
            untaxed = sum(move.invoice_line_ids.mapped("price_subtotal")) or 1.0
            for account_id, project_id in accounts.items():
                project_part = sum(
                    line.price_subtotal * budget_control.distribution_share(line.analytic_distribution, account_id)
                    for line in move.invoice_line_ids
                )
                if project_part:
                    # the project's share of what the customer still owes on the invoice
                    result[project_id]["overdue"] += move.amount_residual_signed * project_part / untaxed
        return result

    def _compute_hyc_pnl(self):
        figures = self._hyc_pnl_figures()
        for project in self:
            f = figures[project.id]
            currency = project.hyc_currency_id or self.env.company.currency_id
            project.hyc_revenue_invoiced = currency.round(f["invoiced"])
            project.hyc_revenue_to_invoice = currency.round(f["to_invoice"])
            project.hyc_cost_total = currency.round(f["costs"])
            project.hyc_profit = currency.round(f["invoiced"] - f["costs"])
            project.hyc_overdue_receivable = currency.round(f["overdue"])
            project.hyc_margin_pct = (
                round((f["invoiced"] - f["costs"]) / f["invoiced"] * 100.0, 2) if f["invoiced"] else 0.0
            )
