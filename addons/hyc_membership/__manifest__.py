# Part of HYC. See LICENSE file for full copyright and licensing details.
{
    'name': '好业财 会员等级、积分与储值 | HYC Member Levels, Points and Stored Value',
    'summary': 'Member cards, levels, points with FIFO expiry, stored value with top-up bonus, birthday gifts, safe under concurrency (会员等级、积分、储值)',
    'version': '18.0.1.0.0',
    'category': 'Sales/Point of Sale',
    'author': 'HYC',
    'license': 'LGPL-3',
    'depends': ['loyalty', 'pos_loyalty', 'sale_loyalty', 'portal'],
    'data': [
        'security/hyc_security.xml',
        'security/ir.model.access.csv',
        'data/hyc_membership_data.xml',
        'views/member_views.xml',
        'views/member_import_views.xml',
        'views/member_gift_views.xml',
        'views/sale_views.xml',
        'views/pos_views.xml',
        'views/portal_templates.xml',
        'views/menus.xml',
    ],
    'demo': ['demo/hyc_membership_demo.xml'],
    'assets': {
        'point_of_sale._assets_pos': ['hyc_membership/static/src/**/*'],
        'web.assets_tests': ['hyc_membership/static/tests/tours/**/*'],
    },
    'application': True,
}
