"""``python -m odoo.addons.hyc_pos_scale.bridge --device /dev/ttyUSB0 --protocol toledo8217``

Also runnable without Odoo installed, as ``python3 /path/to/hyc_pos_scale/bridge ...``:
then the addon directory is registered as a bare package (its Odoo ``__init__`` is not
executed) so that the bridge's relative imports of ``lib/`` resolve.
"""

import sys

if not __package__:
    import importlib
    import types
    from pathlib import Path

    addon_dir = Path(__file__).resolve().parent.parent
    package = types.ModuleType(addon_dir.name)
    package.__path__ = [str(addon_dir)]
    sys.modules.setdefault(addon_dir.name, package)
    main = importlib.import_module(f"{addon_dir.name}.bridge.server").main
else:
    from .server import main

if __name__ == "__main__":
    sys.exit(main())
