"""Nagle's algorithm off on the dashboard server's TCP connections, so a kept-alive request is not held 40 ms.

Why this exists: Streamlit 1.67 binds its listening socket itself with ``socket.socket(family)``, whose protocol
number is 0, and asyncio sets ``TCP_NODELAY`` only on sockets whose protocol is ``IPPROTO_TCP``. So every
connection the server accepts keeps Nagle's algorithm on. The server writes a response's headers and its body
separately; with Nagle on, the body waits for the browser to acknowledge the headers, and the browser delays that
acknowledgement by 40 ms. Every request after the first on a kept-alive connection therefore takes about 44 ms
however small the file (measured on the loopback: 1.5 ms for the first request, 44 ms for each later one), and the
page asks for about 180 script files over six connections. Websocket messages sent in a burst (a rerun's deltas)
are held the same way.

The fix changes no Streamlit code: it finds this process's TCP sockets on the server's port through the operating
system's table of open files (``/proc/self/fd`` on Linux, ``/dev/fd`` on macOS; on a system whose ``/dev/fd`` lists
only the standard descriptors, FreeBSD without fdescfs, it finds nothing) and sets ``TCP_NODELAY`` on them.
Sockets accepted later inherit the option from the listening socket. Where the table is not available (Windows) or
the server listens on a Unix socket, nothing changes. Once Streamlit sets the option itself, this finds it set and
changes nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import stat

logger = logging.getLogger(__name__)

_TCP_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def _open_file_table() -> str | None:
    for folder in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(folder):
            return folder
    return None


def set_tcp_nodelay(port: int) -> int:
    """Set ``TCP_NODELAY`` on every TCP socket of this process bound to ``port``: the listening one and accepted ones.

    Parameters
    ----------
    port : int
        The server's TCP port (Streamlit's ``server.port``).

    Returns
    -------
    int
        How many sockets had the option off and now have it on (0 when all had it already, none was found, or the
        system offers no table of open files).

    Notes
    -----
    Never raises: a file that is not a socket, or a socket closed while it is looked at, is skipped.
    """
    folder = _open_file_table()
    if folder is None:
        return 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    changed = 0
    for name in names:
        try:
            fd = int(name)
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                continue
            # A duplicate of the descriptor: the option is the socket's, shared by both; closing ours leaves theirs.
            copy = os.dup(fd)
        except (OSError, ValueError):
            continue
        # Blocking is shared by the duplicates too, and a socket object may change it (socket.setdefaulttimeout):
        # put it back as it was.
        blocking = os.get_blocking(copy)
        try:
            sock = socket.socket(fileno=copy)
        except OSError:
            os.close(copy)
            continue
        try:
            if (
                sock.family in _TCP_FAMILIES
                and sock.type == socket.SOCK_STREAM
                and sock.getsockname()[1] == port
                and not sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            ):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                changed += 1
        except OSError:
            pass
        finally:
            os.set_blocking(copy, blocking)
            sock.close()
    return changed


_tuned_ports: set[int] = set()


def tune_server_connections(port: int) -> None:
    """Turn Nagle's algorithm off on the server's connections, once per server port and process.

    Cheap enough to call on every run (a set lookup after the first); the first call also reaches the connections
    already open, the page's own included. Never raises.

    Parameters
    ----------
    port : int
        The server's TCP port (Streamlit's ``server.port``).
    """
    if port in _tuned_ports:
        return
    changed = set_tcp_nodelay(port)
    if changed:
        # A connection accepted while the table was read, before the listening socket had the option, has not
        # inherited it: a second pass finds it.
        changed += set_tcp_nodelay(port)
    _tuned_ports.add(port)
    if changed:
        logger.info("TCP_NODELAY set on %d server socket(s) on port %d", changed, port)
