from . import pos_config, pos_session, product_product, product_template, res_config_settings
