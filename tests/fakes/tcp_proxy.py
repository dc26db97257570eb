"""A TCP proxy on 127.0.0.1 in front of a server (the tests' PostgreSQL) that a test cuts and
restores, and `DatabaseOutage`: the test database going away and coming back on either back end.

`cut()` drops every live connection and refuses new ones, as a restarting server does;
`cut(blackhole=True)` drops them and then accepts connections that never answer, as an
unreachable host does (the client waits for its own timeout). `restore()` forwards again.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import struct
import threading

from sqlalchemy.engine import make_url


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self.accepted = 0  # connections accepted since start
        self._lock = threading.Lock()
        self._live: set[socket.socket] = set()
        self._held: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._accepting: threading.Thread | None = None
        self._blackhole = False
        self._stopping = threading.Event()

    @classmethod
    def in_front_of(cls, database_url: str) -> TcpProxy:
        url = make_url(database_url)
        return cls(url.host or "127.0.0.1", url.port or 5432)

    def start(self) -> TcpProxy:
        self._listen()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._close_listener()
        self._drop_all()

    def url(self, database_url: str) -> str:
        """`database_url` reaching its server through this proxy."""
        proxied = make_url(database_url).set(host="127.0.0.1", port=self.port)
        return proxied.render_as_string(hide_password=False)

    @property
    def live(self) -> int:
        """Connections being forwarded now."""
        with self._lock:
            return len(self._live) // 2

    def cut(self, *, blackhole: bool = False) -> None:
        with self._lock:
            self._blackhole = blackhole
        if not blackhole:
            self._close_listener()
        self._drop_all()

    def restore(self) -> None:
        with self._lock:
            self._blackhole = False
            held, self._held = self._held, set()
        for sock in held:
            _reset(sock)
        if self._listener is None:
            self._listen()

    # -- inside ------------------------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        accepting = threading.Thread(target=self._accept, args=(listener,), name="tcp-proxy", daemon=True)
        self._accepting = accepting
        accepting.start()

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        # The port stays taken while the accepting thread still waits in accept(): listening on it
        # again (restore) right after a cut would fail until that thread has left.
        accepting, self._accepting = self._accepting, None
        if accepting is not None and accepting is not threading.current_thread():
            accepting.join(timeout=5)

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopping.is_set() and self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by cut() or stop()
            client.settimeout(None)
            self.accepted += 1
            with self._lock:
                if self._blackhole:
                    self._held.add(client)
                    continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                self._live.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._live.discard(source)
                self._live.discard(target)
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)  # wakes the other direction's pump
            source.close()

    def _drop_all(self) -> None:
        with self._lock:
            doomed, self._live = self._live, set()
            doomed |= self._held
            self._held = set()
        for sock in doomed:
            _reset(sock)


def _reset(sock: socket.socket) -> None:
    """Close with a reset (no orderly goodbye), the way a cut connection ends."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


class DatabaseOutage:
    """PostgreSQL behind a `TcpProxy` that `begin()` cuts, or a SQLite file that a backup holds
    (another connection's exclusive lock, which SQLite's busy timeout waits for). `url` is what
    Veille is given: through the proxy, or with a short busy timeout so a test does not wait 15 s.
    """

    SQLITE_TIMEOUT = 0.5

    def __init__(self, database_url: str) -> None:
        self.backend = make_url(database_url).get_backend_name()
        self.proxy: TcpProxy | None = None
        self._backup: sqlite3.Connection | None = None
        if self.backend == "sqlite":
            self._path = make_url(database_url).database or ""
            self.url = f"{database_url}?timeout={self.SQLITE_TIMEOUT}"
        else:
            self.proxy = TcpProxy.in_front_of(database_url).start()
            self.url = self.proxy.url(database_url)

    def begin(self, *, blackhole: bool = False) -> None:
        if self.proxy is not None:
            self.proxy.cut(blackhole=blackhole)
            return
        self._backup = sqlite3.connect(self._path, timeout=30)
        self._backup.execute("BEGIN EXCLUSIVE")

    def end(self) -> None:
        if self.proxy is not None:
            self.proxy.restore()
        elif self._backup is not None:
            self._backup.rollback()
            self._backup.close()
            self._backup = None

    def close(self) -> None:
        self.end()
        if self.proxy is not None:
            self.proxy.stop()
