import io

import openpyxl

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPnlExcelExport(TransactionCase):
    """The Excel export holds the demo project's P&L and budget figures."""

    def test_export_of_the_demo_project(self):
        wuxi = self.env.ref("hyc_project_budget.demo_project_healthy")
        content, kind = self.env["ir.actions.report"]._render_xlsx(
            "hyc_project_budget.action_report_project_pnl_xlsx", wuxi.ids, {}
        )
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet["A1"].value, wuxi.name)
        pnl = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(3, 9)}
        self.assertEqual(pnl, {
            "Revenue Invoiced": 150000, "Revenue to Invoice": 150000, "Costs": 40000, "Profit": 110000,
            "Margin (%)": 73.33, "Overdue Receivables": 150000,
        })
        rows = {sheet.cell(row, 1).value: [sheet.cell(row, col).value for col in range(2, 8)]
                for row in range(11, 15)}
        self.assertEqual(rows["Materials"], [200000, 200000, 20000, 40000, 140000, 30])
        self.assertEqual(rows["Labour"], [80000, 80000, 18000, 0, 62000, 22.5])
        # the project contract P&L: a row per contract, the unassigned row, the total
        title = next(row for row in range(15, sheet.max_row + 1) if sheet.cell(row, 1).value == "Project Contract P&L")
        self.assertEqual(sheet.cell(title + 1, 1).value, "Contract")
        contracts = [[sheet.cell(row, col).value for col in range(1, 13)] for row in range(title + 2, title + 6)]
        school = "Wuxi Vocational Safety School"
        self.assertEqual(contracts, [
            [self.env.ref("hyc_project_budget.demo_so_wuxi").name, "设备销售合同 WX-2026-01", school,
             150000, 150000, 40000, 0, 110000, 73.33, 0, 150000, 150000],
            [self.env.ref("hyc_project_budget.demo_so_wuxi_maintenance").name, "三年维保合同 WX-2026-02", school,
             0, 0, 0, 0, 0, 0, 0, 0, 0],
            ["Not assigned to a contract", None, None, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            ["Total", None, None, 150000, 150000, 40000, 0, 110000, 73.33, 0, 150000, 150000],
        ])
        self.assertIsNone(sheet.cell(title + 6, 1).value)
