/**
 * The weighing screen reads the HYC scale bridge configured on the POS config instead of
 * the IoT Box (see readme/DESCRIPTION.md for why we patch the service rather than mimic
 * the IoT Box's hw_proxy endpoints).
 *
 * - the bridge answers {gross, tare, weight, state, stable} in kg; we convert to the
 *   product's unit (kg, 斤, g …) with the unit's factor, so the price per unit follows the
 *   product's UoM;
 * - the weight can be confirmed only when the bridge says "stable";
 * - tare is taken by the bridge (it keeps it while the container stays on the scale);
 * - a cashier in hyc_pos_scale.group_manual_weight may type a weight; it is logged on
 *   the session's chatter by the server (which checks the group again).
 */
import { PosScaleService } from "@point_of_sale/app/screens/scale_screen/scale_service";
import { _t } from "@web/core/l10n/translation";
import { user } from "@web/core/user";
import { patch } from "@web/core/utils/patch";

/** Factor from kg to ``uom`` when ``uom`` is in the category whose reference unit is kg, else 1. */
export function kgToUomFactor(uom) {
    const reference = uom?.category_id?.uom_ids?.find((u) => u.uom_type === "reference");
    if (!uom || !reference || reference.name !== "kg") {
        return 1;
    }
    return uom.factor / reference.factor;
}

patch(PosScaleService.prototype, {
    setup() {
        super.setup(...arguments);
        this.bridgeState = null;
        this.manualWeight = false;
        this.canEnterWeight = false;
    },

    get bridgeConfig() {
        const config = this.env.services.pos?.config;
        return config?.hyc_scale_bridge ? config : null;
    },

    get bridgeUrl() {
        return (this.bridgeConfig.hyc_scale_bridge_url || "").replace(/\/+$/, "");
    },

    start() {
        if (this.bridgeConfig) {
            this.bridgeState = null;
            this.manualWeight = false;
            user.hasGroup("hyc_pos_scale.group_manual_weight").then((allowed) => {
                this.canEnterWeight = allowed;
            });
        }
        return super.start(...arguments);
    },

    reset() {
        super.reset(...arguments);
        this.bridgeState = null;
        this.manualWeight = false;
        this.hycProduct = null;
    },

    setProduct(product) {
        super.setProduct(...arguments);
        this.hycProduct = product;
    },

    /** kg → the product's unit, when the product is counted in a unit of the kg's category. */
    get uomFactor() {
        return kgToUomFactor(this.hycProduct?.uom_id);
    },

    _checkScaleIsConnected() {
        if (!this.bridgeConfig) {
            return super._checkScaleIsConnected(...arguments);
        }
    },

    async _getWeightFromScale() {
        if (!this.bridgeConfig) {
            return super._getWeightFromScale(...arguments);
        }
        if (this.manualWeight) {
            return this.weight;
        }
        let reading;
        try {
            const response = await fetch(`${this.bridgeUrl}/weight`, { cache: "no-store" });
            reading = await response.json();
        } catch {
            // bridge not running: show "no scale", keep trying, never block the till
            reading = { state: "no-scale", gross: null, tare: 0 };
        }
        if (this.manualWeight) {
            return this.weight; // the cashier typed a weight while we were waiting
        }
        const factor = this.uomFactor;
        this.bridgeState = reading.state;
        this.tare = (reading.tare || 0) * factor;
        return (reading.gross || 0) * factor;
    },

    async requestTare() {
        if (!this.bridgeConfig || this.manualWeight) {
            return super.requestTare(...arguments);
        }
        this.tareRequested = true;
        try {
            await fetch(`${this.bridgeUrl}/tare`, { method: "POST", cache: "no-store" });
        } finally {
            this.tareRequested = false;
        }
        await this.readWeight();
    },

    _setTareIfRequested() {
        if (!this.bridgeConfig) {
            return super._setTareIfRequested(...arguments);
        }
    },

    get isWeightValid() {
        if (!this.bridgeConfig) {
            return super.isWeightValid;
        }
        if (!this.product || this.netWeight <= 0) {
            return false;
        }
        return this.manualWeight || (this.bridgeState === "stable" && super.isWeightValid);
    },

    get bridgeStateLabel() {
        return {
            stable: _t("Stable"),
            unstable: _t("Unstable"),
            negative: _t("Negative"),
            overload: _t("Overload"),
            "no-scale": _t("No scale"),
            error: _t("Scale error"),
        }[this.bridgeState] || _t("Connecting…");
    },

    enterManualWeight(value) {
        if (!this.canEnterWeight) {
            return;
        }
        this.manualWeight = true;
        this.isMeasuring = false;
        this.bridgeState = null;
        this.tare = 0;
        this.weight = Math.max(0, parseFloat(value) || 0);
    },

    confirmWeight() {
        const weight = super.confirmWeight(...arguments);
        if (this.bridgeConfig && this.manualWeight) {
            const pos = this.env.services.pos;
            this.env.services.orm.call("pos.session", "hyc_log_manual_weight", [
                [pos.session.id],
                this.hycProduct.id,
                weight,
            ]);
        }
        return weight;
    },
});
