"""Pure-Python logic of hyc_private_domain (no Odoo imports): WeCom robot protocol,
nickname parsing, schedule computation, and a local fake WeCom server used by the tests."""
