from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPrivateDomainOperatorTour(HttpCase):
    """An operator browses the schedules and groups in the web client (the test database
    has no demo data of the addon: the test creates what the tour opens)."""

    def test_operator_browses_schedules_and_groups(self):
        group = self.env["hyc.pd.group"].create({"name": "佳琦粉丝1群", "robot_key": "tour-key"})
        group.hyc_pd_add_members(self.env["res.partner"].create({"name": "小红"}).ids)
        self.env["hyc.pd.schedule"].create({
            "name": "19:30 开播提醒", "frequency": "daily", "time_of_day": 19.5, "body": "{group}开播啦"})
        new_test_user(self.env, login="hyc_pd_tour_operator", groups="base.group_user,hyc_private_domain.group_operator")
        self.start_tour("/odoo", "hyc_private_domain_operator_tour", login="hyc_pd_tour_operator")
