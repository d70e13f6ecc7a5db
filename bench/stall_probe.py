"""Where an event-loop stall's time went: each thread's CPU of this process (and of its child processes)
during the heartbeat's longest gap (Linux; the benchmarks' heartbeat uses it, not a test).

A gap by the clock far above the window thread's own CPU says the window thread waited: on the GIL
held by another thread of its process (that thread's CPU is high in the gap), on a child process
(its CPU is high, the process's threads idle), or on the machine (nothing here ran: other programs
had both cores). Per-thread CPU clocks are read through the kernel's thread clock ids, which every
thread of the process has, Qt's pool threads included.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_TASKS = Path("/proc/self/task")
_TICK_S = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _thread_clock(tid: int) -> int:
    """The kernel's CPU clock id of thread `tid` (CPUCLOCK_SCHED | CPUCLOCK_PERTHREAD)."""
    return ((~tid) << 3) | 6


def _machine_busy() -> float:
    """CPU seconds every process of the machine has used (all cores; /proc/stat's busy columns, 10 ms steps)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    values = [int(v) for v in fields]
    return (sum(values[:8]) - values[3] - values[4]) / _TICK_S  # not idle, not waiting for I/O


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _children() -> list[int]:
    """This process's direct children."""
    me = os.getpid()
    return [
        int(e.name)
        for e in Path("/proc").iterdir()
        if e.name.isdigit() and (f := _stat(int(e.name))) and int(f[1]) == me
    ]


def _cpu_of(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system, in clock ticks: 10 ms steps) of these processes."""
    out: dict[int, float] = {}
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:
            out[pid] = (int(fields[11]) + int(fields[12])) / _TICK_S
    return out


class StallProbe:
    """Snapshots of every thread's CPU, taken at each heartbeat tick; the longest gap's breakdown kept."""

    def __init__(self) -> None:
        self.available = _TASKS.is_dir()
        self.main_tid = _threading_native_id()
        self.names: dict[int, str] = {}
        self._last = self._snapshot()
        self._pids = _children() if self.available else []
        self._pids_at = time.perf_counter()
        self._last_children = _cpu_of(self._pids)
        self._last_time = time.perf_counter()
        self.worst_gap_ms = 0.0
        self.worst: dict[str, float] = {}
        self._dump: tuple[Any, float] | None = None
        self._last_switches = self._switches()
        self._last_machine = _machine_busy()

    def _snapshot(self) -> dict[int, float]:
        if not self.available:
            return {}
        got: dict[int, float] = {}
        for entry in os.listdir(_TASKS):
            tid = int(entry)
            try:
                got[tid] = time.clock_gettime(_thread_clock(tid))
            except OSError:
                continue
            if tid not in self.names:
                self.names[tid] = _thread_name(tid)
        return got

    def restart(self) -> None:
        """The heartbeat starts again after a pause: the time since the last tick is no gap."""
        self._last, self._last_time = self._snapshot(), time.perf_counter()
        self._last_children, self._last_switches = _cpu_of(self._pids), self._switches()
        self._last_machine = _machine_busy()

    def dump_stacks_after(self, path: Path, stall_ms: float) -> None:
        """From now on, every thread's Python stack is written to `path` whenever the heartbeat stops for
        `stall_ms` (faulthandler's own C thread writes it: it needs no GIL, so it sees a window thread
        that holds it, or waits for it)."""
        self._dump = (path.open("w"), stall_ms / 1000)

    def _switches(self) -> tuple[int, int]:
        """The window thread's voluntary (it waited: a lock, the GIL, I/O) and involuntary (the machine
        took the core) context switches."""
        try:
            text = (_TASKS / str(self.main_tid) / "status").read_text()
        except OSError:
            return 0, 0
        got = dict(line.split(":", 1) for line in text.splitlines() if "ctxt_switches" in line)
        return int(got.get("voluntary_ctxt_switches", 0)), int(got.get("nonvoluntary_ctxt_switches", 0))

    def tick(self, gap_threshold_ms: float = 30.0) -> None:
        """Called at each heartbeat: a gap longer than the longest so far (and `gap_threshold_ms`) is broken down."""
        if self._dump is not None:
            import faulthandler

            faulthandler.dump_traceback_later(self._dump[1], file=self._dump[0])
        switches = self._switches()
        now = time.perf_counter()
        snap = self._snapshot()
        if self.available and now - self._pids_at > 1.0:  # a child started since (the list's process)
            self._pids, self._pids_at = _children(), now
        children = _cpu_of(self._pids)
        machine = _machine_busy()
        gap_ms = (now - self._last_time) * 1000
        if gap_ms > max(self.worst_gap_ms, gap_threshold_ms):
            self.worst_gap_ms = gap_ms
            spent: dict[str, float] = {}
            for tid, cpu in snap.items():
                used = (cpu - self._last.get(tid, cpu)) * 1000
                if used >= 1:
                    name = "window thread" if tid == self.main_tid else f"{self.names.get(tid, '?')}[{tid}]"
                    spent[name] = used
            for pid, cpu in children.items():
                used = (cpu - self._last_children.get(pid, cpu)) * 1000
                if used > 0:
                    spent[f"child process {pid}"] = used
            ours = sum((cpu - self._last.get(tid, cpu)) for tid, cpu in snap.items()) + sum(
                cpu - self._last_children.get(pid, cpu) for pid, cpu in children.items()
            )
            spent["other programs (both cores)"] = max(0.0, (machine - self._last_machine - ours) * 1000)
            spent["window thread waited (switches)"] = switches[0] - self._last_switches[0]
            spent["window thread pre-empted (switches)"] = switches[1] - self._last_switches[1]
            self.worst = spent
        self._last, self._last_children, self._last_time = snap, children, now
        self._last_switches, self._last_machine = switches, machine

    def describe(self) -> str:
        if not self.available:
            return "(no per-thread CPU clocks here)"
        if not self.worst_gap_ms:
            return "no gap past 30 ms"
        if not self.worst:
            return f"longest gap {self.worst_gap_ms:.0f} ms: no thread or child used 1 ms of CPU in it"
        parts = ", ".join(f"{name} {ms:.0f}" for name, ms in sorted(self.worst.items(), key=lambda kv: -kv[1]))
        return f"longest gap {self.worst_gap_ms:.0f} ms, CPU ms in it: {parts}"


def _thread_name(tid: int) -> str:
    """A Python thread's name (threading's), else the kernel's (Qt names its pool threads)."""
    import threading

    for thread in threading.enumerate():
        if thread.native_id == tid:
            return thread.name
    try:
        return (_TASKS / str(tid) / "comm").read_text().strip()
    except OSError:
        return "?"


def _threading_native_id() -> int:
    import threading

    return threading.get_native_id()


def wait_for(app: Any, condition: Callable[[], bool], timeout_s: float = 600) -> None:
    """Run the window's event loop until `condition()` holds (TimeoutError after `timeout_s`): how the window
    benchmarks wait for the window to get somewhere, without a fixed sleep."""
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there")
        app.processEvents()
        time.sleep(0.001)
