# Part of HYC. See LICENSE file for full copyright and licensing details.
{
    'name': '好业财 批次效期·收银 | HYC Batch Expiry in the POS',
    'summary': 'Expired lots refused at the POS unless a POS manager authorises them with a PIN; checked again when orders sync, logged (过期批次收银拦截、店长授权)',
    'version': '18.0.1.0.0',
    'category': 'Sales/Point of Sale',
    'author': 'HYC',
    'license': 'LGPL-3',
    'depends': ['hyc_inventory_batch', 'point_of_sale'],
    'data': [
        'security/ir.model.access.csv',
        'security/hyc_rules.xml',
        'views/pos_expiry_override_views.xml',
        'views/res_users_views.xml',
    ],
    'demo': ['demo/demo.xml'],
    'assets': {
        'point_of_sale._assets_pos': ['hyc_inventory_batch_pos/static/src/overrides/**/*'],
        'web.assets_tests': ['hyc_inventory_batch_pos/static/tests/tours/**/*'],
    },
    'auto_install': True,
}
