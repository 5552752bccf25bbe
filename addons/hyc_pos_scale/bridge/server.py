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
- WebSocket (``/ws``, RFC 6455, standard library only): the same reading as ``GET /weight``
  is pushed on every change (at least once a second, so a silent scale turns ``no-scale``),
  and the text messages ``tare`` / ``tare/clear`` tare like the POST endpoints. The handshake
  is refused (403) for an origin that may not use HTTP either.
"""

import argparse
import base64
import hashlib
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
        # Bumped on anything that changes the snapshot (reading, connection, tare); readers
        # (the WebSocket push, tests, benchmarks) wait on ``updated`` for it to move.
        self.version = 0
        self.updated = threading.Condition(self._lock)

    def _changed(self):
        self.version += 1
        self.updated.notify_all()

    def wait_for_change(self, seen, timeout):
        """Block until ``version`` differs from ``seen`` or ``timeout`` seconds passed; return it."""
        with self._lock:
            if self.version == seen:
                self.updated.wait(timeout)
            return self.version

    def update(self, reading):
        with self._lock:
            self._reading = reading
            self._received = self._clock()
            self._timestamp = self._wall_clock()
            self.frames += 1
            self._changed()

    def set_connected(self, connected):
        with self._lock:
            self.connected = connected
            if not connected:
                self._reading = None
            self._changed()

    def tare(self):
        """Take the current stable gross weight as tare; returns the tare or None if not possible."""
        with self._lock:
            reading = self._fresh_reading()
            if reading is None or reading.state != sp.STABLE or reading.weight is None:
                return None
            self._tare = reading.weight
            self._changed()
            return self._tare

    def clear_tare(self):
        with self._lock:
            self._tare = Decimal(0)
            self._changed()

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


# A poll request is a byte or two: a healthy port takes it at once. pyserial raises "Write
# timeout" when the call as a whole outlasts the timeout, even after the bytes were written,
# so a read-sized timeout (50 ms) made a busy till drop and reopen a working scale whenever
# the reader thread waited that long for the CPU. A second still catches a port that hangs.
WRITE_TIMEOUT = 1.0


def open_serial(device, settings, timeout, write_timeout=WRITE_TIMEOUT):
    """Open ``device`` with pyserial (imported here: the rest of the module is importable without it)."""
    import serial

    return serial.Serial(
        device,
        baudrate=settings["baudrate"],
        bytesize={7: serial.SEVENBITS, 8: serial.EIGHTBITS}[settings["bytesize"]],
        parity={"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD}[settings["parity"]],
        stopbits={1: serial.STOPBITS_ONE, 2: serial.STOPBITS_TWO}[settings["stopbits"]],
        timeout=timeout,
        write_timeout=write_timeout,
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
        if path == "/ws":
            self._websocket()
        elif path in ("/", "/weight"):
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


    # -- WebSocket (RFC 6455) -------------------------------------------------------------
    def _websocket(self):
        key = self.headers.get("Sec-WebSocket-Key", "")
        if "websocket" not in self.headers.get("Upgrade", "").lower() or not key:
            self._send_json(400, {"error": "a WebSocket handshake is expected on /ws"})
            return
        self.protocol_version = "HTTP/1.1"  # RFC 6455 answers in HTTP/1.1 (the class speaks 1.0)
        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", ws_accept(key))
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        WebSocketSession(self.bridge, self.rfile, self.wfile).run()


WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455, section 1.3
WS_TEXT, WS_CLOSE, WS_PING, WS_PONG = 0x1, 0x8, 0x9, 0xA
WS_MAX_MESSAGE = 4096


def ws_accept(key):
    """The ``Sec-WebSocket-Accept`` answer to a client's ``Sec-WebSocket-Key``."""
    return base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()


def ws_frame(opcode, payload=b""):
    """One unmasked, unfragmented frame, as a server sends it."""
    head = bytes([0x80 | opcode])
    size = len(payload)
    if size < 126:
        head += bytes([size])
    elif size < 1 << 16:
        head += bytes([126]) + size.to_bytes(2, "big")
    else:
        head += bytes([127]) + size.to_bytes(8, "big")
    return head + payload


def ws_read_frame(rfile):
    """``(opcode, payload)`` of the client's next frame (masked, as RFC 6455 requires of
    clients), or None on end of stream, an unmasked or oversized frame. Commands are short:
    fragmented messages are not reassembled (a continuation frame is ignored)."""
    head = rfile.read(2)
    if len(head) < 2:
        return None
    opcode, masked, size = head[0] & 0x0F, head[1] & 0x80, head[1] & 0x7F
    if size == 126:
        size = int.from_bytes(rfile.read(2), "big")
    elif size == 127:
        size = int.from_bytes(rfile.read(8), "big")
    if not masked or size > WS_MAX_MESSAGE:
        return None
    mask = rfile.read(4)
    data = rfile.read(size)
    if len(mask) < 4 or len(data) < size:
        return None
    return opcode, bytes(byte ^ mask[i % 4] for i, byte in enumerate(data))


