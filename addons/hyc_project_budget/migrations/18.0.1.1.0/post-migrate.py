"""Purchase lines count their commitments per project of their distribution (``hyc_counted``,
{budget line id: amount}) instead of on one budget line (``hyc_counted_line_id`` /
``hyc_counted_amount``): recount every running total from the sources once, and drop the
old columns (their index would otherwise be kept up to date on every confirmation)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "ALTER TABLE purchase_order_line DROP COLUMN IF EXISTS hyc_counted_line_id, "
        "DROP COLUMN IF EXISTS hyc_counted_amount"
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["hyc.project.budget.line"]._hyc_recount()
