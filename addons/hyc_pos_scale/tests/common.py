from odoo.tests import TransactionCase


class WeighingCommon(TransactionCase):
    """A meat counter: lamb leg priced per 斤, beef shank per kg, and a packaged product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kg = cls.env.ref("uom.product_uom_kgm")
        cls.jin = cls.env.ref("hyc_pos_scale.uom_jin")
        cls.unit = cls.env.ref("uom.product_uom_unit")
        # the demo store's products use the same PLU codes and label barcodes: free them so
        # that these tests see only their own products
        demo = cls.env["product.product"].with_context(active_test=False).search(
            ["|", ("hyc_plu_code", "!=", False), ("barcode", "=like", "2_0%")])
        demo.write({"hyc_plu_code": False, "barcode": False})
        Product = cls.env["product.product"]
        cls.lamb = Product.create({
            "name": "HYC Lamb leg", "to_weight": True, "available_in_pos": True, "uom_id": cls.jin.id,
            "uom_po_id": cls.jin.id, "list_price": 38.0, "hyc_plu_code": "101", "hyc_shelf_life_days": 2,
            "barcode": "2000101000006", "taxes_id": [(6, 0, [])],
        })
        cls.beef = Product.create({
            "name": "HYC Beef shank", "to_weight": True, "available_in_pos": True, "uom_id": cls.kg.id,
            "uom_po_id": cls.kg.id, "list_price": 88.0, "hyc_plu_code": "102", "hyc_shelf_life_days": 3,
            "barcode": "2200102000009", "taxes_id": [(6, 0, [])],
        })
        cls.dumplings = Product.create({
            "name": "HYC Lamb dumplings 500 g", "available_in_pos": True, "uom_id": cls.unit.id,
            "uom_po_id": cls.unit.id, "list_price": 25.0, "taxes_id": [(6, 0, [])],
        })
