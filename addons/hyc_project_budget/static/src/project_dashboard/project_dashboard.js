import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { formatFloat, formatMonetary } from "@web/views/fields/formatters";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

// Consumption at or above this share of a category's budget shows orange (the
// project's "at risk" threshold, models/project_project.py AT_RISK_PCT).
const STATUS_CLASSES = {
    ok: "bg-success",
    at_risk: "bg-warning",
    over: "bg-danger",
};

/**
 * The project dashboard: opened with a project (context active_id, from the project's
 * form) it shows that project's stage, milestones, budget by category and P&L; opened
 * from the menu, the list of projects with their key figures, sortable, with an
 * "over budget / at risk" filter. All data comes from one server call each
 * (project.project.hyc_dashboard_data / hyc_dashboard_projects), which leaves out the
 * figures the user may not see.
 */
export class ProjectDashboard extends Component {
    static template = "hyc_project_budget.ProjectDashboard";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            data: null,
            projects: null,
            sortKey: "name",
            sortAsc: true,
            onlyAtRisk: false,
        });
        onWillStart(() => this.load());
    }

    get projectId() {
        return this.props.action.context?.active_id || false;
    }

    async load() {
        if (this.projectId) {
            this.state.data = await this.orm.call("project.project", "hyc_dashboard_data", [[this.projectId]]);
        } else {
            this.state.projects = await this.orm.call("project.project", "hyc_dashboard_projects", []);
        }
    }

    // ------------------------------------------------------------------
    // Formatting
    // ------------------------------------------------------------------
    money(value, currencyId) {
        return formatMonetary(value, { currencyId: currencyId || this.state.data?.currency_id });
    }

    percent(value, digits = 1) {
        return `${formatFloat(value, { digits: [false, digits] })} %`;
    }

    date(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    barClass(status) {
        return STATUS_CLASSES[status] || "bg-success";
    }

    barWidth(line) {
        return `${Math.min(Math.max(line.consumed_pct, 0), 100)}%`;
    }

    get statusLabels() {
        return {
            none: _t("No budget"),
            ok: _t("Within budget"),
            at_risk: _t("At risk"),
            over: _t("Over budget"),
        };
    }

    statusBadgeClass(status) {
        return {
            none: "text-bg-light",
            ok: "text-bg-success",
            at_risk: "text-bg-warning",
            over: "text-bg-danger",
        }[status] || "text-bg-light";
    }

    // ------------------------------------------------------------------
    // Projects list
    // ------------------------------------------------------------------
    get columns() {
        const list = this.state.projects;
        const columns = [{ key: "name", label: _t("Project"), type: "char" }];
        if (list.show_stages) {
            columns.push({ key: "stage", label: _t("Stage"), type: "char" });
        }
        if (list.show_budget) {
            columns.push(
                { key: "budget", label: _t("Budget"), type: "money" },
                { key: "committed", label: _t("Committed"), type: "money" },
                { key: "actual", label: _t("Actual"), type: "money" },
                { key: "available", label: _t("Available"), type: "money" }
            );
        }
        if (list.show_pnl) {
            columns.push(
                { key: "invoiced", label: _t("Revenue Invoiced"), type: "money" },
                { key: "to_invoice", label: _t("Revenue to Invoice"), type: "money" },
                { key: "costs", label: _t("Costs"), type: "money" },
                { key: "profit", label: _t("Profit"), type: "money" },
                { key: "margin_pct", label: _t("Margin (%)"), type: "percent" },
                { key: "overdue", label: _t("Overdue Receivables"), type: "money" }
            );
        }
        if (list.show_budget) {
            columns.push({ key: "status", label: _t("Budget Status"), type: "status" });
        }
        return columns;
    }

    get rows() {
        const { sortKey, sortAsc, onlyAtRisk } = this.state;
        let rows = this.state.projects.projects;
        if (onlyAtRisk) {
            rows = rows.filter((row) => row.status === "over" || row.status === "at_risk");
        }
        const order = { none: 0, ok: 1, at_risk: 2, over: 3 };
        const value = (row) => (sortKey === "status" ? order[row.status] : row[sortKey]);
        return [...rows].sort((a, b) => {
            const [x, y] = [value(a), value(b)];
            const cmp = typeof x === "string" ? x.localeCompare(y) : x - y;
            return (sortAsc ? cmp : -cmp) || a.id - b.id;
        });
    }

    sortBy(key) {
        if (this.state.sortKey === key) {
            this.state.sortAsc = !this.state.sortAsc;
        } else {
            this.state.sortKey = key;
            this.state.sortAsc = true;
        }
    }

    toggleAtRisk() {
        this.state.onlyAtRisk = !this.state.onlyAtRisk;
    }

    cell(row, column) {
        const value = row[column.key];
        if (column.type === "money") {
            return this.money(value, row.currency_id);
        }
        if (column.type === "percent") {
            return this.percent(value, 2);
        }
        if (column.type === "status") {
            return this.statusLabels[value];
        }
        return value;
    }

    async openProjectDashboard(row) {
        const action = await this.orm.call("project.project", "action_hyc_open_dashboard", [[row.id]]);
        await this.action.doAction(action);
    }

    // ------------------------------------------------------------------
    // One project
    // ------------------------------------------------------------------
    openProject() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "project.project",
            res_id: this.projectId,
            views: [[false, "form"]],
        });
    }

    openBudget() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "hyc.project.budget",
            res_id: this.state.data.budget.id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("hyc_project_budget.project_dashboard", ProjectDashboard);
