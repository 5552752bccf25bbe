from . import member_gift, member_growth, member_import
