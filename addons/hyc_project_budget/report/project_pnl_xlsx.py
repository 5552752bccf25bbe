from odoo import models


class ProjectPnlXlsx(models.AbstractModel):
    """Excel export of projects' contract P&L and budget by category (one sheet per project)."""

    _name = "report.hyc_project_budget.project_pnl_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Project P&L Excel Export"

    def generate_xlsx_report(self, workbook, data, projects):
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        pct = workbook.add_format({"num_format": "0.00"})
        pnl = projects.sudo()._hyc_pnl_figures()
        for project in projects:
            sheet = workbook.add_worksheet(project.name[:31])
            sheet.set_column(0, 0, 28)
            sheet.set_column(1, 6, 16)
            sheet.write(0, 0, project.name, bold)
            f = pnl[project.id]
            invoiced, costs = f["invoiced"], f["costs"]
            rows = [
                (self.env._("Revenue Invoiced"), invoiced, money),
                (self.env._("Revenue to Invoice"), f["to_invoice"], money),
                (self.env._("Costs"), costs, money),
                (self.env._("Profit"), invoiced - costs, money),
                (self.env._("Margin (%)"), round((invoiced - costs) / invoiced * 100.0, 2) if invoiced else 0.0, pct),
                (self.env._("Overdue Receivables"), f["overdue"], money),
            ]
            for row, (label, value, fmt) in enumerate(rows, start=2):
                sheet.write(row, 0, label)
                sheet.write_number(row, 1, value, fmt)
            header = 2 + len(rows) + 1
            for col, title in enumerate(
                [self.env._("Category"), self.env._("Original Budget"), self.env._("Budget"), self.env._("Committed"), self.env._("Actual"), self.env._("Available"),
                 self.env._("Consumed (%)")]
            ):
                sheet.write(header, col, title, bold)
            lines = project.sudo().hyc_budget_ids.line_ids
            for row, line in enumerate(lines, start=header + 1):
                sheet.write(row, 0, line.category_id.name)
                for col, value in enumerate(
                    [line.original_amount, line.amount, line.committed_amount, line.actual_amount,
                     line.available_amount], start=1,
                ):
                    sheet.write_number(row, col, value, money)
                sheet.write_number(row, 6, round(line.consumed_pct, 2), pct)
