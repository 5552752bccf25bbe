from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMembershipMenuTour(HttpCase):
    """A user with the addon's role opens its app from the backend's apps menu."""

    def test_role_user_opens_the_app(self):
        new_test_user(self.env, login="hyc_tour_user", groups="base.group_user,hyc_membership.group_member_manager")
        self.start_tour("/odoo", "hyc_membership_menu_tour", login="hyc_tour_user")
