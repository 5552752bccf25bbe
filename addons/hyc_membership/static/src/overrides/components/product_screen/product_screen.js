import { patch } from "@web/core/utils/patch";
import { ProductScreen } from "@point_of_sale/app/screens/product_screen/product_screen";

// A scanned member number (M00000001) is no product barcode: before telling the
// cashier "not found", ask the server whether it names a member.
patch(ProductScreen.prototype, {
    async _barcodeProductAction(code) {
        const product = await this._getProductByBarcode(code);
        if (!product && (await this.pos.hycFindMember(code.code, { silent: true }))) {
            return;
        }
        return await super._barcodeProductAction(...arguments);
    },
});
