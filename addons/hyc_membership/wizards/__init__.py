from . import member_import
