"""The loopback HTTP servers that stand in for vendors (chat webhooks, contact APIs): a
threaded `http.server` on 127.0.0.1 with a port chosen by the system, run as a context manager.
What each vendor answers is written in its own module, from its documentation."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that writes no access log into the test output."""

    def log_message(self, *args):
        pass


class Loopback:
    """Call `serve(handler_class)` at the end of `__init__`; `with server:` starts it."""

    def serve(self, handler_class: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
