import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { scan_barcode } from "@point_of_sale/../tests/tours/utils/common";
import { registry } from "@web/core/registry";

// 买三送一 as Odoo's "Buy X Get Y" (buy 3, the 4th free) on lamb leg per 斤 and on lamb
// skewers per pack, two programs with the same rule. The 4th unit must be in the cart, for
// packs as for 斤: 3.500 斤 or 3 packs give nothing; 4.468 斤 or 4 packs give one free.
// The amounts are checked on the saved orders by the Python test.

function payAndNext() {
    return [
        ProductScreen.clickPayButton(),
        PaymentScreen.clickPaymentMethod("Bank"),
        PaymentScreen.clickValidate(),
        ReceiptScreen.isShown(),
        ReceiptScreen.clickNextOrder(),
    ].flat();
}

function noRewardLine() {
    return {
        content: "No free item yet",
        trigger: ".order-container:not(:has(.orderline:contains(buy 3 get 1)))",
    };
}

function rewardLine(name, price) {
    return {
        content: `${name} is on the order`,
        trigger: `.order-container .orderline:contains(${name}) .price:contains(${price})`,
    };
}

registry.category("web_tour.tours").add("hyc_pos_scale_buy3get1_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // Order 1: a label-scale ticket of 1.750 kg = 3.500 斤, and 3 packs: nothing free.
            scan_barcode("2000101017509"),
            ProductScreen.selectedOrderlineHas("HYC Lamb leg", "3.500", "133.00"),
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            ProductScreen.selectedOrderlineHas("HYC Lamb skewers pack", "3", "75.00"),
            noRewardLine(),
            ProductScreen.totalAmountIs("208.00"),
            payAndNext(),
            // Order 2: 2.234 kg weighed = 4.468 斤: 1 斤 free; then 4 packs: 1 pack free.
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
            rewardLine("HYC lamb buy 3 get 1", "38.00"),
            {
                content: "The free 斤 is taken from the weighed lamb: no second weighing",
                trigger: "body:not(:has(.modal))",
            },
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            {
                content: "3 packs: no free pack yet",
                trigger: ".order-container:not(:has(.orderline:contains(HYC skewers buy 3 get 1)))",
            },
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            rewardLine("HYC skewers buy 3 get 1", "25.00"),
            // 169.78 - 38.00 + 100.00 - 25.00
            ProductScreen.totalAmountIs("206.78"),
            payAndNext(),
            Chrome.endTour(),
        ].flat(),
});

// 打包一口价: "hot-pot bundle" = 2 斤 lamb leg + 2 packs of skewers for 110.00 (76.00 + 50.00
// regular): an Odoo promotion with one rule per item (its minimum quantity, one point each)
// and a fixed 16.00 discount needing both points. Weight above 2 斤 is charged per 斤.
registry.category("web_tour.tours").add("hyc_pos_scale_bundle_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // Order 1: 2.468 斤 weighed and 1 pack: no bundle; the 2nd pack completes it.
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
                content: "One pack: no bundle",
                trigger: ".order-container:not(:has(.orderline:contains(HYC hot-pot bundle)))",
            },
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            rewardLine("HYC hot-pot bundle", "16.00"),
            // 93.78 + 50.00 - 16.00 = 110.00 + 0.468 斤 × 38.00
            ProductScreen.totalAmountIs("127.78"),
            payAndNext(),
            // Order 2: a 0.950 kg label = 1.900 斤 and 2 packs: the lamb is under 2 斤.
            scan_barcode("2000101009504"),
            ProductScreen.selectedOrderlineHas("HYC Lamb leg", "1.900", "72.20"),
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            ProductScreen.clickDisplayedProduct("HYC Lamb skewers pack"),
            ProductScreen.selectedOrderlineHas("HYC Lamb skewers pack", "2", "50.00"),
            {
                content: "1.900 斤: no bundle",
                trigger: ".order-container:not(:has(.orderline:contains(HYC hot-pot bundle)))",
            },
            ProductScreen.totalAmountIs("122.20"),
            payAndNext(),
            Chrome.endTour(),
        ].flat(),
});
