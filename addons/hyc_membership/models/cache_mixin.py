from odoo import api, models


class RegistryCacheMixin(models.AbstractModel):
    """Records read through registry caches (`ormcache`) on every synced POS order:
    any change clears those caches, in every worker (Odoo's registry signalling).
    Changes to such records are an administrator's, now and then."""

    _name = "hyc.registry.cache.mixin"
    _description = "Records Read Through Registry Caches"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
