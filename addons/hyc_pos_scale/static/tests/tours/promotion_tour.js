import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

// POS-5: an automatic promotion (10 % off lamb, pos_loyalty) discounts the weighed lamb leg
// (2.468 斤 × 38.00 = 93.78) exactly as the packaged lamb skewers (1 × 25.00):
// 10 % of 118.78 = 11.88. The figures are checked on the paid order by the Python test.
registry.category("web_tour.tours").add("hyc_pos_scale_promotion_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("HYC Lamb leg"),
            {
                content: "The scale settles",
                trigger: ".hyc-scale-state[data-state=stable]",
            },
            {
                content: "Order the stable weight",
                trigger: ".modal .buy-product:enabled",
                run: "click",
            },
            ProductScreen.selectedOrderlineHas("HYC Lamb leg", "2.468", "93.78"),
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            {
                content: "The promotion's discount line is on the order",
                trigger: ".order-container .orderline:contains(HYC 10% off lamb)",
            },
            {
                content: "and it discounts both lines",
                trigger: ".order-container .orderline:contains(HYC 10% off lamb) .price:contains(11.88)",
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            Chrome.endTour(),
        ].flat(),
});
