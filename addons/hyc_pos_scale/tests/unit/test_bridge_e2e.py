"""The bridge end to end: a simulated scale on a pty, the real reader thread, real HTTP."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from odoo.addons.hyc_pos_scale.bridge import Bridge
from odoo.addons.hyc_pos_scale.bridge.simulator import PtyScale
from odoo.addons.hyc_pos_scale.lib import scale_protocols as sp

ORIGIN = "https://odoo.example.com"
ADDON_DIR = Path(__file__).resolve().parents[2]


def request(url, method="GET", origin=ORIGIN, headers=None):
    req = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    if origin:
        req.add_header("Origin", origin)
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=2) as response:
            body = response.read()
            return response.status, dict(response.headers), json.loads(body) if body else None
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


def wait_for(url, predicate, timeout=5.0):
    """Poll the bridge until ``predicate(json)`` holds; return that answer, or fail with the last one."""
    deadline = time.monotonic() + timeout
    answer = None
    while time.monotonic() < deadline:
        _, _, answer = request(url + "/weight")
        if predicate(answer):
            return answer
        time.sleep(0.02)
    pytest.fail(f"bridge never reached the expected reading; last answer {answer}")


@pytest.fixture(params=sorted(sp.PROTOCOLS))
def rig(request, tmp_path):
    scale = PtyScale(request.param, link=str(tmp_path / "ttyScale"), weight="1.234")
    bridge = Bridge(scale.device, sp.make_protocol(request.param), origins=[ORIGIN], port=0, stale_after=0.5,
                    poll_interval=0.05, backoff_max=0.4).start()
    yield scale, bridge
    bridge.stop()
    if scale._master is not None:
        scale.close()


def test_states_reach_the_http_answer(rig):
    scale, bridge = rig
    answer = wait_for(bridge.url, lambda a: a["state"] == "stable")
    assert answer["weight"] == 1.234 and answer["unit"] == "kg" and answer["stable"] is True
    assert answer["timestamp"] == pytest.approx(time.time(), abs=5)
    scale.set(sp.UNSTABLE, "1.100")
    answer = wait_for(bridge.url, lambda a: a["state"] == "unstable")
    assert answer["stable"] is False
    scale.set(sp.NEGATIVE, "0.050")
    answer = wait_for(bridge.url, lambda a: a["state"] == "negative")
    assert answer["stable"] is False
    scale.set(sp.OVERLOAD)
    answer = wait_for(bridge.url, lambda a: a["state"] == "overload")
    assert answer["weight"] is None and answer["stable"] is False


def test_tare_is_taken_on_a_stable_weight_only(rig):
    scale, bridge = rig
    scale.set(sp.STABLE, "0.300")
    wait_for(bridge.url, lambda a: a["weight"] == 0.3)
    status, _, answer = request(bridge.url + "/tare", "POST")
    assert status == 200 and answer["tare"] == 0.3 and answer["weight"] == 0.0
    scale.set(sp.STABLE, "1.300")
    answer = wait_for(bridge.url, lambda a: a["gross"] == 1.3)
    assert answer["weight"] == 1.0 and answer["state"] == "stable"
    scale.set(sp.STABLE, "0.200")  # container lifted: net below zero
    answer = wait_for(bridge.url, lambda a: a["gross"] == 0.2)
    assert answer["state"] == "negative" and answer["weight"] == pytest.approx(-0.1)
    scale.set(sp.UNSTABLE, "0.500")
    wait_for(bridge.url, lambda a: a["state"] == "unstable")
    status, _, answer = request(bridge.url + "/tare", "POST")
    assert status == 409 and answer["tare"] == 0.3
    status, _, answer = request(bridge.url + "/tare/clear", "POST")
    assert status == 200 and answer["tare"] == 0.0


def test_cors_is_limited_to_the_configured_origin(rig):
    _, bridge = rig
    status, headers, _ = request(bridge.url + "/weight")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN
    status, headers, answer = request(bridge.url + "/weight", origin="https://evil.example.net")
    assert status == 403 and "Access-Control-Allow-Origin" not in headers and answer == {"error": "origin not allowed"}
    status, _, _ = request(bridge.url + "/tare", "POST", origin="https://evil.example.net")
    assert status == 403
    status, headers, _ = request(bridge.url + "/tare", "OPTIONS",
                                 headers={"Access-Control-Request-Method": "POST",
                                          "Access-Control-Request-Private-Network": "true"})
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert headers["Access-Control-Allow-Private-Network"] == "true"
    status, _, _ = request(bridge.url + "/tare", "OPTIONS", origin="https://evil.example.net")
    assert status == 403
    status, headers, _ = request(bridge.url + "/weight", origin=None)  # curl on the till itself
    assert status == 200 and "Access-Control-Allow-Origin" not in headers


def test_a_silent_scale_answers_no_scale_without_blocking(rig):
    scale, bridge = rig
    wait_for(bridge.url, lambda a: a["state"] == "stable")
    scale.silent = True
    answer = wait_for(bridge.url, lambda a: a["state"] == "no-scale", timeout=3)
    assert answer["weight"] is None and answer["stable"] is False
    started = time.monotonic()
    for _ in range(10):
        request(bridge.url + "/weight")
    assert time.monotonic() - started < 2.0  # ten answers while the scale says nothing (~10 ms each; slack for a loaded CI)
    scale.silent = False
    wait_for(bridge.url, lambda a: a["state"] == "stable")


def test_unplug_and_replug_through_a_swapped_symlink(rig):
    scale, bridge = rig
    wait_for(bridge.url, lambda a: a["state"] == "stable")
    old_slave = scale.slave_name
    scale.unplug()
    assert not os.path.lexists(scale.link)  # the device path is gone
    answer = wait_for(bridge.url, lambda a: a["state"] == "no-scale", timeout=3)
    assert answer["connected"] is False
    time.sleep(0.5)  # the reader retries a missing device a few times
    scale.weight = sp.Decimal("2.500")
    scale.replug()
    assert os.path.realpath(scale.link) == scale.slave_name
    answer = wait_for(bridge.url, lambda a: a["state"] == "stable" and a["weight"] == 2.5, timeout=5)
    assert answer["connected"] is True
    _, _, health = request(bridge.url + "/health")
    assert health["reconnects"] >= 1 and health["connected"] is True
    assert scale.slave_name != old_slave or health["reconnects"] >= 1


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("form", ["module", "script"])
def test_command_line_runs_the_bridge(tmp_path, form):
    """``python -m odoo.addons.hyc_pos_scale.bridge`` (addon on the odoo.addons path) and,
    without Odoo's path set up, ``python .../hyc_pos_scale/bridge`` as the systemd unit runs it."""
    scale = PtyScale("toledo8217", weight="0.750")
    port = _free_port()
    args = ["--device", scale.device, "--protocol", "toledo8217", "--port", str(port), "--origin", ORIGIN]
    env = dict(os.environ)
    if form == "module":
        # The layout of an addon installed as a Python package: <site>/odoo/addons/hyc_pos_scale.
        (tmp_path / "odoo" / "addons").mkdir(parents=True)
        (tmp_path / "odoo" / "addons" / "hyc_pos_scale").symlink_to(ADDON_DIR)
        env["PYTHONPATH"] = str(tmp_path)
        command = [sys.executable, "-m", "odoo.addons.hyc_pos_scale.bridge", *args]
    else:
        command = [sys.executable, str(ADDON_DIR / "bridge"), *args]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        answer = None
        while time.monotonic() < deadline:
            try:
                _, _, answer = request(f"http://127.0.0.1:{port}/weight")
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
                continue
            if answer["state"] == "stable":
                break
            time.sleep(0.05)
        assert answer and answer["weight"] == 0.75 and answer["state"] == "stable", process.poll()
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode()
        scale.close()
    assert "serving" in output


