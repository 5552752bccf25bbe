"""pytest, repository-wide: makes `odoo.addons.hyc_*` importable, so that each addon's
pure-Python tests (addons/hyc_x/tests/unit/) import its lib/ as Odoo will:
`from odoo.addons.hyc_x.lib import allocation`."""

from pathlib import Path

import odoo.addons

ADDONS_DIR = str(Path(__file__).resolve().parent / "addons")
if ADDONS_DIR not in odoo.addons.__path__:
    odoo.addons.__path__.append(ADDONS_DIR)
