#!/usr/bin/env python3
"""slowloris.py - slow clients must not take the banking demo offline.

  slowloris.py --demo BINARY --demo-inputs DIR [--slow N] [--rounds R]

Starts the demo (test/demo/Inputs/demo.py), opens N connections from
127.0.0.2 that send a request's headers one byte at a time and never finish
them, and in each of R rounds sends every one of them one more byte, then
makes one normal request (GET /balances) from 127.0.0.1.  No sleeps: the
slow clients are as slow as the test's rounds.  Prints:
  normal: <ok> of <R> ok
  slow: <N> opened
  exit code: <code>    (SIGTERM with the slow connections still open)
"""
import argparse
import os
import socket
import sys

HEADERS = (b"GET /balances HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           b"X-Slow: " + b"a" * 200)     # never ends: no blank line


def open_slow(port, n):
    socks = []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.2", 0))
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", port))
        except OSError:
            s.close()
            continue
        socks.append(s)
    return socks


def send_byte(socks, i):
    """One more byte on every slow connection still open."""
    alive = []
    for s in socks:
        try:
            s.send(HEADERS[i:i + 1])
            alive.append(s)
        except OSError:      # the server closed it (over the per-address limit)
            s.close()
    return alive


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", required=True)
    ap.add_argument("--demo-inputs", required=True)
    ap.add_argument("--slow", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=20)
    a = ap.parse_args()
    sys.path.insert(0, a.demo_inputs)
    import demo as demo_mod

    env = {"RACEWAY_SEND": "none"}
    with demo_mod.Demo(a.demo, env=env) as d:
        port = int(d.base.rsplit(":", 1)[1])
        socks = open_slow(port, a.slow)
        print("slow: %d opened" % len(socks))
        ok = 0
        for r in range(a.rounds):
            socks = send_byte(socks, r)
            try:
                status, body = d.request("GET", "/balances")
            except OSError as e:
                status, body = None, str(e)
            ok += status == 200 and isinstance(body, dict)
        print("normal: %d of %d ok" % (ok, a.rounds))
        code = d.stop()
        print("exit code: %d" % code)
        for s in socks:
            s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
