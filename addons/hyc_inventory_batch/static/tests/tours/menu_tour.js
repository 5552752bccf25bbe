import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Opens the app from the apps menu and waits for its first view to show records'
// breadcrumb: proves the menu, the action and the role's access rights fit together.
registry.category("web_tour.tours").add("hyc_inventory_batch_menu_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("hyc_inventory_batch.menu_root", "Open the Batch Costing app"),
        {
            content: "The app opens on its first menu entry",
            trigger: ".o_breadcrumb:contains('Lots')",
        },
        {
            content: "The view has loaded",
            trigger: ".o_action_manager .o_view_controller",
        },
    ],
});
