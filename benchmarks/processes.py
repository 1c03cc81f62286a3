"""The servers of a benchmark: start them, wait until they answer, count their CPU, stop them.

Each server runs in its own process group, which is ended by its id (SIGTERM, then SIGKILL);
on Linux a server also gets SIGTERM if the benchmark itself dies, so nothing outlives a run.
"""

import contextlib
import ctypes
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ServerError(RuntimeError):
    """A server did not start or a setup command failed; the message ends with its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_command(
    command: Sequence[str], *, env: dict, cwd: Path, log_path: Path, timeout: float = 120
) -> None:
    """Run a setup command to its end (at most `timeout` s); raises ServerError if it fails."""
    with log_path.open("ab") as log:
        result = subprocess.run(  # noqa: S603 - our own commands, no shell
            list(command), env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, timeout=timeout
        )
    if result.returncode != 0:
        raise ServerError(f"{' '.join(command)} failed:\n{log_tail(log_path)}")


class Servers:
    """The processes started for a run; `stop_all` (or leaving the `with`) ends every one."""

    def __init__(self) -> None:
        self._running: list[subprocess.Popen] = []

    def __enter__(self) -> "Servers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_all()

    def start(
        self, command: Sequence[str], *, env: dict, cwd: Path, log_path: Path
    ) -> subprocess.Popen:
        """Start a server in a new process group, its output going to `log_path`."""
        with log_path.open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - our own commands, no shell
                list(command),
                env=env,
                cwd=cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        self._running.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        """End the process and its group: SIGTERM, then SIGKILL after 10 s."""
        if process in self._running:
            self._running.remove(process)
        if process.poll() is None:
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in reversed(list(self._running)):
            self.stop(process)


def wait_until_ready(
    process: subprocess.Popen, *, port: int, path: str, log_path: Path, timeout: float = 30
) -> None:
    """Return once GET `path` answers 200; raises ServerError if the server dies or is slow."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"the server exited ({process.returncode}):\n{log_tail(log_path)}")
        if _answers_ok(port, path):
            return
        time.sleep(0.1)
    raise ServerError(f"the server did not answer GET {path} in {timeout} s:\n{log_tail(log_path)}")


def cpu_seconds(root_pid: int) -> float:
    """CPU time (user + system) used so far by a process and all its live descendants."""
    usage = _cpu_by_pid()
    family, found = {root_pid}, True
    while found:
        found = False
        for pid, (parent, _) in usage.items():
            if parent in family and pid not in family:
                family.add(pid)
                found = True
    return sum(usage[pid][1] for pid in family if pid in usage)


def machine_busy_seconds() -> float:
    """CPU time all cores of the machine have spent busy since boot (not idle, not iowait)."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    idle, iowait = ticks[3], ticks[4]
    guest = sum(ticks[8:10])  # guest time is counted in user time already
    return (sum(ticks) - idle - iowait - guest) / _CLOCK_TICKS


def log_tail(log_path: Path, lines: int = 25) -> str:
    """The last lines of a server's log, to say why it failed."""
    if not log_path.exists():
        return "(no log)"
    return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])


def _cpu_by_pid() -> dict[int, tuple[int, float]]:
    """{pid: (parent pid, CPU seconds)} of every process readable in /proc."""
    usage = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, …
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        usage[int(entry.name)] = (int(fields[1]), ticks / _CLOCK_TICKS)
    return usage


def _answers_ok(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)  # the group we made with start_new_session


def _die_with_parent() -> None:
    """In the child: ask Linux to send SIGTERM when the benchmark process ends, however."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
