import io

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import BudgetCase

FIGURES = ("revenue", "to_invoice", "cost", "expenses", "profit", "received", "outstanding", "overdue")


@tagged("post_install", "-at_install")
class TestContractPnl(BudgetCase):
    """Two contracts on one project: an equipment sale (5 steel frames at 9,000) and a
    maintenance contract (3 years at 6,000).

    Equipment: 2 frames invoiced (18,000, due 2026-11-10), 10,000 paid; its RFQ bought the
    5 frames at 4,000, 3 of them billed (12,000).  Maintenance: the first year invoiced
    (6,000, due 2026-12-31), a 1,000 credit note reconciled with it; a 800 travel expense
    naming the maintenance order.  Not assigned to a contract: a welding bill (2,000) and a
    1,500 site expense.  Figures on 2026-12-10.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.customer = env["res.partner"].create({"name": "Wuxi Vocational Safety School"})
        cls.steel.write({"sale_ok": True, "seller_ids": [Command.create({"partner_id": cls.vendor.id, "price": 4000.0})]})
        cls.maintenance = env["product.product"].create({
            "name": "Training rig maintenance (year)", "type": "service", "invoice_policy": "order",
            "purchase_ok": False,
        })
        cls.equipment_so = cls._sale(cls.steel, 5, 9000.0)
        cls.maintenance_so = cls._sale(cls.maintenance, 3, 6000.0)
        (cls.equipment_so | cls.maintenance_so).action_confirm()
        # not contracts of the project: a quotation, and another project's order
        cls.quotation = cls._sale(cls.steel, 1, 9000.0)
        other = env["project.project"].create({"name": "Nanjing training rig"})
        other._create_analytic_account()
        cls.other_so = cls._sale(cls.steel, 1, 9000.0, project=other)
        cls.other_so.action_confirm()

        # equipment: the RFQ of its sale line, 3 of its 5 frames billed
        action = cls.equipment_so.action_hyc_create_rfqs()
        cls.rfq = env["purchase.order"].search(action["domain"])
        cls.rfq.button_confirm()
        bill = cls._bill(cls, cls.rfq.order_line, 3)
        bill.action_post()
        invoice = cls._invoice(cls.equipment_so.order_line, 2, 9000.0, "2026-11-10", "2026-11-10")
        env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create({
            "amount": 10000.0, "payment_date": "2026-11-20",
        })._create_payments()
        # maintenance: first year invoiced, 1,000 credited
        first_year = cls._invoice(cls.maintenance_so.order_line, 1, 6000.0, "2026-12-01", "2026-12-31")
        credit = cls._invoice(cls.maintenance_so.order_line, 1, 1000.0, "2026-12-02", "2026-12-02",
                              move_type="out_refund")
        (first_year | credit).line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable").reconcile()
        # not assigned: a direct welding bill and a site expense; an expense naming the maintenance order
        cls._direct_bill(cls, cls.welding, 1, 2000.0).action_post()
        env["account.analytic.line"].create([
            {"name": "Site office rent", "account_id": cls.account.id, "amount": -1500.0, "date": "2026-12-03"},
            {"name": f"Travel for {cls.maintenance_so.name} (first visit)", "account_id": cls.account.id,
             "amount": -800.0, "date": "2026-12-04"},
        ])

    @classmethod
    def _sale(cls, product, qty, price, project=None):
        return cls.env["sale.order"].create({
            "partner_id": cls.customer.id,
            "project_id": (project or cls.project).id,
            "order_line": [Command.create({
                "product_id": product.id, "product_uom_qty": qty, "price_unit": price, "tax_id": False,
            })],
        })

    @classmethod
    def _invoice(cls, sale_line, qty, price, date, due, move_type="out_invoice"):
        move = cls.env["account.move"].create({
            "move_type": move_type,
            "partner_id": cls.customer.id,
            "invoice_date": date,
            "invoice_date_due": due,
            "invoice_line_ids": [Command.create({
                "product_id": sale_line.product_id.id, "quantity": qty, "price_unit": price, "tax_ids": False,
                "sale_line_ids": [Command.set(sale_line.ids)],
                "analytic_distribution": sale_line.analytic_distribution,
            })],
        })
        move.action_post()
        return move

    def _rows(self):
        data = self.project._hyc_contract_pnl()[self.project.id]
        return {row["contract_id"]: tuple(row[f] for f in FIGURES) for row in data["rows"]}, data["total"]

    def test_contracts_are_the_confirmed_orders_linked_to_the_project(self):
        self.assertEqual(self.project.hyc_contract_ids, self.equipment_so | self.maintenance_so)
        self.assertEqual(self.project.hyc_contract_count, 2)
        self.assertEqual(self.equipment_so.order_line.analytic_distribution, {str(self.account.id): 100.0})
        action = self.project.action_hyc_open_contracts()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), self.equipment_so | self.maintenance_so)

    def test_an_order_distributed_to_the_project_without_its_project_is_a_contract(self):
        order = self.env["sale.order"].create({
            "partner_id": self.customer.id,
            "order_line": [Command.create({
                "product_id": self.maintenance.id, "product_uom_qty": 1, "price_unit": 100.0, "tax_id": False,
                "analytic_distribution": {str(self.account.id): 50.0},
            })],
        })
        order.action_confirm()
        self.assertIn(order, self.project.hyc_contract_ids)
        rows, total = self._rows()
        self.assertEqual(rows[order.id], (0.0, 50.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0))

    @freeze_time("2026-12-10")
    def test_figures_per_contract(self):
        rows, total = self._rows()
        self.assertEqual(list(rows), [self.equipment_so.id, self.maintenance_so.id, False])
        # revenue, to invoice, cost, expenses, profit, received, outstanding, overdue
        self.assertEqual(rows[self.equipment_so.id], (18000.0, 27000.0, 12000.0, 0.0, 6000.0, 10000.0, 8000.0, 8000.0))
        self.assertEqual(rows[self.maintenance_so.id], (5000.0, 13000.0, 0.0, 800.0, 4200.0, 0.0, 5000.0, 0.0))
        self.assertEqual(rows[False], (0.0, 0.0, 2000.0, 1500.0, -3500.0, 0.0, 0.0, 0.0))
        self.assertEqual(tuple(total[f] for f in FIGURES),
                         (23000.0, 40000.0, 14000.0, 2300.0, 6700.0, 10000.0, 13000.0, 8000.0))
        self.assertEqual(total["margin_pct"], 29.13)
        for i, figure in enumerate(FIGURES):
            self.assertEqual(sum(row[i] for row in rows.values()), total[figure], figure)

    @freeze_time("2026-12-10")
    def test_total_is_the_project_pnl(self):
        _rows, total = self._rows()
        project = self.project
        self.assertEqual(
            (project.hyc_revenue_invoiced, project.hyc_revenue_to_invoice, project.hyc_cost_total, project.hyc_profit,
             project.hyc_margin_pct, project.hyc_overdue_receivable),
            (total["revenue"], total["to_invoice"], total["cost"] + total["expenses"], total["profit"],
             total["margin_pct"], total["overdue"]),
        )
        self.assertEqual((project.hyc_revenue_invoiced, project.hyc_cost_total), (23000.0, 16300.0))

    @freeze_time("2026-12-10")
    def test_the_project_share_of_a_shared_contract(self):
        # a 60 / 40 order shared with another project: 60 % of its invoice here
        other = self.env["project.project"].create({"name": "Changzhou drill tower"})
        other._create_analytic_account()
        order = self.env["sale.order"].create({
            "partner_id": self.customer.id,
            "order_line": [Command.create({
                "product_id": self.maintenance.id, "product_uom_qty": 1, "price_unit": 10000.0, "tax_id": False,
                "analytic_distribution": {str(self.account.id): 60.0, str(other.account_id.id): 40.0},
            })],
        })
        order.action_confirm()
        self._invoice(order.order_line, 1, 10000.0, "2026-12-05", "2027-01-05")
        rows, _total = self._rows()
        self.assertEqual(rows[order.id], (6000.0, 0.0, 0.0, 0.0, 6000.0, 0.0, 6000.0, 0.0))
        other_rows = other._hyc_contract_pnl()[other.id]["rows"]
        self.assertEqual([(r["contract_id"], r["revenue"], r["outstanding"]) for r in other_rows],
                         [(order.id, 4000.0, 4000.0), (False, 0.0, 0.0)])

    @freeze_time("2026-12-10")
    def test_stock_issued_for_a_contract_is_its_cost(self):
        # 2 cable rolls (1,000 each) issued to the project by a picking made for the equipment
        # order (its source document); the material issue is a cost, not an expense
        stock = self.env.ref("stock.stock_location_stock")
        site = self.env.ref("stock.stock_location_customers")
        out_type = self.env.ref("stock.picking_type_out")
        out_type.analytic_costs = True
        cable = self.env["product.product"].create({
            "name": "Fire-resistant cable (roll)", "categ_id": self.categ_materials.id,
            "is_storable": True, "standard_price": 1000.0,
        })
        self.env["stock.quant"]._update_available_quantity(cable, stock, 10)
        picking = self.env["stock.picking"].create({
            "picking_type_id": out_type.id, "location_id": stock.id, "location_dest_id": site.id,
            "project_id": self.project.id, "origin": self.equipment_so.name,
            "move_ids": [Command.create({
                "name": cable.name, "product_id": cable.id, "product_uom_qty": 2, "product_uom": cable.uom_id.id,
                "location_id": stock.id, "location_dest_id": site.id,
            })],
        })
        picking.action_confirm()
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        rows, total = self._rows()
        self.assertEqual(rows[self.equipment_so.id], (18000.0, 27000.0, 14000.0, 0.0, 4000.0, 10000.0, 8000.0, 8000.0))
        self.assertEqual((total["cost"], total["expenses"], total["profit"]), (16000.0, 2300.0, 4700.0))
        self.assertEqual((self.project.hyc_cost_total, self.project.hyc_profit), (18300.0, 4700.0))

    @freeze_time("2026-12-10")
    def test_excel_holds_the_contract_rows(self):
        self.equipment_so.client_order_ref = "设备合同 E-1"
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            "hyc_project_budget.action_report_project_pnl_xlsx", self.project.ids, {}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        title = next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == "Project Contract P&L")
        self.assertEqual(
            [sheet.cell(title + 1, col).value for col in range(1, 14)],
            ["Contract", "Customer Reference", "Customer", "Revenue", "To Invoice", "Cost", "Expenses", "Profit",
             "Margin (%)", "Received", "Outstanding", "Overdue", None],
        )
        table = [[sheet.cell(row, col).value for col in range(1, 13)] for row in range(title + 2, title + 7)]
        school = self.customer.name
        self.assertEqual(table, [
            [self.equipment_so.name, "设备合同 E-1", school, 18000, 27000, 12000, 0, 6000, 33.33, 10000, 8000, 8000],
            [self.maintenance_so.name, None, school, 5000, 13000, 0, 800, 4200, 84, 0, 5000, 0],
            ["Not assigned to a contract", None, None, 0, 0, 2000, 1500, -3500, 0, 0, 0, 0],
            ["Total", None, None, 23000, 40000, 14000, 2300, 6700, 29.13, 10000, 13000, 8000],
            [None] * 12,
        ])

    def test_project_managers_cannot_read_the_contract_pnl(self):
        pm = new_test_user(self.env, login="hyc_pm_contracts",
                           groups="base.group_user,hyc_project_budget.group_project_manager")
        fields = self.env["project.project"].with_user(pm).fields_get()
        for name in ("hyc_contract_ids", "hyc_contract_count", "hyc_contract_pnl_html"):
            self.assertNotIn(name, fields)
        with self.assertRaises(AccessError):
            self.project.with_user(pm).hyc_get_contract_pnl()
        with self.assertRaises(AccessError):
            self.project.with_user(pm).read(["hyc_contract_pnl_html"])
        finance = new_test_user(self.env, login="hyc_fin_contracts",
                                groups="base.group_user,hyc_project_budget.group_finance")
        data = self.project.with_user(finance).hyc_get_contract_pnl()
        self.assertEqual([d["project_id"] for d in data], self.project.ids)
        self.assertEqual([row["kind"] for row in data[0]["rows"]], ["contract", "contract", "unassigned"])
        self.assertEqual(data[0]["total"]["revenue"], 23000.0)
        html = self.project.with_user(finance).hyc_contract_pnl_html
        self.assertIn(self.maintenance_so.name, html)
        self.assertIn("Not assigned to a contract", html)
