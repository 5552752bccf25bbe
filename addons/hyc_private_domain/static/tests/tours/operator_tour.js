import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// An operator opens a group schedule (群SOP) of the demo, then a group and the delivery
// reports: the forms, their widgets and computed reach load without a client error.
registry.category("web_tour.tours").add("hyc_private_domain_operator_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("hyc_private_domain.menu_root", "Open the Community Operations app"),
        {
            content: "Open the Messages menu",
            trigger: ".o_menu_sections button:contains('Messages')",
            run: "click",
        },
        {
            content: "Open the group schedules",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Group Schedules')",
            run: "click",
        },
        {
            content: "Open the 19:30 live reminder",
            trigger: ".o_data_row .o_data_cell:contains('19:30')",
            run: "click",
        },
        {
            content: "The schedule form shows its time and reach",
            trigger: ".o_form_view .o_field_widget[name='time_of_day'] :contains('19:30'), .o_form_view .o_field_widget[name='time_of_day'] input",
        },
        {
            content: "Open the groups",
            trigger: ".o_menu_sections a:contains('Groups'), .o_menu_sections button:contains('Groups')",
            run: "click",
        },
        {
            content: "Open a demo group",
            trigger: ".o_data_row .o_data_cell:contains('佳琦粉丝1群')",
            run: "click",
        },
        {
            content: "The group form shows its members, not its robot key",
            trigger: ".o_form_view .o_field_widget[name='membership_ids']",
        },
        {
            content: "No robot key field for an operator",
            trigger: ".o_form_view:not(:has(.o_field_widget[name='robot_key']))",
        },
    ],
});
