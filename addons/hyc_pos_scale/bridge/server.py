"""Scale bridge: a thread reads the serial scale, a local HTTP server answers the POS page.

Design points (why):

- The HTTP answer never waits for the scale. The reader thread keeps the latest reading in
  memory; a request only copies it. A reading older than ``stale_after`` seconds, or no port
  at all, is reported as ``no-scale``, so the POS never blocks on a silent scale.
- Unplug / replug: any serial error closes the port and the reader reopens the device path
  in a loop with exponential back-off (0.2 s doubling up to 5 s), so a USB-serial adapter
  that comes back, under the same path or a udev symlink, is picked up without a restart.
- Tare is done in the bridge (net = gross - tare), which works the same for every protocol;
  a tare is only taken on a stable, non-negative weight.
- CORS: only the configured Odoo origin(s) may read or tare. A request carrying another
  ``Origin`` is refused (403), so another web page open on the till cannot use the scale.
  Requests without ``Origin`` (curl, monitoring on the PC itself) are answered. The server
  listens on 127.0.0.1 by default.
"""

import argparse
import json
import logging
import signal
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from ..lib import scale_protocols as sp

_logger = logging.getLogger("hyc_scale_bridge")

DEFAULT_PORT = 8765


class ScaleState:
    """Latest reading, thread-safe. Times are ``time.monotonic()`` for ages, ``time.time()`` for display."""

    def __init__(self, stale_after=2.0, clock=time.monotonic, wall_clock=time.time):
        self.stale_after = stale_after
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._reading = None
        self._received = None
        self._timestamp = None
        self._tare = Decimal(0)
        self.connected = False
        self.frames = 0
        self.reconnects = 0
        # Readers may wait on this to see a new reading (tests, benchmarks).
        self.updated = threading.Condition(self._lock)

    def update(self, reading):
        with self._lock:
            self._reading = reading
            self._received = self._clock()
            self._timestamp = self._wall_clock()
            self.frames += 1
            self.updated.notify_all()

    def set_connected(self, connected):
        with self._lock:
            self.connected = connected
            if not connected:
                self._reading = None

    def tare(self):
        """Take the current stable gross weight as tare; returns the tare or None if not possible."""
        with self._lock:
            reading = self._fresh_reading()
            if reading is None or reading.state != sp.STABLE or reading.weight is None:
                return None
            self._tare = reading.weight
            return self._tare

    def clear_tare(self):
        with self._lock:
            self._tare = Decimal(0)

    def _fresh_reading(self):
        if not self.connected or self._reading is None:
            return None
        if self._clock() - self._received > self.stale_after:
            return None
        return self._reading

    def snapshot(self):
        """What the POS gets: net weight, unit, state, stable flag, time of the reading."""
        with self._lock:
            reading = self._fresh_reading()
            tare = self._tare
            if reading is None:
                return {"weight": None, "gross": None, "tare": float(tare), "unit": "kg", "state": sp.NO_SCALE,
                        "stable": False, "timestamp": self._timestamp, "connected": self.connected}
            state, net = reading.state, None
            if reading.weight is not None:
                net = reading.weight - tare
                if state in (sp.STABLE, sp.UNSTABLE) and net < 0:
                    state = sp.NEGATIVE
            return {
                "weight": float(net) if net is not None else None,
                "gross": float(reading.weight) if reading.weight is not None else None,
                "tare": float(tare),
                "unit": reading.unit,
                "state": state,
                "stable": state == sp.STABLE,
                "timestamp": self._timestamp,
                "connected": True,
            }


