import { patch } from "@web/core/utils/patch";
import { PaymentScreen } from "@point_of_sale/app/screens/payment_screen/payment_screen";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";

// Stored value is a payment method: its line pays at most the member's balance (read
// from the server when the line is added); the server debits the card, under its row
// lock, when the order is synced and refuses the order if the balance no longer covers it.
patch(PaymentScreen.prototype, {
    async addNewPaymentLine(paymentMethod) {
        // the member eWallet program is not among the till's loyalty programs: its id
        const programId = paymentMethod.raw?.hyc_stored_value_program_id;
        if (!programId) {
            return await super.addNewPaymentLine(...arguments);
        }
        const partner = this.currentOrder.get_partner();
        if (!partner) {
            this.dialog.add(AlertDialog, {
                title: _t("Member needed"),
                body: _t("Find the member first: stored value is paid from the member's card."),
            });
            return false;
        }
        const balance = await this.pos.hycStoredValueBalance(partner, programId);
        if (!(balance > 0)) {
            this.dialog.add(AlertDialog, {
                title: _t("No stored value"),
                body: _t("%s has no stored value left.", partner.name),
            });
            return false;
        }
        const result = await super.addNewPaymentLine(...arguments);
        const line = this.paymentLines.at(-1);
        if (result && line && line.payment_method_id === paymentMethod && line.get_amount() > balance) {
            line.set_amount(balance);
            this.numberBuffer.reset();
        }
        return result;
    },
});
