import { registry } from "@web/core/registry";

// A buyer confirms a purchase order that would break the project's blocking materials
// budget: the confirmation is refused and the dialog shows the budget figures.
registry.category("web_tour.tours").add("hyc_project_budget_over_budget_po_tour", {
    steps: () => [
        {
            content: "Confirm the over-budget order",
            trigger: ".o_form_view .o_statusbar_buttons button[name='button_confirm']:visible",
            run: "click",
        },
        {
            content: "The blocking message names the project and the figures",
            trigger: ".modal:contains('The budget does not allow this document'):contains('Tour rig project'):contains('available')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The order is still a request for quotation",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('RFQ')",
        },
    ],
});
