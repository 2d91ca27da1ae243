#!/usr/bin/env python3
"""overload_check.py - a burst of events into the real server's bounded
queue (10,000 events, drained at about 1,000 a second: wire spec 1.7).

  overload_check.py --srcroot DIR --work DIR --emit BINARY --events N

Runs `BINARY N 60000` (test/transport/Inputs/emit.c: N events, then a
flush) against a private server, and prints, for FileCheck:
  overload: the server's queue overflowed: yes|NO   (a 206 was answered)
  overload: every event accounted: yes|NO ...      (the exit line adds up)
  overload: server stored what was delivered: yes|NO (S of D)
The last is the point: a 206 says how many events the server's queue
dropped, and the runtime must not count those as delivered.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import raceway_server  # noqa: E402

RUN_TIMEOUT = 300


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--srcroot", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--emit", required=True)
    ap.add_argument("--events", type=int, required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    sdir = raceway_server.find_server(a.srcroot)
    if not sdir:
        print("unsupported: no raceway-server")
        return 0
    with raceway_server.Server(sdir, a.work) as srv:
        # The whole burst fits the ring (RACEWAY_MAX_BUFFERED), so every
        # event goes to the server; the exit flush may take as long as the
        # server needs to drain its queue.
        env = dict(os.environ, RACEWAY_ENDPOINT=srv.base, RACEWAY_DEBUG="1",
                   RACEWAY_MAX_BUFFERED="32768", RACEWAY_SHUTDOWN_TIMEOUT_MS="120000")
        p = subprocess.run([a.emit, str(a.events), "120000"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=RUN_TIMEOUT)
        err = p.stderr.decode(errors="replace")
        with open(os.path.join(a.work, "emit.stderr"), "w") as f:
            f.write(err)
        print("overload: the server's queue overflowed: %s" %
              ("yes" if "the server's queue was full" in err else "NO"))
        counts = raceway_server.exit_counts(err)
        if counts is None:
            print("overload: FAIL no exit accounting line")
            return 1
        produced, delivered, dropped, _rejected = counts
        ok = produced == a.events and delivered + dropped == produced
        print("overload: every event accounted: %s" % (
            "yes" if ok else "NO (%d produced, %d delivered, %d dropped)" %
            (produced, delivered, dropped)))
        seen = srv.wait_events(delivered, timeout=120)
        print("overload: server stored what was delivered: %s" % (
            "yes" if seen == delivered else "NO (%d of %d)" % (seen, delivered)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
