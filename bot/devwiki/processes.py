"""Ports and server processes of the local wikis: free ports, process groups, stopping."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from bot.devwiki.paths import DEFAULT_PORTS, devwiki_dir

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- ports
def port_is_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:port (and we could bind it).

    SO_REUSEADDR as ``php -S`` uses it: connections of a just-stopped server linger in
    TIME_WAIT, which blocks a plain bind but not a server's.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """Ports the kernel considers free right now (distinct)."""
    socks: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            socks.append(sock)
        return [s.getsockname()[1] for s in socks]
    finally:
        for sock in socks:
            sock.close()


def default_ports() -> dict[str, int]:
    """The ``make wiki`` ports: 8181-8183, or ``DEVWIKI_PORT_EN`` etc. from the environment."""
    return {
        c: int(os.environ.get(f"DEVWIKI_PORT_{c.upper()}", p)) for c, p in DEFAULT_PORTS.items()
    }




def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_our_server(pid: int, port: int) -> bool:
    """Whether ``pid`` is a ``php -S`` serving ``port`` (guards against recycled pids)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"-S" in cmdline and f"127.0.0.1:{port}".encode() in cmdline


def group_alive(pgid: int) -> bool:
    """Whether a process group has a live (non-zombie) member.

    The workers of ``php -S`` are re-parented to init when the master dies, and init may take
    a second or more to reap them; zombies serve nothing, so they do not count.
    """
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def kill_group(pgid: int, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Stop a server's process group: SIGTERM, then SIGKILL what is left after 5 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
    while time.monotonic() < deadline:
        if not group_alive(pgid):
            return
        time.sleep(0.02)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)


def registry_dir() -> Path:
    return devwiki_dir() / "sets"
