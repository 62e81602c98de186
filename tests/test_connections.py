"""Nagle's algorithm turned off on the server's own sockets, and only on them (components/connections.py)."""

from __future__ import annotations

import os
import socket
import sys

import pytest

from components.connections import set_tcp_nodelay, tune_server_connections

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no table of open files on Windows: the tuning does nothing")


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


@pytest.fixture
def listener():
    # Bound the way Streamlit 1.67 binds its server (protocol 0), so asyncio would leave Nagle on.
    sock = socket.socket(socket.AF_INET)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock
    sock.close()


def test_the_listening_socket_and_open_connections_get_tcp_nodelay(listener):
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    other = socket.socket(socket.AF_INET)  # another port's listener: not the server's, left alone
    other.bind(("127.0.0.1", 0))
    other.listen()
    try:
        assert _nodelay(listener) == 0 and _nodelay(accepted) == 0
        assert set_tcp_nodelay(port) == 2  # the listener and the accepted connection
        assert _nodelay(listener) == 1 and _nodelay(accepted) == 1
        assert _nodelay(other) == 0
        # Connections accepted later inherit the option from the listener.
        late_client = socket.create_connection(("127.0.0.1", port))
        late, _ = listener.accept()
        assert _nodelay(late) == 1
        assert set_tcp_nodelay(port) == 0  # already set: nothing to change
        # The sockets still work: the duplicates the tuning opened were closed, not these.
        late_client.sendall(b"ping")
        assert late.recv(4) == b"ping"
        for sock in (late, late_client):
            sock.close()
    finally:
        for sock in (client, accepted, other):
            sock.close()


def test_tuning_runs_once_per_port_and_never_raises(listener, monkeypatch):
    from components import connections

    monkeypatch.setattr(connections, "_tuned_ports", set())
    calls = []
    real = connections.set_tcp_nodelay
    monkeypatch.setattr(connections, "set_tcp_nodelay", lambda port: calls.append(port) or real(port))
    port = listener.getsockname()[1]
    tune_server_connections(port)
    assert _nodelay(listener) == 1
    assert calls == [port, port]  # something changed: a second pass for connections accepted meanwhile
    tune_server_connections(port)  # a second run of the script: a set lookup, nothing else
    assert calls == [port, port]
    tune_server_connections(1)  # a port nobody listens on: one pass finds nothing, no error
    assert calls == [port, port, 1]


def test_blocking_mode_of_every_socket_is_left_as_it_was(listener):
    """Wrapping a descriptor in a socket object may make it non-blocking (socket.setdefaulttimeout); the flag is
    shared with the owner's descriptor, so it is put back, on the server's sockets and on every other one."""
    other = socket.socket(socket.AF_INET)
    other.bind(("127.0.0.1", 0))
    other.listen()
    try:
        previous = socket.getdefaulttimeout()
        socket.setdefaulttimeout(5.0)
        try:
            set_tcp_nodelay(listener.getsockname()[1])
        finally:
            socket.setdefaulttimeout(previous)
        # The descriptors' own flag (a socket object's getblocking() reports what it was told, not the flag).
        assert os.get_blocking(listener.fileno()) and os.get_blocking(other.fileno())
    finally:
        other.close()
