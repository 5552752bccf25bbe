from . import project_pnl_xlsx
