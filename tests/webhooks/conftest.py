import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture
def receiver(settings):
    """A real consumer on 127.0.0.1 that records what it gets and answers with `status`.

    A slow consumer: set `state["hold"]` to a threading.Event and it answers only once that is set.
    Loopback is refused by default, so this consumer is allowed by the documented setting.
    """
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    received = []
    state = {"status": 200, "hold": None, "headers": {}}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append({"method": self.command, "headers": dict(self.headers), "body": body})
            if state["hold"] is not None:
                state["hold"].wait(timeout=30)
            self.send_response(state["status"])
            for name, value in state["headers"].items():
                self.send_header(name, value)
            self.end_headers()

        do_GET = do_POST

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {
        "url": f"http://127.0.0.1:{server.server_port}/hook",
        "port": server.server_port,
        "received": received,
        "state": state,
        "json": lambda i=-1: json.loads(received[i]["body"]),
    }
    if state["hold"] is not None:
        state["hold"].set()
    server.shutdown()
    server.server_close()
