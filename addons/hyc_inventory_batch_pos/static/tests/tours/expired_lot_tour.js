import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as NumberPopup from "@point_of_sale/../tests/tours/utils/number_popup_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

// Lamb chop lot LAMB-OLD expired yesterday, LAMB-NEW expires in 10 days (see the test).
function pickExpiredLot() {
    return [
        ProductScreen.clickDisplayedProduct("HYC Chilled lamb chop"),
        ProductScreen.enterLotNumber("LAMB-OLD"),
        Dialog.is({ title: "Expired lot" }),
        Dialog.bodyIs("LAMB-OLD"),
    ].flat();
}

function payInCash() {
    return [
        ProductScreen.clickPayButton(),
        PaymentScreen.clickPaymentMethod("Cash"),
        PaymentScreen.clickValidate(),
        ReceiptScreen.isShown(),
    ].flat();
}

// The cashier picks the expired lot and is refused; the same chop from the fresh lot sells.
registry.category("web_tour.tours").add("hyc_inventory_batch_pos_expired_lot_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            pickExpiredLot(),
            Dialog.confirm("Do not sell", ".btn-secondary"),
            ProductScreen.orderIsEmpty(),
            ProductScreen.clickDisplayedProduct("HYC Chilled lamb chop"),
            ProductScreen.enterLotNumber("LAMB-NEW"),
            ProductScreen.selectedOrderlineHas("HYC Chilled lamb chop", "1.00", "50.00"),
            payInCash(),
            Chrome.endTour(),
        ].flat(),
});

// The store manager comes to the till and types their PIN: the expired chop is sold.
registry.category("web_tour.tours").add("hyc_inventory_batch_pos_manager_override_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            pickExpiredLot(),
            Dialog.confirm("Manager override"),
            NumberPopup.enterValue("4321"),
            NumberPopup.isShown("••••"),
            Dialog.confirm(),
            ProductScreen.selectedOrderlineHas("HYC Chilled lamb chop", "1.00", "50.00"),
            payInCash(),
            Chrome.endTour(),
        ].flat(),
});
