"""Trace propagation through the banking demo.

Incoming: each request is its own trace, taken from its traceparent or
raceway-clock header (the clock wins), or new when there is none or the
headers are hostile.  Outgoing: --notify POSTs carry the request's trace in
a child span.  Facts are printed as words ("from-clock", "new", ...) that
propagation.test checks."""
import argparse
import base64
import json
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

sys.path.insert(0, os.path.dirname(__file__))
from demo import Demo, fail, read_events

SERVICE = "banking-test"
INSTANCE = "inst-1"
OWN = SERVICE + "#" + INSTANCE
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                     r"[0-9a-f]{12}$")
SPAN_RE = re.compile(r"^[0-9a-f]{16}$")

TP_TRACE = "0af7651916cd43dd8448eb211c80319c"
TP_SPAN = "b7ad6b7169203331"
CLOCK = {"trace_id": "3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c",
         "span_id": "a1b2c3d4e5f60718", "parent_span_id": "0f1e2d3c4b5a6978",
         "service": "gateway", "instance": "gw-1",
         "clock": [["gateway#gw-1", 3]]}


def b64(obj):
    raw = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def hyphenate(h):
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def clock_header(obj):
    return "v1;" + b64(obj)


def decode_clock(value):
    if not value or not value.startswith("v1;"):
        return None
    data = value[3:]
    return json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


# Hostile or malformed headers: each must give a new trace and no crash.
HOSTILE = [
    ("traceparent garbage", {"traceparent": "garbage"}),
    ("traceparent bad hex", {"traceparent": "00-%s-%s-01" % ("z" * 32, "y" * 16)}),
    ("traceparent 5 parts", {"traceparent": "00-%s-%s-01-00" % (TP_TRACE, TP_SPAN)}),
    ("traceparent short id", {"traceparent": "00-%s-%s-01" % (TP_TRACE[:30], TP_SPAN)}),
    ("traceparent 8 KiB", {"traceparent": "00-" + "a" * 8192}),
    ("clock not base64", {"raceway-clock": "v1;!!!!%%%%"}),
    ("clock v2", {"raceway-clock": "v2;" + b64(CLOCK)}),
    ("clock not json", {"raceway-clock": "v1;" + b64(b"\xff\xfe not json")}),
    ("clock json array", {"raceway-clock": "v1;" + b64([1, 2, 3])}),
    ("clock bad trace id", {"raceway-clock": clock_header(
        dict(CLOCK, trace_id="not-a-uuid"))}),
    ("clock deep nesting", {"raceway-clock": "v1;" + b64(
        b'{"trace_id":' + b"[" * 5000 + b"]" * 5000 + b"}")}),
]


