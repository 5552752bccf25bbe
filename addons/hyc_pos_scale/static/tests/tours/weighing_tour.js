import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { scan_barcode } from "@point_of_sale/../tests/tours/utils/common";
import { registry } from "@web/core/registry";

// The test runs a simulated Toledo 8217 scale on a pty and the real bridge. The scale first
// reports motion (the Order button must stay disabled), then settles on 1.234 kg; lamb leg is
// priced 38.00 per 斤, so the line is 2.468 斤 and 93.78.
function weighingSteps(total) {
    return [
        Chrome.startPoS(),
        Dialog.confirm("Open Register"),
        ProductScreen.clickDisplayedProduct("HYC Lamb leg"),
        {
            content: "The weighing screen shows the scale in motion",
            trigger: ".hyc-scale-state[data-state=unstable]",
        },
        {
            content: "An unstable weight cannot be ordered",
            trigger: ".modal .buy-product:disabled",
        },
        {
            content: "The scale settles",
            trigger: ".hyc-scale-state[data-state=stable]",
        },
        {
            content: "1.234 kg is shown as 2.468 斤",
            trigger: ".modal .gross-weight:contains(2.468)",
        },
        {
            content: "No manual weight entry for a plain cashier",
            trigger: ".modal:not(:has(.hyc-manual-weight))",
        },
        {
            content: "Order the stable weight",
            trigger: ".modal .buy-product:enabled",
            run: "click",
        },
        ProductScreen.selectedOrderlineHas("HYC Lamb leg", "2.468", total),
        ProductScreen.clickPayButton(),
        PaymentScreen.clickPaymentMethod("Bank"),
        PaymentScreen.clickValidate(),
        ReceiptScreen.isShown(),
        Chrome.endTour(),
    ].flat();
}

registry.category("web_tour.tours").add("hyc_pos_scale_weighing_tour", {
    steps: () => weighingSteps("93.78"),
});

// Same weighing with the member pricelist (10 % off) as the POS's pricelist:
// 38.00 × 0.9 = 34.20 per 斤, 2.468 × 34.20 = 84.4056 → 84.41.
registry.category("web_tour.tours").add("hyc_pos_scale_member_price_tour", {
    steps: () => weighingSteps("84.41"),
});

// POS-3: the back-room label scale printed 2000101012344 (PLU 101, 1.234 kg) for lamb leg;
// a misprinted code (wrong check digit) adds nothing and says so.
registry.category("web_tour.tours").add("hyc_pos_scale_label_barcode_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            scan_barcode("2000101012344"),
            ProductScreen.selectedOrderlineHas("HYC Lamb leg", "2.468", "93.78"),
            scan_barcode("2000101012341"),
            {
                content: "The misprinted code is reported",
                trigger: ".o_notification:contains(Unknown Barcode)",
            },
            {
                content: "and nothing was added",
                trigger: ".order-container:not(:has(.orderline:eq(1)))",
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            Chrome.endTour(),
        ].flat(),
});

// A cashier with the "Manual Weight Entry" role types 3 斤 while the scale is unsettled.
registry.category("web_tour.tours").add("hyc_pos_scale_manual_weight_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("HYC Lamb leg"),
            {
                content: "Type the weight",
                trigger: ".modal input.hyc-manual-weight",
                run() {
                    const input = document.querySelector(".modal input.hyc-manual-weight");
                    input.value = "3";
                    input.dispatchEvent(new Event("change", { bubbles: true }));
                },
            },
            {
                content: "The screen says the weight was typed",
                trigger: ".hyc-scale-state[data-state=manual]",
            },
            {
                content: "Order the typed weight",
                trigger: ".modal .buy-product:enabled",
                run: "click",
            },
            ProductScreen.selectedOrderlineHas("HYC Lamb leg", "3.000", "114.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            Chrome.endTour(),
        ].flat(),
});
