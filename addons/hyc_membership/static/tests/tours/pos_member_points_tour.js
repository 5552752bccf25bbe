import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as TextInputPopup from "@point_of_sale/../tests/tours/utils/text_input_popup_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as PosLoyalty from "@pos_loyalty/../tests/tours/utils/pos_loyalty_util";
import { registry } from "@web/core/registry";

// Points as a discount at the till (MEM-5): the cashier finds the member (500 points)
// by phone, sells one tea gift box (80.00), claims the member program's reward
// (0.10 off per point, at most 30.00 an order: 300 of the 500 points, a partial
// redemption), and the member pays the 50.00 left in cash.
registry.category("web_tour.tours").add("hyc_membership_pos_points_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            {
                content: "open the member lookup",
                trigger: ".product-screen .hyc-member-lookup",
                run: "click",
            },
            TextInputPopup.inputText("13600136000"),
            Dialog.confirm("Apply"),
            PosLoyalty.customerIs("Zhao Min"),
            ProductScreen.addOrderline("HYC Tea Gift Box", "1"),
            PosLoyalty.orderTotalIs("80.00"),
            PosLoyalty.claimReward("积分抵现"),
            PosLoyalty.hasRewardLine("积分抵现", "-30.00"),
            PosLoyalty.orderTotalIs("50.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
