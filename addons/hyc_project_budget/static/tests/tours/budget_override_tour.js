import { registry } from "@web/core/registry";

// Management confirms an order that breaks a blocking budget: the dialog asks for a
// written reason, the override confirms the order (the test then reads the logged reason).
registry.category("web_tour.tours").add("hyc_project_budget_override_tour", {
    steps: () => [
        {
            content: "Confirm the over-budget order",
            trigger: ".o_form_view .o_statusbar_buttons button[name='button_confirm']:visible",
            run: "click",
        },
        {
            content: "The override dialog shows the figures",
            trigger: ".modal:contains('This document exceeds a blocking budget'):contains('Tour override project'):contains('available')",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Client change order 7 adds a second smoke room",
        },
        {
            content: "The reason is typed in full",
            trigger: ".modal .o_field_widget[name='reason'] textarea:value(Client change order 7 adds a second smoke room)",
        },
        {
            content: "Override and continue",
            trigger: ".modal .modal-footer button:contains('Override and Continue')",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Purchase Order')",
        },
    ],
});
