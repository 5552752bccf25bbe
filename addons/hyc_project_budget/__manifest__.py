# Part of HYC. See LICENSE file for full copyright and licensing details.
{
    'name': '好业财 项目预算控制 | HYC Budget-Controlled Projects',
    'summary': 'Project budgets by category with warn/block control, live commitments, project dashboard and contract P&L (项目预算、超预算控制、项目合同利润表)',
    'version': '18.0.1.0.0',
    'category': 'Services/Project',
    'author': 'HYC',
    'license': 'LGPL-3',
    'depends': ['project', 'sale_project', 'purchase_stock', 'account', 'analytic', 'report_xlsx'],
    'data': [
        'security/hyc_security.xml',
        'security/ir.model.access.csv',
        'security/hyc_rules.xml',
        'data/hyc_budget_data.xml',
        'views/budget_views.xml',
        'views/menus.xml',
        'views/sale_views.xml',
        'report/hyc_reports.xml',
    ],
    'demo': ['demo/hyc_budget_demo.xml'],
    'assets': {'web.assets_tests': ['hyc_project_budget/static/tests/tours/**/*']},
    'application': True,
}
