#!/usr/bin/env python3
"""collector.py - a local Raceway collector for the tests.

Answers POST /events as the Raceway server does (wire spec section 1:
checks in the server's order, the same statuses and bodies) and validates
every event strictly (raceway_schema.py, wire spec section 2).  Accepted
events are appended in order to --out as JSON Lines; one line per request
goes to --log.  Fault modes let transport tests see retries and drops.
It always stops by itself (--max-seconds, default 300) and on SIGTERM.

It binds port 0 itself and writes the port it got to --port-file: a test
never picks a port for it (a port picked free and bound later can be taken
by another process meanwhile).  The port stays bound for the collector's
whole life, also in the modes that do not serve (yet):
  --no-listen      bound, never listening: connections are refused
  --no-accept      listening, never accepting: connections hang
  --listen-after F bound and refusing until file F exists (and holds
                   --listen-after-text T, when given), then serving: a
                   server that comes up when the test says so, not after
                   a sleep
  --reset          listening and accepting, but every connection is reset
                   at once (RST) without reading a byte: a server that is
                   down, whose connection attempts can still be counted
                   (one --log line each, "connections" in the stats)
Injected fault statuses carry a Retry-After header with --retry-after V:
V seconds, or "date+N" for an HTTP-date N seconds from now.

  collector.py --port-file F [--out F] [--log F] [--api-key K]...
               [--fail-first N --fail-status S] [--status-sequence 500,422,200]
               [--retry-after V] [--delay-ms D] [--close-midway N]
               [--partial] [--queue-full N]
               [--max-requests N] [--max-seconds S] [--canonical]
               [--no-listen | --no-accept | --reset |
                --listen-after F [--listen-after-text T]]
  collector.py --wait-for F [--timeout S]   wait for a port file, print port

Routes: POST /events, GET /stats (counts as JSON), GET /health.
Python standard library only.
"""

import argparse
import email.utils
import http.server
import json
import os
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import raceway_schema  # noqa: E402

BODY_LIMIT = 2 * 1024 * 1024   # axum DefaultBodyLimit (wire spec 1.7)
DRAIN_LIMIT = 16 * 1024 * 1024  # read this much of an oversize body before 413

MSG_415 = "Expected request with `Content-Type: application/json`"
MSG_413 = "Failed to buffer the request body: length limit exceeded"
MSG_400 = "Failed to parse the request body as JSON: "
MSG_422 = "Failed to deserialize the JSON body into the target type: "


def is_json_content_type(value):
    """application/json or application/<x>+json, parameters allowed."""
    if not value:
        return False
    mime = value.split(";", 1)[0].strip().lower()
    if not mime.startswith("application/"):
        return False
    sub = mime[len("application/"):]
    return sub == "json" or (sub.endswith("+json") and len(sub) > 5)


def api_key_from(headers):
    """The server's extract_api_key: Bearer first, then X-Raceway-Key."""
    auth = headers.get("Authorization")
    if auth and (auth.startswith("Bearer ") or auth.startswith("bearer ")):
        key = auth[7:].strip()
        if key:
            return key
    key = (headers.get("X-Raceway-Key") or "").strip()
    return key or None


class Faults:
    """Which injected fault, if any, the n-th POST /events gets (n from 1)."""

    def __init__(self, args):
        self.fail_first = args.fail_first
        self.fail_status = args.fail_status
        self.sequence = [int(s) for s in args.status_sequence.split(",")] \
            if args.status_sequence else []
        self.close_midway = args.close_midway
        self.partial = args.partial

    def for_request(self, n):
        if n <= self.close_midway:
            return "close", None
        if n <= self.fail_first:
            return "status", self.fail_status
        if n <= len(self.sequence) and self.sequence[n - 1] != 200:
            return "status", self.sequence[n - 1]
        return None, None


