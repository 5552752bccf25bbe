from . import member_gift, member_import
