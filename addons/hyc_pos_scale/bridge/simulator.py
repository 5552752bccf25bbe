"""A scale simulated on a pseudo-terminal, for tests, benchmarks and demos without hardware.

The simulator owns the master side of a pty and answers like the real scale: Toledo 8217
answers each ``W``, CAS PD-II answers ``ENQ`` with ``ACK`` and then ``DC1`` with a data
block (a ``DC1`` not preceded by an acknowledged ``ENQ`` is counted in ``out_of_turn``),
Aclas OS2X, CAS 22-byte and the continuous protocol send frames on their own. The bridge opens the
slave side (or a symlink to it, as udev gives ``/dev/scale``). ``unplug()`` closes the pty
and removes the symlink; ``replug()`` creates a new pty and points the symlink at it, like
a USB-serial adapter pulled out and put back. Linux/macOS only (``os.openpty``).
"""

import contextlib
import os
import select
import threading
import time
import tty
from decimal import Decimal

from ..lib import scale_protocols as sp


def frame_for(protocol, state, weight):
    """The bytes the scale sends for ``state`` (stable/unstable/negative/overload) and ``weight`` in kg."""
    weight = Decimal(weight)
    text = f"{abs(weight):.3f}".encode()
    if protocol == "toledo8217":
        if state == sp.STABLE:
            return b"\x02" + text.rjust(6, b"0") + b"\r"
        status = {sp.UNSTABLE: b"A", sp.OVERLOAD: b"B", sp.NEGATIVE: b"D"}[state]
        return b"\x02?" + status + b"\r"
    if protocol == "cas_pd2":
        if state == sp.OVERLOAD:
            return sp.CasPD2.overload_frame()
        return sp.CasPD2.build_frame(b"U" if state == sp.UNSTABLE else b"S", text.rjust(6, b"0"),
                                     sign=b"-" if state == sp.NEGATIVE else b" ")
    if protocol == "cas22":
        status = {sp.STABLE: b"ST", sp.UNSTABLE: b"US", sp.NEGATIVE: b"ST", sp.OVERLOAD: b"OL"}[state]
        return sp.Cas22.build_frame(status, (b"-" if state == sp.NEGATIVE else b"") + text.rjust(7, b"0"))
    if protocol == "aclas_os2x":
        flag = {sp.STABLE: b"S", sp.UNSTABLE: b"U", sp.NEGATIVE: b"S", sp.OVERLOAD: b"F"}[state]
        return sp.AclasOS2X.build_frame(flag, text, sign=b"-" if state == sp.NEGATIVE else b" ")
    if protocol == "continuous":
        status = {sp.STABLE: b"ST", sp.UNSTABLE: b"US", sp.NEGATIVE: b"ST", sp.OVERLOAD: b"OL"}[state]
        sign = b"-" if state == sp.NEGATIVE else b"+"
        return status + b",GS," + sign + text.rjust(7) + b"kg\r\n"
    raise ValueError(protocol)


class PtyScale:
    """A simulated scale on a pty. ``state``/``weight`` may be changed at any time; ``silent`` mutes it."""

    def __init__(self, protocol, link=None, state=sp.STABLE, weight="0.000", interval=0.05):
        self.protocol = protocol
        self.link = link
        self.state = state
        self.weight = Decimal(weight)
        self.silent = False
        self.interval = interval
        self.requests = 0
        self.frames_sent = 0
        # CAS PD-II exchange: a DC1 is answered only after an ENQ was acknowledged; a DC1
        # out of turn is counted here and left unanswered, as the scale would.
        self.out_of_turn = 0
        self._enquired = False
        self._lock = threading.Lock()
        self._master = self._slave = None
        self._stop = None
        self._thread = None
        self.plug()

    @property
    def device(self):
        """Path the bridge should open: the symlink if any, else the pty slave."""
        return self.link or self.slave_name

    def set(self, state, weight=None):
        with self._lock:
            self.state = state
            if weight is not None:
                self.weight = Decimal(weight)

    def plug(self):
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no CR/LF translation, like a real serial line
        self.slave_name = os.ttyname(self._slave)
        if self.link:
            temporary = f"{self.link}.new"
            if os.path.lexists(temporary):
                os.unlink(temporary)
            os.symlink(self.slave_name, temporary)
            os.replace(temporary, self.link)  # atomic swap, as udev does
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hyc-pty-scale", daemon=True)
        self._thread.start()

    def unplug(self):
        self._stop.set()
        self._thread.join(timeout=2)
        if self.link and os.path.lexists(self.link):
            os.unlink(self.link)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):  # already closed by a failed write
                os.close(fd)
        self._master = self._slave = None

    replug = plug
    close = unplug

    def _frame(self):
        with self._lock:
            return frame_for(self.protocol, self.state, self.weight)

    def _send(self, data):
        if not self.silent:
            os.write(self._master, data)
            self.frames_sent += 1

    def _run(self):
        master, stop = self._master, self._stop
        pushes = self.protocol in ("aclas_os2x", "cas22", "continuous")
        next_push = time.monotonic()
        while not stop.is_set():
            timeout = max(0.0, next_push - time.monotonic()) if pushes else 0.05
            try:
                ready, _, _ = select.select([master], [], [], min(timeout, 0.05))
                if ready:
                    data = os.read(master, 1024)
                    for byte in data:
                        self._answer(byte)
                if pushes and time.monotonic() >= next_push:
                    self._send(self._frame())
                    next_push = time.monotonic() + self.interval
            except OSError:
                return  # pty closed under us (unplug)

    def _answer(self, byte):
        if self.protocol == "toledo8217" and byte == ord("W"):
            self.requests += 1
            self._send(self._frame())
        elif self.protocol == "cas_pd2" and byte == sp.ENQ:
            self.requests += 1
            self._send(bytes([sp.ACK]))
            self._enquired = not self.silent
        elif self.protocol == "cas_pd2" and byte == sp.DC1:
            if not self._enquired:
                self.out_of_turn += 1
                return
            self._enquired = False
            self._send(self._frame())
