import { patch } from "@web/core/utils/patch";
import { ControlButtons } from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import { TextInputPopup } from "@point_of_sale/app/utils/input_popups/text_input_popup";
import { makeAwaitable } from "@point_of_sale/app/store/make_awaitable_dialog";
import { _t } from "@web/core/l10n/translation";

patch(ControlButtons.prototype, {
    async onClickHycMember() {
        const query = await makeAwaitable(this.dialog, TextInputPopup, {
            title: _t("Find member"),
            placeholder: _t("Mobile, member number or card"),
        });
        if (!query) {
            return;
        }
        const partner = await this.pos.hycFindMember(query);
        if (!partner) {
            this.notification.add(_t('No member found for "%s".', query), { type: "warning" });
        }
    },
});