class Collector:
    """State shared by the handler threads; one lock keeps requests, counts
    and the --out file in one order."""

    def __init__(self, args):
        self.args = args
        self.faults = Faults(args)
        self.checker = raceway_schema.Checker(canonical=args.canonical)
        self.lock = threading.Lock()
        # requests counts POST /events only (GET /stats must not move it).
        self.stats = {"requests": 0, "batches": 0, "events": 0, "connections": 0,
                      "dropped_partial": 0, "dropped_queue_full": 0,
                      "rejected_batches": 0, "by_status": {}}
        self.queue_full_left = args.queue_full
        self.out = open(args.out, "a", encoding="utf-8") if args.out else None
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None
        self.stop_reason = None

    def close(self):
        for f in (self.out, self.log):
            if f:
                f.close()

    def count(self, status):
        key = str(status)
        self.stats["by_status"][key] = self.stats["by_status"].get(key, 0) + 1

    def write_log(self, record):
        if self.log:
            self.log.write(json.dumps(record, sort_keys=True) + "\n")
            self.log.flush()

    def store(self, events):
        self.stats["batches"] += 1
        self.stats["events"] += len(events)
        if self.out:
            for ev in events:
                self.out.write(json.dumps(ev, ensure_ascii=False,
                                          separators=(",", ":")) + "\n")
            self.out.flush()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the server
    disable_nagle_algorithm = True  # headers and body: no 40 ms delayed-ACK stall
    server_version = "raceway-test-collector"
    collector = None  # set by main()

    def log_message(self, fmt, *args):  # quiet: the --log file is the record
        pass

    # -- responses ---------------------------------------------------------

    def reply(self, status, body, content_type="application/json", close=False,
              extra=None):
        data = body.encode("utf-8")
        delay = self.collector.args.delay_ms
        if delay:
            time.sleep(delay / 1000.0)
        self.send_response(status)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(data)

    def envelope(self, status, success, data=None, error=None, extra=None):
        self.reply(status, json.dumps({"success": success, "data": data, "error": error},
                                      separators=(",", ":")), extra=extra)

    def text(self, status, message, close=False):
        self.reply(status, message, "text/plain; charset=utf-8", close)

    # -- body --------------------------------------------------------------

    def read_body(self):
        """The body, or None when it is over BODY_LIMIT (then drained as far
        as DRAIN_LIMIT so the client reads the 413 instead of a reset)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self.read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        if length > BODY_LIMIT:
            self.drain(length)
            return None
        return self.rfile.read(length)

    def read_chunked(self):
        parts, total = [], 0
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                break
            total += size
            chunk = self.rfile.read(size)
            self.rfile.readline()
            if total <= BODY_LIMIT:
                parts.append(chunk)
            elif total > DRAIN_LIMIT:
                self.close_connection = True
                return None
        return b"".join(parts) if total <= BODY_LIMIT else None

    def drain(self, length):
        if length > DRAIN_LIMIT:
            self.close_connection = True
            return
        while length > 0:
            chunk = self.rfile.read(min(length, 65536))
            if not chunk:
                break
            length -= len(chunk)

    # -- routes ------------------------------------------------------------

    def do_GET(self):
        c = self.collector
        if self.path == "/stats":
            with c.lock:
                body = json.dumps(c.stats, sort_keys=True)
            self.reply(200, body)
        elif self.path == "/health":
            self.envelope(200, True, {"phase": "completed", "ready": True})
        elif self.path == "/events":
            self.text(405, "Method Not Allowed")
        else:
            self.text(404, "Not Found")

    def do_PUT(self):
        self.other_method()

    def do_DELETE(self):
        self.other_method()

    def other_method(self):
        self.text(405 if self.path == "/events" else 404, "Method Not Allowed")

    def do_POST(self):
        if self.path != "/events":
            self.text(404, "Not Found")
            return
        c = self.collector
        with c.lock:
            c.stats["requests"] += 1
            n = c.stats["requests"]
            record = self.request_record(n)
            status = self.handle_events(n, record)
            record["status"] = status
            if status:
                c.count(status)
            c.write_log(record)
            self.maybe_stop()

    def request_record(self, n):
        h = self.headers
        return {"n": n, "method": "POST", "path": self.path,
                "content_type": h.get("Content-Type"),
                "content_length": h.get("Content-Length"),
                "chunked": "chunked" in (h.get("Transfer-Encoding") or "").lower(),
                "authorization": h.get("Authorization") is not None,
                "bearer": (h.get("Authorization") or "").startswith(("Bearer ", "bearer ")),
                "x_raceway_key": h.get("X-Raceway-Key") is not None,
                "x_raceway_internal": h.get("X-Raceway-Internal")}

    def handle_events(self, n, record):
        """Returns the status sent, or None when the connection was cut."""
        c = self.collector
        fault, fault_status = c.faults.for_request(n)
        if fault == "close":
            record["fault"] = "close-midway"
            self.read_body()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return None
        if c.args.api_key and api_key_from(self.headers) not in c.args.api_key:
            self.read_body()
            self.envelope(401, False, error="Unauthorized")
            return 401
        if not is_json_content_type(self.headers.get("Content-Type")):
            self.read_body()
            self.text(415, MSG_415)
            return 415
        body = self.read_body()
        if body is None:
            self.text(413, MSG_413, close=self.close_connection)
            return 413
        if c.args.log_ids:
            record["ids"] = event_ids(body)
        if fault == "status":
            record["fault"] = "status %d" % fault_status
            extra = retry_after_header(c.args.retry_after)
            if extra:
                record["retry_after"] = extra["Retry-After"]
            self.envelope(fault_status, False, error="injected fault %d" % fault_status,
                          extra=extra)
            return fault_status
        try:
            events = c.checker.check_batch(raceway_schema.parse_body(body))
        except raceway_schema.SchemaError as e:
            c.stats["rejected_batches"] += 1
            record["error"] = str(e)
            if e.status == 400:
                self.text(400, MSG_400 + str(e))
            else:
                self.text(422, MSG_422 + str(e))
            return e.status
        record["events"] = len(events)
        return self.ingest(n, events)

    def ingest(self, n, events):
        """Stores a valid batch; with --partial every second one loses its
        tail, as a full server queue does (wire spec 1.6); with --queue-full
        the first N batches find the queue full and none is stored."""
        c = self.collector
        if c.queue_full_left > 0:
            c.queue_full_left -= 1
            c.stats["dropped_queue_full"] += len(events)
            self.envelope(206, True, "Ingested 0 events, %d errors" % len(events))
            return 206
        if c.args.partial and n % 2 == 0 and len(events) > 1:
            kept = (len(events) + 1) // 2
            c.store(events[:kept])
            c.stats["dropped_partial"] += len(events) - kept
            self.envelope(206, True, "Ingested %d events, %d errors"
                          % (kept, len(events) - kept))
            return 206
        c.store(events)
        self.envelope(200, True, "Ingested %d events" % len(events))
        return 200

    def maybe_stop(self):
        c = self.collector
        if c.args.max_requests and c.stats["requests"] >= c.args.max_requests:
            c.stop_reason = "max-requests"
            threading.Thread(target=self.server.shutdown, daemon=True).start()


def event_ids(body):
    """The ids of a batch's events, in order (--log-ids); [] when it does
    not parse (the schema check reports that)."""
    try:
        events = json.loads(body).get("events", [])
        return [e.get("id") for e in events if isinstance(e, dict)]
    except (ValueError, AttributeError):
        return []


def retry_after_header(value):
    """{"Retry-After": ...} for --retry-after V (seconds, or date+N), or None."""
    if not value:
        return None
    if value.startswith("date+"):
        when = time.time() + float(value[len("date+"):])
        return {"Retry-After": email.utils.formatdate(when, usegmt=True)}
    return {"Retry-After": value}


def reset_loop(server, collector, stopped):
    """--reset: accept every connection and reset it at once (SO_LINGER 0),
    counting each; until told to stop."""
    sock = server.socket
    sock.settimeout(0.05)
    while not stopped.is_set():
        try:
            conn, _ = sock.accept()
        except socket.timeout:
            continue
        except OSError:
            break
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
        conn.close()
        with collector.lock:
            collector.stats["connections"] += 1
            collector.write_log({"n": collector.stats["connections"], "reset": True})


def write_atomically(path, text):
    tmp = "%s.tmp%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def wait_for_port(path, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(path) as f:
                port = f.read().strip()
            if port:
                print(port)
                return 0
        except FileNotFoundError:
            pass
        time.sleep(0.02)
    print("collector: no port in %s after %gs" % (path, timeout), file=sys.stderr)
    return 1


def wait_for_file(path, text, stopped):
    """True once path exists (and holds text, when given); False if the
    collector was told to stop first (SIGTERM, --max-seconds)."""
    while not stopped.is_set():
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                if text is None or text in f.read():
                    return True
        except FileNotFoundError:
            pass
        stopped.wait(0.02)
    return False


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = pick a free port")
    p.add_argument("--port-file", help="write the port number here once listening")
    p.add_argument("--pid-file", help="write the process id here")
    p.add_argument("--out", help="accepted events, JSON Lines, in order")
    p.add_argument("--log", help="one JSON line per POST /events")
    p.add_argument("--log-ids", action="store_true",
                   help="with --log: each request's event ids ('ids')")
    p.add_argument("--api-key", action="append", default=[],
                   help="require this key (repeatable): 401 otherwise")
    p.add_argument("--canonical", action="store_true",
                   help="also require lowercase hyphenated UUIDs and ...Z timestamps")
    p.add_argument("--fail-first", type=int, default=0, metavar="N")
    p.add_argument("--fail-status", type=int, default=500, metavar="S")
    p.add_argument("--status-sequence", default="", metavar="S1,S2,...",
                   help="status for request i (200 = handle normally)")
    p.add_argument("--retry-after", metavar="V",
                   help="Retry-After on injected fault statuses: seconds, or date+N")
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--close-midway", type=int, default=0, metavar="N",
                   help="close the first N connections without answering")
    p.add_argument("--partial", action="store_true",
                   help="answer 206 to every second batch and drop its tail")
    p.add_argument("--queue-full", type=int, default=0, metavar="N",
                   help="answer the first N batches 206 with none ingested")
    p.add_argument("--max-requests", type=int, default=0, metavar="N",
                   help="stop after N POST /events requests")
    p.add_argument("--max-seconds", type=float, default=300.0, metavar="S")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--no-listen", action="store_true",
                      help="bind the port but never listen: connections are refused")
    mode.add_argument("--no-accept", action="store_true",
                      help="listen but never accept: connections hang")
    mode.add_argument("--reset", action="store_true",
                      help="accept connections and reset each at once (counted)")
    mode.add_argument("--listen-after", metavar="FILE",
                      help="refuse connections until FILE exists, then serve")
    p.add_argument("--listen-after-text", metavar="TEXT",
                   help="with --listen-after: wait until FILE contains TEXT")
    p.add_argument("--wait-for", metavar="PORT_FILE",
                   help="do not serve: wait for a port file and print the port")
    p.add_argument("--timeout", type=float, default=10.0)
    args = p.parse_args(argv)
    if args.listen_after_text is not None and not args.listen_after:
        p.error("--listen-after-text needs --listen-after")
    if args.max_seconds <= 0:
        p.error("--max-seconds must be > 0: the collector always stops by itself")
    return args


def main(argv):
    args = parse_args(argv)
    if args.wait_for:
        return wait_for_port(args.wait_for, args.timeout)

    collector = Collector(args)
    Handler.collector = collector
    server = http.server.ThreadingHTTPServer((args.host, args.port), Handler,
                                             bind_and_activate=False)
    server.daemon_threads = True
    server.request_queue_size = 64
    # Port 0: no SO_REUSEADDR, so that nothing else can bind our port while
    # it is bound but not listening (--no-listen, --listen-after).
    server.allow_reuse_address = args.port != 0
    try:
        server.server_bind()
    except BaseException:
        server.server_close()
        raise
    stopped = threading.Event()

    def stop(reason):
        if collector.stop_reason is None:
            collector.stop_reason = reason
        stopped.set()
        # Before serve_forever() this makes it return at once.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, lambda *_: stop("SIGTERM"))
    signal.signal(signal.SIGINT, lambda *_: stop("SIGINT"))
    timer = threading.Timer(args.max_seconds, stop, ["max-seconds"])
    timer.daemon = True
    timer.start()

    port = server.server_address[1]
    listening = not (args.no_listen or args.listen_after)
    if listening:
        server.server_activate()
    if args.pid_file:
        write_atomically(args.pid_file, "%d\n" % os.getpid())
    if args.port_file:
        write_atomically(args.port_file, "%d\n" % port)
    if listening:
        print("collector: listening on %s:%d%s" % (
            args.host, port, " (never accepting)" if args.no_accept else ""), flush=True)
    else:
        print("collector: bound to %s:%d, refusing connections" % (args.host, port),
              flush=True)
    try:
        if args.listen_after and wait_for_file(args.listen_after,
                                               args.listen_after_text, stopped):
            server.server_activate()
            listening = True
            print("collector: listening on %s:%d" % (args.host, port), flush=True)
        if listening and args.reset:
            reset_loop(server, collector, stopped)
        elif listening and not args.no_accept:
            server.serve_forever(poll_interval=0.05)
        else:
            while not stopped.wait(0.5):
                pass
    finally:
        timer.cancel()
        server.server_close()
        # A handler may be holding the lock through a long --delay-ms:
        # stopping does not wait for it (its thread is a daemon).
        locked = collector.lock.acquire(timeout=2)
        try:
            stats = json.dumps(collector.stats, sort_keys=True)
            collector.close()
        finally:
            if locked:
                collector.lock.release()
    print("collector: stopped (%s) %s" % (collector.stop_reason, stats), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
