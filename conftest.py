"""pytest, repository-wide: each addon's pure-Python tests (addons/hyc_x/tests/unit/)
import its lib/ as Odoo does, `from odoo.addons.hyc_x.lib import allocation`.

pytest (importlib mode) imports each package folder's __init__.py on its way to a test
file, under names of its own: `hyc_x` and `hyc_x.tests` (package set-up), and
`addons.hyc_x…` (the test file's parents, named after its path below the rootdir). Odoo
refuses model classes defined outside `odoo.addons.*`, so the addon packages are
imported the Odoo way here and registered under the names pytest will ask for:
`hyc_x` and `addons.hyc_x` *are* `odoo.addons.hyc_x`.
"""

import importlib
import sys
import types
from pathlib import Path

import odoo.addons

ADDONS_DIR = Path(__file__).resolve().parent / "addons"
if str(ADDONS_DIR) not in odoo.addons.__path__:
    odoo.addons.__path__.append(str(ADDONS_DIR))

_namespace = sys.modules.setdefault("addons", types.ModuleType("addons"))
_namespace.__path__ = [str(ADDONS_DIR)]
for _manifest in sorted(ADDONS_DIR.glob("*/__manifest__.py")):
    _name = _manifest.parent.name
    try:
        _module = importlib.import_module(f"odoo.addons.{_name}")
    except Exception:
        continue  # a broken addon fails its own tests, not the others'
    sys.modules.setdefault(_name, _module)
    sys.modules.setdefault(f"addons.{_name}", _module)
    # tests/ as a bare package: its __init__ imports the Odoo tests, which only Odoo's
    # test runner (with every addons path set up) may import.
    _tests = types.ModuleType(f"odoo.addons.{_name}.tests")
    _tests.__path__ = [str(_manifest.parent / "tests")]
    for _alias in (f"{_name}.tests", f"addons.{_name}.tests"):
        sys.modules.setdefault(_alias, _tests)