class Receiver(BaseHTTPRequestHandler):
    """The downstream service of --notify: records the headers it got."""
    calls = []

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        Receiver.calls.append((dict(self.headers.items()), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def header(headers, name):
    for k, v in headers.items():
        if k.lower() == name:
            return v
    return None


class Events:
    """The run's events, grouped into requests by the HttpRequest that
    starts each trace."""

    def __init__(self, path):
        self.events = read_events(path)
        self.by_trace = {}
        for e in self.events:
            self.by_trace.setdefault(e["trace_id"], []).append(e)

    def request(self, method, url):
        """The events of the one request `method url`."""
        hits = [e for e in self.events
                if e["kind"].get("HttpRequest", {}).get("url") == url
                and e["kind"]["HttpRequest"].get("method") == method]
        if len(hits) != 1:
            fail("%d HttpRequest events for %s %s" % (len(hits), method, url))
        return self.by_trace[hits[0]["trace_id"]]


def meta(evs, key):
    """The value of metadata[key] shared by all events, or 'mixed'."""
    vals = {evs_i["metadata"].get(key) for evs_i in evs}
    return vals.pop() if len(vals) == 1 else "mixed"


def classify_trace(tid, known, others):
    for name, value in known.items():
        if tid == value:
            return name
    if UUID_RE.match(tid) and tid not in others:
        return "new"
    return "unexpected " + tid


def classify_span(span, known):
    if span is None:
        return "none"
    for name, value in known.items():
        if span == value:
            return name
    return "fresh" if SPAN_RE.match(span) else "unexpected " + str(span)


def thread_clock(evs):
    """The serving thread's own component in each event's causality vector
    (the runtime's vector clocks are per thread, named by thread_id)."""
    tid = evs[0]["metadata"]["thread_id"]
    return [dict((c, v) for c, v in e["causality_vector"]).get(tid, 0)
            for e in evs if e["metadata"]["thread_id"] == tid]


def describe(name, evs, known, other_traces):
    kinds = [next(iter(e["kind"])) for e in evs]
    print("%s: trace=%s span=%s upstream=%s first=%s last=%s" % (
        name, classify_trace(evs[0]["trace_id"], known, other_traces),
        classify_span(meta(evs, "distributed_span_id"), known),
        classify_span(meta(evs, "upstream_span_id"), known),
        kinds[0], kinds[-1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", required=True)
    ap.add_argument("--events", required=True)
    args = ap.parse_args()

    receiver = HTTPServer(("127.0.0.1", 0), Receiver)
    rt = threading.Thread(target=receiver.serve_forever, daemon=True)
    rt.start()
    notify = "http://127.0.0.1:%d/notify" % receiver.server_address[1]
    env = {"RACEWAY_OUTPUT": args.events, "RACEWAY_SERVICE_NAME": SERVICE,
           "RACEWAY_INSTANCE_ID": INSTANCE}
    try:
        with Demo(args.demo, args=["--notify", notify], env=env) as demo:
            plain = demo.request("GET", "/balances")[0]
            w3c = demo.request("GET", "/races", headers={
                "traceparent": "00-%s-%s-01" % (TP_TRACE, TP_SPAN)})[0]
            # Both headers, different traces: raceway-clock wins.
            clocked = demo.request(
                "POST", "/deposit", {"account": "bob", "amount": 5}, headers={
                    "traceparent": "00-%s-%s-01" % (TP_TRACE, TP_SPAN),
                    "raceway-clock": clock_header(CLOCK)})[0]
            print("statuses: %d %d %d" % (plain, w3c, clocked))
            for i, (name, hdrs) in enumerate(HOSTILE):
                status = demo.request("GET", "/hostile/%d" % i, headers=hdrs)[0]
                if status != 404:
                    print("hostile %s: status %d" % (name, status))
            print("health after hostile headers: %d" %
                  demo.request("GET", "/health")[0])
            print("exit code: %d" % demo.stop())
    finally:
        receiver.shutdown()

    ev = Events(args.events)
    known = {"from-traceparent": hyphenate(TP_TRACE),
             "from-clock": CLOCK["trace_id"],
             "traceparent-span": TP_SPAN, "clock-span": CLOCK["span_id"],
             "clock-parent-span": CLOCK["parent_span_id"]}
    requests = {"no headers": ev.request("GET", "/balances"),
                "traceparent": ev.request("GET", "/races"),
                "raceway-clock": ev.request("POST", "/deposit")}
    for i, (name, _) in enumerate(HOSTILE):
        requests["hostile " + name] = ev.request("GET", "/hostile/%d" % i)
    traces = [evs[0]["trace_id"] for evs in requests.values()]
    for name, evs in requests.items():
        others = set(traces) - {evs[0]["trace_id"]}
        describe(name, evs, known, others)
    print("distinct traces: %d of %d requests" % (len(set(traces)), len(traces)))

    # Each event's clock has the serving thread's component, counting up
    # along the request (the incoming clock travels on in the notify call).
    own = thread_clock(requests["raceway-clock"])
    print("clock: thread component present=%s advancing=%s" % (
        all(v > 0 for v in own), own == sorted(own) and own[-1] > own[0]))

    # The outgoing call made while serving POST /deposit.
    dep = requests["raceway-clock"]
    span = meta(dep, "distributed_span_id")
    if len(Receiver.calls) != 1:
        fail("%d notify calls" % len(Receiver.calls))
    hdrs, body = Receiver.calls[0]
    tp = header(hdrs, "traceparent") or ""
    m = re.match(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-01$", tp)
    if not m:
        fail("notify traceparent: %r" % tp)
    child = m.group(2)
    known_out = {"request-trace": dep[0]["trace_id"], "request-span": span,
                 "child-span": child}
    print("notify body: %s" % json.loads(body))
    print("notify traceparent: trace=%s span=%s" % (
        classify_trace(hyphenate(m.group(1)), known_out, set()),
        "child-span" if child != span else "request-span"))
    clk = decode_clock(header(hdrs, "raceway-clock"))
    comps = dict((c, v) for c, v in clk.get("clock", []))
    print("notify raceway-clock: trace=%s span=%s parent=%s service=%s "
          "gateway#gw-1=%s own>0=%s" % (
              classify_trace(clk.get("trace_id"), known_out, set()),
              classify_span(clk.get("span_id"), known_out),
              classify_span(clk.get("parent_span_id"), known_out),
              clk.get("service"), comps.get("gateway#gw-1"),
              comps.get(OWN, 0) > 0))


if __name__ == "__main__":
    main()
