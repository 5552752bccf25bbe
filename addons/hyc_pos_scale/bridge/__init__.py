"""The scale bridge (POS-1): runs on the POS PC next to the serial scale, not in Odoo.

It needs only the standard library and pyserial, and imports nothing from Odoo, so that
it can run on a till without an Odoo installation (see __main__.py and the systemd unit in
data/hyc-scale-bridge.service). Odoo never imports this package.
"""

from .server import Bridge, ScaleState, SerialReader, build_parser, main
