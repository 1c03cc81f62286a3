"""The platform's key set endpoint for the launch benchmark: one JSON file served at every path.

It stands in for Moodle's mod/lti/certs.php on another host: HTTP/1.0, one connection per
request, no Cache-Control header (as certs.php). Standard library only; it runs until stopped.

    python benchmarks/jwks_server.py --port 8001 --file jwks.json
"""

import argparse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def make_handler(body: bytes) -> type[BaseHTTPRequestHandler]:
    """A request handler that answers every GET with `body` as JSON, and logs nothing."""

    class KeySetHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return None

    return KeySetHandler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--file", type=Path, required=True, help="the JWKS to serve")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.file.read_bytes()))
    server.daemon_threads = True
    with server:
        server.serve_forever()


if __name__ == "__main__":
    main()
