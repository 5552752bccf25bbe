from odoo import Command
from odoo.tests import TransactionCase


class HycBatchCase(TransactionCase):
    """Lamb and beef lots valued per lot (FIFO, automated valuation) and a freight service."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._hyc_setup_company()
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock_location = warehouse.lot_stock_id
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.picking_type_in = warehouse.in_type_id
        cls.picking_type_out = warehouse.out_type_id
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.category = cls.env["product.category"].create({
            "name": "Lamb and beef (test)",
            "property_cost_method": "fifo",
            "property_valuation": "real_time",
        })
        cls.partner = cls.env["res.partner"].create({"name": "宁夏 Lamb Co-op (test)"})
        cls.lamb_leg = cls._product("Lamb leg (test)", weight=1.0, volume=0.002)
        cls.lamb_rack = cls._product("Lamb rack (test)", weight=1.25, volume=0.002)
        cls.beef_brisket = cls._product("Beef brisket (test)", weight=0.5, volume=0.004)
        cls.freight = cls.env["product.product"].create({
            "name": "Freight 宁夏→厦门 (test)",
            "type": "service",
            "landed_cost_ok": True,
            "categ_id": cls.category.id,
        })
        cls.accounts = cls.lamb_leg.product_tmpl_id.get_product_accounts()

    @classmethod
    def _hyc_setup_company(cls):
        """Hook: a subclass may switch cls.env to another company before the fixtures are made."""

    @classmethod
    def _product(cls, name, weight, volume):
        return cls.env["product.product"].create({
            "name": name,
            "is_storable": True,
            "tracking": "lot",
            "lot_valuated": True,
            "categ_id": cls.category.id,
            "weight": weight,
            "volume": volume,
        })

    @classmethod
    def _receive(cls, lines):
        """Receipt of (product, quantity, unit price, lot name or stock.lot) lines, validated."""
        picking = cls.env["stock.picking"].create({
            "picking_type_id": cls.picking_type_in.id,
            "partner_id": cls.partner.id,
            "location_id": cls.supplier_location.id,
            "location_dest_id": cls.stock_location.id,
            "move_ids": [Command.create({
                "name": product.name,
                "product_id": product.id,
                "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "price_unit": price,
                "location_id": cls.supplier_location.id,
                "location_dest_id": cls.stock_location.id,
            }) for product, qty, price, _lot in lines],
        })
        picking.action_confirm()
        for move, (_product, qty, _price, lot) in zip(picking.move_ids.sorted("id"), lines, strict=True):
            lot_vals = {"lot_name": lot} if isinstance(lot, str) else {"lot_id": lot.id}
            move.move_line_ids = [Command.clear(), Command.create(dict(
                lot_vals,
                product_id=move.product_id.id,
                picking_id=picking.id,
                quantity=qty,
                location_id=cls.supplier_location.id,
                location_dest_id=cls.stock_location.id,
            ))]
        picking.move_ids.picked = True
        picking.button_validate()
        if picking.state != "done":
            raise AssertionError(f"receipt {picking.name} not done: {picking.state}")
        return picking

    @classmethod
    def _lot(cls, product, name):
        return cls.env["stock.lot"].search([("product_id", "=", product.id), ("name", "=", name)])

    @classmethod
    def _deliver(cls, product, lot, qty):
        move = cls.env["stock.move"].create({
            "name": f"sale {product.name}",
            "product_id": product.id,
            "product_uom_qty": qty,
            "product_uom": product.uom_id.id,
            "location_id": cls.stock_location.id,
            "location_dest_id": cls.customer_location.id,
            "picking_type_id": cls.picking_type_out.id,
        })
        move._action_confirm()
        move.move_line_ids = [Command.clear(), Command.create({
            "product_id": product.id,
            "lot_id": lot.id,
            "quantity": qty,
            "location_id": cls.stock_location.id,
            "location_dest_id": cls.customer_location.id,
        })]
        move.picked = True
        move._action_done()
        if move.state != "done":
            raise AssertionError(f"delivery not done: {move.state}")
        return move

    @classmethod
    def _allocation(cls, pickings, amount, split_method, **line_vals):
        return cls.env["stock.landed.cost"].create({
            "picking_ids": [Command.set(pickings.ids)],
            "cost_lines": [Command.create(dict({
                "product_id": cls.freight.id,
                "name": "Freight",
                "price_unit": amount,
                "split_method": split_method,
            }, **line_vals))],
        })

    def _balance(self, moves, account):
        lines = moves.line_ids.filtered(lambda line: line.account_id == account)
        return self.currency.round(sum(lines.mapped("debit")) - sum(lines.mapped("credit")))
