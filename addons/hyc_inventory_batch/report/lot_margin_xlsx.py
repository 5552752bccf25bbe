"""Excel export of the lot gross margin (OCA report_xlsx): rows, totals, and the filters used."""

from odoo import models


class LotMarginXlsx(models.AbstractModel):
    _name = "report.hyc_inventory_batch.lot_margin_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Lot Gross Margin Excel Export"

    COLUMNS = ("date", "lot_id", "product_id", "categ_id", "warehouse_id", "partner_id", "user_id",
               "quantity", "uom_id", "revenue", "cogs", "margin", "margin_percent")

    def _get_objs_for_report(self, docids, data):
        # from the export wizard: the rows are the ones matching its domain
        if data and data.get("domain") is not None:
            return self.env["hyc.lot.margin.report"].search(data["domain"])
        return self.env["hyc.lot.margin.report"].browse(docids or (data or {}).get("context", {}).get("active_ids", []))

    def generate_xlsx_report(self, workbook, data, objs):
        Report = self.env["hyc.lot.margin.report"]
        fields_ = Report._fields
        sheet = workbook.add_worksheet(self.env._("Lot Gross Margin")[:31])
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True})
        row = 0
        sheet.write(row, 0, self.env._("Lot Gross Margin Analysis"), bold)
        row += 1
        filters = (data or {}).get("filters") or [[self.env._("Selection"), self.env._("%(count)s rows selected", count=len(objs))]]
        for label, value in filters:
            sheet.write(row, 0, label, bold)
            sheet.write(row, 1, value)
            row += 1
        row += 1
        for col, fname in enumerate(self.COLUMNS):
            sheet.write(row, col, fields_[fname].get_description(self.env)["string"], bold)
        row += 1
        first = row
        for record in objs:
            for col, fname in enumerate(self.COLUMNS):
                value = record[fname]
                if fields_[fname].type == "many2one":
                    sheet.write(row, col, value.display_name or "")
                elif fields_[fname].type == "datetime":
                    sheet.write(row, col, value and value.strftime("%Y-%m-%d") or "")
                elif fields_[fname].type == "monetary":
                    sheet.write_number(row, col, value, money)
                else:
                    sheet.write_number(row, col, value)
            row += 1
        totals = Report.hyc_totals([("id", "in", objs.ids)])
        sheet.write(row, 0, self.env._("Total"), bold)
        for fname in ("revenue", "cogs", "margin"):
            sheet.write_number(row, self.COLUMNS.index(fname), totals[fname], money_bold)
        sheet.write_number(row, self.COLUMNS.index("margin_percent"), totals["margin_percent"], money_bold)
        sheet.write_number(row, self.COLUMNS.index("quantity"), sum(objs.mapped("quantity")), bold)
        sheet.freeze_panes(first, 0)
