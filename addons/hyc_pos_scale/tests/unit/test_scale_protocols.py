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
# PD-II manual, 3.1.6 "TYPE-6 INTERFACE": ENQ -> ACK, DC1 -> SOH STX STA SIGN W5..W0 UN1 UN0
# BCC ETX EOT; STA S/U; SIGN " " / "-" / "F" (overload, weight all "F"); unit Kg or Lb.


def _bcc_by_hand(text):
    value = 0
    for byte in text:
        value ^= byte
    return value


def test_cas_exchange_enq_ack_dc1():
    protocol = sp.CasPD2()
    assert protocol.request == b"\x05"  # the bridge polls with ENQ
    assert protocol.feed(b"\x06") == []  # ACK: the scale is ready
    assert protocol.take_output() == b"\x11"  # so the bridge asks for the weight with DC1
    assert protocol.take_output() == b""
    assert protocol.feed(b"\x15") == []  # NAK: nothing to answer, the next poll asks again
    assert protocol.take_output() == b""


def test_cas_full_exchange_byte_exact():
    """The bytes of one exchange as the manual draws it, the scale's side fed in pieces."""
    protocol = sp.CasPD2()
    assert protocol.feed(b"\x06") == [] and protocol.take_output() == b"\x11"
    block = b"\x01\x02S 01.234kg" + bytes([0x65]) + b"\x03\x04"
    assert feed_all(protocol, block, chunk=4) == [sp.Reading(sp.STABLE, D("1.234"), "kg", True)]
    assert protocol.take_output() == b""  # a data block is not acknowledged


def test_cas_stable_frame_byte_exact():
    stable = sp.CasPD2.build_frame(b"S", b"01.234")
    assert _bcc_by_hand(b"S 01.234kg") == 0x65  # S^' '^'0'^'1'^'.'^'2'^'3'^'4'^'k'^'g'
    assert stable == b"\x01\x02S 01.234kg\x65\x03\x04"
    assert len(stable) == 15
    assert sp.CasPD2().feed(stable) == [sp.Reading(sp.STABLE, D("1.234"), "kg", True)]


def test_cas_unstable_frame_byte_exact():
    unstable = b"\x01\x02U 00.870kg" + bytes([_bcc_by_hand(b"U 00.870kg")]) + b"\x03\x04"
    assert unstable == sp.CasPD2.build_frame(b"U", b"00.870")
    # by hand: U^' '=75, ^'0'=45, ^'0'=75, ^'.'=5B, ^'8'=63, ^'7'=54, ^'0'=64, ^'k'=0F, ^'g'=68
    assert _bcc_by_hand(b"U 00.870kg") == 0x68
    assert sp.CasPD2().feed(unstable) == [sp.Reading(sp.UNSTABLE, D("0.870"), "kg", False)]


def test_cas_negative_frame_byte_exact():
    negative = b"\x01\x02S-00.120kg" + bytes([_bcc_by_hand(b"S-00.120kg")]) + b"\x03\x04"
    assert negative == sp.CasPD2.build_frame(b"S", b"00.120", sign=b"-")
    assert negative[12] == 0x6F  # by hand: S^'-'=7E, ^'0'=4E, ^'0'=7E, ^'.'=50, ^'1'=61, ^'2'=53, ^'0'=63, ^'k'=08, ^'g'=6F
    assert sp.CasPD2().feed(negative) == [sp.Reading(sp.NEGATIVE, D("-0.120"), "kg", True)]


def test_cas_overload_frame_byte_exact():
    """Overload: SIGN "F" and W5..W0 all "F", whatever STA says."""
    overload = b"\x01\x02SFFFFFFFkg" + bytes([_bcc_by_hand(b"SFFFFFFFkg")]) + b"\x03\x04"
    assert overload == sp.CasPD2.overload_frame()
    assert _bcc_by_hand(b"SFFFFFFFkg") == 0x19  # by hand: 53 ^ 46 (seven F: once) ^ 6B ^ 67
    unstable_overload = sp.CasPD2.overload_frame(state=b"U")
    sign_only = sp.CasPD2.build_frame(b"S", b"99.999", sign=b"F")
    weight_only = sp.CasPD2.build_frame(b"U", b"FFFFFF")
    assert sp.CasPD2().feed(overload + unstable_overload + sign_only + weight_only) == [sp.Reading(sp.OVERLOAD)] * 4


