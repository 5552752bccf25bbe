from . import hyc_pd_member_import
