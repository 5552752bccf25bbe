# Part of HYC. See LICENSE file for full copyright and licensing details.
{
    'name': '好业财 项目预算·费用报销 | HYC Project Budget for Expense Reports',
    'summary': 'Expense reports charged to a project are checked against its budget when approved (warn / block / override with a reason); posted expenses are actual cost (报销单按项目预算控制)',
    'version': '18.0.1.0.0',
    'category': 'Human Resources/Expenses',
    'author': 'HYC',
    'license': 'LGPL-3',
    'depends': ['hyc_project_budget', 'hr_expense'],
    'data': [
        'security/ir.model.access.csv',
    ],
    'auto_install': True,
}