def test_cas_pounds_high_bit_head_and_units():
    pounds = sp.CasPD2.build_frame(b"S", b"02.000", unit=b"Lb")  # the manual writes "Kg or Lb"
    kilos = sp.CasPD2.build_frame(b"S", b"02.500", unit=b"Kg", head=0x81)  # r_keeper: SOH 0x01 or 0x81
    assert sp.CasPD2().feed(pounds + kilos) == [
        sp.Reading(sp.STABLE, D("0.907"), "kg", True), sp.Reading(sp.STABLE, D("2.500"), "kg", True)]


def test_cas_undocumented_fields_are_errors():
    plus_sign = sp.CasPD2.build_frame(b"S", b"01.000", sign=b"+")
    letters = sp.CasPD2.build_frame(b"S", b"  OL  ")
    status_f = sp.CasPD2.build_frame(b"F", b"01.000")  # STA is S or U only
    grams = sp.CasPD2.build_frame(b"S", b"01.000", unit=b" g")
    assert sp.CasPD2().feed(plus_sign + letters + status_f + grams) == [sp.Reading(sp.ERROR)] * 4


def test_cas_bad_bcc_is_an_error():
    good = sp.CasPD2.build_frame(b"S", b"01.234")
    bad = good[:12] + bytes([good[12] ^ 0x01]) + good[13:]
    assert sp.CasPD2().feed(bad + good) == [sp.Reading(sp.ERROR), sp.Reading(sp.STABLE, D("1.234"), "kg", True)]


def test_cas_resyncs_after_noise_and_split_frames():
    frame = sp.CasPD2.build_frame(b"S", b"00.500")
    protocol = sp.CasPD2()
    readings = feed_all(protocol, b"\x01\x01zz" + frame + frame, chunk=2)
    assert [r.weight for r in readings] == [D("0.500"), D("0.500")]


def test_cas_serial_settings_and_overrides():
    assert sp.CasPD2.serial_settings == {"baudrate": 9600, "bytesize": 7, "parity": "E", "stopbits": 1}
    protocol = sp.with_serial_settings(sp.CasPD2(), baudrate=4800, framing="8n1")
    assert protocol.serial_settings == {"baudrate": 4800, "bytesize": 8, "parity": "N", "stopbits": 1}
    assert sp.CasPD2.serial_settings["bytesize"] == 7  # the class default is untouched
    assert sp.parse_framing("7O2") == {"bytesize": 7, "parity": "O", "stopbits": 2}
    for wrong in ("9N1", "8X1", "", "8N"):
        with pytest.raises(ValueError):
            sp.parse_framing(wrong)


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


# -- CAS continuous, 22 bytes (AP / CI / NT / PDS stream mode) ---------------------------

# Written out byte by byte from the manuals' layout: H1 "," H2 "," ID LAMP "," DATA(8) " " UNIT CR LF.
CAS22_STABLE = b"ST,GS,1\xc4,0001.234 kg\r\n"       # lamp 0b11000100: bit 7, stable, gross
CAS22_UNSTABLE = b"US,GS,1\x84,0001.230 kg\r\n"
CAS22_NET = b"ST,NT,1\xc6,00013.50 kg\r\n"          # the manual's 13.5 kg, net after tare
CAS22_NEGATIVE = b"ST,GS,1\xc5,-000.020 kg\r\n"
CAS22_OVERLOAD = b"OL,GS,1\x84,99999.99 kg\r\n"


