"""Linux ``/proc`` readings: process trees, peak memory, connections per worker."""

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

ESTABLISHED = "01"
TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """Child processes of ``pid``, recursively."""
    found: list[int] = []
    pending = [pid]
    while pending:
        parent = pending.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                pending.append(child)
    return found


def cmdline(pid: int) -> str:
    """The command line of ``pid``, arguments joined by spaces ("" if gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def status_kib(pid: int, field: str) -> int:
    """A ``kB`` field of ``/proc/<pid>/status`` (``VmHWM``, ``VmRSS``); 0 if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_memory_kib(pids: Iterable[int]) -> int:
    """Sum of the peak resident set sizes (``VmHWM``) of ``pids``."""
    return sum(status_kib(pid, "VmHWM") for pid in pids)


def _established_inodes(port: int) -> set[str]:
    """Socket inodes of established TCP connections whose local port is ``port``."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == ESTABLISHED:
                inodes.add(fields[9])
    return inodes


def connections_per_process(pids: Iterable[int], port: int) -> dict[int, int]:
    """How many established connections on ``port`` each process holds (server side)."""
    inodes = _established_inodes(port)
    counts: dict[int, int] = {}
    for pid in pids:
        held: set[str] = set()
        try:
            for fd in os.scandir(f"/proc/{pid}/fd"):
                try:
                    target = os.readlink(fd.path)
                except OSError:
                    continue
                if target.startswith("socket:["):
                    held.add(target[8:-1])
        except OSError:
            pass
        counts[pid] = len(held & inodes)
    return counts


def has_exited(pid: int) -> bool:
    """Whether ``pid`` is gone or a zombie (exited, not reaped: its CPU times still readable)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def cpu_ticks(pid: int) -> int:
    """User plus system CPU time of ``pid`` so far, in clock ticks (0 if gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU clock ticks of the whole machine so far, from ``/proc/stat``."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    total = sum(values[:8])  # user .. steal (guest time is already in user)
    return total - idle, total


def pids_matching(text: str) -> list[int]:
    """Processes whose command line contains ``text`` (a PostgreSQL backend's database)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and text in cmdline(int(entry.name)):
            found.append(int(entry.name))
    return found


class CpuMeter:
    """CPU used by groups of our processes over a window, and by everybody else.

    ``sample({"server": pids, ...})`` is called now and then with our current processes; the
    CPU a process used between its first and last sample counts for its group. Whatever else
    the machine did in the window was somebody else's (``other_percent``).
    """

    def __init__(self) -> None:
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.group_of: dict[int, str] = {}
        self.start = machine_ticks()
        self.end = self.start

    def sample(self, groups: Mapping[str, Iterable[int]]) -> None:
        for group, pids in groups.items():
            for pid in pids:
                ticks = cpu_ticks(pid)
                self.first.setdefault(pid, ticks)
                self.last[pid] = max(ticks, self.last.get(pid, 0))
                self.group_of[pid] = group
        self.end = machine_ticks()

    def seconds(self, group: str) -> float:
        """CPU seconds used by ``group`` in the window."""
        ticks = sum(self.last[p] - self.first[p] for p, g in self.group_of.items() if g == group)
        return ticks / TICKS_PER_S

    def other_percent(self) -> float:
        """CPU used by others, in percent of the machine's capacity over the window."""
        total = self.end[1] - self.start[1]
        if total <= 0:
            return 0.0
        ours = sum(self.last[pid] - self.first[pid] for pid in self.last)
        others = max(0, self.end[0] - self.start[0] - ours)
        return round(100 * others / total, 1)
