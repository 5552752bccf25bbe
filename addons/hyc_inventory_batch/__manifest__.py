# Part of HYC. See LICENSE file for full copyright and licensing details.
{
    'name': '好业财 批次成本与效期 | HYC Batch Costing, Expiry and Serials',
    'summary': 'Freight allocation into per-lot cost, lot gross-margin analysis, expiry control and serial tracking (采购费用分摊、批次成本、销售毛利、临期预警)',
    'version': '18.0.1.0.0',
    'category': 'Inventory/Inventory',
    'author': 'HYC',
    'license': 'LGPL-3',
    'depends': ['stock_account', 'stock_landed_costs', 'product_expiry', 'purchase_stock', 'sale_stock', 'report_xlsx'],
    'data': ['security/hyc_security.xml', 'security/ir.model.access.csv', 'views/stock_landed_cost_views.xml', 'report/lot_margin_report_views.xml', 'data/expiry_data.xml', 'views/expiry_views.xml', 'views/menus.xml', 'security/hyc_rules.xml'],
    'demo': ['demo/demo.xml'],
    'assets': {'web.assets_tests': ['hyc_inventory_batch/static/tests/tours/**/*']},
    'application': True,
}
