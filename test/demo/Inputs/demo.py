"""Run the banking demo for a test: start it on a free port, talk HTTP to it,
stop it with a signal, and never leave it running.

Used by the drivers beside this file; each prints facts that the .test file
checks with FileCheck.
"""
import ctypes
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

START_TIMEOUT = 20      # seconds until "listening on ..." is printed
STOP_TIMEOUT = 20       # seconds for a clean exit after SIGINT/SIGTERM
HTTP_TIMEOUT = 10

_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    # If the driver is killed (lit timeout), the kernel stops the demo too.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def fail(msg):
    print("FAIL: " + msg)
    sys.stdout.flush()
    raise SystemExit(1)


class Demo:
    """The demo process.  Use as a context manager: it is always stopped."""

    def __init__(self, binary, args=(), env=None, stderr_path=None):
        self.binary = binary
        self.args = list(args)
        self.env = dict(os.environ)
        self.env.update(env or {})
        self.stderr_path = stderr_path or os.devnull
        self.proc = None
        self.base = None
        self.exit_code = None

    def __enter__(self):
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            [self.binary, "--port", "0"] + self.args, env=self.env,
            stdout=subprocess.PIPE, stderr=self._stderr,
            preexec_fn=_die_with_parent)
        self.base = self._read_address()
        return self

    def _read_address(self):
        found = []

        def reader():
            line = self.proc.stdout.readline().decode(errors="replace")
            found.append(line)

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        t.join(START_TIMEOUT)
        line = found[0] if found else ""
        m = re.match(r"listening on (http://127\.0\.0\.1:\d+)$", line.strip())
        if not m:
            self.kill()
            fail("demo did not start: %r" % line)
        return m.group(1)

    def stop(self, sig=signal.SIGTERM):
        """Signal the demo and wait for it; returns its exit code."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.kill()
                fail("demo did not exit within %ds of %s" %
                     (STOP_TIMEOUT, signal.Signals(sig).name))
        self.exit_code = self.proc.returncode
        return self.exit_code

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __exit__(self, *exc):
        self.kill()
        self.proc.stdout.close()
        self._stderr.close()
        return False

    def request(self, method, path, body=None, headers=None, raw=None):
        """(status, parsed JSON or text) of one request.  body: a value sent
        as JSON; raw: bytes sent as they are."""
        data = raw if raw is not None else (
            None if body is None else json.dumps(body).encode())
        req = urllib.request.Request(self.base + path, data=data,
                                     method=method, headers=headers or {})
        if data is not None and "Content-Type" not in (headers or {}):
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as res:
                status, text = res.status, res.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def concurrently(self, calls):
        """Run request(*call) for every call at the same instant (a barrier
        releases them together); returns the results in order."""
        barrier = threading.Barrier(len(calls))
        results = [None] * len(calls)

        def run(i, call):
            barrier.wait()
            try:
                results[i] = self.request(*call)
            except Exception as e:  # reported by the caller's checks
                results[i] = (None, str(e))

        threads = [threading.Thread(target=run, args=(i, c))
                   for i, c in enumerate(calls)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(HTTP_TIMEOUT * 2)
        return results


    def race_rounds(self, calls, variable, rounds=5):
        """concurrently(calls) until the demo's /races lists variable, as
        the page's race button does: the worker pool may hand every request
        to one thread, where nothing races.  Stops early when a request
        fails; returns the last round's results."""
        for _ in range(rounds):
            results = self.concurrently(calls)
            if any(s != 200 for s, _ in results):
                return results
            status, report = self.request("GET", "/races")
            if status == 200 and any(r.get("variable") == variable
                                     for r in report.get("races", [])):
                return results
        return results

def source_lines(path, labels):
    """{label: line number} for labels {label: exact code text} in path."""
    with open(path) as f:
        lines = f.read().split("\n")
    found = {}
    for label, code in labels.items():
        hits = [i + 1 for i, l in enumerate(lines) if code in l]
        if len(hits) != 1:
            fail("%s: %r found %d times (update the test)" %
                 (path, code, len(hits)))
        found[label] = hits[0]
    return found


def label_locations(text, filename, lines):
    """Replace "<anything>/<filename>:<line>[:col]" in text by
    "<filename>:<label>" for the known lines, so checks do not depend on
    line numbers or paths."""
    by_line = {n: l for l, n in lines.items()}

    def sub(m):
        n = int(m.group(1))
        return "%s:%s" % (filename, by_line.get(n, "line%d" % n))

    return re.sub(r"\S*%s:(\d+)(?::\d+)?" % re.escape(filename), sub, text)


def read_events(path):
    """Events from a RACEWAY_OUTPUT JSON Lines file (one event or one
    {"events":[...]} batch per line)."""
    events = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                fail("%s:%d: not JSON: %r" % (path, n, line[:80]))
            events.extend(obj["events"] if "events" in obj else [obj])
    return events
