"""A TCP relay between the app and the PostgreSQL server that the tests can cut, as a laptop's
network drops: at once, or after the server has sent a given number of bytes (which can fall
between a COMMIT reaching the server and its answer reaching the laptop)."""

from __future__ import annotations

import contextlib
import socket
import threading


class CuttableLink:
    def __init__(self, target_port: int) -> None:
        self._target = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._budget: int | None = None  # bytes from the server before the cut
        self.down = False
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def cut_after(self, server_bytes: int) -> None:
        """Lets `server_bytes` more bytes through from the server, then cuts every connection
        and refuses new ones until `restore()`."""
        with self._lock:
            self._budget = server_bytes

    def cut(self) -> None:
        with self._lock:
            self.down = True
            self._budget = None
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def restore(self) -> None:
        with self._lock:
            self.down = False
            self._budget = None

    def close(self) -> None:
        self.cut()
        self._listener.close()
        for thread in [self._accepting, *self._threads]:
            thread.join(timeout=5)
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return  # closed
            with self._lock:
                refused = self.down
            if refused:
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", self._target))
            with self._lock:
                self._sockets += [client, server]
            for source, sink, from_server in ((client, server, False), (server, client, True)):
                thread = threading.Thread(
                    target=self._pump, args=(source, sink, from_server), daemon=True
                )
                self._threads.append(thread)
                thread.start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_server: bool) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                with contextlib.suppress(OSError):
                    sink.shutdown(socket.SHUT_RDWR)
                return
            cut_now = False
            with self._lock:
                if from_server and self._budget is not None:
                    if len(data) >= self._budget:
                        data, cut_now = data[: self._budget], True
                    else:
                        self._budget -= len(data)
            try:
                sink.sendall(data)
            except OSError:
                return
            if cut_now:
                self.cut()
                return
