"""A loopback HTTP proxy that makes a real backend misbehave on purpose, for tests and benchmarks.

    proxy = FaultyProxy(lambda: server.url)   # the upstream may change (a restarted server)
    proxy.start(); proxy.url                   # point the client here
    proxy.delay = 2.0                          # every reply 2 s late
    proxy.plan(["drop", "503", "pass"])        # what the next requests get, then "pass" again

Faults: "pass" (forward), "drop" (close the connection without an answer), "drop_after" (forward to
the server, then drop the answer: the write happened but the client never hears so), "503" (answer
503 with Retry-After: 1 without forwarding), "down" (refuse like a stopped server).
"""
from __future__ import annotations

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import urlsplit

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"}


class FaultyProxy:
    def __init__(self, upstream: Callable[[], str]):
        self.upstream = upstream
        self.delay = 0.0
        self.default = "pass"
        self._plan: list[str] = []
        self._lock = threading.Lock()
        self.log: list[tuple[str, str, str]] = []  # (method, path, fault)
        self._httpd: ThreadingHTTPServer | None = None

    def plan(self, faults: list[str]) -> None:
        with self._lock:
            self._plan = list(faults)

    def _next_fault(self, method: str, path: str) -> str:
        with self._lock:
            fault = self._plan.pop(0) if self._plan else self.default
            self.log.append((method, path, fault))
            return fault

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FaultyProxy":
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                fault = proxy._next_fault(self.command, self.path)
                if proxy.delay:
                    time.sleep(proxy.delay)  # the injected fault itself: a slow backend
                if fault in ("drop", "down"):
                    self.close_connection = True
                    self.connection.close()
                    return
                if fault == "503":
                    self._send(503, {"Retry-After": "1", "Content-Type": "application/json"},
                               b'{"code":"unavailable","message":"The service is busy."}')
                    return
                status, headers, data = proxy._forward(self.command, self.path, self.headers, body)
                if fault == "drop_after":
                    self.close_connection = True
                    self.connection.close()
                    return
                self._send(status, headers, data)

            def _send(self, status, headers, data):
                self.send_response(status)
                for key, value in headers.items():
                    if key.lower() not in _HOP_BY_HOP and key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, name="faulty-proxy", daemon=True).start()
        return self

    def _forward(self, method, path, headers, body):
        target = urlsplit(self.upstream())
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        try:
            forwarded = {k: v for k, v in headers.items() if k.lower() not in _HOP_BY_HOP and k.lower() != "host"}
            conn.request(method, path, body=body, headers=forwarded)
            reply = conn.getresponse()
            return reply.status, dict(reply.getheaders()), reply.read()
        except OSError:
            return 502, {"Content-Type": "application/json"}, b'{"code":"bad_gateway","message":"upstream down"}'
        finally:
            conn.close()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
