from . import plu_export
