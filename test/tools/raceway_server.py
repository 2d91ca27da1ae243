"""raceway_server.py - run the real Raceway server for a test.

The server binaries (raceway-server, raceway-analyze, raceway.toml) live in
../shared/raceway-server beside the repository (find_server).  Server
starts a private in-memory server on a free loopback port and always stops
it (a context manager; the kernel kills it too if the test driver dies).

The server takes its port from its config file and cannot bind port 0, so
Server picks a port, writes a copy of raceway.toml with it, starts the
server and, if the port turns out to be taken (the server exits with
"Address already in use"), tries another: never "pick, then bind later"
without a retry.  Every wait is bounded; nothing sleeps in place of a
condition (polls are bounded loops).

Python standard library only.
"""
import ctypes
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

START_TIMEOUT = 30      # seconds for the server to answer /status
STOP_TIMEOUT = 10
PORT_TRIES = 12
POLL = 0.05

_PR_SET_PDEATHSIG = 1


def find_server(repo_root):
    """The directory holding raceway-server, or None: ../shared/raceway-server
    next to the repository root (RACEWAY_SERVER_DIR overrides)."""
    d = os.environ.get("RACEWAY_SERVER_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(repo_root)), "shared", "raceway-server")
    ok = all(os.path.isfile(os.path.join(d, f))
             for f in ("raceway-server", "raceway.toml"))
    return d if ok and os.access(os.path.join(d, "raceway-server"), os.X_OK) else None


def _die_with_parent():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _port_free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


class ServerError(Exception):
    pass


class Server:
    """with Server(server_dir, workdir) as srv: srv.base, srv.get(path)..."""

    def __init__(self, server_dir, workdir):
        self.dir = server_dir
        self.work = workdir
        self.proc = None
        self.base = None
        self.port = None
        self.log_path = os.path.join(workdir, "raceway-server.log")

    # ---- start / stop ----

    def _config(self, port):
        with open(os.path.join(self.dir, "raceway.toml")) as f:
            text = f.read()
        text, n = re.subn(r"(?m)^port\s*=\s*\d+", "port = %d" % port, text)
        if n != 1:
            raise ServerError("raceway.toml: no single 'port =' line")
        text = re.sub(r'(?m)^host\s*=.*$', 'host = "127.0.0.1"', text)
        path = os.path.join(self.work, "raceway-%d.toml" % port)
        with open(path, "w") as f:
            f.write(text)
        return path

    def _try(self, port):
        """Start on port; True when it serves, False when the port was
        taken (the server exited), raises on anything else."""
        cfg = self._config(port)
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [os.path.join(self.dir, "raceway-server"), "--config", cfg, "serve"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=self.work, preexec_fn=_die_with_parent)
        log.close()
        base = "http://127.0.0.1:%d" % port
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                text = self.log_text()
                self.proc = None
                if "Address already in use" in text or "os error 98" in text:
                    return False
                raise ServerError("raceway-server exited: %s" % text[-400:])
            # Our banner names the port only after our bind succeeded, and
            # /status must answer while our process is alive.
            if ("Server Started" in self.log_text() and
                    self._status_ok(base) and self.proc.poll() is None):
                self.base, self.port = base, port
                return True
            time.sleep(POLL)
        self.stop()
        raise ServerError("raceway-server did not answer within %ds" % START_TIMEOUT)

    def _status_ok(self, base):
        try:
            with urllib.request.urlopen(base + "/status", timeout=2) as r:
                return r.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def start(self):
        rng = random.Random(os.getpid() ^ int(time.time() * 1000))
        for _ in range(PORT_TRIES):
            port = rng.randrange(20000, 60000)
            if not _port_free(port):
                continue
            if self._try(port):
                return self
        raise ServerError("no free port after %d tries" % PORT_TRIES)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def log_text(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    # ---- HTTP ----

    def request(self, method, path, body=None, timeout=60):
        """(status, parsed JSON or text)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                status, text = r.status, r.read().decode(errors="replace")
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as e:
            return None, "%s: %s" % (type(e).__name__, e)
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def get(self, path, timeout=120):
        return self.request("GET", path, timeout=timeout)

    def events_captured(self):
        status, body = self.get("/status", timeout=10)
        if status != 200 or not isinstance(body, dict):
            raise ServerError("/status: %s %r" % (status, body))
        return body["data"]["events_captured"]

    def wait_events(self, n, timeout=60):
        """Poll /status until the server stored n events (its engine drains
        its queue about 100 events per 100 ms); returns the count seen."""
        deadline = time.monotonic() + timeout
        seen = self.events_captured()
        while seen < n and time.monotonic() < deadline:
            time.sleep(POLL * 4)
            seen = self.events_captured()
        return seen


EXIT_LINE = re.compile(r"raceway: (\d+) events: (\d+) delivered, (\d+) dropped "
                       r"\(buffer full: (\d+), rejected: (\d+), undeliverable: (\d+)\)")


def exit_counts(stderr_text):
    """(produced, delivered, dropped, rejected) from the runtime's exit line
    (printed with RACEWAY_DEBUG=1), or None."""
    m = EXIT_LINE.findall(stderr_text)
    if len(m) != 1:
        return None
    produced, delivered, dropped, _full, rejected, _und = map(int, m[0])
    return produced, delivered, dropped, rejected