def test_cas_pd2_exchange_through_the_pty():
    """The bridge polls the PD-II as its manual draws it (ENQ, the scale's ACK, DC1, the data
    block), never sends a DC1 the scale did not acknowledge, and keeps polling a scale that
    stopped answering."""
    scale = PtyScale("cas_pd2", weight="1.234")
    bridge = Bridge(scale.device, sp.make_protocol("cas_pd2"), origins=[ORIGIN], port=0, stale_after=0.5,
                    poll_interval=0.05).start()
    try:
        answer = wait_for(bridge.url, lambda a: a["state"] == "stable")
        assert answer["weight"] == 1.234 and answer["unit"] == "kg"
        assert scale.requests >= 1 and scale.frames_sent >= 2  # an ACK and a data block at least
        scale.set(sp.OVERLOAD)
        assert wait_for(bridge.url, lambda a: a["state"] == "overload")["weight"] is None
        scale.set(sp.NEGATIVE, "0.020")
        assert wait_for(bridge.url, lambda a: a["state"] == "negative")["weight"] == -0.02
        scale.silent = True  # no ACK any more: the bridge must not go on to DC1
        wait_for(bridge.url, lambda a: a["state"] == "no-scale", timeout=3)
        polled = scale.requests
        time.sleep(0.3)
        assert scale.requests > polled  # still asking with ENQ
        scale.silent = False
        scale.set(sp.STABLE, "0.500")
        assert wait_for(bridge.url, lambda a: a["state"] == "stable")["weight"] == 0.5
        assert scale.out_of_turn == 0
    finally:
        bridge.stop()
        scale.close()


