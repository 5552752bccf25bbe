import { registry } from "@web/core/registry";

// From the demo project "Suzhou chemical-leak simulator" (materials 92,000 committed of
// 100,000: at risk), open its budget dashboard and read the stage, the categories with
// their figures and progress bars, and the contract P&L.
registry.category("web_tour.tours").add("hyc_project_budget_project_dashboard_tour", {
    steps: () => [
        {
            content: "Open the project's budget dashboard from its form",
            trigger: ".o-form-buttonbox button[name='action_hyc_open_dashboard']",
            run: "click",
        },
        {
            content: "The dashboard shows the project",
            trigger: ".o_hyc_project_dashboard .o_hyc_dashboard_project:contains('Suzhou chemical-leak simulator')",
        },
        {
            content: "Its stage is Procurement",
            trigger: ".o_hyc_dashboard_stages .o_hyc_current_stage:contains('Procurement')",
        },
        {
            content: "Its milestones: design confirmed (reached), delivery still to come",
            trigger: ".o_hyc_dashboard_milestones:has(.o_hyc_milestone:contains('方案设计确认') .fa-check-square-o) .o_hyc_milestone:contains('设备到货') .fa-square-o",
        },
        {
            content: "Materials: budget 100,000, committed 92,000, available 8,000, 92 % consumed",
            trigger: ".o_hyc_budget_line[data-category='MAT']:contains('Materials'):contains('100,000.00'):contains('92,000.00'):contains('8,000.00'):contains('92.0 %')",
        },
        {
            content: "Materials is at risk: its progress bar is orange",
            trigger: ".o_hyc_budget_line[data-category='MAT'] .progress-bar.bg-warning",
        },
        {
            content: "Labour: nothing consumed of 40,000, green",
            trigger: ".o_hyc_budget_line[data-category='LAB']:contains('Labour'):contains('40,000.00'):contains('0.0 %'):has(.progress-bar.bg-success)",
        },
        {
            content: "Subcontracting and overheads are listed",
            trigger: ".o_hyc_dashboard_budget:has(.o_hyc_budget_line[data-category='SUB']:contains('30,000.00')):has(.o_hyc_budget_line[data-category='OVH']:contains('10,000.00'))",
        },
        {
            content: "The totals: 180,000 budget, 88,000 available; the project is at risk",
            trigger: ".o_hyc_dashboard_budget:has(.o_hyc_budget_total:contains('180,000.00'):contains('88,000.00')) .badge:contains('At risk')",
        },
        {
            content: "Management sees the contract P&L",
            trigger: ".o_hyc_dashboard_pnl .o_hyc_pnl_overdue:contains('Overdue Receivables')",
        },
    ],
});

// The menu's dashboard: the projects with their key figures, the "over budget / at
// risk" filter, sorting by a figure, and a project's dashboard one click away.
registry.category("web_tour.tours").add("hyc_project_budget_projects_dashboard_tour", {
    steps: () => [
        {
            content: "Both demo projects are listed",
            trigger: ".o_hyc_dashboard_projects:has(.o_hyc_project_row:contains('Wuxi fire-drill training centre')) .o_hyc_project_row:contains('Suzhou chemical-leak simulator'):contains('92,000.00')",
        },
        {
            content: "Sort by committed amount",
            trigger: ".o_hyc_dashboard_projects th[data-sort='committed']",
            run: "click",
        },
        {
            content: "Sort by committed amount, largest first",
            trigger: ".o_hyc_dashboard_projects th[data-sort='committed']:has(.fa-angle-up)",
            run: "click",
        },
        {
            content: "Suzhou has the largest commitments",
            trigger: ".o_hyc_dashboard_projects tbody tr:first-child:contains('Suzhou chemical-leak simulator')",
        },
        {
            content: "Keep only the projects over budget or at risk",
            trigger: ".o_hyc_filter_at_risk",
            run: "click",
        },
        {
            content: "Suzhou stays, Wuxi (within budget) is gone",
            trigger: ".o_hyc_filter_at_risk.btn-primary",
        },
        {
            content: "Wuxi is no longer listed",
            trigger: ".o_hyc_dashboard_projects:not(:has(.o_hyc_project_row:contains('Wuxi fire-drill training centre'))) .o_hyc_project_row:contains('Suzhou chemical-leak simulator'):contains('At risk')",
            run: "click",
        },
        {
            content: "The project's dashboard opens",
            trigger: ".o_hyc_dashboard_project:contains('Suzhou chemical-leak simulator')",
        },
    ],
});
