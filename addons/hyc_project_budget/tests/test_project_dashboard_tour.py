from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestProjectDashboardTour(HttpCase):
    """In the browser, management opens the budget dashboard of a demo project from its
    form, and the projects dashboard from the menu (sort, at-risk filter)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env, login="hyc_tour_dashboard",
            groups="base.group_user,hyc_project_budget.group_management,project.group_project_stages",
        )

    def test_project_dashboard_shows_categories_and_figures(self):
        suzhou = self.env.ref("hyc_project_budget.demo_project_at_risk")
        self.start_tour(f"/odoo/action-hyc_project_budget.action_projects/{suzhou.id}",
                        "hyc_project_budget_project_dashboard_tour", login="hyc_tour_dashboard")

    def test_projects_dashboard_sorts_and_filters(self):
        self.start_tour("/odoo/action-hyc_project_budget.action_hyc_project_dashboard",
                        "hyc_project_budget_projects_dashboard_tour", login="hyc_tour_dashboard")
