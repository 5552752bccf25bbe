# Part of HYC. See LICENSE file for full copyright and licensing details.
{
    'name': '好业财 私域社群运营 | HYC Private-Domain Community Operations',
    'summary': 'WeCom fan groups, group schedules, broadcasts, keyword bot, reservations, check-in and lottery (社群、群SOP、群发、机器人小助手)',
    'version': '18.0.1.0.0',
    'category': 'Marketing',
    'author': 'HYC',
    'license': 'LGPL-3',
    'depends': ['mail', 'contacts', 'queue_job'],
    'data': [
        'security/hyc_security.xml',
        'security/ir.model.access.csv',
        'security/hyc_rules.xml',
        'data/hyc_pd_data.xml',
        'views/hyc_pd_group_views.xml',
        'views/hyc_pd_schedule_views.xml',
        'views/res_partner_views.xml',
        'views/hyc_pd_bot_views.xml',
        'views/menus.xml',
    ],
    'demo': ['demo/hyc_pd_demo.xml'],
    'assets': {'web.assets_tests': ['hyc_private_domain/static/tests/tours/**/*']},
    'application': True,
}