def open_serial(device, settings, timeout):
    """Open ``device`` with pyserial (imported here: the rest of the module is importable without it)."""
    import serial

    return serial.Serial(
        device,
        baudrate=settings["baudrate"],
        bytesize={7: serial.SEVENBITS, 8: serial.EIGHTBITS}[settings["bytesize"]],
        parity={"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD}[settings["parity"]],
        stopbits={1: serial.STOPBITS_ONE, 2: serial.STOPBITS_TWO}[settings["stopbits"]],
        timeout=timeout,
        write_timeout=timeout,
    )


class SerialReader(threading.Thread):
    """Background thread: open, poll/read, parse, publish; reopen with back-off on any error."""

    def __init__(self, device, protocol, state, poll_interval=0.2, read_timeout=0.05,
                 backoff_start=0.2, backoff_max=5.0, opener=open_serial):
        super().__init__(name="hyc-scale-reader", daemon=True)
        self.device = device
        self.protocol = protocol
        self.state = state
        self.poll_interval = poll_interval
        self.read_timeout = read_timeout
        self.backoff_start = backoff_start
        self.backoff_max = backoff_max
        self.opener = opener
        self._stop_event = threading.Event()
        self.last_error = None

    def stop(self):
        self._stop_event.set()

    def run(self):
        backoff = self.backoff_start
        while not self._stop_event.is_set():
            port = None
            try:
                port = self.opener(self.device, self.protocol.serial_settings, self.read_timeout)
                self.protocol.reset()
                self.state.set_connected(True)
                _logger.info("scale %s opened (%s)", self.device, self.protocol.label)
                backoff = self.backoff_start
                self._read_loop(port)
            except Exception as error:  # pyserial raises SerialException/OSError/ValueError; all mean "reopen"
                if str(error) != str(self.last_error):
                    _logger.warning("scale %s unavailable: %s", self.device, error)
                self.last_error = error
            finally:
                self.state.set_connected(False)
                if port is not None:
                    try:
                        port.close()
                    except Exception:
                        _logger.debug("closing %s failed", self.device, exc_info=True)
            if self._stop_event.wait(backoff):
                break
            self.state.reconnects += 1
            backoff = min(backoff * 2, self.backoff_max)

    def _read_loop(self, port):
        last_request = 0.0
        while not self._stop_event.is_set():
            now = time.monotonic()
            if self.protocol.request and now - last_request >= self.poll_interval:
                port.write(self.protocol.request)
                last_request = now
            data = port.read(max(1, port.in_waiting))
            if not data:
                continue
            for reading in self.protocol.feed(data):
                self.state.update(reading)
            reply = self.protocol.take_output()
            if reply:
                port.write(reply)


class _Handler(BaseHTTPRequestHandler):
    server_version = "HYCScaleBridge/1.0"
    bridge = None  # set on the subclass built by Bridge

    def log_message(self, format, *args):
        _logger.debug("%s - " + format, self.address_string(), *args)

    # -- CORS --------------------------------------------------------------------------
    def _origin_allowed(self):
        origin = self.headers.get("Origin")
        return origin is None or origin in self.bridge.origins

    def _send_json(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        origin = self.headers.get("Origin")
        if origin and origin in self.bridge.origins:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self):
        self._send_json(403, {"error": "origin not allowed"})

    def do_OPTIONS(self):
        if not self._origin_allowed() or self.headers.get("Origin") is None:
            self._refuse()
            return
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", self.headers["Origin"])
        self.send_header("Vary", "Origin")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        if self.headers.get("Access-Control-Request-Private-Network"):
            # Chrome's Private Network Access: an https Odoo page calling http://127.0.0.1.
            self.send_header("Access-Control-Allow-Private-Network", "true")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        if not self._origin_allowed():
            self._refuse()
            return
        path = urlsplit(self.path).path
        if path in ("/", "/weight"):
            self.bridge.http_reads += 1
            self._send_json(200, self.bridge.state.snapshot())
        elif path == "/health":
            state = self.bridge.state
            self._send_json(200, {"device": self.bridge.reader.device if self.bridge.reader else None,
                                  "protocol": self.bridge.protocol.name, "connected": state.connected,
                                  "frames": state.frames, "reconnects": state.reconnects})
        else:
            self._send_json(404, {"error": "not found"})

    def do_POST(self):
        if not self._origin_allowed():
            self._refuse()
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 4096))
        path = urlsplit(self.path).path
        if path == "/tare":
            tare = self.bridge.state.tare()
            if tare is None:
                self._send_json(409, {"error": "tare needs a stable weight", **self.bridge.state.snapshot()})
            else:
                self._send_json(200, self.bridge.state.snapshot())
        elif path == "/tare/clear":
            self.bridge.state.clear_tare()
            self._send_json(200, self.bridge.state.snapshot())
        else:
            self._send_json(404, {"error": "not found"})


class Bridge:
    """The reader thread and the HTTP server, started and stopped together."""

    def __init__(self, device, protocol, origins=(), host="127.0.0.1", port=DEFAULT_PORT, stale_after=2.0,
                 poll_interval=0.2, backoff_max=5.0):
        self.protocol = protocol
        self.origins = {origin.rstrip("/") for origin in origins}
        self.http_reads = 0  # answers to GET /weight (tests, monitoring)
        self.state = ScaleState(stale_after=stale_after)
        self.reader = SerialReader(device, protocol, self.state, poll_interval=poll_interval,
                                   backoff_max=backoff_max) if device else None
        handler = type("Handler", (_Handler,), {"bridge": self})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._http_thread = None

    @property
    def url(self):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        if self.reader:
            self.reader.start()
        self._http_thread = threading.Thread(target=self.httpd.serve_forever, name="hyc-scale-http", daemon=True)
        self._http_thread.start()
        return self

    def stop(self):
        if self.reader:
            self.reader.stop()
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.reader and self.reader.is_alive():
            self.reader.join(timeout=5)
        if self._http_thread:
            self._http_thread.join(timeout=5)


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m odoo.addons.hyc_pos_scale.bridge",
                                     description="Serve a serial scale's weight to the Odoo POS over local HTTP.")
    parser.add_argument("--device", required=True, help="serial device, e.g. /dev/ttyUSB0 or COM3")
    parser.add_argument("--protocol", required=True, choices=sorted(sp.PROTOCOLS))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="HTTP port (default %(default)s)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    parser.add_argument("--origin", action="append", default=[],
                        help="Odoo origin allowed by CORS, e.g. https://odoo.example.com (repeatable)")
    parser.add_argument("--stale-after", type=float, default=2.0,
                        help="seconds without a frame before the scale is reported as no-scale")
    parser.add_argument("--poll-interval", type=float, default=0.2, help="seconds between weight requests")
    parser.add_argument("--pattern", help="continuous protocol: regex with named groups weight, sign, unit, status")
    parser.add_argument("--unit", default="kg", help="continuous protocol: unit when the line has none (kg, g, jin)")
    parser.add_argument("--baudrate", type=int, help="continuous protocol: baud rate (default 9600)")
    parser.add_argument("--verbose", action="store_true")
    return parser


def protocol_from_args(args):
    options = {}
    if args.protocol == sp.ContinuousRegex.name:
        if args.pattern:
            options["pattern"] = args.pattern
        options["default_unit"] = args.unit
        if args.baudrate:
            options["baudrate"] = args.baudrate
    elif args.pattern or args.baudrate:
        raise SystemExit("--pattern and --baudrate only apply to --protocol continuous")
    return sp.make_protocol(args.protocol, **options)


def main(argv=None):
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    bridge = Bridge(args.device, protocol_from_args(args), origins=args.origin, host=args.host, port=args.port,
                    stale_after=args.stale_after, poll_interval=args.poll_interval).start()
    _logger.info("serving %s on %s for %s", args.device, bridge.url, ", ".join(sorted(bridge.origins)) or "no origin")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        _logger.info("interrupted")
    bridge.stop()
    _logger.info("stopped")
    return 0
