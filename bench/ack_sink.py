#!/usr/bin/env python3
"""ack_sink.py - the cheapest HTTP sink for bench/transport: answers every
POST /events with 200 and the Raceway server's envelope, reading but not
parsing the body, so the benchmark measures the runtime's encoder and HTTP
client rather than a validating collector (test/tools/collector.py does
the validation in the tests).  Listens on 127.0.0.1 only, writes its port
to --port-file, and stops by itself after --max-seconds.

  ack_sink.py --port-file F [--max-seconds S]
"""

import argparse
import http.server
import os
import threading

BODY = b'{"success":true,"data":"Ingested events","error":null}'


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive, as the runtime's libcurl uses
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle
    # plus delayed ACK adds 40 ms to every response.
    disable_nagle_algorithm = True

    def do_POST(self):
        left = int(self.headers.get("Content-Length", "0"))
        while left > 0:
            chunk = self.rfile.read(min(left, 1 << 16))
            if not chunk:
                return
            left -= len(chunk)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--port-file", required=True)
    p.add_argument("--max-seconds", type=float, default=120.0)
    args = p.parse_args()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    threading.Timer(args.max_seconds, srv.shutdown).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
