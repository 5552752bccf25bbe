"""The scale protocol parsers on documented frames, and fuzzing that no input crashes them."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.addons.hyc_pos_scale.lib import scale_protocols as sp

D = Decimal


def feed_all(protocol, data, chunk=None):
    """Feed ``data`` whole or in chunks of ``chunk`` bytes; the readings must not depend on it."""
    if chunk is None:
        return protocol.feed(data)
    readings = []
    for i in range(0, len(data), chunk):
        readings += protocol.feed(data[i:i + chunk])
    return readings


# -- Mettler Toledo 8217 -----------------------------------------------------------------


@pytest.mark.parametrize("chunk", [None, 1, 3])
def test_toledo_stable_weight(chunk):
    readings = feed_all(sp.Toledo8217(), b"\x0201.234\r", chunk)
    assert readings == [sp.Reading(sp.STABLE, D("1.234"), "kg", True)]
    assert readings[0].usable


def test_toledo_net_weight_and_zero():
    readings = sp.Toledo8217().feed(b"\x0200.500N\r\x0200.000\r")
    assert [(r.state, r.weight) for r in readings] == [(sp.STABLE, D("0.500")), (sp.STABLE, D("0.000"))]


@pytest.mark.parametrize("status, state", [
    (b"A", sp.UNSTABLE),   # 0x41: bit 0 scale in motion
    (b"B", sp.OVERLOAD),   # 0x42: bit 1 over capacity
    (b"D", sp.NEGATIVE),   # 0x44: bit 2 under zero (Odoo's example answer "?D")
    (b"E", sp.NEGATIVE),   # 0x45: under zero while moving: negative wins
    (b"C", sp.OVERLOAD),   # 0x43: over capacity while moving: overload wins
    (b"H", sp.ERROR),      # 0x48: bit 3 outside zero capture range
    (b"@", sp.ERROR),      # 0x40: bad command, nothing else
    (b"\xc1", sp.UNSTABLE),  # parity bit set on the wire: masked
])
def test_toledo_status_answers(status, state):
    readings = sp.Toledo8217().feed(b"\x02?" + status + b"\r")
    assert [r.state for r in readings] == [state]
    assert readings[0].weight is None
    assert not readings[0].usable


def test_toledo_skips_noise_and_keeps_the_newest_of_overlapping_frames():
    protocol = sp.Toledo8217()
    readings = protocol.feed(b"garbage\x0201.2\x0202.345\rxx\x0203.")
    assert [r.weight for r in readings] == [D("2.345")]
    assert protocol.feed(b"000\r") == [sp.Reading(sp.STABLE, D("3.000"), "kg", True)]


def test_toledo_settings_are_9600_7e1_and_poll_with_w():
    assert sp.Toledo8217.serial_settings == {"baudrate": 9600, "bytesize": 7, "parity": "E", "stopbits": 1}
    assert sp.Toledo8217.request == b"W"


def test_toledo_ignores_a_non_numeric_answer():
    assert sp.Toledo8217().feed(b"\x02hello\r\x02E\r") == []


# -- CAS PD-II --------------------------------------------------------------------------


def test_cas_handshake_ack_is_answered_with_dc1():
    protocol = sp.CasPD2()
    assert protocol.request == b"\x05"
    assert protocol.feed(b"\x06") == []
    assert protocol.take_output() == b"\x11"
    assert protocol.take_output() == b""


def test_cas_documented_frames():
    stable = sp.CasPD2.build_frame(b"S", b"01.234")
    # SOH STX S ' ' 0 1 . 2 3 4 k g BCC ETX EOT, BCC = XOR of STA..UN2 (CAS SW-II / AP-1)
    expected_bcc = 0
    for byte in b"S 01.234kg":
        expected_bcc ^= byte
    assert expected_bcc == 0x65  # by hand: S^' '^'0'^'1'^'.'^'2'^'3'^'4'^'k'^'g'
    assert stable == b"\x01\x02S 01.234kg\x65\x03\x04"
    assert len(stable) == 15
    unstable = sp.CasPD2.build_frame(b"U", b"00.870")
    negative = sp.CasPD2.build_frame(b"S", b"00.120", sign=b"-")
    overload = sp.CasPD2.build_frame(b"F", b"------")
    high_bit_head = sp.CasPD2.build_frame(b"S", b"02.500", head=0x81)  # r_keeper: 0x01 or 0x81
    readings = sp.CasPD2().feed(stable + unstable + negative + overload + high_bit_head)
    assert readings == [
        sp.Reading(sp.STABLE, D("1.234"), "kg", True),
        sp.Reading(sp.UNSTABLE, D("0.870"), "kg", False),
        sp.Reading(sp.NEGATIVE, D("-0.120"), "kg", True),
        sp.Reading(sp.OVERLOAD),
        sp.Reading(sp.STABLE, D("2.500"), "kg", True),
    ]


def test_cas_undocumented_sign_or_weight_field_is_an_error():
    plus_sign = sp.CasPD2.build_frame(b"S", b"01.000", sign=b"+")
    letters = sp.CasPD2.build_frame(b"S", b"  OL  ")
    assert sp.CasPD2().feed(plus_sign + letters) == [sp.Reading(sp.ERROR), sp.Reading(sp.ERROR)]


def test_cas_bad_bcc_is_an_error_and_pounds_are_converted():
    good = sp.CasPD2.build_frame(b"S", b"01.234")
    bad = good[:12] + bytes([good[12] ^ 0xFF & 0x7F]) + good[13:]
    pounds = sp.CasPD2.build_frame(b"S", b"02.000", unit=b"lb")
    readings = sp.CasPD2().feed(bad + pounds)
    assert readings == [sp.Reading(sp.ERROR), sp.Reading(sp.STABLE, D("0.907"), "kg", True)]


def test_cas_resyncs_after_noise_and_split_frames():
    frame = sp.CasPD2.build_frame(b"S", b"00.500")
    protocol = sp.CasPD2()
    readings = feed_all(protocol, b"\x01\x01zz" + frame + frame, chunk=2)
    assert [r.weight for r in readings] == [D("0.500"), D("0.500")]


# -- Aclas OS2X -------------------------------------------------------------------------


def test_aclas_documented_frames():
    stable = sp.AclasOS2X.build_frame(b"S", b"1.234")
    # Pinnacle OS2CX manual ch. 13: 01 02 Flag1 Sign W(6) Unit(2) XOR(bytes 0..11) 03 04 Flag2
    expected = 0
    for byte in b"\x01\x02S  1.234kg":
        expected ^= byte
    assert expected == 0x76  # by hand: 0x01 ^ 0x02 ^ XOR("S  1.234kg") = 0x03 ^ 0x75
    assert stable == b"\x01\x02S  1.234kg\x76\x03\x04\x00"
    assert len(stable) == 16
    frames = stable + sp.AclasOS2X.build_frame(b"U", b"0.998") + sp.AclasOS2X.build_frame(b"S", b"0.050", sign=b"-") \
        + sp.AclasOS2X.build_frame(b"F", b"9.999") + sp.AclasOS2X.build_frame(b"S", b"1234", unit=b" g")
    assert feed_all(sp.AclasOS2X(), frames, chunk=5) == [
        sp.Reading(sp.STABLE, D("1.234"), "kg", True),
        sp.Reading(sp.UNSTABLE, D("0.998"), "kg", False),
        sp.Reading(sp.NEGATIVE, D("-0.050"), "kg", True),
        sp.Reading(sp.OVERLOAD),
        sp.Reading(sp.STABLE, D("1.234"), "kg", True),
    ]


def test_aclas_flag2_bits():
    over = sp.AclasOS2X.build_frame(b"S", b"0.000", flag2=0x40)  # bit 6: beyond the range
    tare_and_zero = sp.AclasOS2X.build_frame(b"S", b"0.000", flag2=0x30)  # bits 4, 5: informative
    assert sp.AclasOS2X().feed(over + tare_and_zero) == [
        sp.Reading(sp.OVERLOAD), sp.Reading(sp.STABLE, D("0.000"), "kg", True)]


def test_aclas_bad_checksum_plus_sign_and_unknown_unit_are_errors():
    frames = sp.AclasOS2X.build_frame(b"S", b"1.234", checksum=0) \
        + sp.AclasOS2X.build_frame(b"S", b"1.234", sign=b"+") + sp.AclasOS2X.build_frame(b"S", b"1.234", unit=b"lb")
    assert sp.AclasOS2X().feed(frames) == [sp.Reading(sp.ERROR)] * 3


def test_aclas_checksum_covers_the_heads():
    # XOR over STA..Unit only (the CAS rule) is off by 0x01 ^ 0x02 and must be refused.
    frame = sp.AclasOS2X.build_frame(b"S", b"1.234")
    cas_rule = frame[:12] + bytes([frame[12] ^ 0x03]) + frame[13:]
    assert sp.AclasOS2X().feed(cas_rule) == [sp.Reading(sp.ERROR)]


# -- configurable continuous output -----------------------------------------------------


def test_continuous_default_st_gs_format():
    lines = b"ST,GS,+  1.234kg\r\nUS,GS,+  1.230kg\r\nOL,GS,+  9.999kg\r\nST,GS,-  0.020kg\r\nST,NT,+  2.5jin\r\n"
    assert feed_all(sp.ContinuousRegex(), lines, chunk=4) == [
        sp.Reading(sp.STABLE, D("1.234"), "kg", True),
        sp.Reading(sp.UNSTABLE, D("1.230"), "kg", False),
        sp.Reading(sp.OVERLOAD),
        sp.Reading(sp.NEGATIVE, D("-0.020"), "kg", True),
        sp.Reading(sp.STABLE, D("1.250"), "kg", True),  # 2.5 斤 = 1.25 kg
    ]


def test_continuous_custom_pattern_in_jin_without_status():
    protocol = sp.make_protocol("continuous", pattern=r"W:(?P<weight>[0-9.]+)(?P<unit>斤|两)", default_unit="jin",
                                terminator=b"\n")
    readings = protocol.feed("W:3.0斤\nW:5两\nnoise\n".encode())
    assert readings == [sp.Reading(sp.STABLE, D("1.500"), "kg", True), sp.Reading(sp.STABLE, D("0.250"), "kg", True)]


def test_continuous_unknown_unit_is_an_error():
    protocol = sp.ContinuousRegex(pattern=rb"(?P<weight>[0-9.]+)(?P<unit>[a-z]+)")
    assert protocol.feed(b"1.0oz\r\n") == [sp.Reading(sp.ERROR)]


def test_continuous_pattern_needs_a_weight_group():
    with pytest.raises(ValueError):
        sp.ContinuousRegex(pattern=rb"[0-9]+")


def test_make_protocol_rejects_unknown_names_and_options():
    with pytest.raises(ValueError):
        sp.make_protocol("mystery")
    with pytest.raises(ValueError):
        sp.make_protocol("toledo8217", pattern="x")
    assert isinstance(sp.make_protocol("cas_pd2"), sp.CasPD2)


# -- fuzzing -----------------------------------------------------------------------------

PROTOCOL_NAMES = sorted(sp.PROTOCOLS)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(PROTOCOL_NAMES), chunks=st.lists(st.binary(max_size=64), max_size=20))
def test_no_byte_string_crashes_a_parser(name, chunks):
    protocol = sp.make_protocol(name)
    for chunk in chunks:
        for reading in protocol.feed(chunk):
            assert reading.state in sp.STATES
            assert reading.weight is None or reading.weight.is_finite()
        assert len(protocol._buffer) <= sp.MAX_BUFFER
        protocol.take_output()


@settings(max_examples=200, deadline=None)
@given(noise=st.binary(max_size=40), grams=st.integers(min_value=0, max_value=99999))
def test_a_valid_frame_after_noise_is_still_read(noise, grams):
    text = f"{grams / 1000:.3f}".encode()
    frames = {
        "toledo8217": b"\r" + b"\x02" + text.rjust(6, b"0") + b"\r",
        "aclas_os2x": b"\x03\x04\x00\x01" + sp.AclasOS2X.build_frame(b"S", text),
        "continuous": b"\r\n" + b"ST,GS,+" + text + b"kg\r\n",
    }
    for name, frame in frames.items():
        readings = sp.make_protocol(name).feed(noise + frame)
        assert readings[-1] == sp.Reading(sp.STABLE, D(grams) / 1000, "kg", True), name
