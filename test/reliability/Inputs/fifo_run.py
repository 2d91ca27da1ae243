#!/usr/bin/env python3
"""fifo_run.py - RACEWAY_OUTPUT pointing at a FIFO.

  fifo_run.py --fifo PATH --mode stalled|noreader|term [--timeout S] -- PROGRAM ARGS...

Creates the FIFO, runs PROGRAM with RACEWAY_OUTPUT=PATH (the rest of the
environment inherited), echoes its stderr, and prints verdict lines:

  stalled   a reader has the FIFO open but reads nothing until the
            program has exited (the pipe fills, the exit deadline cuts the
            flush short); then it reads everything:
              EXIT <code>
              LINES whole=<n> partial=<0|1> bad=<k>   (every line JSON)
              DELIVERED <d from the exit line>
              MATCH yes|no                            (n == d)
  noreader  nobody ever opens it for reading:  EXIT <code>
  term      nobody reads; PROGRAM prints "ready" and waits for a signal;
            the driver sends SIGTERM once it has read "ready":
              READY yes|no
              EXIT <code or signal name>

--timeout (default 60) only turns a hang into "EXIT hung": nothing is
timed.  No sleeps: the order of events is what the driver waits for.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys

ACCOUNT = re.compile(r"raceway: (\d+) events: (\d+) delivered, (\d+) dropped")


def exit_text(code):
    return signal.Signals(-code).name if code < 0 else str(code)


def read_all(fd):
    chunks = []
    while True:
        try:
            b = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not b:
            break
        chunks.append(b)
    return b"".join(chunks)


def stalled(cmd, env, fifo, timeout):
    # Open the read end first (non-blocking: no writer yet), read nothing.
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        r = subprocess.run(cmd, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        print("EXIT hung: killed after %gs" % timeout)
        return
    data = read_all(fd)
    os.close(fd)
    err = r.stderr.decode("utf-8", "replace")
    sys.stdout.write(err)
    print("EXIT %s" % exit_text(r.returncode))
    lines = data.split(b"\n")
    partial = 1 if lines and lines[-1] else 0
    whole = lines[:-1]
    bad = 0
    for line in whole:
        try:
            json.loads(line)
        except ValueError:
            bad += 1
    print("LINES whole=%d partial=%d bad=%d" % (len(whole), partial, bad))
    m = ACCOUNT.search(err)
    delivered = int(m.group(2)) if m else -1
    print("DELIVERED %d" % delivered)
    print("MATCH %s" % ("yes" if delivered == len(whole) else "no"))


def noreader(cmd, env, timeout):
    try:
        r = subprocess.run(cmd, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        print("EXIT hung: killed after %gs" % timeout)
        return
    sys.stdout.write(r.stdout.decode("utf-8", "replace"))
    sys.stdout.write(r.stderr.decode("utf-8", "replace"))
    print("EXIT %s" % exit_text(r.returncode))


def term(cmd, env, timeout):
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    # A reader thread is not needed: "ready" is the first line on stdout.
    # A program stuck before printing it is caught by the timer below.
    import threading
    killer = threading.Timer(timeout, p.kill)
    killer.start()
    line = p.stdout.readline().decode("utf-8", "replace").strip()
    ready = line == "ready"
    print("READY %s" % ("yes" if ready else "no"))
    if ready:
        p.send_signal(signal.SIGTERM)
    out, err = p.communicate()
    killer.cancel()
    sys.stdout.write(err.decode("utf-8", "replace"))
    print("EXIT %s" % exit_text(p.returncode))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fifo", required=True)
    ap.add_argument("--mode", choices=["stalled", "noreader", "term"], required=True)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if os.path.exists(a.fifo):
        os.unlink(a.fifo)
    os.mkfifo(a.fifo)
    env = dict(os.environ)
    env["RACEWAY_OUTPUT"] = a.fifo
    if a.mode == "stalled":
        stalled(cmd, env, a.fifo, a.timeout)
    elif a.mode == "noreader":
        noreader(cmd, env, a.timeout)
    else:
        term(cmd, env, a.timeout)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
