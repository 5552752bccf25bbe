/**
 * Label-scale weight barcodes embed grams (a weight in kg for the nomenclature rule); a
 * product counted in 斤 (or g) gets the weight converted to its own unit, so that 1.234 kg
 * of lamb priced per 斤 is 2.468 斤, not 1.234 斤.
 */
import { PosOrderline } from "@point_of_sale/app/models/pos_order_line";
import { patch } from "@web/core/utils/patch";
import { kgToUomFactor } from "@hyc_pos_scale/overrides/app/screens/scale_screen/scale_service";

patch(PosOrderline.prototype, {
    setOptions(options) {
        super.setOptions(...arguments);
        const code = options.code;
        if (code?.type === "weight") {
            const factor = kgToUomFactor(this.product_id?.uom_id);
            if (factor !== 1) {
                this.set_quantity(code.value * factor);
            }
        }
    },
});
