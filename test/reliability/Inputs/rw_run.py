#!/usr/bin/env python3
"""rw_run.py - run an instrumented program and check the runtime's
reliability promises from the outside.

  rw_run.py [--timeout S] [--max-rss-mb M] [--stored FILE]
            [--processes N] -- PROGRAM ARGS...

Runs PROGRAM (environment inherited), echoes its stdout and stderr, then
prints one verdict line per check, for FileCheck:
  EXIT <code or signal name> | EXIT hung: killed after S s
      --timeout (default 120) is a guard against hangs only, never a
      measure of speed: nothing here checks how long anything took
      (speed belongs in bench/);
  ACCOUNT ok produced=N | ACCOUNT missing | ACCOUNT mismatch <line>
      the runtime's exit line "raceway: N events: D delivered, X dropped
      (buffer full: F, rejected: R, undeliverable: U)[, L filtered]" is
      printed once per process (--processes, default 1) and each has
      D + X + L == N and F + R + U == X, exactly (N, D, X below are the
      sums; L, RACEWAY_SEND=races only, is 0 when absent);
  LOST yes | LOST none  whether anything was dropped;
  STORED ok | STORED mismatch stored=S delivered=D
      the collector's --out file holds exactly the delivered events;
  RSS ok|over peak=<MiB>  whether the program's peak RSS is below M MiB.
The program's own stdout/stderr come first, unchanged.
"""

import argparse
import re
import resource
import signal
import subprocess
import sys

ACCOUNT = re.compile(
    r"raceway: (\d+) events: (\d+) delivered, (\d+) dropped "
    r"\(buffer full: (\d+), rejected: (\d+), undeliverable: (\d+)\)"
    r"(?:, (\d+) filtered)?")


def exit_text(code):
    if code < 0:
        return signal.Signals(-code).name
    return str(code)


def check_account(text, processes):
    """The runtime's exit lines: (verdict, delivered, dropped), summed."""
    lines = ACCOUNT.findall(text)
    if not lines:
        return "ACCOUNT missing", None, None
    if len(lines) != processes:
        return "ACCOUNT printed %d times" % len(lines), None, None
    total = [0, 0, 0]
    for line in lines:
        n, delivered, dropped, full, rejected, undeliverable, filtered = (
            int(x or 0) for x in line)
        if (delivered + dropped + filtered != n
                or full + rejected + undeliverable != dropped):
            return "ACCOUNT mismatch %s" % (line,), None, None
        total = [total[0] + n, total[1] + delivered, total[2] + dropped]
    return "ACCOUNT ok produced=%d" % total[0], total[1], total[2]


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for line in f if line.strip())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--max-rss-mb", type=float, default=0)
    p.add_argument("--stored")
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--processes", type=int, default=1)
    p.add_argument("cmd", nargs=argparse.REMAINDER)
    a = p.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=a.timeout)
    except subprocess.TimeoutExpired as e:
        sys.stdout.write((e.stdout or b"").decode("utf-8", "replace"))
        print("EXIT hung: killed after %gs" % a.timeout)
        return 0
    out = r.stdout.decode("utf-8", "replace")
    err = r.stderr.decode("utf-8", "replace")
    sys.stdout.write(out)
    sys.stdout.write(err)
    print("EXIT %s" % exit_text(r.returncode))
    verdict, delivered, dropped = check_account(out + err, a.processes)
    print(verdict)
    if dropped is not None:
        print("LOST yes" if dropped else "LOST none")
    if a.stored and delivered is not None:
        stored = count_lines(a.stored)
        print("STORED ok" if stored == delivered
              else "STORED mismatch stored=%d delivered=%d" % (stored, delivered))
    if a.max_rss_mb:
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
        print("RSS %s peak=%.0fMiB" % ("ok" if rss_mb < a.max_rss_mb else "over", rss_mb))
    return 0


if __name__ == "__main__":
    sys.exit(main())
