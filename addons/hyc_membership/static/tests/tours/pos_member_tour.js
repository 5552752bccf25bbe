import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as TextInputPopup from "@point_of_sale/../tests/tours/utils/text_input_popup_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import { registry } from "@web/core/registry";

// The cashier finds the member by the phone number (the till holds no member cards:
// the server finds the one member), sells 4 teas (120.00), pays 100.00 with the
// member's stored value (the line offers at most the balance) and 20.00 in cash.
registry.category("web_tour.tours").add("hyc_membership_pos_member_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            {
                content: "open the member lookup",
                trigger: ".product-screen .hyc-member-lookup",
                run: "click",
            },
            TextInputPopup.inputText("135 0013 5000"),
            Dialog.confirm("Apply"),
            {
                content: "the member found by phone is the order's customer",
                trigger: ".product-screen .set-partner:contains('Li Na')",
            },
            ProductScreen.addOrderline("HYC Longjing Tea", "4"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("HYC Stored Value"),
            PaymentScreen.selectedPaymentlineHas("HYC Stored Value", "100.00"),
            PaymentScreen.remainingIs("20.00"),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
