"""Server CPU time per message, read from /proc: the figure a busy machine disturbs least.

On a shared machine throughput moves with whatever else runs (the ratio to the baseline moved between 2.91x and
4.08x in two back-to-back runs), because a server waiting for a core serves fewer messages a second. The CPU time
it spends per message hardly moves, since time spent waiting is not charged to it. So each load level takes a
snapshot of the user + system time of the Rasa server's process tree and of the action server's before and after,
and divides the difference by the messages sent to it. Reading the files is `snapshot`; the rest is arithmetic,
unit-tested without servers.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

# (pid, start time in clock ticks since boot) -> user + system clock ticks the process has used so far. The start
# time is in the key so that a pid the kernel reused between two snapshots is not taken for the same process.
Snapshot = dict[tuple[int, int], int]

PARTS = ("rasa", "actions")  # the Rasa server's process tree and the action server's, measured apart


def parse_stat(text: str) -> tuple[int, int]:
    """(start time, utime + stime) in clock ticks from the text of /proc/<pid>/stat. The command name (field 2)
    may hold spaces and parentheses, so fields are counted after its last ')': there the state (field 3) is
    index 0, utime (14) index 11, stime (15) index 12 and starttime (22) index 19. A process's utime and stime
    cover all its threads (TensorFlow's and Sanic's included)."""
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[19]), int(fields[11]) + int(fields[12])


def snapshot(pids: Iterable[int], proc: Path = Path("/proc")) -> Snapshot:
    """CPU ticks used so far by each of `pids` still alive (one that exits while being read is skipped)."""
    taken: Snapshot = {}
    for pid in pids:
        try:
            start, ticks = parse_stat((proc / str(pid) / "stat").read_text())
        except (OSError, IndexError, ValueError):
            continue
        taken[(pid, start)] = ticks
    return taken


def ticks_per_second() -> int:
    return os.sysconf("SC_CLK_TCK")


def cpu_seconds_between(before: Snapshot, after: Snapshot, ticks_per_s: float) -> float:
    """CPU seconds used between two snapshots by the processes alive at the second. One started in between
    counts from zero; one that ended in between is lost with its last interval, which the servers (a fixed set
    of processes, no fork per request) only do when a worker dies, and then the run has errors anyway."""
    return sum(now - before.get(key, 0) for key, now in after.items()) / ticks_per_s


def ms_per_message(cpu_s: float, messages: int) -> float | None:
    """None when nothing was sent: no messages, no cost per message."""
    return round(cpu_s * 1000 / messages, 2) if messages else None


def cpu_per_message(
    before: Mapping[str, Snapshot], after: Mapping[str, Snapshot], messages: int, ticks_per_s: float
) -> dict[str, float | int | None]:
    """The CPU cost of one load level from snapshots of each part (`PARTS`) taken before and after it.

    `messages` is every message sent during the level, warm-up and tail included, errors and timeouts included,
    because the snapshots bracket all of them and the server did the work whether or not the reply came in time.
    `cpu_ms_per_msg` is both servers together, the figure compared with the baseline (which runs the same action
    server); the parts show where the time went.
    """
    seconds = {part: cpu_seconds_between(before.get(part, {}), after.get(part, {}), ticks_per_s) for part in PARTS}
    total = sum(seconds.values())
    figures: dict[str, float | int | None] = {
        "messages_sent": messages,
        "cpu_s": round(total, 2),
        "cpu_ms_per_msg": ms_per_message(total, messages),
    }
    figures |= {f"{part}_cpu_ms_per_msg": ms_per_message(seconds[part], messages) for part in PARTS}
    return figures
