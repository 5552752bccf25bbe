from odoo import models

MODULE = "hyc_inventory_batch"


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """Our label of Odoo's "By Current Cost" split (By Amount, 按金额（采购价值）) must win.

        The selection value is one record with two external ids (stock_landed_costs' and
        ours); when both modules' terms load together (a language installed after the
        modules), which translation ends up on the record is arbitrary. So our terms are
        applied again, last, whenever either module's terms load.
        """
        res = super()._load_module_terms(modules, langs, overwrite=overwrite, imported_module=imported_module)
        if not imported_module and {MODULE, "stock_landed_costs"} & set(modules):
            super()._load_module_terms([MODULE], langs, overwrite=True)
        return res