def test_cas22_frames_are_22_bytes():
    for frame in (CAS22_STABLE, CAS22_UNSTABLE, CAS22_NET, CAS22_NEGATIVE, CAS22_OVERLOAD):
        assert len(frame) == 22, frame


@pytest.mark.parametrize("chunk", [None, 1, 5])
def test_cas22_documented_frames(chunk):
    stream = CAS22_STABLE + CAS22_UNSTABLE + CAS22_NET + CAS22_NEGATIVE + CAS22_OVERLOAD
    assert feed_all(sp.Cas22(), stream, chunk) == [
        sp.Reading(sp.STABLE, D("1.234"), "kg", True),
        sp.Reading(sp.UNSTABLE, D("1.230"), "kg", False),
        sp.Reading(sp.STABLE, D("13.500"), "kg", True),
        sp.Reading(sp.NEGATIVE, D("-0.020"), "kg", True),
        sp.Reading(sp.OVERLOAD),
    ]


def test_cas22_units_and_spaces_in_the_data():
    protocol = sp.Cas22()
    assert protocol.feed(b"ST,GS,1\xc4,   2.000 lb\r\n") == [sp.Reading(sp.STABLE, D("0.907"), "kg", True)]
    assert protocol.feed(b"ST,GS,1\xc4,  1250.0  g\r\n") == [sp.Reading(sp.STABLE, D("1.250"), "kg", True)]
    assert protocol.feed(b"ST,GS,1\xc4,   0.012  t\r\n") == [sp.Reading(sp.STABLE, D("12.000"), "kg", True)]
    assert protocol.feed(b"US,GS,1\x84,-  0.500 kg\r\n") == [sp.Reading(sp.NEGATIVE, D("-0.500"), "kg", False)]


def test_cas22_unreadable_data_or_unit_is_an_error_and_noise_is_skipped():
    protocol = sp.Cas22()
    assert protocol.feed(b"ST,GS,1\xc4,00A1.234 kg\r\n") == [sp.Reading(sp.ERROR)]
    assert protocol.feed(b"ST,GS,1\xc4,0001.234 oz\r\n") == [sp.Reading(sp.ERROR)]
    assert protocol.feed(b"garbage\r\nST,GS,1\xc4,0001.234\r\n") == []  # no unit: not a frame
    assert protocol.feed(b"\x00\xffnoise" + CAS22_STABLE) == [sp.Reading(sp.STABLE, D("1.234"), "kg", True)]


def test_cas22_build_frame_matches_the_manual_layout_and_settings():
    assert sp.Cas22.build_frame(b"ST", b"1.234") == CAS22_STABLE
    assert sp.Cas22.build_frame(b"ST", b"-000.020", lamp=b"\xc5") == CAS22_NEGATIVE
    protocol = sp.make_protocol("cas22")
    assert protocol.serial_settings == {"baudrate": 9600, "bytesize": 8, "parity": "N", "stopbits": 1}
    assert protocol.request == b""
    assert protocol.feed(CAS22_STABLE) and protocol.take_output() == b""


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
        "cas_pd2": sp.CasPD2.build_frame(b"S", text.rjust(6, b"0")),
        "cas22": b"\r\n" + sp.Cas22.build_frame(b"ST", text),
    }
    for name, frame in frames.items():
        readings = sp.make_protocol(name).feed(noise + frame)
        assert readings[-1] == sp.Reading(sp.STABLE, D(grams) / 1000, "kg", True), name


@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.binary(max_size=32), max_size=20))
def test_cas_answers_dc1_only_to_an_ack(chunks):
    """Whatever the line carries, the CAS parser writes back one DC1 per ACK it consumed
    outside a data block, and nothing else."""
    protocol = sp.CasPD2()
    written = b""
    for chunk in chunks:
        protocol.feed(chunk)
        written += protocol.take_output()
    assert set(written) <= {sp.DC1}
    assert len(written) <= sum(chunk.count(sp.ACK) for chunk in chunks)
