from markupsafe import Markup

from odoo import models

from ..lib import labels


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _hyc_label_barcode_svg(self):
        """Inline SVG barcode for the label report: EAN-13 of the barcode, else Code128 of it or of the reference."""
        self.ensure_one()
        svg = labels.label_svg(self.barcode, self.default_code)
        return Markup(svg) if svg else ""
