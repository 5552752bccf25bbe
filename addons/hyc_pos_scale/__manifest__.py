# Part of HYC. See LICENSE file for full copyright and licensing details.
{
    'name': '好业财 称重收银 | HYC Weighing POS',
    'summary': 'Serial-port scales in the Odoo POS without an IoT box, label-scale barcodes, PLU export, price labels (称重收银、条码秤、PLU导出)',
    'version': '18.0.1.0.0',
    'category': 'Sales/Point of Sale',
    'author': 'HYC',
    'license': 'LGPL-3',
    'depends': ['point_of_sale', 'pos_loyalty'],
    'external_dependencies': {'python': ['xlsxwriter', 'python-barcode']},
    'data': [
        'security/hyc_security.xml',
        'security/ir.model.access.csv',
        'data/uom_data.xml',
        'data/barcode_nomenclature_data.xml',
        'views/product_views.xml',
        'views/res_config_settings_views.xml',
        'views/menus.xml',
        'views/plu_export_views.xml',
        'report/product_label_report.xml',
    ],
    'demo': ['demo/hyc_pos_scale_demo.xml'],
    'assets': {
        'point_of_sale._assets_pos': ['hyc_pos_scale/static/src/overrides/**/*'],
        'web.assets_tests': ['hyc_pos_scale/static/tests/tours/**/*'],
    },
    'application': True,
}
