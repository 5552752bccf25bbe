from odoo import api, models

PNL_KEYS = ("invoiced", "to_invoice", "costs", "profit", "margin_pct", "overdue")


class ProjectProject(models.Model):
    """The project dashboard (client action ``hyc_project_budget.project_dashboard``):
    one server call returns plain JSON data, figures filtered by the caller's roles."""

    # the dashboard's server side in a file of its own, apart from the figures it reads
    _inherit = "project.project"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Who sees which figures: the same rules as the models and fields they come from
    # ------------------------------------------------------------------
    @api.model
    def _hyc_dashboard_can_see_budget(self):
        # the budget roles (project manager, purchasing, finance, management) read budget lines
        return self.env["hyc.project.budget.line"].has_access("read")

    @api.model
    def _hyc_dashboard_can_see_pnl(self):
        # same group as the P&L fields of project.project
        return self.env.user.has_group("hyc_project_budget.group_finance")

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def _hyc_dashboard_budget_row(self, line):
        return {
            "id": line.id,
            "category": line.category_id.name,
            "code": line.category_id.code or "",
            "policy": line.category_id.policy,
            "budget": line.amount,
            "committed": line.committed_amount,
            "actual": line.actual_amount,
            "available": line.available_amount,
            "consumed_pct": round(line.consumed_pct, 1),
            "status": self._hyc_line_status(line),
        }

    def _hyc_dashboard_pnl(self):
        self.ensure_one()
        return {
            "invoiced": self.hyc_revenue_invoiced,
            "to_invoice": self.hyc_revenue_to_invoice,
            "costs": self.hyc_cost_total,
            "profit": self.hyc_profit,
            "margin_pct": self.hyc_margin_pct,
            "overdue": self.hyc_overdue_receivable,
        }

    def _hyc_dashboard_stages(self):
        self.ensure_one()
        stages = self.env["project.project.stage"].search([("company_id", "in", [False, self.company_id.id])])
        current = self.stage_id
        return [{
            "id": stage.id,
            "name": stage.name,
            "current": stage == current,
            "passed": bool(current) and (stage.sequence, stage.id) < (current.sequence, current.id),
        } for stage in stages]

    def _hyc_dashboard_milestones(self):
        self.ensure_one()
        return [{
            "id": milestone.id,
            "name": milestone.name,
            "deadline": milestone.deadline and milestone.deadline.isoformat(),
            "is_reached": milestone.is_reached,
            "reached_date": milestone.reached_date and milestone.reached_date.isoformat(),
            "is_deadline_exceeded": milestone.is_deadline_exceeded,
        } for milestone in self.milestone_ids.sorted(lambda m: (not m.deadline, m.deadline, m.id))]

    def hyc_dashboard_data(self):
        """Everything the dashboard shows of one project, as plain JSON-able data.

        Budget figures only for the budget roles, P&L figures only for finance and
        management: the keys are absent for the others, not merely hidden in the page."""
        self.ensure_one()
        self.check_access("read")
        show_stages = self.env.user.has_group("project.group_project_stages")
        data = {
            "project": {
                "id": self.id,
                "name": self.display_name,
                "partner": self.partner_id.display_name or False,
                "stage": show_stages and self.stage_id.name or False,
            },
            "currency_id": (self.hyc_currency_id or self.env.company.currency_id).id,
            "show_stages": show_stages,
            "stages": self._hyc_dashboard_stages() if show_stages else [],
            "show_milestones": self.allow_milestones,
            "milestones": self._hyc_dashboard_milestones() if self.allow_milestones else [],
            "show_budget": self._hyc_dashboard_can_see_budget(),
            "show_pnl": self._hyc_dashboard_can_see_pnl(),
        }
        if data["show_budget"]:
            budget = self.hyc_budget_ids[:1]
            data["budget"] = {
                "id": budget.id or False,
                "state": budget.state or False,
                "status": self.hyc_budget_status,
                "lines": [self._hyc_dashboard_budget_row(line) for line in budget.line_ids],
                "total": {
                    "budget": self.hyc_budget_amount,
                    "committed": self.hyc_committed_amount,
                    "actual": self.hyc_actual_amount,
                    "available": self.hyc_available_amount,
                },
            }
        if data["show_pnl"]:
            data["pnl"] = self._hyc_dashboard_pnl()
            # the P&L per contract, where the contract P&L (models/project_contract_pnl.py) is there
            contract_pnl = getattr(self, "_hyc_contract_pnl", None)
            if contract_pnl:
                contracts = contract_pnl()[self.id]
                data["contracts"] = [*contracts["rows"], contracts["total"]]
        return data

    @api.model
    def hyc_dashboard_projects(self):
        """The projects the user may read that have an analytic account (where budgets and
        P&L figures come from), each with its key figures (same access rules as
        hyc_dashboard_data), for the dashboard's sortable list."""
        show_budget = self._hyc_dashboard_can_see_budget()
        show_pnl = self._hyc_dashboard_can_see_pnl()
        show_stages = self.env.user.has_group("project.group_project_stages")
        rows = []
        for project in self.search([("account_id", "!=", False)], order="name, id"):
            row = {
                "id": project.id,
                "name": project.display_name,
                "partner": project.partner_id.display_name or "",
                "stage": show_stages and project.stage_id.name or "",
                "currency_id": (project.hyc_currency_id or self.env.company.currency_id).id,
            }
            if show_budget:
                row.update({
                    "status": project.hyc_budget_status,
                    "budget": project.hyc_budget_amount,
                    "committed": project.hyc_committed_amount,
                    "actual": project.hyc_actual_amount,
                    "available": project.hyc_available_amount,
                })
            if show_pnl:
                row.update(project._hyc_dashboard_pnl())
            rows.append(row)
        return {"show_budget": show_budget, "show_pnl": show_pnl, "show_stages": show_stages, "projects": rows}

    def action_hyc_open_dashboard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "hyc_project_budget.project_dashboard",
            "name": self.env._("Dashboard: %(project)s", project=self.display_name),
            "context": {"active_id": self.id},
        }

    def _get_stat_buttons(self):
        # Odoo's own project dashboard (Project Updates' right panel) links to the budget one
        buttons = super()._get_stat_buttons()
        buttons.append({
            "icon": "tachometer",
            "text": self.env._("Budget Dashboard"),
            "number": "",
            "action_type": "object",
            "action": "action_hyc_open_dashboard",
            "show": True,
            "sequence": 60,
        })
        return buttons
