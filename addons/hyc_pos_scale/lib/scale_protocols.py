"""Serial protocols of the counter scales a fresh-meat store has next to its POS PC.

Every protocol is a small streaming parser: the bridge feeds it whatever bytes the serial
port returned (possibly half a frame, possibly three frames and line noise) and gets back
the readings of the complete frames. A parser never raises on input: garbage is skipped,
the buffer is bounded, and a frame that does not decode becomes an ``error`` reading or is
dropped. Weights are returned in kilograms as ``Decimal`` (exact, the POS rounds to the
UoM later).

States a reading can have (what the POS shows):

- ``stable``: the scale reports no motion, gross weight in range, not negative;
- ``unstable``: the scale reports motion;
- ``negative``: under zero (e.g. the tray was removed after zeroing);
- ``overload``: over capacity;
- ``no-scale``: nothing heard from the scale (set by the bridge, not by a parser);
- ``error``: the scale answered something we cannot use (bad command, checksum error).
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

STABLE = "stable"
UNSTABLE = "unstable"
NEGATIVE = "negative"
OVERLOAD = "overload"
NO_SCALE = "no-scale"
ERROR = "error"
STATES = (STABLE, UNSTABLE, NEGATIVE, OVERLOAD, NO_SCALE, ERROR)

STX, ETX, EOT, ENQ, ACK, SOH, DC1, CR, LF = 0x02, 0x03, 0x04, 0x05, 0x06, 0x01, 0x11, 0x0D, 0x0A

# A frame of any of these protocols is under 40 bytes; keeping at most this much of an
# unterminated tail bounds memory whatever the line noise.
MAX_BUFFER = 256


@dataclass(frozen=True)
class Reading:
    """One answer of the scale. ``weight`` is signed, in kg, or None when the scale gave none."""

    state: str
    weight: Decimal | None = None
    unit: str = "kg"
    stable: bool = False

    @property
    def usable(self):
        """The POS accepts a weight only in this case."""
        return self.state == STABLE and self.weight is not None


def _decimal(text):
    """Decimal of an ASCII number, or None. Rejects NaN/Infinity spellings."""
    try:
        value = Decimal(text.decode("ascii").strip())
    except (InvalidOperation, UnicodeDecodeError, ValueError):
        return None
    return value if value.is_finite() else None


def _state(*, stable, negative=False, overload=False):
    if overload:
        return OVERLOAD
    if negative:
        return NEGATIVE
    return STABLE if stable else UNSTABLE


class ScaleProtocol:
    """Base class: serial settings, the request to poll with, and a streaming parser."""

    name = ""
    label = ""
    # pyserial keyword arguments; bytesize/parity/stopbits as pyserial constants' values.
    serial_settings = {"baudrate": 9600, "bytesize": 8, "parity": "N", "stopbits": 1}
    # Bytes the bridge writes to ask for a weight (empty: the scale talks on its own).
    request = b""

    def __init__(self):
        self._buffer = b""
        self._output = b""

    def feed(self, data):
        """Append ``data`` and return the readings of every complete frame, in order."""
        self._buffer += bytes(data)
        readings = self._parse()
        if len(self._buffer) > MAX_BUFFER:
            self._buffer = self._buffer[-MAX_BUFFER:]
        return readings

    def take_output(self):
        """Bytes the protocol wants written back to the scale (handshakes), then cleared."""
        out, self._output = self._output, b""
        return out

    def reset(self):
        """Forget partial frames, e.g. after the port was reopened."""
        self._buffer = b""
        self._output = b""

    def _parse(self):  # pragma: no cover - abstract
        raise NotImplementedError


class Toledo8217(ScaleProtocol):
    """Mettler Toledo 8217 ("weight only") protocol, 9600 baud, 7 data bits, even parity, 1 stop.

    From the 8217 protocol chapter of the Mettler Toledo service manuals (e.g. Viva,
    https://www.manualslib.com/manual/861274/Mettler-Toledo-Viva.html?page=51) and as Odoo's
    IoT driver reads it (addons/hw_drivers/iot_handlers/drivers/SerialScaleDriver.py):

    - the host sends ``W``;
    - a valid, stable weight is answered ``<STX> weight <CR>``, the weight in ASCII with its
      decimal point, e.g. ``\\x0201.234\\r`` (kg), possibly followed by ``N`` for a net weight;
    - otherwise the answer is a status: ``<STX> ? <status> <CR>`` where the status byte's
      bits are 0 scale in motion, 1 over capacity, 2 under zero, 3 outside zero capture
      range, 4 center of zero, 5 net weight, 6 bad command from host. Bit 7 is the parity
      bit of 7E1 (masked here). Bits 5 and 6 are not reliable in practice (the byte must be
      printable ASCII, Odoo's own example ``?D`` has bit 6 set), so only bits 0-4 decide.
    """

    name = "toledo8217"
    label = "Mettler Toledo 8217"
    serial_settings = {"baudrate": 9600, "bytesize": 7, "parity": "E", "stopbits": 1}
    request = b"W"
    _weight = re.compile(rb"^\s*(-?[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*N?$")

    def _parse(self):
        readings = []
        while True:
            start = self._buffer.find(bytes([STX]))
            if start < 0:
                self._buffer = b""
                return readings
            end = self._buffer.find(bytes([CR]), start)
            if end < 0:
                self._buffer = self._buffer[start:]
                return readings
            later = self._buffer.rfind(bytes([STX]), start + 1, end)
            if later >= 0:  # a frame cut short by a newer one: keep the newer
                start = later
            body = self._buffer[start + 1:end]
            self._buffer = self._buffer[end + 1:]
            reading = self._frame(body)
            if reading is not None:
                readings.append(reading)

    def _frame(self, body):
        if body.startswith(b"?") and len(body) == 2:
            status = body[1] & 0x7F
            if status & 0b10:
                return Reading(OVERLOAD)
            if status & 0b100:
                return Reading(NEGATIVE)
            if status & 0b1:
                return Reading(UNSTABLE)
            if status & 0b1000:
                return Reading(ERROR)
            return Reading(ERROR)  # "?" with no motion/range bit: the scale refuses to weigh
        match = self._weight.match(body)
        if not match:
            return None
        weight = _decimal(match.group(1))
        if weight is None:
            return None
        return Reading(_state(stable=True, negative=weight < 0), weight, "kg", True)


class CasPD2(ScaleProtocol):
    """CAS PD-II, "TYPE-6" interface (ENQ / ACK / DC1 exchange), 9600 baud 7E1 by default.

    From the CAS PD-II manual, section 3.1.6 "TYPE-6 INTERFACE" (Samsung ECR ER-670),
    manual page 23: https://www.easymanua.ls/cas/pd-ii/manual?p=23 (same page:
    https://manualshive.com/en/manual/cas/pd-ii/2566063?page=23):

    - the host sends ``ENQ`` (0x05) to initiate communication, the scale answers ``ACK``
      (0x06);
    - the host sends ``DC1`` (0x11) for the weight data (``DC2``, "all data", is not used
      by the PD-II), the scale sends the data block
      ``SOH STX STA SIGN W5 W4 W3 W2 W1 W0 UN1 UN0 BCC ETX EOT`` (15 bytes);
    - STA, weighing status: ``S`` stable, ``U`` not stable;
    - SIGN: ``0x20`` zero or positive, ``-`` negative, ``F`` overload;
    - W5..W0: the weight, "but all F when the scale is put on overload";
    - UN1 UN0: the unit of weight, "Kg or Lb";
    - BCC: "block check character".

    What the manual page does not spell out, and where it is taken from:

    - BCC: the XOR of STA..UN0 (the 10 bytes between STX and BCC), as in the CAS AP-1
      "Transmission protocol standard" for the same ENQ/DC1 frame ("BCC = xor bytes D1..Dn",
      http://docs4.chomikuj.pl/2375846315,PL,0,0,AP-1.doc) and in r_keeper 7's CAS driver
      notes (s_cas.dll, 6-digit variant: "LRC = XOR of bytes 3..12", first byte 0x01 or
      0x81, https://docs.rkeeper.ru/rk7/latest/ru/podderyoivaemye-drajvery-vesov-10819223.html).
      The Ohaus Aviator 7000 service manual documents the same ECR exchange with
      ``SIGN = "F"`` on overflow, which agrees with the PD-II page.
    - Serial settings: the pages of the manual we could read do not give them. 9600 baud
      7 data bits, even parity, 1 stop bit is what two integrations of the PD-II state
      (a POS "scale hub" protocol catalogue citing the PD-II manual on ManualsLib, and a
      PD-II driver's "fixed serial: 9600 baud, 7 data bits, even parity, 1 stop bit"); the
      AP-1 document says 8N1 for its own model. The bridge's ``--framing 8N1`` overrides it.
    - The manual's other PD-II interfaces (TYPE-0/1: ENQ, DC2 -> ACK STX ID W5..W1 BCC
      ETX; TYPE-2: ``W`` starts a stream, ``CR`` stops it; 4-bit parallel) are not parsed.

    A frame whose SIGN is ``F`` or whose weight is all ``F`` is an ``overload`` reading
    whatever STA says; any other STA or SIGN, a weight field that is not a number, a unit
    other than kg/lb, or a wrong BCC is an ``error`` reading (the POS refuses it).
    """

    name = "cas_pd2"
    label = "CAS PD-II"
    serial_settings = {"baudrate": 9600, "bytesize": 7, "parity": "E", "stopbits": 1}
    request = bytes([ENQ])
    FRAME_LEN = 15
    HEADS = (SOH, SOH | 0x80)
    OVERLOAD_WEIGHT = b"FFFFFF"
    _LB = Decimal("0.45359237")

    @staticmethod
    def bcc(payload):
        value = 0
        for byte in payload:
            value ^= byte
        return value

    @classmethod
    def build_frame(cls, state, weight_text, sign=b" ", unit=b"kg", bcc=None, head=SOH):
        """A DC1 data block as the scale sends it (used by tests and the simulator)."""
        payload = state + sign + weight_text.rjust(6)[:6] + unit
        return bytes([head, STX]) + payload + bytes([cls.bcc(payload) if bcc is None else bcc, ETX, EOT])

    @classmethod
    def overload_frame(cls, state=b"S"):
        """The block of an overloaded PD-II: SIGN ``F`` and the weight all ``F``."""
        return cls.build_frame(state, cls.OVERLOAD_WEIGHT, sign=b"F")

    def _parse(self):
        # Scan from the front and consume whole frames, so that a BCC byte that happens to
        # equal ACK or SOH is never taken for one.
        readings = []
        while self._buffer:
            if self._buffer[0] == ACK:  # the scale acknowledged our ENQ: ask for the weight
                self._buffer = self._buffer[1:]
                self._output += bytes([DC1])
                continue
            if self._buffer[0] not in self.HEADS:
                self._buffer = self._buffer[1:]  # NAK, line noise: the next poll asks again
                continue
            if len(self._buffer) < self.FRAME_LEN:
                return readings
            frame = self._buffer[:self.FRAME_LEN]
            if frame[1] != STX or frame[-2:] != bytes([ETX, EOT]):
                self._buffer = self._buffer[1:]  # false start: resync
                continue
            self._buffer = self._buffer[self.FRAME_LEN:]
            readings.append(self._frame(frame))
        return readings

    def _frame(self, frame):
        payload, bcc = frame[2:12], frame[12]
        if self.bcc(payload) != bcc:
            return Reading(ERROR)
        status, sign, digits, unit = payload[0:1], payload[1:2], payload[2:8], payload[8:10]
        if sign == b"F" or digits == self.OVERLOAD_WEIGHT:
            return Reading(OVERLOAD)
        if status not in (b"S", b"U") or sign not in (b" ", b"-"):
            return Reading(ERROR)
        weight = _decimal(digits)
        if weight is None or weight < 0:  # the sign is only in SIGN
            return Reading(ERROR)
        if sign == b"-":
            weight = -weight
        if unit.lower() == b"lb":
            weight = (weight * self._LB).quantize(Decimal("0.001"))
        elif unit.lower() != b"kg":
            return Reading(ERROR)
        stable = status == b"S"
        return Reading(_state(stable=stable, negative=weight < 0), weight, "kg", stable)


class AclasOS2X(ScaleProtocol):
    """Aclas / Pinnacle (顶尖) OS2 counter scales, "send actively" (continuous) output.

    From the Pinnacle Technology OS2CX manual, chapter 13 "Communication protocol",
    https://www.easymanua.ls/pinnacle-technology/os2cx/manual?p=18 (and p. 19): by default
    10 frames a second, 16 bytes

    ``Head1 Head2 Flag1 Sign W(6) Unit(2) CheckSum Tail1 Tail2 Flag2`` (bytes 0..15):

    Head1 0x01, Head2 0x02; Flag1 ``S`` stable, ``U`` unstable, ``F`` "weight is beyond
    the range or haven't startup to zero"; Sign ``-`` negative, ``0x20`` positive; the
    weight in 6 ASCII bytes; the unit in 2; CheckSum the XOR of the 12 bytes in front of
    it (bytes 0..11, heads included, as the manual words it); Tail1 0x03, Tail2 0x04;
    Flag2 bits: 4 weight is zero, 5 tare mode, 6 beyond the range / not zeroed at start-up.

    Both ``F`` and Flag2 bit 6 are reported as ``overload`` (the scale cannot weigh).
    The manual's examples name the units ``kg`` and ``g``; others are an ``error``.
    Baud rate 9600 is the manual's power-on default; 8N1 is not stated there (assumed).
    The passive mode of the same manual (ENQ -> ACK, 0x11 -> the same frame without Flag2)
    is the ``cas_pd2`` exchange, except that Pinnacle flags overload in Flag1 where the
    PD-II puts ``F`` in SIGN and the weight.
    """

    name = "aclas_os2x"
    label = "Aclas / Pinnacle OS2 (active frame)"
    serial_settings = {"baudrate": 9600, "bytesize": 8, "parity": "N", "stopbits": 1}
    request = b""
    FRAME_LEN = 16
    HEAD = bytes([SOH, STX])
    TAIL = bytes([ETX, EOT])
    FLAG2_ZERO, FLAG2_TARE, FLAG2_OVER = 0x10, 0x20, 0x40
    UNITS = {b"kg": Decimal(1), b"g": Decimal("0.001")}

    @staticmethod
    def checksum(data):
        value = 0
        for byte in data:
            value ^= byte
        return value

    @classmethod
    def build_frame(cls, flag, weight_text, sign=b" ", unit=b"kg", checksum=None, flag2=0):
        """A frame as the scale sends it (used by tests and the simulator)."""
        head = cls.HEAD + flag + sign + weight_text.rjust(6)[:6] + unit.rjust(2)[:2]
        value = cls.checksum(head) if checksum is None else checksum
        return head + bytes([value]) + cls.TAIL + bytes([flag2])

    def _parse(self):
        readings = []
        while True:
            start = self._buffer.find(self.HEAD)
            if start < 0:
                # keep a trailing SOH: its STX may come with the next read
                self._buffer = self._buffer[-1:] if self._buffer.endswith(bytes([SOH])) else b""
                return readings
            frame = self._buffer[start:start + self.FRAME_LEN]
            if len(frame) < self.FRAME_LEN:
                self._buffer = self._buffer[start:]
                return readings
            if frame[13:15] != self.TAIL:
                self._buffer = self._buffer[start + 1:]
                continue
            self._buffer = self._buffer[start + self.FRAME_LEN:]
            readings.append(self._frame(frame))

    def _frame(self, frame):
        if self.checksum(frame[:12]) != frame[12]:
            return Reading(ERROR)
        flag, sign, digits, unit, flag2 = frame[2:3], frame[3:4], frame[4:10], frame[10:12], frame[15]
        if flag == b"F" or flag2 & self.FLAG2_OVER:
            return Reading(OVERLOAD)
        factor = self.UNITS.get(unit.strip().lower())
        if flag not in (b"S", b"U") or sign not in (b" ", b"-") or factor is None:
            return Reading(ERROR)
        weight = _decimal(digits)
        if weight is None or weight < 0:  # the sign is only in Sign
            return Reading(ERROR)
        weight = (weight * factor).quantize(Decimal("0.001")) if factor != 1 else weight
        if sign == b"-":
            weight = -weight
        stable = flag == b"S"
        return Reading(_state(stable=stable, negative=weight < 0), weight, "kg", stable)


# Units the continuous protocol converts to kg. 斤 (jin) is half a kilogram, 两 (liang)
# a tenth of a jin; counter scales in China print either "kg" or "jin"/"斤".
DEFAULT_UNITS = {
    "kg": Decimal(1),
    "g": Decimal("0.001"),
    "jin": Decimal("0.5"),
    "斤": Decimal("0.5"),
    "liang": Decimal("0.05"),
    "两": Decimal("0.05"),
    "lb": Decimal("0.45359237"),
}


class ContinuousRegex(ScaleProtocol):
    """Configurable continuous-output protocol for Chinese counter scales (大华 / 顶尖 style).

    These scales send one line per reading, terminated by CR LF, in a format chosen in
    the scale's setup menu. The common "ST,GS" format (status, gross/net, signed weight,
    unit), e.g. ``ST,GS,+  1.234kg``, ``US,GS,+  1.230kg`` (motion), ``OL,GS,+  9.999kg``
    (overload), is the default. Any other line format is configured with a regular
    expression with named groups:

    - ``weight`` (required): the number;
    - ``sign`` (optional): ``-`` for negative;
    - ``unit`` (optional): a key of ``units`` (kg, g, jin/斤, liang/两, lb), else ``default_unit``;
    - ``status`` (optional): compared with ``stable_values`` / ``overload_values``; without it
      every reading is considered stable (scales that only print when settled).
    """

    name = "continuous"
    label = "Continuous output (regex)"
    DEFAULT_PATTERN = rb"(?P<status>ST|US|OL),(?:GS|NT|TR),(?P<sign>[+-])?\s*(?P<weight>[0-9]*\.?[0-9]+)\s*(?P<unit>kg|g|jin|lb)?"

    def __init__(self, pattern=None, units=None, default_unit="kg", terminator=b"\r\n",
                 stable_values=("ST",), overload_values=("OL",), baudrate=9600):
        super().__init__()
        if isinstance(pattern, str):
            pattern = pattern.encode("utf-8")
        self.pattern = re.compile(pattern or self.DEFAULT_PATTERN)
        if "weight" not in self.pattern.groupindex:
            raise ValueError("The pattern needs a named group 'weight'.")
        self.units = {k.lower(): Decimal(v) for k, v in (units or DEFAULT_UNITS).items()}
        if default_unit.lower() not in self.units:
            raise ValueError(f"Unknown default unit {default_unit!r}.")
        self.default_unit = default_unit.lower()
        self.terminator = terminator
        self.stable_values = {v.encode() if isinstance(v, str) else v for v in stable_values}
        self.overload_values = {v.encode() if isinstance(v, str) else v for v in overload_values}
        self.serial_settings = dict(ScaleProtocol.serial_settings, baudrate=baudrate)

    def _parse(self):
        readings = []
        *lines, self._buffer = self._buffer.split(self.terminator)
        for line in lines:
            reading = self._line(line)
            if reading is not None:
                readings.append(reading)
        return readings

    def _line(self, line):
        match = self.pattern.search(line)
        if not match:
            return None
        groups = match.groupdict()
        status = groups.get("status")
        if status is not None and status in self.overload_values:
            return Reading(OVERLOAD)
        weight = _decimal(groups["weight"] or b"")
        if weight is None:
            return None
        if groups.get("sign") == b"-":
            weight = -weight
        unit = groups.get("unit")
        try:
            unit_key = unit.decode("utf-8").lower() if unit else self.default_unit
        except UnicodeDecodeError:
            return None
        factor = self.units.get(unit_key)
        if factor is None:
            return Reading(ERROR)
        weight = (weight * factor).quantize(Decimal("0.001"))
        stable = status is None or status in self.stable_values
        return Reading(_state(stable=stable, negative=weight < 0), weight, "kg", stable)


class Cas22(ScaleProtocol):
    """CAS continuous output, "CAS 22 bytes" format (the AP/CI/NT/PDS family's stream mode).

    As documented in CAS's own manuals, e.g. CI-600D manual §10-1 "CAS 22Bytes Format"
    (https://www.easymanua.ls/cas/ci-600d-series/manual?p=74), CI-400 / CI-150A appendix 1
    "Data format", NT-200 and PDS manuals "CAS Protocol (22 bytes) – ASCII Code". One
    frame per reading, sent continuously without a request:

        H1(2) "," H2(2) "," ID(1) LAMP(1) "," DATA(8) BLANK(1) UNIT(2) CR LF   = 22 bytes

    - H1: ``ST`` stable, ``US`` unstable, ``OL`` overload;
    - H2: ``GS`` gross, ``NT`` net weight (both are the weight to sell);
    - ID: the indicator's device number, LAMP: the lamp status byte (bit 6 stable, bit 1
      tare, bit 0 zero) — informational, H1 decides the state;
    - DATA: 8 ASCII bytes with sign and decimal point, e.g. ``00013.5`` → 13.5 kg
      (the manual's example is "0000 13.5" for 13.5 kg), ``-0001.23`` when under zero;
    - UNIT: ``kg`` (or ``lb``, `` t``, `` g``) after one blank.

    The manuals leave the serial settings to the indicator's menu (F-/COMM. functions);
    9600 8N1 is their default and ``--framing`` / ``--baudrate`` match other set-ups.
    """

    name = "cas22"
    label = "CAS continuous (22 bytes)"
    _frame_re = re.compile(rb"(ST|US|OL),(?:GS|NT),[\x00-\xff]{2},([\x00-\xff]{8}) ?([\x00-\xff]{2})$")
    _data_re = re.compile(rb"^ *([+-]?) *([0-9]*\.?[0-9]+) *$")
    UNITS = {b"kg": Decimal(1), b"lb": Decimal("0.45359237"), b" t": Decimal(1000), b"t ": Decimal(1000),
             b" g": Decimal("0.001"), b"g ": Decimal("0.001")}

    @classmethod
    def build_frame(cls, status, data, header2=b"GS", device=b"1", lamp=b"\xc4", unit=b"kg"):
        """A frame as the indicator sends it (for tests, the simulator and benchmarks)."""
        return status + b"," + header2 + b"," + device + lamp + b"," + data.rjust(8, b"0") + b" " + unit + b"\r\n"

    def _parse(self):
        readings = []
        *lines, self._buffer = self._buffer.split(b"\r\n")
        for line in lines:
            match = self._frame_re.search(line)
            if match:
                readings.append(self._frame(*match.groups()))
        return readings

    def _frame(self, status, data, unit):
        if status == b"OL":
            return Reading(OVERLOAD)
        number = self._data_re.match(data)
        factor = self.UNITS.get(unit)
        weight = _decimal(number.group(2)) if number else None
        if weight is None or factor is None:
            return Reading(ERROR)
        weight = (weight * factor).quantize(Decimal("0.001"))
        if number.group(1) == b"-":
            weight = -weight
        stable = status == b"ST"
        return Reading(_state(stable=stable, negative=weight < 0), weight, "kg", stable)


PROTOCOLS = {cls.name: cls for cls in (Toledo8217, CasPD2, Cas22, AclasOS2X, ContinuousRegex)}

_FRAMING = re.compile(r"^([78])([NEO])([12])$")


def parse_framing(text):
    """``"7E1"`` -> ``{"bytesize": 7, "parity": "E", "stopbits": 1}`` (data bits, parity, stop bits)."""
    match = _FRAMING.match((text or "").strip().upper())
    if not match:
        raise ValueError(f"Unknown serial framing {text!r}; write it like 8N1, 7E1 or 7O1.")
    return {"bytesize": int(match.group(1)), "parity": match.group(2), "stopbits": int(match.group(3))}


def with_serial_settings(protocol, baudrate=None, framing=None):
    """Override a parser's default serial settings (a scale set up differently), in place."""
    settings = dict(protocol.serial_settings)
    if baudrate:
        if baudrate <= 0:
            raise ValueError(f"Invalid baud rate {baudrate!r}.")
        settings["baudrate"] = int(baudrate)
    if framing:
        settings.update(parse_framing(framing))
    protocol.serial_settings = settings
    return protocol


def make_protocol(name, **options):
    """A fresh parser for the protocol called ``name`` (options only for ``continuous``)."""
    if name not in PROTOCOLS:
        raise ValueError(f"Unknown scale protocol {name!r}; choose one of {', '.join(PROTOCOLS)}.")
    if options and name != ContinuousRegex.name:
        raise ValueError(f"Protocol {name!r} takes no options.")
    return PROTOCOLS[name](**options)