class WebSocketSession:
    """One connected page: pushes each new snapshot, answers ``tare`` / ``tare/clear``."""

    HEARTBEAT = 1.0  # seconds: a silent scale still turns no-scale on the page

    def __init__(self, bridge, rfile, wfile):
        self.bridge = bridge
        self.rfile = rfile
        self.wfile = wfile
        self._send_lock = threading.Lock()
        self._closed = threading.Event()

    def send(self, opcode, payload=b""):
        with self._send_lock:
            self.wfile.write(ws_frame(opcode, payload))
            self.wfile.flush()

    def send_json(self, payload):
        self.send(WS_TEXT, json.dumps(payload).encode())

    def run(self):
        reader = threading.Thread(target=self._read_loop, name="hyc-scale-ws-reader", daemon=True)
        reader.start()
        state, seen = self.bridge.state, None
        try:
            while True:
                seen = state.version if seen is None else state.wait_for_change(seen, self.HEARTBEAT)
                if self._closed.is_set() or self.bridge.stopping.is_set():
                    break
                self.send_json(state.snapshot())
                self.bridge.ws_pushes += 1
            if not self._closed.is_set():
                self.send(WS_CLOSE, (1001).to_bytes(2, "big"))  # going away: the bridge stops
        except OSError as error:  # the page went away mid-send
            _logger.debug("WebSocket push ended: %s", error)
        finally:
            self._closed.set()

    def _read_loop(self):
        try:
            while not self._closed.is_set():
                frame = ws_read_frame(self.rfile)
                if frame is None:
                    break
                opcode, payload = frame
                if opcode == WS_CLOSE:
                    self.send(WS_CLOSE, payload[:2])
                    break
                if opcode == WS_PING:
                    self.send(WS_PONG, payload)
                elif opcode == WS_TEXT:
                    self._command(payload.decode("utf-8", "replace").strip())
        except (OSError, ValueError) as error:  # connection reset, or closed by the push side
            _logger.debug("WebSocket read ended: %s", error)
        finally:
            self._closed.set()
            with self.bridge.state.updated:  # let the push loop see the page is gone
                self.bridge.state.updated.notify_all()

    def _command(self, command):
        state = self.bridge.state
        if command == "tare":
            ok = state.tare() is not None
            self.send_json({"reply": "tare", "ok": ok, **state.snapshot()})
        elif command == "tare/clear":
            state.clear_tare()
            self.send_json({"reply": "tare/clear", "ok": True, **state.snapshot()})
        else:
            self.send_json({"reply": command[:40], "ok": False, "error": "unknown command"})


class Bridge:
    """The reader thread and the HTTP server, started and stopped together."""

    def __init__(self, device, protocol, origins=(), host="127.0.0.1", port=DEFAULT_PORT, stale_after=2.0,
                 poll_interval=0.2, backoff_max=5.0):
        self.protocol = protocol
        self.origins = {origin.rstrip("/") for origin in origins}
        self.http_reads = 0  # answers to GET /weight (tests, monitoring)
        self.ws_pushes = 0  # readings pushed over WebSocket
        self.stopping = threading.Event()  # ends the WebSocket sessions
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
        self.stopping.set()
        with self.state.updated:
            self.state.updated.notify_all()
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
    parser.add_argument("--baudrate", type=int, help="baud rate, if the scale is not set to the protocol's default")
    parser.add_argument("--framing", help="data bits, parity, stop bits, e.g. 8N1 or 7E1, if the scale is not "
                                          "set to the protocol's default (toledo8217 7E1, cas_pd2 7E1, others 8N1)")
    parser.add_argument("--verbose", action="store_true")
    return parser


def protocol_from_args(args):
    options = {}
    if args.protocol == sp.ContinuousRegex.name:
        if args.pattern:
            options["pattern"] = args.pattern
        options["default_unit"] = args.unit
    elif args.pattern:
        raise SystemExit("--pattern only applies to --protocol continuous")
    try:
        return sp.with_serial_settings(sp.make_protocol(args.protocol, **options), baudrate=args.baudrate,
                                       framing=args.framing)
    except ValueError as error:
        raise SystemExit(str(error)) from error


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
