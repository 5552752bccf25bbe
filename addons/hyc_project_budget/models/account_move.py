from odoo import api, fields, models
from odoo.tools.sql import create_index

from ..lib import budget_control


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    # Costs posted on a project's analytic account, by budget category (customer
    # invoices are revenue and left out): the "actual" of the budget check.
    hyc_project_id = fields.Many2one(
        "project.project", string="Budget Project", compute="_compute_hyc_budget", store=True, readonly=True
    )
    hyc_budget_category_id = fields.Many2one(
        "hyc.budget.category", string="Budget Category", compute="_compute_hyc_budget", store=True, readonly=True
    )

    # What the item counts in its budget line's running actual total, and on which line.
    hyc_counted_line_id = fields.Many2one(
        "hyc.project.budget.line", string="Counted on Budget Line", compute="_compute_hyc_counted",
        store=True, readonly=True, index="btree_not_null", ondelete="set null", copy=False,
    )
    hyc_counted_amount = fields.Monetary(
        string="Counted Cost", compute="_compute_hyc_counted", store=True, readonly=True, copy=False,
    )

    def init(self):
        res = super().init()
        create_index(
            self.env.cr, "account_analytic_line_hyc_budget_idx", self._table,
            ["hyc_project_id", "hyc_budget_category_id"], where="hyc_project_id IS NOT NULL",
        )
        return res

    @api.depends("account_id", "product_id", "general_account_id", "category")
    def _compute_hyc_budget(self):
        Category = self.env["hyc.budget.category"]
        accounts = self.account_id
        projects = self.env["project.project"].sudo().with_context(active_test=False).search(
            [("account_id", "in", accounts.ids)]
        ) if accounts else self.env["project.project"]
        for line in self:
            project = projects.filtered(lambda p, a=line.account_id: p.account_id == a)[:1]
            if not project or line.category == "invoice":
                line.hyc_project_id = False
                line.hyc_budget_category_id = False
                continue
            line.hyc_project_id = project
            line.hyc_budget_category_id = Category._hyc_category_for(
                line.product_id, line.general_account_id, line.company_id or self.env.company
            )


    @api.depends("amount", "hyc_project_id", "hyc_budget_category_id")
    def _compute_hyc_counted(self):
        BudgetLine = self.env["hyc.project.budget.line"]

        def target(aal):
            return BudgetLine._hyc_line_for(aal.hyc_project_id, aal.hyc_budget_category_id), -(aal.amount or 0.0)

        BudgetLine._hyc_count(self, "actual_total", target)

    def unlink(self):
        self.env["hyc.project.budget.line"]._hyc_uncount(self, "actual_total")
        return super().unlink()


class AccountMove(models.Model):
    _inherit = "account.move"

    def _hyc_budget_items(self):
        """(project, category, amount) this bill adds to the budget: its cost minus the
        commitment of the purchase lines it bills, which it releases."""
        self.ensure_one()
        items = []
        Category = self.env["hyc.budget.category"]
        Project = self.env["project.project"].sudo().with_context(active_test=False)
        for line in self.invoice_line_ids.filtered(lambda aml: aml.display_type == "product"):
            account_ids = budget_control.distribution_account_ids(line.analytic_distribution)
            projects = Project.search([("account_id", "in", account_ids)]) if account_ids else Project
            category = Category._hyc_category_for(line.product_id, line.account_id, self.company_id)
            for project in projects:
                share = budget_control.distribution_share(line.analytic_distribution, project.account_id.id)
                items.append((project, category, line.balance * share))
            po_line = line.purchase_line_id
            if po_line and po_line.hyc_budget_category_id and po_line.hyc_commitments:
                # released in each project the purchase line commits in
                open_after = po_line._hyc_open_amounts(extra_lines=line)
                for project_id, committed in po_line.hyc_commitments.items():
                    released = committed - open_after.get(int(project_id), 0.0)
                    items.append((Project.browse(int(project_id)), po_line.hyc_budget_category_id, -released))
        return items

    def _hyc_is_controlled(self):
        return self.move_type in ("in_invoice", "in_refund", "in_receipt")

    def action_post(self):
        # Interactive entry: a warning or a manager's override goes through the wizard.
        for move in self.filtered(lambda m: m._hyc_is_controlled() and m.state == "draft"):
            action = self.env["hyc.project.budget.line"]._hyc_enforce(move._hyc_budget_items(), move)
            if action:
                return action
        return super(AccountMove, self.with_context(hyc_budget_checked_ids=self.ids)).action_post()

    def _post(self, soft=True):
        # Every posting path (action_post, automatic posting, imports) is checked.
        checked = set(self.env.context.get("hyc_budget_checked_ids") or [])
        for move in self.filtered(lambda m: m._hyc_is_controlled() and m.state == "draft" and m.id not in checked):
            self.env["hyc.project.budget.line"]._hyc_enforce(move._hyc_budget_items(), move, interactive=False)
        return super()._post(soft=soft)


