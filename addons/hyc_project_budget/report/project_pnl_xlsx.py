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
        contract_pnl = projects.sudo()._hyc_contract_pnl()
        for project in projects:
            sheet = workbook.add_worksheet(project.name[:31])
            sheet.set_column(0, 0, 28)
            sheet.set_column(1, 11, 16)
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
            self._hyc_write_contract_pnl(sheet, header + len(lines) + 2, contract_pnl[project.id], bold, money, pct)

    def _hyc_write_contract_pnl(self, sheet, top, pnl, bold, money, pct):
        """The project contract P&L (项目合同往来利润表): a row per contract, the costs not
        assigned to a contract, the total."""
        sheet.write(top, 0, self.env._("Project Contract P&L"), bold)
        figures = [
            ("revenue", self.env._("Revenue"), money), ("to_invoice", self.env._("To Invoice"), money),
            ("cost", self.env._("Cost"), money), ("expenses", self.env._("Expenses"), money),
            ("profit", self.env._("Profit"), money), ("margin_pct", self.env._("Margin (%)"), pct),
            ("received", self.env._("Received"), money), ("outstanding", self.env._("Outstanding"), money),
            ("overdue", self.env._("Overdue"), money),
        ]
        header = top + 1
        texts = [("name", self.env._("Contract")), ("reference", self.env._("Customer Reference")),
                 ("partner", self.env._("Customer"))]
        for col, (_key, title) in enumerate(texts):
            sheet.write(header, col, title, bold)
        for col, (_key, title, _fmt) in enumerate(figures, start=len(texts)):
            sheet.write(header, col, title, bold)
        for row, line in enumerate([*pnl["rows"], pnl["total"]], start=header + 1):
            style = bold if line["kind"] == "total" else None
            for col, (key, _title) in enumerate(texts):
                sheet.write(row, col, line[key], style)
            for col, (key, _title, fmt) in enumerate(figures, start=len(texts)):
                sheet.write_number(row, col, line[key], fmt)
