import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { PosStore } from "@point_of_sale/app/store/pos_store";
import { ask, makeAwaitable } from "@point_of_sale/app/store/make_awaitable_dialog";
import { NumberPopup } from "@point_of_sale/app/utils/input_popups/number_popup";

// An expired lot (perishable category, expiration date reached) is refused at the till
// unless a point of sale manager types their PIN. The server decides both questions
// (is it expired? is the PIN a manager's?) and checks the order again when it syncs.
patch(PosStore.prototype, {
    async editLots(product, packLotLinesToEdit) {
        const result = await super.editLots(...arguments);
        if (!result) {
            return result;
        }
        const lotNames = [
            ...(result.newPackLotLines || []).map((lot) => lot.lot_name),
            ...Object.values(result.modifiedPackLotLines || {}),
        ];
        return (await this.hycAllowLots(product, lotNames)) ? result : null;
    },

    async addLineToCurrentOrder(vals, opts = {}, configure = true) {
        // a lot scanned from a GS1 barcode does not go through editLots
        const product = vals.product_id;
        if (opts.code?.type === "lot" && product?.isTracked?.()) {
            if (!(await this.hycAllowLots(product, [opts.code.code]))) {
                return;
            }
        }
        return super.addLineToCurrentOrder(...arguments);
    },

    async hycAllowLots(product, lotNames) {
        const names = lotNames.filter((name) => name && name.trim());
        if (!names.length) {
            return true;
        }
        const order = this.get_order();
        let expired;
        try {
            expired = await this.data.call("hyc.pos.expiry.override", "hyc_pos_expired_lots", [
                this.session.id,
                order.uuid,
                product.id,
                names,
            ]);
        } catch {
            this.dialog.add(AlertDialog, {
                title: _t("Expiry check unavailable"),
                body: _t(
                    "The lot's expiry date could not be checked with the server. Try again when the connection is back."
                ),
            });
            return false;
        }
        if (!expired.length) {
            return true;
        }
        const lots = expired.map((lot) => `${lot.name} (${lot.expiration_date})`).join(", ");
        const override = await ask(this.dialog, {
            title: _t("Expired lot"),
            body: _t(
                "Lot %(lots)s of %(product)s has expired: it cannot be sold. A point of sale manager may authorise the sale with their PIN.",
                { lots, product: product.display_name }
            ),
            confirmLabel: _t("Manager override"),
            cancelLabel: _t("Do not sell"),
        });
        if (!override) {
            return false;
        }
        const pin = await makeAwaitable(this.dialog, NumberPopup, {
            title: _t("Manager PIN"),
            subtitle: _t("A point of sale manager authorises the sale of an expired lot"),
            formatDisplayedValue: (value) => value.replace(/./g, "•"),
        });
        if (!pin) {
            return false;
        }
        const answer = await this.data.call("hyc.pos.expiry.override", "hyc_pos_authorise", [
            this.session.id,
            order.uuid,
            product.id,
            names,
            pin,
        ]);
        if (!answer.ok) {
            this.dialog.add(AlertDialog, { title: _t("Sale not authorised"), body: answer.error });
            return false;
        }
        this.notification.add(
            _t("Sale of expired lot %(lots)s authorised by %(manager)s", { lots, manager: answer.manager }),
            { type: "warning" }
        );
        return true;
    },
});
