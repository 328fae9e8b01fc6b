"""Stand-ins for a database in trouble: a closed port, a socket that accepts and never answers, and
a TCP proxy that can be cut and restored (a database restart without restarting one)."""

import contextlib
import socket
import threading


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Listener:
    """A TCP server on 127.0.0.1 that hands each connection to ``handle`` from a thread of its
    own until ``close()``. Subclasses set their attributes before calling ``__init__``, which
    starts accepting."""

    def __init__(self, port=0):
        self.listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.handle(connection)

    def handle(self, connection):
        raise NotImplementedError

    def close(self):
        self.listener.close()


class SilentServer(Listener):
    """Accepts connections and never sends a byte."""

    def __init__(self):
        self.accepted = []
        super().__init__()

    def handle(self, connection):
        self.accepted.append(connection)

    def close(self):
        super().close()
        for connection in self.accepted:
            connection.close()


class CuttableProxy(Listener):
    """Forwards 127.0.0.1:port to a target; ``cut()`` closes every connection and refuses new
    ones, as a database that went down; ``restore()`` forwards again."""

    def __init__(self, target_port, port=0):
        self.target_port = target_port
        self.up = True
        self.lock = threading.Lock()
        self.pairs = []
        super().__init__(port)

    def handle(self, client):
        with self.lock:
            if not self.up:
                client.close()
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()
                return
            upstream.settimeout(None)
            self.pairs.append((client, upstream))
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def cut(self):
        with self.lock:
            self.up = False
            for client, upstream in self.pairs:
                for end in (client, upstream):
                    with contextlib.suppress(OSError):
                        end.shutdown(socket.SHUT_RDWR)
            self.pairs = []

    def restore(self):
        with self.lock:
            self.up = True

    def close(self):
        self.cut()
        super().close()
