import socket
import threading
import time

from odoo.addons.hyc_pos_scale.bridge import Bridge
from odoo.addons.hyc_pos_scale.bridge.simulator import PtyScale
from odoo.addons.hyc_pos_scale.lib import scale_protocols
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WeighingTourCase(TestPointOfSaleHttpCommon):
    """POS tours through the real bridge and a simulated Toledo scale on a pty: lamb leg
    priced 38.00 per 斤. The scale is in motion until the weighing screen has polled the
    bridge three times, then settles on ``settle_weight`` kg (a test may change it before
    starting its tour)."""

    settle_weight = "1.234"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        jin = cls.env.ref("hyc_pos_scale.uom_jin")
        # the demo store uses the same label barcodes
        cls.env["product.product"].with_context(active_test=False).search(
            [("barcode", "=like", "2_0%")]).write({"barcode": False})
        # pos_loyalty's demo promotions would discount every order of these tours
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.lamb = cls.env["product.product"].create({
            "name": "HYC Lamb leg", "to_weight": True, "available_in_pos": True, "uom_id": jin.id,
            "uom_po_id": jin.id, "list_price": 38.0, "taxes_id": False,
            "barcode": "2000101000006",  # label-scale base code: flag 20, PLU 101
        })

    def setUp(self):
        super().setUp()
        self.scale = PtyScale("toledo8217", state=scale_protocols.UNSTABLE, weight="1.180")
        self.bridge = Bridge(self.scale.device, scale_protocols.make_protocol("toledo8217"),
                             origins=[self.base_url()], port=_free_port(), poll_interval=0.1).start()
        self.addCleanup(self.scale.close)
        self.addCleanup(self.bridge.stop)
        self.main_pos_config.write({"hyc_scale_bridge": True, "hyc_scale_bridge_url": self.bridge.url})
        self._settled = threading.Event()
        threading.Thread(target=self._settle_when_watched, daemon=True).start()
        self.addCleanup(self._settled.set)

    def _settle_when_watched(self):
        """Stay in motion until the weighing screen has polled the bridge a few times."""
        deadline = time.monotonic() + 120
        while not self._settled.is_set() and time.monotonic() < deadline:
            if self.bridge.http_reads >= 3:
                self.scale.set(scale_protocols.STABLE, self.settle_weight)
                return
            time.sleep(0.05)

    def _session_orders(self):
        return self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)],
                                            order="id")
