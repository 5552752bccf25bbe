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
