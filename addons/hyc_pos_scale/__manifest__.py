# Part of HYC. See LICENSE file for full copyright and licensing details.
{
    'name': '好业财 称重收银 | HYC Weighing POS',
    'summary': 'Serial-port scales in the Odoo POS without an IoT box, label-scale barcodes, PLU export, price labels (称重收银、条码秤、PLU导出)',
    'version': '18.0.1.0.0',
    'category': 'Sales/Point of Sale',
    'author': 'HYC',
    'license': 'LGPL-3',
    'depends': ['point_of_sale'],
    'data': ['security/hyc_security.xml', 'security/ir.model.access.csv', 'views/menus.xml'],
    'assets': {'web.assets_tests': ['hyc_pos_scale/static/tests/tours/**/*']},
    'application': True,
}