def test_serial_settings_from_the_command_line():
    from odoo.addons.hyc_pos_scale.bridge.server import build_parser, protocol_from_args

    def protocol(*args):
        return protocol_from_args(build_parser().parse_args(["--device", "/dev/null", *args]))

    assert protocol("--protocol", "cas_pd2").serial_settings == {
        "baudrate": 9600, "bytesize": 7, "parity": "E", "stopbits": 1}
    assert protocol("--protocol", "cas_pd2", "--framing", "8N1", "--baudrate", "4800").serial_settings == {
        "baudrate": 4800, "bytesize": 8, "parity": "N", "stopbits": 1}
    assert protocol("--protocol", "continuous", "--baudrate", "2400").serial_settings["baudrate"] == 2400
    with pytest.raises(SystemExit):
        protocol("--protocol", "cas_pd2", "--framing", "9X9")
    with pytest.raises(SystemExit):
        protocol("--protocol", "toledo8217", "--pattern", "x")


def _ws_until(ws, predicate, timeout=5.0):
    """Read pushed readings until ``predicate(reading)`` holds; return it."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        ws.settimeout(max(0.05, deadline - time.monotonic()))
        last = json.loads(ws.recv())
        if predicate(last):
            return last
    pytest.fail(f"no matching reading over the WebSocket; last {last}")


def test_websocket_pushes_readings_and_tares(rig):
    import websocket

    scale, bridge = rig
    ws_url = bridge.url.replace("http://", "ws://") + "/ws"
    ws = websocket.create_connection(ws_url, origin=ORIGIN, timeout=5)
    try:
        first = _ws_until(ws, lambda r: r["state"] == "stable")
        assert first["weight"] == 1.234 and first["unit"] == "kg" and first["stable"] is True
        scale.set(sp.UNSTABLE, "0.800")
        _ws_until(ws, lambda r: r["state"] == "unstable")
        scale.set(sp.STABLE, "0.300")
        _ws_until(ws, lambda r: r["state"] == "stable" and r["weight"] == 0.3)
        ws.send("tare")
        reply = _ws_until(ws, lambda r: r.get("reply") == "tare")
        assert reply["ok"] is True and reply["tare"] == 0.3 and reply["weight"] == 0.0
        _, _, http = request(bridge.url + "/weight")
        assert http["tare"] == 0.3  # one tare for HTTP and WebSocket
        ws.send("tare/clear")
        assert _ws_until(ws, lambda r: r.get("reply") == "tare/clear")["tare"] == 0.0
        ws.send("zero")
        assert _ws_until(ws, lambda r: r.get("reply") == "zero") == {"reply": "zero", "ok": False,
                                                                      "error": "unknown command"}
        scale.silent = True  # nothing heard: the heartbeat push says so
        assert _ws_until(ws, lambda r: r["state"] == "no-scale", timeout=4)["weight"] is None
        scale.silent = False
        _ws_until(ws, lambda r: r["state"] == "stable")
        ws.ping(b"still there?")
        assert bridge.ws_pushes >= 6
    finally:
        ws.close()


def test_websocket_refuses_other_origins_and_plain_requests(rig):
    import websocket

    _, bridge = rig
    ws_url = bridge.url.replace("http://", "ws://") + "/ws"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(ws_url, origin="https://evil.example.net", timeout=5)
    assert refused.value.status_code == 403
    status, _, answer = request(bridge.url + "/ws")
    assert status == 400 and "WebSocket" in answer["error"]


def test_websocket_session_ends_when_the_bridge_stops(tmp_path):
    import websocket

    scale = PtyScale("aclas_os2x", weight="1.000")
    bridge = Bridge(scale.device, sp.make_protocol("aclas_os2x"), port=0).start()
    try:
        ws = websocket.create_connection(bridge.url.replace("http://", "ws://") + "/ws", timeout=5,
                                         suppress_origin=True)  # like curl: no Origin header
        _ws_until(ws, lambda r: r["state"] == "stable")
        started = time.monotonic()
        bridge.stop()
        while True:  # readings already on the way, then the close frame
            opcode, data = ws.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                break
        assert int.from_bytes(data[:2], "big") == 1001  # "going away"
        assert time.monotonic() - started < 3
    finally:
        scale.close()


def test_websocket_handshake_and_frames_byte_exact():
    import io

    from odoo.addons.hyc_pos_scale.bridge import server

    # RFC 6455, section 1.3: the sample nonce and its answer
    assert server.ws_accept("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    assert server.ws_frame(server.WS_TEXT, b"Hello") == b"\x81\x05Hello"  # RFC 6455, 5.7
    assert server.ws_frame(server.WS_TEXT, b"x" * 200)[:4] == b"\x81\x7e\x00\xc8"
    assert server.ws_frame(server.WS_TEXT, b"x" * 70000)[:10] == b"\x81\x7f" + (70000).to_bytes(8, "big")
    # RFC 6455, 5.7: a masked "Hello" from a client
    masked = b"\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"
    assert server.ws_read_frame(io.BytesIO(masked)) == (server.WS_TEXT, b"Hello")
    assert server.ws_read_frame(io.BytesIO(b"\x81\x05Hello")) is None  # clients must mask
    assert server.ws_read_frame(io.BytesIO(b"\x81\xfe\x20\x00" + b"\x00" * 8200)) is None  # too long
    assert server.ws_read_frame(io.BytesIO(b"\x81")) is None  # cut short


def test_websocket_handshake_is_http_1_1(rig):
    """Browsers expect the 101 answer in HTTP/1.1, whatever the rest of the server speaks."""
    _, bridge = rig
    host, port = bridge.httpd.server_address[:2]
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                     b"Origin: " + ORIGIN.encode() + b"\r\n\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(1024)
    head = answer.split(b"\r\n\r\n")[0].decode()
    assert head.startswith("HTTP/1.1 101 Switching Protocols\r\n")
    assert "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" in head


def test_serial_port_reads_briefly_but_tolerates_a_busy_cpu_on_write():
    """Reads return within the poll loop's 50 ms; a write may take up to a second before the
    port is given up (pyserial times the whole call, so a descheduled thread used to trip it)."""
    from odoo.addons.hyc_pos_scale.bridge.server import open_serial

    scale = PtyScale("toledo8217")
    try:
        port = open_serial(scale.device, sp.Toledo8217.serial_settings, 0.05)
        try:
            assert (port.timeout, port.write_timeout) == (0.05, 1.0)
            assert (port.baudrate, port.bytesize, port.parity, port.stopbits) == (9600, 7, "E", 1)
        finally:
            port.close()
    finally:
        scale.close()
