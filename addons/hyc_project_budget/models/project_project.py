from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..lib import budget_control, contract_pnl

AT_RISK_PCT = 90.0


def _follow(record, path, model="sale.order"):
    """``record.<path>`` (dotted), or an empty ``model`` recordset when a field of the path is
    not there: it comes from a module that is not a dependency (sale_purchase, sale_stock,
    hr_expense, sale_expense)."""
    for name in path.split("."):
        if name not in record._fields:
            return record.env[model]
        record = record[name]
    return record


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

    @api.model_create_multi
    def create(self, vals_list):
        projects = super().create(vals_list)
        projects.filtered("account_id")._hyc_check_own_account()
        return projects

    def write(self, vals):
        accounts = set(self.account_id.ids) if "account_id" in vals else set()
        res = super().write(vals)
        if "account_id" in vals:
            self._hyc_check_own_account()
            self._hyc_account_changed(accounts | set(self.account_id.ids))
        return res

    def _hyc_check_own_account(self):
        """Costs and commitments find their project by its analytic account: a project
        with a budget may not share its account with another project, or they could
        not be told apart."""
        Project = self.sudo().with_context(active_test=False)
        for project in self.sudo().filtered("account_id"):
            sharing = Project.search([("account_id", "=", project.account_id.id)])
            budgeted = sharing.filtered("hyc_budget_ids")
            if len(sharing) > 1 and budgeted:
                raise ValidationError(self.env._(
                    "Projects %(projects)s share the analytic account %(account)s, and %(budgeted)s has a "
                    "budget: a project with a budget needs an analytic account of its own, or its costs and "
                    "commitments could not be told apart.",
                    projects=", ".join(sharing.mapped("display_name")), account=project.account_id.display_name,
                    budgeted=", ".join(budgeted.mapped("display_name")),
                ))

    def _hyc_account_changed(self, account_ids):
        """The project's analytic account changed: the purchase lines and analytic items
        naming the old or the new account now charge another project (or none).  Their
        stored project, category and commitments are recomputed, which moves what they
        count from one budget line's running totals to the other's."""
        account_ids = [account_id for account_id in account_ids if account_id]
        if not account_ids:
            return
        PurchaseLine = self.env["purchase.order.line"].sudo()
        AnalyticLine = self.env["account.analytic.line"].sudo()
        sources = (
            (PurchaseLine.search([("distribution_analytic_account_ids", "in", account_ids)]),
             ("hyc_project_id", "hyc_budget_category_id", "hyc_commitments", "hyc_committed_amount")),
            (AnalyticLine.search([("account_id", "in", account_ids)]),
             ("hyc_project_id", "hyc_budget_category_id", "hyc_counted_line_id", "hyc_counted_amount")),
        )
        for records, fnames in sources:
            for fname in fnames:
                self.env.add_to_compute(records._fields[fname], records)
        for records, fnames in sources:
            records._recompute_recordset(list(fnames))

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

    @api.model
    def _hyc_posted_customer_invoices(self, accounts):
        """Posted customer invoices and credit notes with a product line distributed to
        the analytic `accounts`."""
        return self.env["account.move.line"].sudo().search([
            ("move_id.move_type", "in", ("out_invoice", "out_refund")),
            ("parent_state", "=", "posted"),
            ("display_type", "=", "product"),
            ("distribution_analytic_account_ids", "in", list(accounts)),
        ]).move_id

    @api.model
    def _hyc_to_invoice_shares(self, accounts):
        """(project id, sale line, amount) for every confirmed sale line distributed to
        the analytic `accounts` ({account id: project id}): the project's share of what
        is left to invoice on it, untaxed, in company currency."""
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
                    yield project_id, sol, amount * share

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
        for project_id, _sol, amount in self._hyc_to_invoice_shares(accounts):
            result[project_id]["to_invoice"] += amount
        today = fields.Date.context_today(self)
        invoices = self._hyc_posted_customer_invoices(accounts).filtered(
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
            # the shown revenue minus the shown costs (as the contract P&L's total row)
            project.hyc_profit = currency.round(f["invoiced"]) - currency.round(f["costs"])
            project.hyc_overdue_receivable = currency.round(f["overdue"])
            project.hyc_margin_pct = (
                round((f["invoiced"] - f["costs"]) / f["invoiced"] * 100.0, 2) if f["invoiced"] else 0.0
            )

    # ------------------------------------------------------------------
    # Contracts and the project contract P&L (项目合同往来利润表, PRJ-5, PRJ-9).
    # A contract is a confirmed sale order linked to the project the way Odoo links them: the
    # order's project (sale.order.project_id), the project's sales order / re-invoicing order
    # (sale_line_id, reinvoiced_sale_order_id, sale_project's task and milestone items) or order
    # lines distributed to the project's analytic account. The figures are the project's P&L
    # (_hyc_pnl_figures) split by contract; the arithmetic is in lib/contract_pnl.py.
    # ------------------------------------------------------------------
    hyc_contract_ids = fields.Many2many(
        "sale.order", string="Contracts", compute="_compute_hyc_contract_ids",
        groups="hyc_project_budget.group_finance",
        help="Confirmed sales orders of the project: the orders whose project it is, its sales order and "
             "the orders with lines distributed to its analytic account.",
    )
    hyc_contract_count = fields.Integer(
        string="Contract Count", compute="_compute_hyc_contract_ids", groups="hyc_project_budget.group_finance",
    )
    hyc_contract_pnl_html = fields.Html(
        string="Contract P&L Table", compute="_compute_hyc_contract_pnl_html", sanitize=False,
        groups="hyc_project_budget.group_finance",
    )

    def _hyc_contracts(self):
        """{project id: its contracts (sudo sale orders, oldest first)}."""
        SaleOrder = self.env["sale.order"].sudo()
        result = {}
        for project in self.sudo():
            linked = project.reinvoiced_sale_order_id | project.sale_line_id.order_id
            domain = [("project_id", "=", project.id)]
            if linked:
                domain = ["|", ("id", "in", linked.ids), *domain]
            if project.account_id:
                domain = ["|", ("order_line.distribution_analytic_account_ids", "in", project.account_id.ids), *domain]
            orders = SaleOrder.search([("state", "=", "sale"), *domain])
            if project.allow_billable:
                # sale_project's own link: the orders of the project's, tasks' and milestones' items
                orders |= project._get_sale_orders().filtered(lambda so: so.state == "sale")
            result[project.id] = orders.sorted(lambda so: (so.date_order, so.id))
        return result

    def _compute_hyc_contract_ids(self):
        contracts = self._hyc_contracts()
        for project in self:
            project.hyc_contract_ids = contracts[project.id].ids
            project.hyc_contract_count = len(contracts[project.id])

    def _hyc_invoice_line_contract(self, line, names):
        """The contract a customer invoice line belongs to: its sale lines' order, else the
        contract named as the invoice's source document."""
        return contract_pnl.attribute(line.sale_line_ids.order_id.ids, [line.move_id.invoice_origin], names)

    def _hyc_cost_contract(self, item, stock_move, names):
        """The contract an analytic cost item belongs to (see the readme for the rule)."""
        line = item.move_line_id
        purchase_line = line.purchase_line_id
        linked = (
            purchase_line.hyc_sale_line_id.order_id  # RFQs created from the sale order's lines
            | _follow(purchase_line, "sale_line_id.order_id")  # sale_purchase: services bought for a sale
            | line.sale_line_ids.order_id  # costs re-invoiced on the order
            | _follow(line, "expense_id.sale_order_id")  # sale_expense: expenses re-invoiced on the order
            | _follow(stock_move, "sale_line_id.order_id")  # sale_stock: deliveries of the order
            | _follow(stock_move, "picking_id.sale_id")
        )
        texts = [
            purchase_line.order_id.origin, line.move_id.invoice_origin, line.move_id.ref, line.name,
            stock_move.origin, stock_move.picking_id.origin, item.ref, item.name,
        ]
        return contract_pnl.attribute(linked.ids, texts, names)

    def _hyc_contract_items(self, contracts):
        """{project id: [(contract id or None, figure, amount)]}: every amount of the project's
        P&L, in company currency, for ``contract_pnl.contract_rows``."""
        items = {p.id: [] for p in self}
        accounts = {p.account_id.id: p.id for p in self if p.account_id}
        if not accounts:
            return items
        names = {pid: {so.id: so.name for so in contracts[pid]} for pid in items}
        analytic_items = self.env["account.analytic.line"].sudo().search([("account_id", "in", list(accounts))])
        stock_move_of = {}
        if "analytic_account_line_ids" in self.env["stock.move"]._fields:
            for move in self.env["stock.move"].sudo().search([("analytic_account_line_ids", "in", analytic_items.ids)]):
                for item in move.analytic_account_line_ids:
                    stock_move_of[item.id] = move
        for item in analytic_items:
            project_id = accounts[item.account_id.id]
            line = item.move_line_id
            if item.category == "invoice":
                contract = self._hyc_invoice_line_contract(line, names[project_id])
                items[project_id].append((contract, "revenue", item.amount))
                continue
            # stock issued: project_stock_account's items of a picking, or a stock valuation entry
            stock_move = stock_move_of.get(item.id) or _follow(line, "move_id.stock_move_id", "stock.move")
            is_expense = bool(_follow(line, "expense_id", "account.move.line"))
            is_cost = not is_expense and (bool(stock_move) or item.category in ("vendor_bill", "picking_entry"))
            contract = self._hyc_cost_contract(item, stock_move, names[project_id])
            items[project_id].append((contract, "cost" if is_cost else "expenses", -item.amount))

        for project_id, sol, amount in self._hyc_to_invoice_shares(accounts):
            contract = contract_pnl.attribute(sol.order_id.ids, [], names[project_id])
            items[project_id].append((contract, "to_invoice", amount))

        today = fields.Date.context_today(self)
        invoices = self._hyc_posted_customer_invoices(accounts)
        for move in invoices:
            untaxed = sum(move.invoice_line_ids.mapped("price_subtotal")) or 1.0
            # received: payments and credit notes reconciled with the invoice (a credit note's
            # own "received" is then negative, so they net out)
            received = move.amount_total_signed - move.amount_residual_signed
            outstanding = move.amount_residual_signed
            overdue = outstanding if (
                move.payment_state in ("not_paid", "partial") and move.invoice_date_due and move.invoice_date_due < today
            ) else 0.0
            for account_id, project_id in accounts.items():
                parts = {}
                for line in move.invoice_line_ids:
                    share = budget_control.distribution_share(line.analytic_distribution, account_id)
                    if share:
                        contract = self._hyc_invoice_line_contract(line, names[project_id])
                        parts[contract] = parts.get(contract, 0.0) + line.price_subtotal * share
                # the project's (and contract's) share of what the customer paid / still owes
                for contract, part in parts.items():
                    ratio = part / untaxed
                    items[project_id] += [
                        (contract, "received", received * ratio),
                        (contract, "outstanding", outstanding * ratio),
                        (contract, "overdue", overdue * ratio),
                    ]
        return items

    def _hyc_contract_pnl(self):
        """The contract P&L of each project, as plain data (company currency)::

            {project id: {
                "currency_id": int,
                "rows": [row of each contract, oldest first, ..., row "not assigned to a contract"],
                "total": row,
            }}

        A row is a dict: ``kind`` ("contract" / "unassigned" / "total"), ``contract_id``
        (sale order id or False), ``name`` (the order's number, or "Not assigned to a contract" /
        "Total"), ``reference`` (the customer's reference), ``partner``, and the figures ``revenue`` (invoiced,
        untaxed, net of credit notes), ``to_invoice``, ``cost``, ``expenses``, ``profit``
        (revenue - cost - expenses), ``margin_pct``, ``received``, ``outstanding``, ``overdue``.
        The rows add up to the total, and the total equals the project's P&L fields
        (revenue = hyc_revenue_invoiced, cost + expenses = hyc_cost_total, ...).
        No access check: callers check the finance role (see ``hyc_get_contract_pnl``).
        """
        contracts = self._hyc_contracts()
        items = self._hyc_contract_items(contracts)
        result = {}
        for project in self.sudo():
            currency = project.hyc_currency_id or self.env.company.currency_id
            rows = contract_pnl.contract_rows(contracts[project.id].ids, items[project.id], currency.rounding)
            result[project.id] = {
                "currency_id": currency.id,
                "rows": [self._hyc_contract_pnl_row("contract", rows["contracts"][so.id], so)
                         for so in contracts[project.id]]
                + [self._hyc_contract_pnl_row("unassigned", rows["unassigned"])],
                "total": self._hyc_contract_pnl_row("total", rows["total"]),
            }
        return result

    def _hyc_contract_pnl_row(self, kind, figures, order=None):
        if order:
            name, partner = order.name, order.partner_id.display_name
        elif kind == "total":
            name, partner = self.env._("Total"), ""
        else:
            name, partner = self.env._("Not assigned to a contract"), ""
        return {
            "kind": kind,
            "contract_id": order.id if order else False,
            "name": name,
            "reference": (order.client_order_ref or "") if order else "",
            "partner": partner,
            **figures,
            "margin_pct": contract_pnl.margin_pct(figures["revenue"], figures["profit"]),
        }

    def hyc_get_contract_pnl(self):
        """``_hyc_contract_pnl`` for the web client and integrations (finance and management
        roles only): a list with one dict per project, ``project_id`` and ``name`` added."""
        if not self.env.user.has_group("hyc_project_budget.group_finance"):
            raise AccessError(self.env._("Only the finance and management roles may read the contract P&L."))
        self.check_access("read")
        data = self._hyc_contract_pnl()
        return [{"project_id": project.id, "name": project.display_name, **data[project.id]} for project in self]

    def _compute_hyc_contract_pnl_html(self):
        data = self._hyc_contract_pnl()
        for project in self:
            pnl = data[project.id]
            project.hyc_contract_pnl_html = self.env["ir.qweb"]._render(
                "hyc_project_budget.contract_pnl_table",
                {"rows": pnl["rows"], "total": pnl["total"],
                 "currency": self.env["res.currency"].browse(pnl["currency_id"])},
            )

    def action_hyc_open_contracts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contracts"),
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": [("id", "in", self.hyc_contract_ids.ids)],
            "context": {"create": False},
        }
