import io

import openpyxl

from odoo import Command
from odoo.tests import tagged

from .common import HycBatchCase


@tagged("post_install", "-at_install")
class TestLotMargin(HycBatchCase):
    """100 kg of lamb at 20.00/kg + 300.00 freight = 23.00/kg; sold in cases of 10 kg and by the kg."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        kg = cls.env.ref("uom.product_uom_kgm")
        cls.case = cls.env["uom.uom"].create({
            "name": "Case of 10 kg (test)", "category_id": kg.category_id.id, "uom_type": "bigger", "factor_inv": 10.0,
        })
        cls.lamb_kg = cls.env["product.product"].create({
            "name": "Lamb shoulder by kg (test)", "is_storable": True, "tracking": "lot", "lot_valuated": True,
            "categ_id": cls.category.id, "uom_id": kg.id, "uom_po_id": kg.id, "weight": 1.0, "taxes_id": [Command.clear()],
        })
        cls.receipt = cls._receive([(cls.lamb_kg, 100, 20.0, "NX-M1")])
        cls.lot = cls._lot(cls.lamb_kg, "NX-M1")
        cls._allocation(cls.receipt, 300.0, "by_quantity").button_validate()
        cls.store_a = cls.env["res.partner"].create({"name": "厦门 Store A (test)"})
        cls.store_b = cls.env["res.partner"].create({"name": "厦门 Store B (test)"})
        # store A: 2 cases at 600.00 a case = 20 kg, revenue 1,200.00, COGS 20 × 23 = 460.00
        cls.order_a = cls._sell(cls.store_a, 2, cls.case, 600.0)
        # store B: 10 kg at 30.00 = 300.00, COGS 230.00
        cls.order_b = cls._sell(cls.store_b, 10, kg, 30.0)
        cls.Report = cls.env["hyc.lot.margin.report"]

    @classmethod
    def _sell(cls, partner, qty, uom, price):
        order = cls.env["sale.order"].create({
            "partner_id": partner.id,
            "order_line": [Command.create({"product_id": cls.lamb_kg.id, "product_uom_qty": qty, "product_uom": uom.id,
                                           "price_unit": price, "tax_id": [Command.clear()]})],
        })
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        if picking.state != "done":
            raise AssertionError(f"delivery {picking.name} not done")
        return order

    def _totals(self, domain):
        return self.Report.hyc_totals(domain)

    def test_margin_by_lot_with_case_and_kg_sales(self):
        rows = self.Report.search([("lot_id", "=", self.lot.id)])
        by_order = {row.order_id: (row.quantity, row.revenue, row.cogs, row.margin) for row in rows}
        self.assertEqual(by_order[self.order_a], (20.0, 1200.0, 460.0, 740.0))
        self.assertEqual(by_order[self.order_b], (10.0, 300.0, 230.0, 70.0))
        self.assertEqual(rows.mapped("uom_id"), self.lamb_kg.uom_id)
        # revenue 1,500.00, COGS 690.00, margin 810.00, 54.00 %
        self.assertEqual(self._totals([("lot_id", "=", self.lot.id)]),
                         {"revenue": 1500.0, "cogs": 690.0, "margin": 810.0, "margin_percent": 54.0})
        # drill-down: the rows lead to the delivery moves
        self.assertEqual(rows.move_id, (self.order_a | self.order_b).picking_ids.move_ids)

    def test_grouping_by_customer_and_warehouse(self):
        groups = self.Report._read_group([("lot_id", "=", self.lot.id)], ["partner_id"], ["margin:sum", "margin_percent:avg"])
        by_partner = {partner: (margin, round(percent, 2)) for partner, margin, percent in groups}
        # store A 740 / 1200 = 61.67 %, store B 70 / 300 = 23.33 %
        self.assertEqual(by_partner[self.store_a], (740.0, 61.67))
        self.assertEqual(by_partner[self.store_b], (70.0, 23.33))
        [(warehouse, revenue)] = self.Report._read_group([("lot_id", "=", self.lot.id)], ["warehouse_id"], ["revenue:sum"])
        self.assertEqual(warehouse, self.env.ref("stock.warehouse0"))
        self.assertEqual(revenue, 1500.0)

    def test_late_freight_after_sales_is_cost_of_goods_sold(self):
        # 70.00 more freight after 30 of 100 kg were sold: 21.00 to COGS, 49.00 to stock
        late = self._allocation(self.receipt, 70.0, "by_quantity")
        late.button_validate()
        self.assertEqual(late.hyc_lot_line_ids.cogs_value, 21.0)
        rows = self.Report.search([("cost_id", "=", late.id)])
        self.assertEqual((rows.lot_id, rows.cogs, rows.revenue), (self.lot, 21.0, 0.0))
        # 1500 − 711 = 789.00; 789 / 1500 = 52.60 %
        self.assertEqual(self._totals([("lot_id", "=", self.lot.id)]),
                         {"revenue": 1500.0, "cogs": 711.0, "margin": 789.0, "margin_percent": 52.6})

    def test_excel_export_has_rows_totals_and_filters(self):
        wizard = self.env["hyc.lot.margin.export"].create({"product_ids": [Command.set(self.lamb_kg.ids)]})
        action = wizard.action_export()
        self.assertEqual(action["report_type"], "xlsx")
        content, kind = self.env["ir.actions.report"]._render_xlsx(
            "hyc_inventory_batch.action_report_lot_margin_xlsx", wizard.ids, action["data"])
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        values = list(sheet.iter_rows(values_only=True))
        self.assertEqual(values[1][:2], ("Products", "Lamb shoulder by kg (test)"))
        total = next(row for row in values if row[0] == "Total")
        # columns: ... quantity (7), uom, revenue (9), cogs, margin, margin %
        self.assertEqual(total[7:13], (30.0, None, 1500.0, 690.0, 810.0, 54.0))
        data_rows = [row for row in values[4:] if row[0] not in (None, "Total")]
        self.assertEqual(len(data_rows), 2)
