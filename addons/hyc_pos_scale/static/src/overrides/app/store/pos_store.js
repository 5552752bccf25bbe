/**
 * Free units of a weighed product (buy-X-get-Y promotions, e.g. 买三送一 on lamb per 斤).
 *
 * When a free-product reward becomes claimable, pos_loyalty adds the free unit to the cart
 * itself (``addLineToCurrentOrder({product_id, qty})`` from ``updateRewards`` or from the
 * Reward button) and then prices it with a reward line. For a packaged product that is one
 * more box to hand over. For a product to weigh it would open the weighing screen again to
 * weigh one "free 斤" that is not on the scale. Odoo counts the free quantity out of what
 * is already in the cart (``_computeUnclaimedFreeProductQty`` takes the minimum of the
 * weighed quantity and the free quantity), so the weighed line already holds the free 斤:
 * that extra line is not added, and pos_loyalty's reward line (-1 斤 × price) still is.
 */
import { PosStore } from "@point_of_sale/app/store/pos_store";
import { patch } from "@web/core/utils/patch";

patch(PosStore.prototype, {
    async addLineToOrder(vals, order, opts = {}, configure = true) {
        if (this.hycIsFreeUnitOfWeighedProduct(vals, order, configure)) {
            return;
        }
        return await super.addLineToOrder(...arguments);
    },

    /** True for pos_loyalty's "add the free unit" call on a product sold by weight. */
    hycIsFreeUnitOfWeighedProduct(vals, order, configure) {
        const product =
            typeof vals.product_id === "number"
                ? this.data.models["product.product"].get(vals.product_id)
                : vals.product_id;
        if (
            !configure ||
            vals.qty === undefined ||
            !product?.to_weight ||
            !this.config.iface_electronic_scale
        ) {
            return false;
        }
        return order
            .getClaimableRewards()
            .some(
                ({ reward }) =>
                    reward.reward_type === "product" &&
                    reward.reward_product_ids.some((free) => free.id === product.id)
            );
    },
});
