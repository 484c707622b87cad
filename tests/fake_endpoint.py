"""A stand-in HTTP server on 127.0.0.1 that answers every request the same way and records them.

For what a real store will not do on demand: ask for a password, refuse an upload as too large,
answer slowly, or serve as the far end of a SERVICE call.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeEndpoint:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/plain"
    delay: float = 0.0
    requests: list[Request] = field(default_factory=list)

    def __enter__(self) -> "FakeEndpoint":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.requests.append(Request(self.command, self.path, dict(self.headers), body))
                time.sleep(fake.delay)
                self.send_response(fake.status)
                self.send_header("Content-Type", fake.content_type)
                self.send_header("Content-Length", str(len(fake.body)))
                self.end_headers()
                self.wfile.write(fake.body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
